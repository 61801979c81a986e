"""The civilian harm summary PDF, read back with poppler (pdftotext, pdftoppm) as a reader
and a printer would see it: Arabic shaped and in reading order with its tables set from
the right, English the same report in English, every figure a range, the synthetic banner
on every page, an empty period saying so. No database: the renderer is a pure function."""

from __future__ import annotations

import dataclasses
import re
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy
import pytest
from PIL import Image
from tests.pdftext import (
    glyphs_per_character,
    lines_of,
    page_count,
    pages_of,
    render_pages,
    require_poppler,
    squash,
    text_of,
)

from opsroom.casualties import report
from opsroom.casualties.report import render_harm_report
from opsroom.casualties.reportdata import (
    DistrictRow,
    HarmReportData,
    MapDistrict,
    MapEvent,
    OutageDay,
    Range,
    StateRow,
    WeekRow,
)


@pytest.fixture(scope="module", autouse=True)
def poppler() -> None:
    require_poppler()


def _square(lon: float, lat: float, size: float = 0.02) -> tuple[tuple[float, float], ...]:
    return ((lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size),
            (lon, lat))


NONE = Range(0, 0, 0)


def _state(state: str, ar: str, en: str, events: int, killed: Range,
           injured: Range = NONE, missing: Range = NONE) -> StateRow:
    return StateRow(state, ar, en, events, events * 2, killed, injured, missing)

DATA = HarmReportData(
    city_ar="بنغازي", city_en="Benghazi",
    period_from=date(2026, 10, 1), period_to=date(2026, 10, 31),
    generated_at=datetime(2026, 11, 2, 9, 30, tzinfo=ZoneInfo("Africa/Tripoli")),
    generated_by="analyst1",
    counted_states=("corroborated", "verified"),
    states=(
        _state("unverified", "غير متحقق منه", "Unverified", 2, Range(0, 3, 1)),
        _state("corroborated", "مؤيد بمصدرين", "Corroborated", 2, Range(2, 5, 3),
               Range(3, 7, 4), Range(0, 1, 1)),
        _state("verified", "متحقق منه", "Verified", 1, Range(2, 4, 3), Range(5, 8, 6)),
        _state("rejected", "مرفوض", "Rejected", 1, NONE),
    ),
    total=StateRow("total", "المجموع", "Total", 3, 11, Range(4, 9, 6), Range(8, 15, 10),
                   Range(0, 1, 1)),
    districts=(
        DistrictRow("D1", "الصابري", "Al-Sabri", 2, Range(3, 7, 5), Range(6, 12, 8)),
        DistrictRow("D2", "السلماني", "Al-Salmani", 1, Range(1, 2, 1), Range(2, 3, 2)),
    ),
    weeks=(
        WeekRow("2026-W41", date(2026, 10, 5), 2, Range(3, 7, 5), Range(6, 12, 8)),
        WeekRow("2026-W42", date(2026, 10, 12), 1, Range(1, 2, 1), Range(2, 3, 2)),
    ),
    map_districts=(
        MapDistrict("D1", "الصابري", "Al-Sabri", (_square(20.06, 32.11),), 5),
        MapDistrict("D2", "السلماني", "Al-Salmani", (_square(20.08, 32.11),), 1),
    ),
    map_events=(
        MapEvent(32.118, 20.068, 1, "verified", 3, 6),
        MapEvent(32.124, 20.074, 2, "corroborated", 2, 2),
        MapEvent(32.12, 20.09, 3, "corroborated", 1, 2),  # the district's centre
    ),
    outages=(
        OutageDay("D1", "الصابري", "Al-Sabri", date(2026, 10, 7), 24356, 0.62),
        OutageDay("D2", "السلماني", "Al-Salmani", date(2026, 10, 7), None, 0.175),
        OutageDay("D2", "السلماني", "Al-Salmani", date(2026, 10, 9), 18000, 0.0),
    ),
    sources=7,
    synthetic=True,
)

EMPTY = dataclasses.replace(
    DATA,
    states=tuple(dataclasses.replace(row, events=0, victims=0, killed=NONE, injured=NONE,
                                     missing=NONE) for row in DATA.states),
    total=StateRow("total", "المجموع", "Total", 0, 0, NONE, NONE, NONE),
    districts=(), weeks=(), map_events=(), outages=(), sources=0, synthetic=False,
    map_districts=tuple(dataclasses.replace(d, killed_best=0) for d in DATA.map_districts),
)


def bare(text: str) -> str:
    """Without spaces and brackets: pdftotext places the mirrored brackets of Arabic
    text ("4–9 (أفضل تقدير 6)") apart from what they enclose."""
    return re.sub(r"[\s()]", "", text)


def pieces(pdf: bytes) -> set[str]:
    return {bare(piece) for piece in text_of(pdf).split("\n")}


@pytest.fixture(scope="module")
def arabic() -> bytes:
    return render_harm_report(DATA, "ar")


@pytest.fixture(scope="module")
def english() -> bytes:
    return render_harm_report(DATA, "en")


def test_the_arabic_report_reads_in_order_with_its_figures(arabic: bytes) -> None:
    assert arabic.startswith(b"%PDF-")
    found = pieces(arabic)
    whole = bare(text_of(arabic))
    for expected in [
        "ملخص الأضرار بين المدنيين",
        "المجموع (الحالات المحتسبة)",
        # Figures as ranges, the dash between the numbers kept left to right (Unicode's
        # rules alone would set "2–4" as "4–2" after an Arabic word).
        "2–4 (أفضل تقدير 3)", "4–9 (أفضل تقدير 6)", "8–15 (أفضل تقدير 10)",
        "0–1 (أفضل تقدير 1)", "4–9",
        "الصابري", "السلماني", "الأسبوع 41 من 2026",
        "62.0%", "17.5%", "24,356",
    ]:
        assert bare(expected) in found, (expected, sorted(found))
    # The period and the time of generation, dates in their own order ("2026-10-01", not
    # "01-10-2026" as a date after an Arabic word comes out without an isolate).
    assert bare("بنغازي · من 2026-10-01 إلى 2026-10-31") in whole
    # (pdftotext moves the "·" after the user's Latin name; the page has it right.)
    assert bare("أعد في 2026-11-02 09:30 (+02:00) بواسطة") in whole and "analyst1" in whole
    assert "01-10-2026" not in whole
    assert bare("أفضل تقدير 3 (2–4)") not in found
    # The method, in plain words.
    for phrase in ["ثان، بمصدرين مستقلين على الأقل، أحدهما مصنف B2 أو أفضل على مقياس",
                   "الأميرالية", "يحتسب هذا التقرير: مؤيد بمصدرين، متحقق منه.",
                   "ولا ترد أسماء الضحايا في هذا التقرير أبدا.", "ACLED"]:
        assert bare(phrase) in whole, phrase
    # All of it in Arabic: the only Latin letters are the Admiralty grade, ACLED's name
    # and the user who generated it.
    assert set(re.findall(r"[A-Za-z]+", text_of(arabic))) <= {"B", "ACLED", "analyst"}
    # A day without an outage is left out.
    assert "2026-10-09" not in whole


def test_the_arabic_tables_are_set_from_the_right(arabic: bytes) -> None:
    lines = [line for page in lines_of(arabic) for line in page]
    row = next(line for line in lines if "مرفوض" in line)
    assert row[-1] == "مرفوض", row  # the label column is the rightmost
    assert row[-2] == "لا", row  # then whether it is counted
    heading = next(line for line in lines if "حالة التحقق" in line)
    assert heading[-1] == "حالة التحقق" and heading[0] == "المفقودون", heading


def test_the_arabic_is_shaped(arabic: bytes) -> None:
    glyphs = glyphs_per_character(arabic)
    for letter in "لمي":
        assert glyphs.get(letter, 0) >= 3, (letter, glyphs.get(letter))


def test_the_english_report_is_in_english(english: bytes) -> None:
    found = pieces(english)
    whole = bare(text_of(english))
    for expected in ["Civilian harm summary", "Benghazi · 2026-10-01 to 2026-10-31",
                     "Total (counted states)", "4–9 (best 6)", "2–4 (best 3)",
                     "8–15 (best 10)", "Al-Sabri", "2026-W41", "62.0%", "By ISO week",
                     "Telecommunications outages", "Method"]:
        assert bare(expected) in found, (expected, sorted(found))
    for phrase in ["Generated 2026-11-02 09:30 (UTC+02:00) by analyst1",
                   "This report counts: Corroborated, Verified.",
                   "one of them graded B2 or better on the Admiralty scale",
                   "victims' names never appear in this report"]:
        assert bare(phrase) in whole, phrase
    # The map's legend (its lines are interleaved with the map's on the page).
    for line in ["Killed in the district (best estimate)", "Located at the place or nearby",
                 "Located only to the district: drawn", "hollow, at its centre"]:
        assert bare(line) in found, line
    assert not re.search("[\u0600-\u06ff]", text_of(english))  # no Arabic letters at all
    lines = [line for page in lines_of(english) for line in page]
    row = next(line for line in lines if "Rejected" in line)
    assert row[0] == "Rejected" and row[1] == "no", row  # from the left in English


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_says_synthetic_and_is_numbered(lang: str, arabic: bytes,
                                                   english: bytes) -> None:
    pdf = arabic if lang == "ar" else english
    pages = pages_of(pdf)
    count = page_count(pdf)
    assert 2 <= count <= 5, count
    assert len(pages) == count
    banner = "بياناتتجريبيةمصطنعة" if lang == "ar" else "SYNTHETICDEMODATA"
    for number, page in enumerate(pages, start=1):
        assert banner in squash(" ".join(page)), number
        assert f"{number}/{count}" in squash(" ".join(page)), number

    plain = render_harm_report(dataclasses.replace(DATA, synthetic=False), lang)
    assert banner not in squash(text_of(plain))


def test_the_pages_print(tmp_path: Path, arabic: bytes) -> None:
    paths = render_pages(arabic, tmp_path, dpi=100)
    assert len(paths) == page_count(arabic)
    shaded = 0
    for path in paths:
        with Image.open(path) as image:
            assert image.format == "PNG"
            # A4 portrait at 100 dpi, 827 x 1169 give or take a rounding.
            assert abs(image.size[0] - 827) <= 1 and abs(image.size[1] - 1169) <= 1
            histogram = image.convert("L").histogram()
            dark = sum(histogram[:128]) / (image.size[0] * image.size[1])
            assert 0.003 < dark < 0.3, dark  # text and rules on white, not blank or black
            pixels = numpy.asarray(image.convert("RGB")).astype(int)
        # The map's darkest shade (5 killed in Al-Sabri) is red, on one of the pages.
        red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
        shaded += int(((red > 130) & (green < 40) & (blue < 50)).sum())
    assert shaded > 500, shaded


@pytest.mark.parametrize(("lang", "sentence", "none"), [
    ("en", "No events were recorded in this period.",
     "No district lost mobile service in this period."),
    ("ar", "لم تسجل أي أحداث في هذه الفترة.",
     "لم تنقطع خدمة الهاتف المحمول عن أي منطقة في هذه الفترة."),
])
def test_an_empty_period_still_renders_and_says_so(lang: str, sentence: str,
                                                   none: str) -> None:
    pdf = render_harm_report(EMPTY, lang)
    assert page_count(pdf) >= 1
    whole = bare(text_of(pdf))
    assert bare(sentence) in whole
    assert bare(none) in whole
    assert bare(report.strings(lang)["none"]) in whole  # no districts, no weeks
    assert "SYNTHETIC" not in whole and "مصطنعة" not in whole


def test_many_outage_days_run_over_pages_with_the_heading_repeated() -> None:
    days = tuple(OutageDay("D1", "الصابري", "Al-Sabri", date(2026, 10, 1 + n % 31), 24356,
                           0.01 * (n + 1)) for n in range(70))
    pdf = render_harm_report(dataclasses.replace(DATA, outages=days), "ar")
    pages = pages_of(pdf)
    shares = [piece for page in pages for piece in page if piece.endswith("%")]
    assert shares == [f"{n + 1:.1f}%" for n in range(70)]
    with_rows = [page for page in pages if any(piece.endswith("%") for piece in page)]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert "دون خدمة الهاتف المحمول" in page


def test_fifty_events_render_quickly() -> None:
    events = tuple(MapEvent(32.11 + 0.0004 * n, 20.06 + 0.0008 * n, 1 + n % 3, "verified",
                            n % 4, n % 5) for n in range(50))
    data = dataclasses.replace(DATA, map_events=events)
    render_harm_report(data, "ar")  # warm up HarfBuzz and the imports
    started = time.perf_counter()
    render_harm_report(data, "ar")
    # About a third of a second on a developer's machine; the bound catches a layout that
    # grows out of proportion (shaping whole paragraphs per word), not a slow machine.
    assert time.perf_counter() - started < 2.5


def test_the_strings_match_and_the_language_is_checked() -> None:
    assert report.strings("ar").keys() == report.strings("en").keys()
    assert render_harm_report(DATA, "ar") == render_harm_report(DATA)  # Arabic by default
    with pytest.raises(ValueError, match="lang"):
        render_harm_report(DATA, "fr")
