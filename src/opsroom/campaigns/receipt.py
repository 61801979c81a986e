"""The receipt a citizen takes home after handing weapons in: a bilingual (Arabic, English)
PDF. A pure function of :class:`ReceiptData`, no database: the caller gathers the values.

The fonts, the Arabic shaping and the line-by-line drawing are opsroom.core.pdf's; this
module lays out the receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fpdf.enums import Align, XPos, YPos

from opsroom.core.pdf import (
    ACCENT,
    INK,
    MUTED,
    RULE,
    SHADE,
    WARNING_FILL,
    WARNING_INK,
    BidiPDF,
    Cell,
    Text,
    ar,
)

TITLE_AR = "إيصال تسليم أسلحة"
TITLE_EN = "Weapons handover receipt"
AMNESTY_AR = "تسليم ضمن العفو — لا يُسجَّل اسم"
AMNESTY_EN = "Amnesty handover — no name recorded"
SYNTHETIC_AR = "بيانات تجريبية مصطنعة"
SYNTHETIC_EN = "SYNTHETIC DEMO DATA"


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


class _ReceiptPDF(BidiPDF):
    def __init__(self, data: ReceiptData) -> None:
        super().__init__(title=f"{TITLE_EN} {data.receipt_number}", lang="ar",
                         created=data.handed_at_local)
        self.data = data

    # Page furniture -----------------------------------------------------------------------

    def header(self) -> None:
        if self.data.synthetic:
            y, height, half = self.get_y(), 9.0, self.epw / 2 - 3
            self.set_fill_color(*WARNING_FILL)
            self.set_draw_color(*WARNING_INK)
            self.rect(self.l_margin, y, self.epw, height, style="DF")
            self.set_draw_color(*RULE)
            en = Text(f"{SYNTHETIC_EN} — not a real receipt", 10, True, WARNING_INK)
            arabic = ar(f"{SYNTHETIC_AR} — ليس إيصالاً حقيقياً", 10.5, bold=True,
                        color=WARNING_INK)
            self.write_block([en], self.l_margin + 3, y + (height - en.leading) / 2, half,
                             Align.L)
            self.write_block([arabic], self.l_margin + self.epw / 2,
                             y + (height - arabic.leading) / 2, half, Align.R)
            self.set_xy(self.l_margin, y + height + 4)
        if self.page_no() > 1:
            self.pair(Text(f"Continued: receipt {self.data.receipt_number}", 8.5,
                           color=MUTED),
                      ar(f"تابع: الإيصال {self.data.receipt_number}", 9, color=MUTED))
            self.ln(3)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        self.use(Text(self.data.receipt_number, 7.5, color=MUTED))
        self.cell(self.epw / 2, 6, self.data.receipt_number, align=Align.L)
        self.cell(self.epw / 2, 6, f"{self.page_no()} / {{nb}}", align=Align.R,
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)


def _title(pdf: _ReceiptPDF) -> None:
    pdf.pair(Text(TITLE_EN, 18, True, ACCENT), ar(TITLE_AR, 20, bold=True, color=ACCENT))
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
        pdf.write_block([Text(label_en, 8.5, color=MUTED)], x + 3, top + 1.8, half, Align.L)
        pdf.write_block([ar(label_ar, 9.5, color=MUTED)], x + box / 2, top + 1.2, half,
                        Align.R)
        value_text = Text(value, 17, True)
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
    rows: list[list[Cell]] = []
    for label_en, values, label_ar in fields:
        if len(values) == 1:
            value = Cell((ar(values[0], bold=True),))
        else:
            en, arabic = values
            value = Cell((Text(en, bold=True),), end=(ar(arabic, bold=True),))
        rows.append([Cell((Text(label_en, 8.5, color=MUTED),), Align.L), value,
                     Cell((ar(label_ar, 9.5, color=MUTED),), Align.R)])
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
    pdf.pair(Text("Items handed in", 11, True, ACCENT),
             ar("المواد المُسلَّمة", 12, bold=True, color=ACCENT))
    pdf.ln(1.5)
    widths = [share * pdf.epw for _, _, share in _COLUMNS]
    heading = [Cell((ar(arabic, 9, bold=True), Text(en, 8, True, MUTED)))
               for arabic, en, _ in _COLUMNS]
    rows = [[
        Cell((ar(item.category_ar, 10, bold=True), Text(item.category_en, 8.5))),
        Cell((Text(item.make_model.strip() or "—", 9),)),
        Cell((Text(item.calibre.strip() or "—", 9),)),
        Cell((Text(item.serial.strip() or "—", 9),)),
        Cell((ar(item.condition_ar, 9.5), Text(item.condition_en, 8.5))),
        Cell((Text(str(item.quantity), 10.5, True),)),
    ] for item in items]
    total = sum(item.quantity for item in items)
    rows.append([
        Cell((Text("Total", 9, True),), span=5, fill=SHADE,
              end=(ar("المجموع", 10, bold=True),)),
        Cell((Text(str(total), 10.5, True),), fill=SHADE),
    ])
    pdf.grid(widths, rows, heading=heading, stripes=True, pad=(1.6, 1.6))
    pdf.ln(7)


def _closing(pdf: _ReceiptPDF, data: ReceiptData) -> None:
    """How to check the receipt, in both languages, then the officer's signature."""
    inner = pdf.epw - 2 * 5
    en = Text(data.verify_hint_en, 9.5)
    arabic = ar(data.verify_hint_ar, 10.5)
    heading = max(Text("Verification", 8.5).leading, ar("التحقق", 9.5).leading)
    box = heading + pdf.height_of([en, arabic], inner) + 6
    if pdf.get_y() + box + 42 > pdf.page_bottom:
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_fill_color(*SHADE)
    pdf.rect(pdf.l_margin, top, pdf.epw, box, style="F")
    pdf.set_fill_color(*ACCENT)
    pdf.rect(pdf.l_margin, top, 1.2, box, style="F")
    pdf.rect(pdf.l_margin + pdf.epw - 1.2, top, 1.2, box, style="F")
    x, half = pdf.l_margin + 5, inner / 2
    pdf.write_block([Text("Verification", 8.5, True, ACCENT)], x, top + 3, half, Align.L)
    pdf.write_block([ar("التحقق", 9.5, bold=True, color=ACCENT)], x + half, top + 2.5,
                    half, Align.R)
    y = pdf.write_block([en], x, top + 3 + heading, inner, Align.L)
    pdf.write_block([arabic], x, y, inner, Align.R)
    pdf.set_y(top + box + 2.5)
    pdf.pair(Text("Keep this receipt: it is your record of the handover.", 8.5,
                  color=MUTED),
             ar("احتفظ بهذا الإيصال: هو سندك على التسليم.", 9.5, color=MUTED))

    # The officer signs on the left; the stamp goes on the right.
    y = pdf.get_y() + 16
    width = 78.0
    pdf.set_draw_color(*INK)
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    end = pdf.write_block([ar(data.officer_name, 10, bold=True)], pdf.l_margin, y + 1.5,
                          width, Align.C)
    pdf.write_block([Text("Receiving officer's signature", 8, color=MUTED),
                     ar("توقيع الموظف المستلم", 9, color=MUTED)], pdf.l_margin, end,
                    width, Align.C)
    stamp = 44.0
    x = pdf.l_margin + pdf.epw - stamp
    pdf.set_draw_color(*RULE)
    pdf.set_dash_pattern(dash=1.2, gap=1.2)
    pdf.rect(x, y - 14, stamp, 26)
    pdf.set_dash_pattern()
    pdf.write_block([Text("Stamp", 8, color=MUTED), ar("الختم", 9, color=MUTED)], x,
                    y - 14 + 8, stamp, Align.C)
