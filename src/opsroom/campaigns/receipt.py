"""The receipt a citizen takes home after handing weapons in: a bilingual (Arabic, English)
PDF. A pure function of :class:`ReceiptData`, no database: the caller gathers the values.

Arabic is shaped by HarfBuzz (uharfbuzz) and laid out right to left by fpdf2's bidi
algorithm; the fonts are the Noto files shipped in ``data/fonts`` (SIL OFL 1.1), never
downloaded. Each call builds its own document, so concurrent renders share nothing mutable.

The layout is drawn line by line with ``cell()``: each paragraph is wrapped here, at word
boundaries, and then shaped once per line, which is several times faster than fpdf2's
``multi_cell`` and tables (they shape the text again for every character while breaking
lines).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, TextDirection, XPos, YPos
from fpdf.line_break import Fragment
from fpdf.unicode_script import UnicodeScript, get_unicode_script

FONTS = Path(__file__).parent / "data" / "fonts"

# fpdf2 family names of the shipped fonts. Arabic text is set in Naskh, Latin in Noto Sans;
# each is the other's fallback, so a Latin word inside Arabic (or the reverse) renders.
ARABIC = "naskh"
LATIN = "notosans"
_FONT_FILES = {
    (ARABIC, ""): "NotoNaskhArabic-Regular.ttf",
    (ARABIC, "B"): "NotoNaskhArabic-Bold.ttf",
    (LATIN, ""): "NotoSans-Regular.ttf",
    (LATIN, "B"): "NotoSans-Bold.ttf",
}

TITLE_AR = "إيصال تسليم أسلحة"
TITLE_EN = "Weapons handover receipt"
AMNESTY_AR = "تسليم ضمن العفو — لا يُسجَّل اسم"
AMNESTY_EN = "Amnesty handover — no name recorded"
SYNTHETIC_AR = "بيانات تجريبية مصطنعة"
SYNTHETIC_EN = "SYNTHETIC DEMO DATA"

RGB = tuple[int, int, int]
INK: RGB = (33, 37, 41)
MUTED: RGB = (90, 98, 108)
RULE: RGB = (176, 184, 192)
SHADE: RGB = (234, 238, 242)
STRIPE: RGB = (247, 248, 250)
ACCENT: RGB = (20, 70, 120)
WARNING_FILL: RGB = (255, 224, 130)
WARNING_INK: RGB = (120, 53, 15)

_PT = 25.4 / 72  # millimetres per point


@dataclass(frozen=True)
class ReceiptItem:
    """One line of the receipt: a kind of weapon or ammunition and how many."""

    category_ar: str
    category_en: str
    make_model: str
    calibre: str
    serial: str
    condition_ar: str
    condition_en: str
    quantity: int


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on a receipt, already localised: the renderer looks nothing up.

    ``handed_at_local`` is printed as given (city time), with its UTC offset when aware.
    ``handed_by`` is never printed in amnesty mode, even when given.
    """

    receipt_number: str
    verification_code: str
    handed_at_local: datetime
    campaign_ar: str
    campaign_en: str
    point_ar: str
    point_en: str
    officer_name: str
    handed_by: str | None
    amnesty: bool
    items: tuple[ReceiptItem, ...]
    verify_hint_ar: str
    verify_hint_en: str
    synthetic: bool = False


def render_receipt(data: ReceiptData) -> bytes:
    """The receipt as a PDF (A4 portrait): one page, more when the items run over."""
    if not data.items:
        raise ValueError("a receipt lists at least one item")
    pdf = _ReceiptPDF(data)
    try:
        pdf.add_page()
        _title(pdf)
        _numbers(pdf, data)
        _details(pdf, data)
        _items(pdf, data.items)
        _closing(pdf, data)
        return bytes(pdf.output())
    finally:
        pdf.close_fonts()


def _is_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left: its first strong character is Arabic or
    Hebrew (Unicode bidi rules P2, P3)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _has_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(char) == "AL" for char in text)


def _has_latin(text: str) -> bool:
    return any(char.isalpha() and unicodedata.bidirectional(char) == "L" for char in text)


@dataclass(frozen=True)
class _Text:
    """One paragraph, in one size, weight and colour; its font follows its script."""

    text: str
    size: float = 9.5
    bold: bool = False
    color: RGB = INK

    @property
    def family(self) -> str:
        """Naskh for Arabic, Noto Sans for Latin. Mixed text is set in Noto Sans with its
        Arabic words from Naskh (the fallback), so "AK-47" keeps one face for its letters
        and digits."""
        return ARABIC if _has_arabic(self.text) and not _has_latin(self.text) else LATIN

    @property
    def leading(self) -> float:
        # Naskh's marks and descenders need more room than Latin.
        return self.size * _PT * (1.55 if _has_arabic(self.text) else 1.35)


def _ar(text: str, size: float = 10, *, bold: bool = False, color: RGB = INK) -> _Text:
    """Arabic text: set a point or so larger than Latin, as Naskh's letters are smaller."""
    return _Text(text, size, bold, color)


@dataclass(frozen=True)
class _Cell:
    """A table cell: paragraphs one under the other; with ``end``, ``lines`` go to the
    left and ``end`` to the right of the same cell (English and Arabic side by side)."""

    lines: tuple[_Text, ...]
    align: Align = Align.C
    span: int = 1
    fill: RGB | None = None
    end: tuple[_Text, ...] = ()


class _ReceiptPDF(FPDF):
    def __init__(self, data: ReceiptData) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.data = data
        self.set_margins(15, 12, 15)
        self.set_auto_page_break(False)
        self.page_bottom = self.h - 18
        self.set_creator("opsroom")
        self.set_title(f"{TITLE_EN} {data.receipt_number}")
        self.set_lang("ar")
        self.set_creation_date(data.handed_at_local)
        for (family, style), name in _FONT_FILES.items():
            self.add_font(family, style, FONTS / name)
            _lighten(self.fonts[f"{family}{style}"])
        self.set_fallback_fonts([LATIN, ARABIC])
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)
        self._direction: TextDirection | None = None
        self._wrapped: dict[tuple[_Text, float], list[str]] = {}

    def close_fonts(self) -> None:
        """Close the font files (fontTools reads them lazily); output() closes those it
        embedded, this also those of a document that failed or was never output."""
        for font in self.fonts.values():
            close = getattr(font, "close", None)
            if close is not None:
                close()

    # Text ---------------------------------------------------------------------------------

    def _parse_chars(self, text: str, markdown: bool, *,
                     _initial_emphasis: tuple[bool, bool, bool, bool] | None = None,
                     ) -> Iterator[Fragment]:
        """fpdf2 (2.8.9) starts a new fragment at every change of Unicode script, and
        counts the combining marks (script "Inherited": the harakat, shadda, ZWJ) as one,
        so HarfBuzz shapes "يُسجَّل" in three pieces and the letters around each mark do not
        join. Glue such pieces back together when nothing else differs."""
        last: Fragment | None = None
        for fragment in super()._parse_chars(text, markdown,
                                             _initial_emphasis=_initial_emphasis):
            if (last is not None and type(last) is Fragment and type(fragment) is Fragment
                    and last.characters and fragment.characters
                    and UnicodeScript.INHERITED in (get_unicode_script(last.characters[-1]),
                                                    get_unicode_script(fragment.characters[0]))
                    and last.graphics_state == fragment.graphics_state
                    and last.link == fragment.link):
                last.characters.extend(fragment.characters)
                continue
            if last is not None:
                yield last
            last = fragment
        if last is not None:
            yield last

    def use(self, text: _Text) -> None:
        self.set_font(text.family, "B" if text.bold else "", text.size)
        self.set_text_color(*text.color)
        # Text with no Arabic needs no shaping (or bidi) beyond kerning: fpdf2's plain path
        # is several times faster. Arabic text is shaped, in its paragraph's direction.
        direction = None
        if _has_arabic(text.text):
            direction = TextDirection.RTL if _is_rtl(text.text) else TextDirection.LTR
        if direction != self._direction:
            if direction is None:
                self.set_text_shaping(False)
            else:
                # Not the optional "liga" ligatures: Naskh's only one is the word Allah as a
                # single glyph, which text extraction (copy, search) then spells backwards,
                # "اهلل" for "الله" in every "عبد الله". The required ones (lam-alef) stay.
                self.set_text_shaping(True, direction=direction, features={"liga": False})
            self._direction = direction

    def wrap(self, text: _Text, width: float) -> list[str]:
        """The paragraph's lines in logical order, broken between words (or inside a word
        too long for a line)."""
        key = (text, round(width, 3))
        if key not in self._wrapped:
            self._wrapped[key] = self._wrap(text, width)
        return self._wrapped[key]

    def _wrap(self, text: _Text, width: float) -> list[str]:
        self.use(text)
        if self.get_string_width(text.text) <= width:
            return [text.text]
        lines: list[str] = []
        current = ""
        for word in text.text.split():
            candidate = f"{current} {word}" if current else word
            if self.get_string_width(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while self.get_string_width(current) > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and self.get_string_width(current[:cut]) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        if current:
            lines.append(current)
        return lines

    def height_of(self, texts: Sequence[_Text], width: float) -> float:
        return sum(len(self.wrap(text, width)) * text.leading for text in texts)

    def write_block(self, texts: Sequence[_Text], x: float, y: float, width: float,
                    align: Align) -> float:
        """Draw the paragraphs one under the other; returns the y below them."""
        for text in texts:
            lines = self.wrap(text, width)
            self.use(text)
            for line in lines:
                self.set_xy(x, y)
                self.cell(width, text.leading, line, align=align)
                y += text.leading
        self.set_text_color(*INK)
        return y

    def pair(self, left: _Text, right: _Text, *, gap: float = 6) -> None:
        """English on the left half, Arabic on the right half, from the current y."""
        half = (self.epw - gap) / 2
        y = self.get_y()
        end = max(self.write_block([left], self.l_margin, y, half, Align.L),
                  self.write_block([right], self.l_margin + half + gap, y, half, Align.R))
        self.set_xy(self.l_margin, end)

    # Tables -------------------------------------------------------------------------------

    def natural_width(self, texts: Sequence[_Text]) -> float:
        widest = 0.0
        for text in texts:
            self.use(text)
            widest = max(widest, self.get_string_width(text.text))
        return widest

    def split(self, start: Sequence[_Text], end: Sequence[_Text], width: float,
              gap: float = 5) -> tuple[float, float]:
        """Widths for two blocks side by side (English left, Arabic right): their own
        widths when both fit on one line, else the split that needs the fewest lines."""
        room = width - gap
        a, b = self.natural_width(start), self.natural_width(end)
        if a + b <= room:
            return room - b, b
        candidates = [(room / 2, room / 2)]
        candidates += [(w, room - w) for w in (room - b, a) if 0.3 * room <= w <= 0.7 * room]

        def cost(split: tuple[float, float]) -> tuple[float, float]:
            left, right = self.height_of(start, split[0]), self.height_of(end, split[1])
            return max(left, right), left + right

        return min(candidates, key=cost)

    def cell_height(self, cell: _Cell, width: float) -> float:
        if not cell.end:
            return self.height_of(cell.lines, width)
        left, right = self.split(cell.lines, cell.end, width)
        return max(self.height_of(cell.lines, left), self.height_of(cell.end, right))

    def grid(self, widths: Sequence[float], rows: Sequence[Sequence[_Cell]], *,
             heading: Sequence[_Cell] = (), lines_only: bool = False,
             pad: tuple[float, float] = (1.8, 1.8), stripes: bool = False) -> None:
        """A table drawn row by row; a row that does not fit starts a new page, where the
        heading row is repeated."""
        def measure(row: Sequence[_Cell]) -> float:
            height, col = 0.0, 0
            for cell in row:
                width = sum(widths[col:col + cell.span]) - 2 * pad[0]
                height = max(height, self.cell_height(cell, width))
                col += cell.span
            return height + 2 * pad[1]

        def draw(row: Sequence[_Cell], height: float, fill: RGB | None) -> None:
            y, x, col = self.get_y(), self.l_margin, 0
            for cell in row:
                width = sum(widths[col:col + cell.span])
                colour = cell.fill or fill
                if colour:
                    self.set_fill_color(*colour)
                    self.rect(x, y, width, height, style="F")
                if not lines_only:
                    self.rect(x, y, width, height)
                inner = width - 2 * pad[0]
                if cell.end:
                    left, right = self.split(cell.lines, cell.end, inner)
                    blocks = [(cell.lines, x + pad[0], left, Align.L),
                              (cell.end, x + width - pad[0] - right, right, Align.R)]
                else:
                    blocks = [(cell.lines, x + pad[0], inner, cell.align)]
                for texts, left_x, block_width, align in blocks:
                    top = y + (height - self.height_of(texts, block_width)) / 2
                    self.write_block(texts, left_x, top, block_width, align)
                x += width
                col += cell.span
            if lines_only:
                self.line(self.l_margin, y + height, self.l_margin + sum(widths), y + height)
            self.set_xy(self.l_margin, y + height)

        heading_height = measure(heading) if heading else 0.0
        if lines_only:
            self.line(self.l_margin, self.get_y(), self.l_margin + sum(widths), self.get_y())
        if heading:
            draw(heading, heading_height, SHADE)
        for i, row in enumerate(rows):
            height = measure(row)
            if self.get_y() + height > self.page_bottom:
                self.add_page()
                if heading:
                    draw(heading, heading_height, SHADE)
            draw(row, height, STRIPE if stripes and i % 2 else None)

    # Page furniture -----------------------------------------------------------------------

    def header(self) -> None:
        if self.data.synthetic:
            y, height, half = self.get_y(), 9.0, self.epw / 2 - 3
            self.set_fill_color(*WARNING_FILL)
            self.set_draw_color(*WARNING_INK)
            self.rect(self.l_margin, y, self.epw, height, style="DF")
            self.set_draw_color(*RULE)
            en = _Text(f"{SYNTHETIC_EN} — not a real receipt", 10, True, WARNING_INK)
            ar = _ar(f"{SYNTHETIC_AR} — ليس إيصالاً حقيقياً", 10.5, bold=True,
                     color=WARNING_INK)
            self.write_block([en], self.l_margin + 3, y + (height - en.leading) / 2, half,
                             Align.L)
            self.write_block([ar], self.l_margin + self.epw / 2, y + (height - ar.leading) / 2,
                             half, Align.R)
            self.set_xy(self.l_margin, y + height + 4)
        if self.page_no() > 1:
            self.pair(_Text(f"Continued: receipt {self.data.receipt_number}", 8.5,
                            color=MUTED),
                      _ar(f"تابع: الإيصال {self.data.receipt_number}", 9, color=MUTED))
            self.ln(3)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        self.use(_Text(self.data.receipt_number, 7.5, color=MUTED))
        self.cell(self.epw / 2, 6, self.data.receipt_number, align=Align.L)
        self.cell(self.epw / 2, 6, f"{self.page_no()} / {{nb}}", align=Align.R,
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)


def _lighten(font: object) -> None:
    """Spare fontTools work when fpdf2 embeds a font's subset (about half the render time):
    it would decode the layout tables only to drop them (HarfBuzz shapes from the font file
    itself), and unpack then repack every glyph to recompute bounding boxes that subsetting
    leaves unchanged. The font object belongs to this document alone."""
    ttfont = getattr(font, "ttfont", None)
    if ttfont is None:
        return
    for tag in ("GSUB", "GPOS", "GDEF"):
        if tag in ttfont:
            del ttfont[tag]
    ttfont.recalcBBoxes = False


def _title(pdf: _ReceiptPDF) -> None:
    pdf.pair(_Text(TITLE_EN, 18, True, ACCENT), _ar(TITLE_AR, 20, bold=True, color=ACCENT))
    y = pdf.get_y() + 1
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)
    pdf.set_y(y + 5)


def _numbers(pdf: _ReceiptPDF, data: ReceiptData) -> None:
    """The receipt number and verification code, large, in Latin letters and digits (the
    codes are typed in to check a receipt)."""
    top, gap, height = pdf.get_y(), 6.0, 22.0
    box = (pdf.epw - gap) / 2
    for i, (label_en, label_ar, value) in enumerate([
        ("Receipt number", "رقم الإيصال", data.receipt_number),
        ("Verification code", "رمز التحقق", data.verification_code),
    ]):
        x = pdf.l_margin + i * (box + gap)
        pdf.set_fill_color(*SHADE)
        pdf.rect(x, top, box, height, style="DF")
        half = box / 2 - 3
        pdf.write_block([_Text(label_en, 8.5, color=MUTED)], x + 3, top + 1.8, half, Align.L)
        pdf.write_block([_ar(label_ar, 9.5, color=MUTED)], x + box / 2, top + 1.2, half,
                        Align.R)
        value_text = _Text(value, 17, True)
        pdf.use(value_text)
        pdf.set_xy(x, top + 9)
        pdf.cell(box, 11, value, align=Align.C)
    pdf.set_xy(pdf.l_margin, top + height + 5)


def _local_time(when: datetime) -> str:
    stamp = f"{when:%Y-%m-%d}   {when:%H:%M}"
    offset = when.strftime("%z")
    if offset:
        stamp += f"   (UTC{offset[:3]}:{offset[3:]})"
    return stamp


def _details(pdf: _ReceiptPDF, data: ReceiptData) -> None:
    """Label, value, label: English on the left, Arabic on the right; a value given in
    both languages has its English half on the left and its Arabic half on the right, a
    value that is the same in both (a name, the time) is centred."""
    if data.amnesty:
        handed_by: tuple[str, ...] = (AMNESTY_EN, AMNESTY_AR)
    else:
        handed_by = ((data.handed_by or "").strip() or "—",)
    fields: list[tuple[str, tuple[str, ...], str]] = [
        ("Date and time", (_local_time(data.handed_at_local),), "التاريخ والوقت"),
        ("Campaign", (data.campaign_en, data.campaign_ar), "الحملة"),
        ("Collection point", (data.point_en, data.point_ar), "نقطة التجميع"),
        ("Receiving officer", (data.officer_name,), "الموظف المستلم"),
        ("Handed in by", handed_by, "المُسلِّم"),
    ]
    label = 28.0
    rows: list[list[_Cell]] = []
    for label_en, values, label_ar in fields:
        if len(values) == 1:
            value = _Cell((_ar(values[0], bold=True),))
        else:
            en, ar = values
            value = _Cell((_Text(en, bold=True),), end=(_ar(ar, bold=True),))
        rows.append([_Cell((_Text(label_en, 8.5, color=MUTED),), Align.L), value,
                     _Cell((_ar(label_ar, 9.5, color=MUTED),), Align.R)])
    pdf.grid((label, pdf.epw - 2 * label, label), rows, lines_only=True, pad=(2, 1.7))
    pdf.ln(7)


_COLUMNS = (  # Arabic heading, English heading, share of the width
    ("الفئة", "Category", 0.19),
    ("الصنع / الطراز", "Make / model", 0.20),
    ("العيار", "Calibre", 0.14),
    ("الرقم التسلسلي", "Serial number", 0.21),
    ("الحالة", "Condition", 0.16),
    ("العدد", "Qty", 0.10),
)


def _items(pdf: _ReceiptPDF, items: tuple[ReceiptItem, ...]) -> None:
    pdf.pair(_Text("Items handed in", 11, True, ACCENT),
             _ar("المواد المُسلَّمة", 12, bold=True, color=ACCENT))
    pdf.ln(1.5)
    widths = [share * pdf.epw for _, _, share in _COLUMNS]
    heading = [_Cell((_ar(ar, 9, bold=True), _Text(en, 8, True, MUTED)))
               for ar, en, _ in _COLUMNS]
    rows = [[
        _Cell((_ar(item.category_ar, 10, bold=True), _Text(item.category_en, 8.5))),
        _Cell((_Text(item.make_model.strip() or "—", 9),)),
        _Cell((_Text(item.calibre.strip() or "—", 9),)),
        _Cell((_Text(item.serial.strip() or "—", 9),)),
        _Cell((_ar(item.condition_ar, 9.5), _Text(item.condition_en, 8.5))),
        _Cell((_Text(str(item.quantity), 10.5, True),)),
    ] for item in items]
    total = sum(item.quantity for item in items)
    rows.append([
        _Cell((_Text("Total", 9, True),), span=5, fill=SHADE,
              end=(_ar("المجموع", 10, bold=True),)),
        _Cell((_Text(str(total), 10.5, True),), fill=SHADE),
    ])
    pdf.grid(widths, rows, heading=heading, stripes=True, pad=(1.6, 1.6))
    pdf.ln(7)


def _closing(pdf: _ReceiptPDF, data: ReceiptData) -> None:
    """How to check the receipt, in both languages, then the officer's signature."""
    inner = pdf.epw - 2 * 5
    en = _Text(data.verify_hint_en, 9.5)
    ar = _ar(data.verify_hint_ar, 10.5)
    heading = max(_Text("Verification", 8.5).leading, _ar("التحقق", 9.5).leading)
    box = heading + pdf.height_of([en, ar], inner) + 6
    if pdf.get_y() + box + 42 > pdf.page_bottom:
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_fill_color(*SHADE)
    pdf.rect(pdf.l_margin, top, pdf.epw, box, style="F")
    pdf.set_fill_color(*ACCENT)
    pdf.rect(pdf.l_margin, top, 1.2, box, style="F")
    pdf.rect(pdf.l_margin + pdf.epw - 1.2, top, 1.2, box, style="F")
    x, half = pdf.l_margin + 5, inner / 2
    pdf.write_block([_Text("Verification", 8.5, True, ACCENT)], x, top + 3, half, Align.L)
    pdf.write_block([_ar("التحقق", 9.5, bold=True, color=ACCENT)], x + half, top + 2.5,
                    half, Align.R)
    y = pdf.write_block([en], x, top + 3 + heading, inner, Align.L)
    pdf.write_block([ar], x, y, inner, Align.R)
    pdf.set_y(top + box + 2.5)
    pdf.pair(_Text("Keep this receipt: it is your record of the handover.", 8.5,
                   color=MUTED),
             _ar("احتفظ بهذا الإيصال: هو سندك على التسليم.", 9.5, color=MUTED))

    # The officer signs on the left; the stamp goes on the right.
    y = pdf.get_y() + 16
    width = 78.0
    pdf.set_draw_color(*INK)
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    end = pdf.write_block([_ar(data.officer_name, 10, bold=True)], pdf.l_margin, y + 1.5,
                          width, Align.C)
    pdf.write_block([_Text("Receiving officer's signature", 8, color=MUTED),
                     _ar("توقيع الموظف المستلم", 9, color=MUTED)], pdf.l_margin, end,
                    width, Align.C)
    stamp = 44.0
    x = pdf.l_margin + pdf.epw - stamp
    pdf.set_draw_color(*RULE)
    pdf.set_dash_pattern(dash=1.2, gap=1.2)
    pdf.rect(x, y - 14, stamp, 26)
    pdf.set_dash_pattern()
    pdf.write_block([_Text("Stamp", 8, color=MUTED), _ar("الختم", 9, color=MUTED)], x,
                    y - 14 + 8, stamp, Align.C)
