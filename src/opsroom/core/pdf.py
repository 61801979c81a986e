"""What every opsroom PDF shares: the fonts, Arabic shaping, paragraphs and tables drawn in
either direction. The documents themselves (a handover receipt, a civilian-harm report) are
subclasses of :class:`BidiPDF` in their apps.

Arabic is shaped by HarfBuzz (uharfbuzz) and laid out right to left by fpdf2's bidi
algorithm; the fonts are the Noto files shipped in ``core/data/fonts`` (SIL OFL 1.1), never
downloaded. Each document loads its own copy of them, so concurrent renders share nothing
mutable.

Text is drawn line by line with ``cell()``: each paragraph is wrapped here, at word
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
from fpdf.enums import Align, TextDirection
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

RGB = tuple[int, int, int]
INK: RGB = (33, 37, 41)
MUTED: RGB = (90, 98, 108)
RULE: RGB = (176, 184, 192)
SHADE: RGB = (234, 238, 242)
STRIPE: RGB = (247, 248, 250)
ACCENT: RGB = (20, 70, 120)
WARNING_FILL: RGB = (255, 224, 130)
WARNING_INK: RGB = (120, 53, 15)
WHITE: RGB = (255, 255, 255)

PT = 25.4 / 72  # millimetres per point

_ISOLATES = "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
_NO_ISOLATES = str.maketrans("", "", _ISOLATES)


def ltr(text: str) -> str:
    """A date, a range or a time kept in its left-to-right order inside Arabic text, by a
    left-to-right isolate (U+2066 ... U+2069). Without it Unicode's bidi rules turn the
    numbers after an Arabic word into Arabic numbers, which a hyphen or a dash does not
    join: "2026-10-01" reads "01-10-2026" and "4–9" reads "9–4". Only for text that also
    holds Arabic: unshaped text has no bidi step to heed them (BidiPDF drops them)."""
    return f"{_ISOLATES[0]}{text}{_ISOLATES[3]}"


def is_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left: its first strong character is Arabic or
    Hebrew (Unicode bidi rules P2, P3)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def has_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(char) == "AL" for char in text)


def has_latin(text: str) -> bool:
    return any(char.isalpha() and unicodedata.bidirectional(char) == "L" for char in text)


@dataclass(frozen=True)
class Text:
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
        return ARABIC if has_arabic(self.text) and not has_latin(self.text) else LATIN

    @property
    def leading(self) -> float:
        # Naskh's marks and descenders need more room than Latin.
        return self.size * PT * (1.55 if has_arabic(self.text) else 1.35)


def ar(text: str, size: float = 10, *, bold: bool = False, color: RGB = INK) -> Text:
    """Arabic text: set a point or so larger than Latin, as Naskh's letters are smaller."""
    return Text(text, size, bold, color)


@dataclass(frozen=True)
class Cell:
    """A table cell: paragraphs one under the other; with ``end``, ``lines`` go to the
    left and ``end`` to the right of the same cell (English and Arabic side by side)."""

    lines: tuple[Text, ...]
    align: Align = Align.C
    span: int = 1
    fill: RGB | None = None
    end: tuple[Text, ...] = ()


class BidiPDF(FPDF):
    """An A4 portrait document in millimetres with the shipped fonts loaded, drawing
    paragraphs and tables in either direction. Pages break where the subclass says
    (``keep``, ``grid``): fpdf2's automatic page break is off, as it cannot tell a table
    row from a paragraph."""

    def __init__(self, *, title: str, lang: str, created: datetime) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(15, 12, 15)
        self.set_auto_page_break(False)
        self.page_bottom = self.h - 18
        self.set_creator("opsroom")
        self.set_title(title)
        self.set_lang(lang)
        # The document's own date, not the clock's: the same input renders the same bytes.
        self.set_creation_date(created)
        for (family, style), name in _FONT_FILES.items():
            self.add_font(family, style, FONTS / name)
            _lighten(self.fonts[f"{family}{style}"])
        self.set_fallback_fonts([LATIN, ARABIC])
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)
        self._direction: TextDirection | None = None
        self._wrapped: dict[tuple[Text, float], list[str]] = {}

    def close_fonts(self) -> None:
        """Close the font files (fontTools reads them lazily); output() closes those it
        embedded, this also those of a document that failed or was never output."""
        for font in self.fonts.values():
            close = getattr(font, "close", None)
            if close is not None:
                close()

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` more millimetres fit on this one: a block that
        must not be split (a heading with what follows it, a chart, a map)."""
        if self.get_y() + height > self.page_bottom:
            self.add_page()

    # Text ---------------------------------------------------------------------------------

    def _parse_chars(self, text: str, markdown: bool, *,
                     _initial_emphasis: tuple[bool, bool, bool, bool] | None = None,
                     ) -> Iterator[Fragment]:
        """fpdf2 (2.8.9) starts a new fragment at every change of Unicode script, and
        counts the combining marks (script "Inherited": the harakat, shadda, ZWJ) as one,
        so HarfBuzz shapes "يُسجَّل" in three pieces and the letters around each mark do not
        join. Glue such pieces back together when nothing else differs.

        The bidi algorithm has run by now (fpdf2 hands over each directional run), so the
        isolates of ``ltr()`` have done their work: they are dropped here, as fpdf2 would
        draw them as empty glyphs of their own, which text extraction takes for letters
        and uses to split the line they are in."""
        text = text.translate(_NO_ISOLATES)
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

    def use(self, text: Text) -> None:
        self.set_font(text.family, "B" if text.bold else "", text.size)
        self.set_text_color(*text.color)
        # Text with no Arabic needs no shaping (or bidi) beyond kerning: fpdf2's plain path
        # is several times faster. Arabic text is shaped, in its paragraph's direction.
        direction = None
        if has_arabic(text.text):
            direction = TextDirection.RTL if is_rtl(text.text) else TextDirection.LTR
        if direction != self._direction:
            if direction is None:
                self.set_text_shaping(False)
            else:
                # Not the optional "liga" ligatures: Naskh's only one is the word Allah as a
                # single glyph, which text extraction (copy, search) then spells backwards,
                # "اهلل" for "الله" in every "عبد الله". The required ones (lam-alef) stay.
                self.set_text_shaping(True, direction=direction, features={"liga": False})
            self._direction = direction

    def text_width(self, text: Text) -> float:
        self.use(text)
        return float(self.get_string_width(text.text))

    def wrap(self, text: Text, width: float) -> list[str]:
        """The paragraph's lines in logical order, broken between words (or inside a word
        too long for a line)."""
        key = (text, round(width, 3))
        if key not in self._wrapped:
            self._wrapped[key] = self._wrap(text, width)
        return self._wrapped[key]

    def _wrap(self, text: Text, width: float) -> list[str]:
        self.use(text)
        if self.get_string_width(text.text) <= width:
            return [text.text]
        # Each word is measured once and lines are filled by adding up the widths: shaping
        # every candidate line again costs time in the square of a paragraph's length.
        # Words do not join or kern across a space (Arabic letters join only inside a word),
        # so the sum is the line's width; each line is still measured once to be sure.
        words = text.text.split()
        space = self.get_string_width(" ")
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        for word in words:
            wide = self.get_string_width(word)
            if current and used + space + wide <= width:
                current.append(word)
                used += space + wide
                continue
            if current:
                lines.append(" ".join(current))
            current, used = [word], wide
            while used > width and len(current[0]) > 1:
                piece, rest = self._cut(current[0], width)
                lines.append(piece)
                current, used = [rest], self.get_string_width(rest)
        if current:
            lines.append(" ".join(current))
        if any(self.get_string_width(line) > width + 0.01 for line in lines if " " in line):
            return self._wrap_exactly(text.text, width)
        return lines

    def _cut(self, word: str, width: float) -> tuple[str, str]:
        """A word too long for a line: as much of it as fits, and the rest."""
        cut = len(word) - 1
        while cut > 1 and self.get_string_width(word[:cut]) > width:
            cut -= 1
        return word[:cut], word[cut:]

    def _wrap_exactly(self, text: str, width: float) -> list[str]:
        """Line breaking that measures every candidate line whole: for a font that kerns
        across spaces, where the sum of the words' widths falls short."""
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if self.get_string_width(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while self.get_string_width(current) > width and len(current) > 1:
                piece, current = self._cut(current, width)
                lines.append(piece)
        if current:
            lines.append(current)
        return lines

    def height_of(self, texts: Sequence[Text], width: float) -> float:
        return sum(len(self.wrap(text, width)) * text.leading for text in texts)

    def write_block(self, texts: Sequence[Text], x: float, y: float, width: float,
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

    def pair(self, left: Text, right: Text, *, gap: float = 6) -> None:
        """English on the left half, Arabic on the right half, from the current y."""
        half = (self.epw - gap) / 2
        y = self.get_y()
        end = max(self.write_block([left], self.l_margin, y, half, Align.L),
                  self.write_block([right], self.l_margin + half + gap, y, half, Align.R))
        self.set_xy(self.l_margin, end)

    # Tables -------------------------------------------------------------------------------

    def natural_width(self, texts: Sequence[Text]) -> float:
        return max((self.text_width(text) for text in texts), default=0.0)

    def split(self, start: Sequence[Text], end: Sequence[Text], width: float,
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

    def cell_height(self, cell: Cell, width: float) -> float:
        if not cell.end:
            return self.height_of(cell.lines, width)
        left, right = self.split(cell.lines, cell.end, width)
        return max(self.height_of(cell.lines, left), self.height_of(cell.end, right))

    def grid(self, widths: Sequence[float], rows: Sequence[Sequence[Cell]], *,
             heading: Sequence[Cell] = (), lines_only: bool = False,
             pad: tuple[float, float] = (1.8, 1.8), stripes: bool = False,
             rtl: bool = False) -> None:
        """A table drawn row by row; a row that does not fit starts a new page, where the
        heading row is repeated. ``widths`` and each row's cells are in reading order:
        with ``rtl`` the first column is the rightmost and the table is set against the
        right margin."""
        total = sum(widths)
        left_edge = self.l_margin + self.epw - total if rtl else self.l_margin

        def measure(row: Sequence[Cell]) -> float:
            height, col = 0.0, 0
            for cell in row:
                width = sum(widths[col:col + cell.span]) - 2 * pad[0]
                height = max(height, self.cell_height(cell, width))
                col += cell.span
            return height + 2 * pad[1]

        def draw(row: Sequence[Cell], height: float, fill: RGB | None) -> None:
            y, col = self.get_y(), 0
            x = left_edge + total if rtl else left_edge
            for cell in row:
                width = sum(widths[col:col + cell.span])
                if rtl:
                    x -= width
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
                if not rtl:
                    x += width
                col += cell.span
            if lines_only:
                self.line(left_edge, y + height, left_edge + total, y + height)
            self.set_xy(self.l_margin, y + height)

        heading_height = measure(heading) if heading else 0.0
        if lines_only:
            self.line(left_edge, self.get_y(), left_edge + total, self.get_y())
        if heading:
            draw(heading, heading_height, SHADE)
        for i, row in enumerate(rows):
            height = measure(row)
            if self.get_y() + height > self.page_bottom:
                self.add_page()
                if heading:
                    draw(heading, heading_height, SHADE)
            draw(row, height, STRIPE if stripes and i % 2 else None)


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
