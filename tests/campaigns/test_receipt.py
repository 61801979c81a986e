"""The handover receipt PDF: read back with poppler (pdftotext, pdftoppm) as a reader and a
printer would see it. Arabic must come out shaped and in reading order, the amnesty mode
must print no name. No database: the renderer is a pure function."""

from __future__ import annotations

import dataclasses
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from tests.pdftext import (
    glyphs_per_character,
    page_count,
    pages_of,
    require_poppler,
    squash,
    text_of,
)

from opsroom.campaigns import receipt
from opsroom.campaigns.receipt import ReceiptData, ReceiptItem, render_receipt
from opsroom.core import pdf as core_pdf

OFFICER = "الملازم أول سالم عبد الله المغربي"
CITIZEN = "محمد علي الفيتوري"

RIFLE = ReceiptItem(
    category_ar="بندقية آلية", category_en="Assault rifle", make_model="Kalashnikov AK-47",
    calibre="7.62×39 mm", serial="KT-1987-44512", condition_ar="صالحة للاستعمال",
    condition_en="Serviceable", quantity=1,
)
PISTOL = ReceiptItem(
    category_ar="مسدس", category_en="Pistol", make_model="Beretta 92FS", calibre="9×19 mm",
    serial="BER-M71302Z", condition_ar="تالف جزئياً", condition_en="Partly damaged",
    quantity=1,
)
AMMUNITION = ReceiptItem(
    category_ar="ذخيرة", category_en="Ammunition", make_model="", calibre="7.62×39 mm",
    serial="", condition_ar="سليمة", condition_en="Intact", quantity=120,
)

DATA = ReceiptData(
    receipt_number="BNG-OPS-2026-000123",
    verification_code="7KQ2-M9XA-4TZB",
    handed_at_local=datetime(2026, 3, 14, 10, 42, tzinfo=ZoneInfo("Africa/Tripoli")),
    campaign_ar="الحملة الوطنية لجمع السلاح 2026",
    campaign_en="National weapons collection campaign 2026",
    point_ar="نقطة التجميع رقم 3 — مركز شرطة الكيش",
    point_en="Collection point 3 — Al-Kish police station",
    officer_name=OFFICER,
    handed_by=CITIZEN,
    amnesty=False,
    items=(RIFLE, PISTOL, AMMUNITION),
    verify_hint_ar="يمكن لأي مديرية أمن التحقق من هذا الإيصال: الرقم + رمز التحقق.",
    verify_hint_en="Any directorate can check this receipt: number + code.",
)


@pytest.fixture(scope="module", autouse=True)
def poppler() -> None:
    require_poppler()


def test_the_arabic_reads_in_order_and_the_codes_can_be_typed() -> None:
    pdf = render_receipt(DATA)
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == 1
    pieces = text_of(pdf).split("\n")
    squashed = {squash(piece) for piece in pieces}
    # Whole strings in reading order: text laid out backwards, or with its Latin and Arabic
    # runs in the wrong places, reads differently. (The officer's "عبد الله" also reads
    # backwards, "عبد اهلل", when Allah is drawn as its one-glyph ligature.)
    for expected in ["إيصال تسليم أسلحة", OFFICER, CITIZEN, "بندقية آلية",
                     "صالحة للاستعمال", "الحملة الوطنية لجمع السلاح 2026",
                     "يمكن لأي مديرية أمن التحقق من هذا الإيصال: الرقم + رمز التحقق.",
                     "Weapons handover receipt", "Kalashnikov AK-47", "7.62×39 mm",
                     "KT-1987-44512", "National weapons collection"]:  # (wrapped there)
        assert squash(expected) in squashed, (expected, pieces)
    assert squash("أسلحة تسليم إيصال") not in squashed
    # Latin digits inside Arabic keep their place.
    assert any(piece.startswith("نقطة التجميع رقم 3 — مركز") for piece in pieces), pieces
    # The number and the code, in ASCII, as the prominent pieces of their boxes.
    assert "BNG-OPS-2026-000123" in pieces
    assert "7KQ2-M9XA-4TZB" in pieces
    assert "2026-03-1410:42(UTC+02:00)" in squash(" ".join(pieces))
    assert "122" in pieces  # the total quantity


def test_the_arabic_is_shaped() -> None:
    pdf = render_receipt(DATA)
    glyphs = glyphs_per_character(pdf)
    # Lam, meem and yeh occur at the start, middle and end of words here: each is drawn
    # with several forms. Unshaped text would map each character to a single glyph.
    for letter in "لمي":
        assert glyphs.get(letter, 0) >= 3, (letter, glyphs.get(letter))
    assert glyphs.get("a", 0) == 1  # Latin has one glyph per letter


def test_the_marks_do_not_break_the_joins() -> None:
    # Harakat take no width: a word with them sets exactly as wide as without. (fpdf2 on its
    # own shapes the letters either side of a mark apart, in their unjoined forms.)
    pdf = receipt._ReceiptPDF(DATA)
    try:
        pdf.add_page()
        for marked, bare in [("يُسجَّل", "يسجل"), ("مُحمَّد", "محمد"), ("المُسلِّم", "المسلم")]:
            widths = []
            for word in (marked, bare):
                pdf.use(core_pdf.ar(word))
                widths.append(pdf.get_string_width(word))
            assert widths[0] == pytest.approx(widths[1]), (marked, widths)
    finally:
        pdf.close_fonts()


def test_the_first_page_prints(tmp_path: Path) -> None:
    source = tmp_path / "receipt.pdf"
    source.write_bytes(render_receipt(DATA))
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(tmp_path / "page")], check=True, timeout=60)
    image = Image.open(tmp_path / "page.png")
    assert image.format == "PNG"
    # A4 portrait at 100 dpi, 827 x 1169 give or take a rounding (A5 would be 583 x 827).
    assert abs(image.size[0] - 827) <= 1 and abs(image.size[1] - 1169) <= 1, image.size
    grey = image.convert("L")
    histogram = grey.histogram()
    dark = sum(histogram[:128]) / (image.size[0] * image.size[1])
    assert 0.01 < dark < 0.25, dark  # text and rules on white, not blank, not a black page


def test_amnesty_prints_the_amnesty_line_and_no_name() -> None:
    pdf = render_receipt(dataclasses.replace(DATA, amnesty=True))
    text = text_of(pdf)
    assert "Amnesty handover — no name recorded" in text
    # pdftotext sets the harakat on lines of their own: compare the unmarked part.
    assert "تسليم ضمن العفو" in text
    assert CITIZEN not in text  # given by mistake, still not printed
    assert "محمد" not in text and "الفيتوري" not in text

    named = text_of(render_receipt(DATA))
    assert "Amnesty" not in named and "تسليم ضمن العفو" not in named


def test_synthetic_data_says_so() -> None:
    assert "SYNTHETIC DEMO DATA" not in text_of(render_receipt(DATA))
    text = text_of(render_receipt(dataclasses.replace(DATA, synthetic=True)))
    assert "SYNTHETIC DEMO DATA" in text
    assert "بيانات تجريبية مصطنعة" in text


def test_many_items_run_over_pages_with_the_headings_repeated() -> None:
    items = tuple(dataclasses.replace(RIFLE, serial=f"KT-1987-{n:05d}") for n in range(60))
    pdf = render_receipt(dataclasses.replace(DATA, items=items))
    assert page_count(pdf) >= 3
    pages = pages_of(pdf)
    assert len(pages) == page_count(pdf)
    serials = [piece for page in pages for piece in page if piece.startswith("KT-1987-")]
    assert serials == [f"KT-1987-{n:05d}" for n in range(60)]
    for page in pages:
        if any(piece.startswith("KT-1987-") for piece in page):
            assert "Serial number" in page and "الرقم التسلسلي" in page
    assert "Continued: receipt BNG-OPS-2026-000123" in pages[1]
    assert "60" in pages[-1] + pages[-2]  # the total
    assert f"{len(pages)}/{len(pages)}" in squash(" ".join(pages[-1]))
    assert "توقيع الموظف المستلم" in pages[-1]


def test_rendering_is_deterministic_and_needs_items() -> None:
    assert render_receipt(DATA) == render_receipt(DATA)
    with pytest.raises(ValueError, match="at least one item"):
        render_receipt(dataclasses.replace(DATA, items=()))


def test_the_fonts_ship_with_the_package() -> None:
    fonts = core_pdf.FONTS
    assert fonts == Path(core_pdf.__file__).parent / "data" / "fonts"
    names = {path.name for path in fonts.glob("*.ttf")}
    assert names == {"NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf",
                     "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"}
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "OFL.txt").read_text("utf-8")
