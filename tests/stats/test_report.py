"""The weekly CompStat PDF, read back with poppler as a reader and a printer would: the
Arabic report shaped, in reading order, its figures, dates, weeks and signed percentages
the right way round inside Arabic text; the English one the same report in English; a
significant change painted and named, a small count said to be one; the response-time
targets; the hotspots; the synthetic banner; one agency's scope counting only its own.

The world is built once for the module (inside a transaction rolled back at the end) and
each report rendered once: a WeasyPrint render takes about a second."""

from __future__ import annotations

import ast
import html
import importlib.util
import re
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy
import pytest
from django.db import transaction
from PIL import Image
from tests.pdftext import (
    glyphs_per_character,
    lines_of,
    pages_of,
    render_pages,
    require_poppler,
    squash,
)

from opsroom.accounts.actions import do_create_agency
from opsroom.accounts.models import AgencyKind
from opsroom.core.errors import InvalidInput
from opsroom.core.ids import uuid7
from opsroom.geo.actions import do_load_geography
from opsroom.geo.models import District
from opsroom.incidents.models import Incident
from opsroom.stats import report
from opsroom.stats.compstat import Scope
from opsroom.stats.report import render_compstat_pdf
from opsroom.stats.windows import week_period

# The world is built in a module fixture, in its own transaction; the mark has pytest-django
# set up the test database for it.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WEEK = "2026-W20"  # Saturday 16 to Friday 22 May 2026
PERIOD = week_period(WEEK)
SABRI, BIRKA = "BNG-D12", "BNG-D02"  # As-Sabri, Al-Birka
EVERY = Scope(None, "كل الجهات", "All agencies")
ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def _pending_arabic() -> dict[str, str]:
    """tools/translations_ar.py's table, where the Arabic of every msgid is written."""
    spec = importlib.util.spec_from_file_location("translations_ar",
                                                  ROOT / "tools" / "translations_ar.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.AR)


def report_msgids() -> list[str]:
    """Every msgid report.py translates (gettext and pgettext with literal strings), as the
    catalogue keys them ("context\\x04msgid" for pgettext)."""
    tree = ast.parse((ROOT / "src/opsroom/stats/report.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [a.value for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and args:
                found.append(args[0])
            elif node.func.id == "pgettext" and len(args) == 2:
                found.append(f"{args[0]}\x04{args[1]}")
    return sorted(set(found))


@dataclass
class Reports:
    arabic: bytes
    arabic_pages: int
    english: bytes
    english_pages: int
    station: bytes  # English, the police station's scope only
    seconds: float  # the slowest of the three renders


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _build_world() -> tuple[Any, Any]:
    from opsroom.demo.loader import read_geojson

    do_load_geography(None, read_geojson("city.geojson"), read_geojson("districts.geojson"),
                      read_geojson("places.geojson"))
    ops = do_create_agency(None, code="bng-ops", name_ar="غرفة العمليات", name_en="Ops room",
                           kind=AgencyKind.OPERATIONS_ROOM)
    station = do_create_agency(None, code="bng-ps", name_ar="مركز شرطة البركة",
                               name_en="Al-Birka station", kind=AgencyKind.POLICE_STATION)
    districts = {d.code: d for d in District.objects.filter(code__in=[SABRI, BIRKA])}
    rows: list[Incident] = []

    def add(n: int, day: date, type_code: str, agency: Any, district: str, *,
            priority: int = 2, dispatch_s: int | None = None, travel_s: int | None = None,
            synthetic: bool = False) -> None:
        place = districts[district]
        for i in range(n):
            received = _at(day, 8 + i % 10, (7 * i) % 60)
            dispatched = received + timedelta(seconds=dispatch_s) if dispatch_s else None
            on_scene = (dispatched + timedelta(seconds=travel_s)
                        if dispatched and travel_s else None)
            number = f"{'SYN.' if synthetic else 'T-'}{len(rows):06d}"
            rows.append(Incident(
                id=uuid7(), number=number, type_id=type_code, priority=priority,
                owner_agency=agency, received_at=received, created_at=received,
                updated_at=received, dispatched_at=dispatched, on_scene_at=on_scene,
                # One spot in As-Sabri (a hotspot's cell), Al-Birka's centre otherwise.
                lat=place.centroid_lat + 0.0001 * (i % 3), lon=place.centroid_lon,
                district=place))

    week, previous = PERIOD.start, PERIOD.start - timedelta(days=7)
    # The week: 15 violent (12 the room's, 3 the station's), 20 the week before: -25.0%.
    add(12, week + timedelta(days=1), "shooting", ops, SABRI, priority=1, dispatch_s=45,
        travel_s=200)
    add(3, week + timedelta(days=2), "assault", station, BIRKA, priority=1, dispatch_s=90,
        travel_s=300)
    add(16, previous + timedelta(days=1), "shooting", ops, SABRI, priority=1, dispatch_s=50)
    add(4, previous + timedelta(days=3), "assault", station, BIRKA, priority=2)
    # Property: 40 against 10, a significant rise (two of them synthetic demo history).
    add(38, week + timedelta(days=3), "robbery", ops, BIRKA, priority=3, dispatch_s=200)
    add(2, week + timedelta(days=4), "robbery", ops, BIRKA, priority=3, synthetic=True)
    add(10, previous + timedelta(days=2), "robbery", ops, BIRKA, priority=3)
    # A year earlier, the same days: 30 violent.
    add(30, PERIOD.start - timedelta(days=364) + timedelta(days=2), "shooting", ops, SABRI,
        priority=1)
    # A quiet background since January last year: a traffic accident every four days.
    day = date(PERIOD.start.year - 1, 1, 1)
    while day < previous:
        add(1, day, "traffic_accident", ops, BIRKA, priority=3)
        day += timedelta(days=4)
    Incident.objects.bulk_create(rows)
    return ops, station


@pytest.fixture(scope="module")
def reports(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Reports]:
    require_poppler()
    with django_db_blocker.unblock(), transaction.atomic():
        _ops, station = _build_world()
        slowest = 0.0
        renders = []
        for lang, scope in (("ar", EVERY), ("en", EVERY),
                            ("en", Scope(station.id, "مركز شرطة البركة", "Al-Birka station"))):
            started = time.perf_counter()
            renders.append(render_compstat_pdf(WEEK, lang, scope))
            slowest = max(slowest, time.perf_counter() - started)
        transaction.set_rollback(True)
    yield Reports(renders[0][0], renders[0][1], renders[1][0], renders[1][1], renders[2][0],
                  slowest)


def bare(text: str) -> str:
    """Without spaces or parentheses: pdftotext spaces the runs of a mixed line unreliably."""
    return re.sub(r"[\s()]", "", text)


def lines(pdf: bytes) -> list[list[str]]:
    return [line for page in lines_of(pdf) for line in page]


def whole(pdf: bytes) -> str:
    return bare(" ".join(piece for page in pages_of(pdf) for piece in page))


def row_of(pdf: bytes, name: str, occurrence: int = 0) -> list[str]:
    """The pieces of the ``occurrence``-th table row named ``name``."""
    found = [line for line in lines(pdf) if name in line]
    assert len(found) > occurrence, (name, found)
    return found[occurrence]


def page_count(pdf: bytes) -> int:
    """The pages pdfinfo counts (WeasyPrint packs its page objects in compressed streams)."""
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True,
                          timeout=60).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def visual_lines(pdf: bytes, page: int = 1) -> list[str]:
    """The page's lines as their glyphs lie, read as an Arabic reader reads them, without
    pdftotext's own guess at where neutral characters go: words from right to left, except
    that a run of left-to-right words (Latin or digits, with the neutral words between
    them) is read from its left; Arabic words put back in their letters' order (their
    glyphs are drawn right to left)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
                         input=pdf, capture_output=True, check=True, timeout=60).stdout
    words = [(float(y), float(x0), float(x1), html.unescape(text)) for x0, y, x1, text in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                        r'yMax="[\d.]+">(.*?)</word>', out.decode("utf-8"))]
    rows: list[list[tuple[float, float, float, str]]] = []
    for word in sorted(words):
        if rows and abs(rows[-1][0][0] - word[0]) < 2.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    result = []
    for row in rows:
        texts = [w[3] for w in sorted(row, key=lambda w: -w[2])]  # right to left
        kinds = ["R" if ARABIC.search(w) else "L" if re.search(r"[A-Za-z0-9]", w) else "N"
                 for w in texts]
        read: list[str] = []
        i = 0
        while i < len(texts):
            if kinds[i] != "L":
                read.append(unicodedata.normalize("NFKC", texts[i][::-1]) if kinds[i] == "R"
                            else texts[i])
                i += 1
                continue
            j = i  # the run: L words and the neutrals between two of them
            while j + 1 < len(texts) and (kinds[j + 1] == "L" or (
                    kinds[j + 1] == "N" and any(k == "L" for k in kinds[j + 2:j + 3]))):
                j += 1
            read.extend(reversed(texts[i:j + 1]))
            i = j + 1
        result.append(" ".join(read))
    return result


def raw_text(pdf: bytes) -> str:
    """pdftotext's text as it is, presentation forms and all (no NFKC folding)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=60).stdout.decode("utf-8")


# Arabic ------------------------------------------------------------------------------------


def test_the_arabic_title_block_reads_in_order(reports: Reports) -> None:
    pdf = reports.arabic
    assert pdf.startswith(b"%PDF-")
    assert reports.arabic_pages == page_count(pdf) >= 2
    first = [piece for line in lines_of(pdf)[0] for piece in line]
    assert "التقرير الأسبوعي للإحصاءات المقارنة" in first
    text = whole(pdf)
    # The week and its dates in their own order inside the Arabic sentence, as drawn.
    assert "الأسبوع 2026-W20 : من 2026-05-16 إلى 2026-05-22" in visual_lines(pdf)
    assert "W20-2026" not in text and "16-05-2026" not in text and "22-05-2026" not in text
    assert bare("بنغازي · النطاق: كل الجهات") in text
    assert any("اختبار بواسون الدقيق p < 0.05 ،" in line for line in visual_lines(pdf))
    assert "بياناتتجريبيةاصطناعية" in text


def test_an_arabic_row_has_its_name_its_count_and_its_signed_change(reports: Reports) -> None:
    row = row_of(reports.arabic, "جرائم العنف")  # the first table: the last 7 days
    # Set from the right: the group, then its count this week, then the week before.
    assert row[-1] == "جرائم العنف" and row[-2] == "15" and row[-3] == "20", row
    # 15 against 20, read as a reader reads it: minus first, the per cent sign last.
    assert row[-4] == "-25.0%", row
    assert "غير دال إحصائيا" in row  # 35 incidents, p = 0.5: not significant
    assert "30" in row and "-50.0%" in row  # a year earlier
    assert "25.0%-" not in " ".join(row)
    rise = row_of(reports.arabic, "جرائم الممتلكات")
    assert rise[-2] == "40" and rise[-3] == "10" and rise[-4] == "+300.0%", rise
    assert "ارتفاع دال إحصائيا" in rise
    small = row_of(reports.arabic, "المخدرات")
    assert "عدد صغير" in small, small  # nothing at all: a small count, no percentage
    assert "—" in small


def test_the_arabic_is_shaped_not_isolated_forms(reports: Reports) -> None:
    raw = raw_text(reports.arabic)
    assert "التقرير" in raw and "المحلة" in raw
    # Unshaped text extracts as presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFF).
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", raw)
    glyphs = glyphs_per_character(reports.arabic)
    for letter in "لمي":  # initial, medial, final (and isolated) forms
        assert glyphs.get(letter, 0) >= 3, (letter, glyphs.get(letter))


def test_the_arabic_response_times_show_the_targets(reports: Reports) -> None:
    heading = row_of(reports.arabic, "الأولوية")
    assert heading[-1] == "الأولوية" and heading[-2] == "الهدف", heading
    dispatch = [line for line in lines(reports.arabic) if line[-1:] == ["1"] and
                "1:00" in line]
    assert dispatch, "priority 1's dispatch target of 60 s"
    # 15 calls this week, dispatched in 0:45 and 1:30: 12 of 15 within a minute, 80.0%.
    row = dispatch[0]
    assert row[-2] == "1:00" and row[-3] == "15" and "80.0%" in row, row
    assert "غير محقق" in row
    travel = [line for line in lines(reports.arabic) if line[-1:] == ["1"] and
              "4:00" in line]
    assert travel, "priority 1's travel target of 240 s"
    assert bare("من البلاغ إلى الإرسال") in whole(reports.arabic)


def test_every_arabic_page_carries_the_banner_and_its_number(reports: Reports) -> None:
    pages = pages_of(reports.arabic)
    count = len(pages)
    for number, page in enumerate(pages, start=1):
        text = squash(" ".join(page))
        assert "بياناتتجريبيةاصطناعية" in text, number
        assert f"{number}/{count}" in text, number


def test_the_first_arabic_page_prints_with_a_painted_rise(reports: Reports,
                                                         tmp_path: Path) -> None:
    paths = render_pages(reports.arabic, tmp_path, dpi=100)
    with Image.open(paths[0]) as image:
        assert abs(image.size[0] - 827) <= 1 and abs(image.size[1] - 1169) <= 1  # A4
        histogram = image.convert("L").histogram()
        dark = sum(histogram[:128]) / (image.size[0] * image.size[1])
        assert 0.01 < dark < 0.3, dark  # text and rules on white: not blank, not black
        pixels = numpy.asarray(image.convert("RGB")).astype(int)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    # The significant rise in property crime is red (#b71c1c on #fdecea), and only
    # significant changes are: the cells' pink tint appears, in a few cells.
    reddish = ((red > 150) & (green < 80) & (blue < 80)).sum()
    tint = ((red > 245) & (abs(green - 236) <= 4) & (abs(blue - 234) <= 4)).sum()
    assert reddish > 30 and tint > 500, (reddish, tint)


# English -----------------------------------------------------------------------------------


def test_the_english_report_is_in_english(reports: Reports) -> None:
    pdf = reports.english
    assert reports.english_pages == page_count(pdf)
    text = whole(pdf)
    for expected in ["Weekly CompStat report", "Week 2026-W20: 2026-05-16 to 2026-05-22",
                     "Benghazi · Scope: All agencies", "SYNTHETIC DEMO DATA",
                     "CompStat by district, last 28 days", "Response times by priority",
                     "Hotspots: Violent crime, last 28 days"]:
        assert bare(expected) in text, expected
    row = row_of(pdf, "Violent crime")
    assert row[:4] == ["Violent crime", "15", "20", "-25.0%"], row  # from the left
    rise = row_of(pdf, "Property crime")
    assert rise[:4] == ["Property crime", "40", "10", "+300.0%"] and "significant rise" in rise
    assert "not significant" in row and "small count" in row_of(pdf, "Drugs")
    assert not ARABIC.search(raw_text(pdf))


def test_the_english_hotspots_name_the_place_and_the_method(reports: Reports) -> None:
    text = whole(reports.english)
    # 12 + 16 shootings on one spot of As-Sabri in the 28 days: a hot cell.
    assert bare("Hot cells lie in: As-Sabri") in text
    assert bare("Getis-Ord Gi* over square cells of 250 m") in text
    assert bare("a cell is hot or cold when q < 0.05") in text
    assert bare("at least 3 incidents itself") in text
    dispatch = [line for line in lines(reports.english) if line[:2] == ["1", "1:00"]]
    assert dispatch and dispatch[0][2] == "15" and "80.0%" in dispatch[0], dispatch


def test_one_agency_s_scope_counts_only_its_incidents(reports: Reports) -> None:
    pdf = reports.station
    text = whole(pdf)
    assert bare("Scope: Al-Birka station") in text
    row = row_of(pdf, "Violent crime")
    assert row[:4] == ["Violent crime", "3", "4", "-25.0%"], row
    assert row_of(pdf, "Property crime")[:3] == ["Property crime", "0", "0"]
    # The room's synthetic incidents are not the station's: no banner.
    assert "SYNTHETIC" not in text
    # Its seven assaults on one spot of Al-Birka are its hotspot; the room's shootings in
    # As-Sabri are not on its map.
    assert bare("Hot cells lie in: Al-Birka.") in text


def test_a_report_renders_in_seconds(reports: Reports) -> None:
    # About a second on a developer's machine; the bound catches a layout gone quadratic.
    assert reports.seconds < 15, reports.seconds


# Without rendering -------------------------------------------------------------------------


def test_the_language_and_the_week_are_checked() -> None:
    with pytest.raises(InvalidInput, match="language"):
        render_compstat_pdf(WEEK, "fr", EVERY)
    with pytest.raises(InvalidInput, match="YYYY-Www"):
        render_compstat_pdf("2026-20", "en", EVERY)


def test_the_fetcher_serves_only_the_package_s_files() -> None:
    font = (report.FONT_DIR / "NotoSans-Regular.ttf").as_uri()
    assert report.is_package_file(font)
    for url in ["http://example.com/logo.png", "https://fonts.example/x.woff2",
                "file:///etc/passwd", font.replace("/fonts/", "/fonts/../../../../../"),
                "data:image/png;base64,AAAA", "ftp://example.com/x"]:
        assert not report.is_package_file(url), url
    fetcher = report._fetcher()
    with pytest.raises(ValueError, match="only opsroom's own files"):
        fetcher.fetch("http://example.com/logo.png")
    response = fetcher.fetch(font)
    try:
        assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    finally:
        response.close()


def test_the_synthetic_prefix_is_the_demo_s() -> None:
    from opsroom.demo import history

    assert report.SYNTHETIC_PREFIX == history.PREFIX


def test_every_report_string_has_its_arabic() -> None:
    pending = _pending_arabic()
    msgids = report_msgids()
    assert len(msgids) > 40
    missing = [m for m in msgids if not pending.get(m)]
    assert missing == [], missing
    # Placeholders survive translation.
    for msgid in msgids:
        assert (sorted(re.findall(r"%\(\w+\)s", msgid))
                == sorted(re.findall(r"%\(\w+\)s", pending[msgid]))), msgid


def test_the_compiled_catalogue_has_the_report_strings() -> None:
    import gettext

    mo = ROOT / "src/opsroom/locale/ar/LC_MESSAGES/django.mo"
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    missing = []
    for msgid in report_msgids():
        context, _, text = msgid.rpartition("\x04")
        found = catalogue.pgettext(context, text) if context else catalogue.gettext(text)
        if found == text:
            missing.append(msgid)
    assert missing == [], f"run `make messages` ({len(missing)} missing): {missing[:3]}"
