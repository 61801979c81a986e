"""The civilian harm summary report: a PDF in Arabic (right to left, the default) or English,
a pure function of :class:`~opsroom.casualties.reportdata.HarmReportData`. No database and
no gettext: the caller gathers the figures, and every word the report prints is in
``_STRINGS`` below, one dictionary per language, so a translator finds them in one place.

The pages, in order: the title with the city, the period and who generated it; the headline
figures; the figures by verification state, by district and by ISO week (with a chart); a
map of the districts and events; the telecommunications outages; the method in plain
words. Page breaks fall between table rows, never inside a chart or the map. Charts and maps are
fpdf2 vector drawing, so they print sharp and cost no image library. In Arabic the whole
layout is mirrored (tables read from the right, the chart's weeks run right to left); the
map is not, as north stays up and east stays right.

Every figure is a range, printed "low–high (best N)" (just "N" when the sources agree): they
seldom do, and a single number would claim more than is known. Shaping stays one call per
line of text, as in core.pdf: about 0.3 s for a report, however many events it maps.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fpdf.enums import Align

from opsroom.casualties.reportdata import HarmReportData, MapDistrict, Range, StateRow
from opsroom.core.pdf import (
    ACCENT,
    INK,
    MUTED,
    RGB,
    RULE,
    SHADE,
    WARNING_FILL,
    WARNING_INK,
    WHITE,
    BidiPDF,
    Cell,
    Text,
    has_arabic,
    ltr,
)

LANGUAGES = ("ar", "en")
STATES = ("unverified", "corroborated", "verified", "disputed", "rejected")

# Every word the report prints, by language; both dictionaries have the same keys (a test
# checks). Avoid harakat here: text extraction (copy, search, screen readers through
# pdftotext) sets them apart from their letters.
_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Civilian harm summary",
        "period": "{city} · {start} to {end}",
        "generated": "Generated {at} by {by} · {sources} sources",
        "synthetic": "SYNTHETIC DEMO DATA — these are not real events",
        "running": "Civilian harm summary · {city} · {start} to {end}",
        "page": "Page",
        "best": "best",
        "best_estimate": "best estimate {n}",
        "events": "Events",
        "victims": "Victims",
        "victims_n": "{n} victims",
        "killed": "Killed",
        "injured": "Injured",
        "missing": "Missing",
        "counted_only": "Counted states only: {states}",
        "no_events": "No events were recorded in this period.",
        "by_state": "By verification state",
        "state": "Verification state",
        "counted": "Counted",
        "yes": "yes",
        "no": "no",
        "total_counted": "Total (counted states)",
        "by_state_note": "Every state is listed; only the counted ones add up to the total "
                         "and to the figures that follow.",
        "by_district": "By district",
        "district": "District",
        "none": "None in this period.",
        "map": "Map: killed by district",
        "map_none": "No district boundaries to draw.",
        "legend_killed": "Killed in the district (best estimate)",
        "legend_events": "Events (circle size: killed, best estimate)",
        "legend_exact": "Located at the place or nearby",
        "legend_district": "Located only to the district: drawn hollow, at its centre",
        "north": "N",
        "km": "{n} km",
        "by_week": "By ISO week",
        "week": "ISO week",
        "starts": "Starts",
        "week_label": "{year}-W{week}",
        "week_short": "W{week}",
        "chart_title": "Killed per week",
        "chart_note": "Bars: best estimate. Lines: from the lowest to the highest figure.",
        "outages": "Telecommunications outages",
        "outages_note": "Share of each district's population without mobile service (voice, "
                        "SMS or data down), by the hours the confirmed outages covered that "
                        "day. It is an upper bound: the whole district counts as cut off while "
                        "any one operator is down. Days without an outage are left out.",
        "outages_none": "No district lost mobile service in this period.",
        "day": "Day",
        "population": "Population",
        "without_mobile": "Without mobile service",
        "method": "Method",
        "method_ranges": "Figures are ranges. An event's sources, often several, seldom agree: "
                         "the recorder sets each figure as a lowest and a highest number that "
                         "hold what the sources say, with a best estimate between them, and a "
                         "source whose own figures fall outside the range is flagged. "
                         "Totals add the lows, the highs and the best estimates separately. "
                         "This report draws on {sources} sources.",
        "method_states": "Every event has a verification state:",
        "state_unverified": "{label}: reported, not yet checked.",
        "state_corroborated": "{label}: at least two independent sources agree.",
        "state_verified": "{label}: a second protection officer reviewed it, with at least "
                          "two independent sources, one of them graded B2 or better on the "
                          "Admiralty scale.",
        "state_disputed": "{label}: the sources contradict each other.",
        "state_rejected": "{label}: found not to have happened as reported; kept on record.",
        "method_counted": "This report counts: {states}. The table by verification state "
                          "lists every state.",
        "method_precision": "As in ACLED's data, every event records how precisely its time "
                            "and its place are known. Time: 1, the day is known; 2, only the "
                            "week; 3, only the month. Place: 1, the exact location; 2, a place "
                            "nearby; 3, only the district, in which case the map draws the "
                            "event at the district's centre as a hollow circle.",
        "method_actors": "Actors are named as the sources attribute the acts to them; the "
                         "operations room makes no attribution of its own.",
        "method_people": "The report describes places and periods. No person is scored or "
                         "ranked, and victims' names never appear in this report.",
        "list_separator": ", ",
    },
    "ar": {
        "title": "ملخص الأضرار بين المدنيين",
        "period": "{city} · من {start} إلى {end}",
        "generated": "أعد في {at} بواسطة {by} · عدد المصادر: {sources}",
        "synthetic": "بيانات تجريبية مصطنعة — ليست أحداثا حقيقية",
        "running": "ملخص الأضرار بين المدنيين · {city} · من {start} إلى {end}",
        "page": "صفحة",
        "best": "أفضل تقدير",
        "best_estimate": "أفضل تقدير {n}",
        "events": "الأحداث",
        "victims": "الضحايا",
        "victims_n": "الضحايا: {n}",
        "killed": "القتلى",
        "injured": "الجرحى",
        "missing": "المفقودون",
        "counted_only": "الحالات المحتسبة فقط: {states}",
        "no_events": "لم تسجل أي أحداث في هذه الفترة.",
        "by_state": "حسب حالة التحقق",
        "state": "حالة التحقق",
        "counted": "محتسبة",
        "yes": "نعم",
        "no": "لا",
        "total_counted": "المجموع (الحالات المحتسبة)",
        "by_state_note": "يعرض الجدول كل الحالات؛ ولا تدخل في المجموع وفي الأرقام التالية "
                         "إلا الحالات المحتسبة.",
        "by_district": "حسب المنطقة",
        "district": "المنطقة",
        "none": "لا شيء في هذه الفترة.",
        "map": "خريطة: القتلى حسب المنطقة",
        "map_none": "لا توجد حدود مناطق لرسمها.",
        "legend_killed": "القتلى في المنطقة (أفضل تقدير)",
        "legend_events": "الأحداث (حجم الدائرة: القتلى، أفضل تقدير)",
        "legend_exact": "الموقع معروف بدقة أو بالقرب منه",
        "legend_district": "المنطقة فقط معروفة: دائرة مفرغة في مركزها",
        "north": "ش",
        "km": "{n} كم",
        "by_week": "حسب الأسبوع",
        "week": "الأسبوع",
        "starts": "يبدأ في",
        "week_label": "الأسبوع {week} من {year}",
        "week_short": "الأسبوع {week}",
        "chart_title": "القتلى في كل أسبوع",
        "chart_note": "الأعمدة: أفضل تقدير. الخطوط: من أدنى رقم إلى أعلى رقم.",
        "outages": "انقطاع الاتصالات",
        "outages_note": "نسبة سكان كل منطقة الذين فقدوا خدمة الهاتف المحمول (المكالمات أو "
                        "الرسائل القصيرة أو البيانات)، بحسب ساعات الانقطاع المؤكد في ذلك "
                        "اليوم. وهي حد أعلى: تعد المنطقة كلها مقطوعة ما دام أي مشغل متوقفا. "
                        "لا تذكر الأيام التي لم يحدث فيها انقطاع.",
        "outages_none": "لم تنقطع خدمة الهاتف المحمول عن أي منطقة في هذه الفترة.",
        "day": "اليوم",
        "population": "السكان",
        "without_mobile": "دون خدمة الهاتف المحمول",
        "method": "المنهجية",
        "method_ranges": "الأرقام نطاقات. مصادر الحدث غالبا عدة مصادر قلما تتفق: لذلك يضع "
                         "المسجل لكل رقم أدنى عدد وأعلى عدد يتسعان لما تقوله المصادر، مع أفضل "
                         "تقدير بينهما، وينبه إلى كل مصدر تخرج أرقامه عن هذا النطاق. "
                         "وتجمع المجاميع الحدود الدنيا والحدود العليا "
                         "وأفضل التقديرات كلا على حدة. عدد المصادر التي يعتمد عليها هذا "
                         "التقرير: {sources}.",
        "method_states": "لكل حدث حالة تحقق:",
        "state_unverified": "{label}: أبلغ عنه ولم يتحقق منه بعد.",
        "state_corroborated": "{label}: يتفق عليه مصدران مستقلان على الأقل.",
        "state_verified": "{label}: راجعه موظف حماية ثان، بمصدرين مستقلين على الأقل، أحدهما "
                          "مصنف B2 أو أفضل على مقياس الأميرالية.",
        "state_disputed": "{label}: تتعارض المصادر فيه.",
        "state_rejected": "{label}: ثبت أنه لم يقع كما أبلغ عنه؛ ويبقى في السجل.",
        "method_counted": "يحتسب هذا التقرير: {states}. ويعرض جدول حالات التحقق كل الحالات.",
        "method_precision": "كما في بيانات ACLED، يسجل لكل حدث مدى دقة معرفة وقته ومكانه. "
                            "الوقت: 1 اليوم معروف؛ 2 الأسبوع فقط؛ 3 الشهر فقط. المكان: 1 "
                            "الموقع الدقيق؛ 2 مكان قريب؛ 3 المنطقة فقط، وعندها ترسم الخريطة "
                            "الحدث في مركز المنطقة بدائرة مفرغة.",
        "method_actors": "تذكر الجهات الفاعلة كما تنسب إليها المصادر الأفعال؛ ولا تنسب غرفة "
                         "العمليات المسؤولية إلى أحد من عندها.",
        "method_people": "يصف التقرير أماكن وفترات زمنية. لا يقيم أي شخص ولا يصنف، ولا ترد "
                         "أسماء الضحايا في هذا التقرير أبدا.",
        "list_separator": "، ",
    },
}

# Default names of the verification states, for a state the data gives no row (and so no
# label) for; the data's own labels win.
_STATE_NAMES = {
    "en": {"unverified": "Unverified", "corroborated": "Corroborated", "verified": "Verified",
           "disputed": "Disputed", "rejected": "Rejected"},
    "ar": {"unverified": "غير متحقق منه", "corroborated": "مؤيد بمصدرين",
           "verified": "متحقق منه", "disputed": "متنازع عليه", "rejected": "مرفوض"},
}

# The map's shading, light to dark: a sequential red scale (ColorBrewer "Reds"), readable
# in grey print too. Districts with no one killed stay near white.
_ZERO_FILL: RGB = (243, 244, 246)
_SCALE: tuple[RGB, ...] = ((252, 205, 183), (245, 143, 111), (219, 72, 52), (153, 18, 29))
_BAR: RGB = (84, 120, 168)
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")


def render_harm_report(data: HarmReportData, lang: str = "ar") -> bytes:
    """The report as a PDF (A4 portrait, as many pages as it needs)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang is one of {', '.join(LANGUAGES)}, not {lang!r}")
    pdf = _ReportPDF(data, lang)
    try:
        pdf.add_page()
        _title(pdf)
        _headline(pdf)
        _by_state(pdf)
        _by_district(pdf)
        _by_week(pdf)
        _map(pdf)
        _outages(pdf)
        _method(pdf)
        return bytes(pdf.output())
    finally:
        pdf.close_fonts()


class _ReportPDF(BidiPDF):
    def __init__(self, data: HarmReportData, lang: str) -> None:
        self.strings = _STRINGS[lang]
        self.data = data
        self.lang = lang
        self.rtl = lang == "ar"
        self.start = Align.R if self.rtl else Align.L  # where a line of text begins
        super().__init__(title=f"{self.strings['title']} — {self.city}", lang=lang,
                         created=data.generated_at)

    def ltr(self, text: str) -> str:
        """A date, time or range kept left to right in an Arabic line (see core.pdf.ltr)."""
        return ltr(text) if self.rtl else text

    def s(self, key: str, **values: object) -> str:
        return self.strings[key].format(**values) if values else self.strings[key]

    def t(self, text: str, size: float = 9, *, bold: bool = False,
          color: RGB = INK) -> Text:
        """Text in the report's type scale: Arabic a point larger, as Naskh's letters are
        smaller than Latin ones at the same size."""
        return Text(text, size + (0.9 if has_arabic(text) else 0), bold, color)

    @property
    def city(self) -> str:
        return self.data.city_ar if self.rtl else self.data.city_en

    def x_at(self, offset: float, width: float) -> float:
        """The left edge of a box ``offset`` millimetres from the line's start (the left
        margin in English, the right one in Arabic)."""
        if self.rtl:
            return self.l_margin + self.epw - offset - width
        return self.l_margin + offset

    def paragraph(self, text: Text, *, indent: float = 0, after: float = 1.5) -> None:
        width = self.epw - indent
        x = self.l_margin if self.rtl else self.l_margin + indent
        self.set_y(self.write_block([text], x, self.get_y(), width, self.start) + after)

    def section(self, key: str, room: float) -> None:
        """A section heading, kept on one page with ``room`` millimetres of what follows."""
        heading = self.t(self.s(key), 12, bold=True, color=ACCENT)
        self.keep(6 + heading.leading + room)
        self.ln(4)
        self.paragraph(heading, after=0.4)
        y = self.get_y()
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.35)
        self.line(self.l_margin, y, self.l_margin + self.epw, y)
        self.set_line_width(0.2)
        self.set_draw_color(*RULE)
        self.set_y(y + 2.5)

    # Page furniture -----------------------------------------------------------------------

    def header(self) -> None:
        if self.data.synthetic:
            y, height = self.get_y(), 8.0
            self.set_fill_color(*WARNING_FILL)
            self.set_draw_color(*WARNING_INK)
            self.rect(self.l_margin, y, self.epw, height, style="DF")
            self.set_draw_color(*RULE)
            banner = self.t(self.s("synthetic"), 10, bold=True, color=WARNING_INK)
            self.write_block([banner], self.l_margin, y + (height - banner.leading) / 2,
                             self.epw, Align.C)
            self.set_xy(self.l_margin, y + height + 3)
        if self.page_no() > 1:
            self.paragraph(self.t(self.s("running", city=self.city, **_period(self)), 8,
                                  color=MUTED), after=0.5)
            y = self.get_y()
            self.line(self.l_margin, y, self.l_margin + self.epw, y)
            self.set_y(y + 2)

    def footer(self) -> None:
        self.set_y(-13)
        y = self.get_y()
        self.set_draw_color(*RULE)
        self.line(self.l_margin, y, self.l_margin + self.epw, y)
        title = self.t(f"{self.s('title')} · {self.city}", 7.5, color=MUTED)
        word = self.t(self.s("page"), 7.5, color=MUTED)
        number = Text(f"{self.page_no()} / {{nb}}", 7.5, color=MUTED)
        # fpdf2 measures "{nb}" as those four characters, so the number is drawn left
        # aligned, never wrapped; the count has at least as many digits as this page's
        # number, which sets the room left for it.
        number_width = self.text_width(Text(f"{self.page_no()} / {self.page_no()}", 7.5))
        word_width = self.text_width(word) + 0.5
        half, gap, top = self.epw / 2, 0.6, y + 1.5
        right = self.l_margin + self.epw
        # cell() insets left-aligned text by its margin: the number starts that much left
        # of where its glyphs should begin.
        if self.rtl:
            self.write_block([title], self.l_margin + half, top, half, Align.R)
            number_x = self.l_margin - self.c_margin
            word_x = self.l_margin + number_width + gap
        else:
            self.write_block([title], self.l_margin, top, half, Align.L)
            number_x = right - number_width - self.c_margin
            word_x = number_x + self.c_margin - gap - word_width
        self.write_block([word], word_x, top, word_width, Align.C)
        self.use(number)
        self.set_xy(number_x, top + (word.leading - number.leading) / 2)
        self.cell(number_width, number.leading, number.text, align=Align.L)
        self.set_text_color(*INK)


# Formatting -----------------------------------------------------------------------------


def _period(pdf: _ReportPDF) -> dict[str, str]:
    data = pdf.data
    return {"start": pdf.ltr(f"{data.period_from:%Y-%m-%d}"),
            "end": pdf.ltr(f"{data.period_to:%Y-%m-%d}")}


def _stamp(pdf: _ReportPDF, when: datetime) -> str:
    text = f"{when:%Y-%m-%d %H:%M}"
    offset = when.strftime("%z")
    if offset:
        # "UTC" is Latin letters in an Arabic line; the offset alone reads in both.
        zone = f"{offset[:3]}:{offset[3:]}"
        text += f" ({zone})" if pdf.rtl else f" (UTC{zone})"
    return pdf.ltr(text)


def _figure(pdf: _ReportPDF, r: Range) -> str:
    """"4–9 (best 6)"; a figure the sources agree on is just the number."""
    if r.low == r.high == r.best:
        return str(r.best)
    return f"{pdf.ltr(f'{r.low}–{r.high}')} ({pdf.s('best')} {r.best})"


def _week(pdf: _ReportPDF, week: str, key: str = "week_label") -> str:
    found = _WEEK.match(week)
    if found is None:
        return week
    return pdf.s(key, year=found[1], week=int(found[2]))


def _state_label(pdf: _ReportPDF, state: str) -> str:
    for row in pdf.data.states:
        if row.state == state:
            return row.label_ar if pdf.rtl else row.label_en
    return _STATE_NAMES[pdf.lang].get(state, state)


def _counted_labels(pdf: _ReportPDF) -> str:
    return pdf.s("list_separator").join(_state_label(pdf, state)
                                        for state in pdf.data.counted_states)


def _percent(share: float) -> str:
    if 0 < share < 0.001:
        return "<0.1%"
    return f"{share * 100:.1f}%"


# Sections -------------------------------------------------------------------------------


def _title(pdf: _ReportPDF) -> None:
    data = pdf.data
    pdf.paragraph(pdf.t(pdf.s("title"), 19, bold=True, color=ACCENT), after=0.5)
    pdf.paragraph(pdf.t(pdf.s("period", city=pdf.city, **_period(pdf)), 11, bold=True),
                  after=0.3)
    pdf.paragraph(pdf.t(pdf.s("generated", at=_stamp(pdf, data.generated_at),
                              by=data.generated_by, sources=data.sources), 8.5, color=MUTED),
                  after=1.2)
    y = pdf.get_y()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)
    pdf.set_y(y + 4)


def _headline(pdf: _ReportPDF) -> None:
    """Four boxes: events counted, then killed, injured and missing as ranges."""
    total = pdf.data.total
    boxes = [
        (pdf.s("events"), str(total.events), pdf.s("victims_n", n=total.victims)),
        *[(pdf.s(key), f"{r.low}–{r.high}" if r.low != r.high else str(r.best),
           pdf.s("best_estimate", n=r.best))
          for key, r in (("killed", total.killed), ("injured", total.injured),
                         ("missing", total.missing))],
    ]
    gap, height = 4.0, 21.0
    width = (pdf.epw - gap * (len(boxes) - 1)) / len(boxes)
    top = pdf.get_y()
    for i, (label, value, note) in enumerate(boxes):
        x = pdf.x_at(i * (width + gap), width)
        pdf.set_fill_color(*SHADE)
        pdf.rect(x, top, width, height, style="F")
        pdf.set_fill_color(*(ACCENT if i == 0 else _SCALE[3]))
        pdf.rect(x + width - 1.2 if pdf.rtl else x, top, 1.2, height, style="F")
        pdf.write_block([pdf.t(label, 8.5, bold=True, color=MUTED)], x + 3, top + 1.5,
                        width - 6, pdf.start)
        pdf.write_block([Text(value, 16, True)], x + 3, top + 6.3, width - 6, pdf.start)
        pdf.write_block([pdf.t(note, 8, color=MUTED)], x + 3, top + 14.3, width - 6,
                        pdf.start)
    pdf.set_y(top + height + 2)
    pdf.paragraph(pdf.t(pdf.s("counted_only", states=_counted_labels(pdf)), 8, color=MUTED),
                  after=0)
    if total.events == 0:
        pdf.ln(2)
        _notice(pdf, pdf.s("no_events"))


def _notice(pdf: _ReportPDF, message: str) -> None:
    """A sentence in a shaded box: what a missing table or chart would have shown."""
    text = pdf.t(message, 9.5, bold=True)
    height = pdf.height_of([text], pdf.epw - 8) + 4
    pdf.keep(height)
    top = pdf.get_y()
    pdf.set_fill_color(*SHADE)
    pdf.rect(pdf.l_margin, top, pdf.epw, height, style="F")
    pdf.write_block([text], pdf.l_margin + 4, top + 2, pdf.epw - 8, pdf.start)
    pdf.set_y(top + height + 1)


def _head(pdf: _ReportPDF, keys: Sequence[str]) -> list[Cell]:
    return [Cell((pdf.t(pdf.s(key), 8, bold=True, color=MUTED),),
                 pdf.start if i == 0 else Align.C) for i, key in enumerate(keys)]


def _row_height(pdf: _ReportPDF) -> float:
    """About one table row with its heading, for keeping a heading with its table."""
    return 2 * (pdf.t("ا", 9).leading + 3.6)


def _by_state(pdf: _ReportPDF) -> None:
    pdf.section("by_state", 3 * _row_height(pdf))
    data = pdf.data
    rest = (pdf.epw - 36 - 15 - 2 * 15) / 3
    widths = [36, 15, 15, 15, rest, rest, rest]
    counted = set(data.counted_states)

    def figures(row: StateRow, colour: RGB, *, bold: bool = False,
                fill: RGB | None = None) -> list[Cell]:
        values = [str(row.events), str(row.victims),
                  *(_figure(pdf, r) for r in (row.killed, row.injured, row.missing))]
        return [Cell((pdf.t(value, 8.5, bold=bold, color=colour),), fill=fill)
                for value in values]

    # A state the report does not count is printed grey, its figures still shown.
    rows = []
    for row in data.states:
        on = row.state in counted
        colour = INK if on else MUTED
        label = Cell((pdf.t(row.label_ar if pdf.rtl else row.label_en, 9, bold=on,
                            color=colour),), pdf.start)
        mark = Cell((pdf.t(pdf.s("yes" if on else "no"), 8.5, color=colour),))
        rows.append([label, mark, *figures(row, colour)])
    total_label = Cell((pdf.t(pdf.s("total_counted"), 9, bold=True),), pdf.start, span=2,
                       fill=SHADE)
    rows.append([total_label, *figures(data.total, INK, bold=True, fill=SHADE)])
    pdf.grid(widths, rows, heading=_head(pdf, ["state", "counted", "events", "victims",
                                               "killed", "injured", "missing"]),
             pad=(1.5, 1.4), rtl=pdf.rtl)
    pdf.ln(1.2)
    pdf.paragraph(pdf.t(pdf.s("by_state_note"), 8, color=MUTED), after=0)


def _by_district(pdf: _ReportPDF) -> None:
    pdf.section("by_district", 2 * _row_height(pdf))
    districts = pdf.data.districts
    if not districts:
        _notice(pdf, pdf.s("none"))
        return
    rest = (pdf.epw - 60 - 20) / 2
    rows = [[Cell((pdf.t(d.name_ar if pdf.rtl else d.name_en, 9),), pdf.start),
             Cell((Text(str(d.events), 8.5),)),
             Cell((pdf.t(_figure(pdf, d.killed), 8.5),)),
             Cell((pdf.t(_figure(pdf, d.injured), 8.5),))] for d in districts]
    pdf.grid([60, 20, rest, rest], rows,
             heading=_head(pdf, ["district", "events", "killed", "injured"]),
             pad=(1.5, 1.3), stripes=True, rtl=pdf.rtl)


def _by_week(pdf: _ReportPDF) -> None:
    weeks = pdf.data.weeks
    pdf.section("by_week", 2 * _row_height(pdf))
    if not weeks:
        _notice(pdf, pdf.s("none"))
        return
    rest = (pdf.epw - 40 - 26 - 18) / 2
    rows = [[Cell((pdf.t(_week(pdf, w.week), 9),), pdf.start),
             Cell((Text(f"{w.starts:%Y-%m-%d}", 8.5),)),
             Cell((Text(str(w.events), 8.5),)),
             Cell((pdf.t(_figure(pdf, w.killed), 8.5),)),
             Cell((pdf.t(_figure(pdf, w.injured), 8.5),))] for w in weeks]
    pdf.grid([40, 26, 18, rest, rest], rows,
             heading=_head(pdf, ["week", "starts", "events", "killed", "injured"]),
             pad=(1.5, 1.3), stripes=True, rtl=pdf.rtl)
    _chart(pdf)


def _nice_step(most: float, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) for about ``ticks`` gridlines."""
    raw = max(most / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _chart(pdf: _ReportPDF) -> None:
    """Killed per week: a bar for the best estimate, a line with caps from the lowest to
    the highest figure. In Arabic the weeks run from right to left and the scale is on the
    right, as an Arabic reader reads a timeline."""
    weeks = pdf.data.weeks
    title = pdf.t(pdf.s("chart_title"), 9.5, bold=True)
    note = pdf.t(pdf.s("chart_note"), 7.5, color=MUTED)
    label = pdf.t(_week(pdf, weeks[0].week, "week_short"), 7)
    # The plot is 52 mm tall, or down to 38 mm to finish a page rather than leave its
    # foot empty.
    fixed = 4 + title.leading + 3 + 1.5 + 2 * label.leading + note.leading + 1
    height = min(52.0, pdf.page_bottom - pdf.get_y() - fixed)
    if height < 38:
        pdf.add_page()
        height = 52.0
    pdf.ln(4)
    pdf.paragraph(title, after=1)
    top = pdf.get_y() + 2
    scale_width = 9.0
    plot_left = pdf.l_margin + (0 if pdf.rtl else scale_width)
    plot_width = pdf.epw - scale_width
    bottom = top + height
    most = max(w.killed.high for w in weeks)
    step = _nice_step(most)
    ceiling = max(step, math.ceil(most / step) * step)

    def y_of(value: float) -> float:
        return bottom - height * value / ceiling

    # Gridlines and their numbers.
    tick = Text("0", 7, color=MUTED)
    for value in range(0, ceiling + 1, step):
        y = y_of(value)
        pdf.set_draw_color(*(INK if value == 0 else SHADE))
        pdf.set_line_width(0.3 if value == 0 else 0.2)
        pdf.line(plot_left, y, plot_left + plot_width, y)
        scale_x = plot_left + plot_width + 1 if pdf.rtl else pdf.l_margin
        pdf.write_block([Text(str(value), 7, color=MUTED)], scale_x, y - tick.leading / 2,
                        scale_width - 1.5, Align.L if pdf.rtl else Align.R)
    slot = plot_width / len(weeks)
    bar = min(slot * 0.55, 16)
    # Label every week when the labels fit under their bars, else every second or third.
    widest = max(pdf.text_width(pdf.t(_week(pdf, w.week, "week_short"), 7)) for w in weeks)
    every = max(1, math.ceil((widest + 2) / slot))
    for i, w in enumerate(weeks):
        centre = (plot_left + plot_width - (i + 0.5) * slot if pdf.rtl
                  else plot_left + (i + 0.5) * slot)
        if w.killed.best > 0:
            pdf.set_fill_color(*_BAR)
            pdf.rect(centre - bar / 2, y_of(w.killed.best), bar, bottom - y_of(w.killed.best),
                     style="F")
        if w.killed.high > w.killed.low:
            pdf.set_draw_color(*INK)
            pdf.set_line_width(0.35)
            cap = min(bar * 0.35, 3)
            low, high = y_of(w.killed.low), y_of(w.killed.high)
            pdf.line(centre, low, centre, high)
            pdf.line(centre - cap, low, centre + cap, low)
            pdf.line(centre - cap, high, centre + cap, high)
        best = Text(str(w.killed.best), 7, True)
        pdf.write_block([best], centre - slot / 2, y_of(max(w.killed.high, w.killed.best))
                        - best.leading - 0.3, slot, Align.C)
        if i % every == 0:
            y = pdf.write_block([pdf.t(_week(pdf, w.week, "week_short"), 7)],
                                centre - slot / 2 - 4, bottom + 0.8, slot + 8, Align.C)
            pdf.write_block([Text(f"{w.starts:%m-%d}", 6.5, color=MUTED)],
                            centre - slot / 2 - 4, y, slot + 8, Align.C)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)
    pdf.set_y(bottom + 1.5 + 2 * label.leading)
    pdf.paragraph(note, after=0)


# The map --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Projection:
    """Equirectangular, with longitudes shrunk by cos(latitude) so shapes keep their
    proportions at the city's latitude; fitted and centred in a box, north up."""

    west: float
    north: float
    shrink: float
    scale: float  # millimetres per degree of latitude
    left: float
    top: float

    @classmethod
    def fit(cls, points: Sequence[tuple[float, float]], x: float, y: float, width: float,
            height: float) -> _Projection:
        lons = [lon for lon, _ in points]
        lats = [lat for _, lat in points]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        shrink = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * shrink, 1e-6)
        span_y = max(north - south, 1e-6)
        scale = min(width / span_x, height / span_y)
        left = x + (width - span_x * scale) / 2
        top = y + (height - span_y * scale) / 2
        return cls(west, north, shrink, scale, left, top)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.left + (lon - self.west) * self.shrink * self.scale,
                self.top + (self.north - lat) * self.scale)


def _classes(most: int) -> list[tuple[int, int, RGB]]:
    """Up to four classes of equal width for 1..most killed, each with its shade."""
    if most <= 0:
        return []
    step = math.ceil(most / len(_SCALE))
    bounds = [(low, min(low + step - 1, most)) for low in range(1, most + 1, step)]
    shades = [_SCALE[round(i * (len(_SCALE) - 1) / max(len(bounds) - 1, 1))]
              for i in range(len(bounds))]
    if len(bounds) == 1:
        shades = [_SCALE[2]]
    return [(low, high, shade) for (low, high), shade in zip(bounds, shades, strict=True)]


def _shade(killed: int, classes: Sequence[tuple[int, int, RGB]]) -> RGB:
    for low, high, shade in classes:
        if low <= killed <= high:
            return shade
    return _ZERO_FILL


def _area_and_centre(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """A ring's area and centroid (shoelace formula), in the projected millimetres."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        xs, ys = [x for x, _ in ring], [y for _, y in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def _radius(killed: int, most: int) -> float:
    # Area, not radius, grows with the number killed: the eye compares areas.
    return 0.8 + 2.0 * math.sqrt(killed / most) if most > 0 else 0.8


def _focus(data: HarmReportData) -> list[tuple[float, float]]:
    """The corners (lon, lat) the map is fitted to: the districts where people were killed
    and the events, with a margin of their neighbours; the whole city when nothing is
    shown. A city-wide view would leave a few central districts a few millimetres wide."""
    everything = [point for d in data.map_districts for ring in d.rings for point in ring]
    hit = [point for d in data.map_districts if d.killed_best > 0
           for ring in d.rings for point in ring]
    hit += [(event.lon, event.lat) for event in data.map_events]
    if not hit:
        hit = everything
    west, east = min(x for x, _ in hit), max(x for x, _ in hit)
    south, north = min(y for _, y in hit), max(y for _, y in hit)
    if everything:
        full_x = max(x for x, _ in everything) - min(x for x, _ in everything)
        full_y = max(y for _, y in everything) - min(y for _, y in everything)
    else:
        full_x = full_y = 0.0
    margin_x = max((east - west) * 0.35, full_x * 0.12, 0.004)
    margin_y = max((north - south) * 0.35, full_y * 0.12, 0.004)
    return [(west - margin_x, south - margin_y), (east + margin_x, north + margin_y)]


def _map(pdf: _ReportPDF) -> None:
    data = pdf.data
    height = 108.0
    pdf.section("map", height)
    if not any(len(ring) >= 3 for district in data.map_districts for ring in district.rings):
        _notice(pdf, pdf.s("map_none"))
        return
    legend_width, gap = 52.0, 4.0
    map_width = pdf.epw - legend_width - gap
    top = pdf.get_y()
    # The legend sits where the line ends: left of the map in Arabic, right in English.
    map_x = pdf.x_at(0, map_width)
    legend_x = pdf.x_at(map_width + gap, legend_width)
    project = _Projection.fit(_focus(data), map_x + 3, top + 3, map_width - 6, height - 6)
    classes = _classes(max((d.killed_best for d in data.map_districts), default=0))
    most_event = max((e.killed_best for e in data.map_events), default=0)
    biggest_dot = _radius(most_event, most_event)

    # Districts, then the events, then the names on top; all clipped to the frame (the
    # neighbours of the focus run off its edges). local_context restores fpdf2's idea of
    # the colours along with the PDF's when the clip ends.
    labels: list[tuple[MapDistrict, float, float]] = []
    with pdf.local_context(), pdf.rect_clip(map_x, top, map_width, height):
        pdf.set_draw_color(*WHITE)
        pdf.set_line_width(0.3)
        for district in data.map_districts:
            pdf.set_fill_color(*_shade(district.killed_best, classes))
            biggest = (0.0, 0.0, 0.0)
            for ring in district.rings:
                if len(ring) < 3:
                    continue
                projected = [project(lon, lat) for lon, lat in ring]
                pdf.polygon(projected, style="DF")
                found = _area_and_centre(projected)
                if found[0] >= biggest[0]:
                    biggest = found
            _, x, y = biggest
            if biggest[0] > 0 and map_x + 6 < x < map_x + map_width - 6 and \
                    top + 4 < y < top + height - 4:
                labels.append((district, x, y))
        for event in sorted(data.map_events, key=lambda e: -e.killed_best):
            x, y = project(event.lon, event.lat)
            _dot(pdf, x, y, _radius(event.killed_best, most_event),
                 hollow=event.geo_precision >= 3)
        # The names of the districts with deaths first, then of their neighbours where
        # there is room: a name that would overlap one already placed is left out.
        # The north arrow's corner and the scale bar's are taken from the start.
        arrow_x = map_x + map_width - 7
        placed: list[tuple[float, float, float, float]] = [
            (arrow_x - 4, top + 3, arrow_x + 4, top + 14),
            (map_x + 3, top + height - 9, map_x + 4 + map_width * 0.3 + 1, top + height)]
        for district, x, y in sorted(labels, key=lambda item: -item[0].killed_best):
            _label(pdf, district, x, y + (biggest_dot + 1.2 if district.killed_best else 0),
                   placed)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.rect(map_x, top, map_width, height)
    _north_arrow(pdf, arrow_x, top + 4)
    _scale_bar(pdf, project, map_x + 4, top + height - 4, map_width * 0.3)
    _legend(pdf, legend_x, top, legend_width, classes, most_event)
    pdf.set_draw_color(*RULE)
    pdf.set_y(top + height + 1)


def _label(pdf: _ReportPDF, district: MapDistrict, x: float, y: float,
           placed: list[tuple[float, float, float, float]]) -> None:
    """A district's name centred below ``(x, y)``, unless it would overlap a name in
    ``placed`` (to which it is added); a hit district's in bold on a pale backing, so it
    reads on its dark shade."""
    hit = district.killed_best > 0
    name = pdf.t(district.name_ar if pdf.rtl else district.name_en, 6.3 if hit else 5.5,
                 bold=hit, color=INK if hit else MUTED)
    width = pdf.text_width(name) + 1.6
    box = (x - width / 2 - 0.5, y - 0.3, x + width / 2 + 0.5, y + name.leading + 0.3)
    if any(box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
           for other in placed):
        return
    placed.append(box)
    if hit:
        with pdf.local_context(fill_opacity=0.78):
            pdf.set_fill_color(*WHITE)
            pdf.rect(x - width / 2, y, width, name.leading, style="F", round_corners=True,
                     corner_radius=0.8)
    pdf.write_block([name], x - width / 2, y, width, Align.C)


def _dot(pdf: _ReportPDF, x: float, y: float, r: float, *, hollow: bool) -> None:
    if hollow:
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.5)
        pdf.ellipse(x - r, y - r, 2 * r, 2 * r, style="D")
    else:
        pdf.set_draw_color(*WHITE)
        pdf.set_fill_color(*INK)
        pdf.set_line_width(0.3)
        pdf.ellipse(x - r, y - r, 2 * r, 2 * r, style="DF")
    pdf.set_line_width(0.2)


def _north_arrow(pdf: _ReportPDF, x: float, y: float) -> None:
    """A half-filled arrowhead pointing up, with the letter for north under it."""
    pdf.set_draw_color(*INK)
    pdf.set_fill_color(*INK)
    pdf.set_line_width(0.25)
    pdf.polygon([(x, y), (x + 2.2, y + 6.5), (x, y + 5)], style="DF")
    pdf.set_fill_color(*WHITE)
    pdf.polygon([(x, y), (x - 2.2, y + 6.5), (x, y + 5)], style="DF")
    pdf.set_line_width(0.2)
    pdf.write_block([pdf.t(pdf.s("north"), 8, bold=True)], x - 4, y + 6.5, 8, Align.C)


def _scale_bar(pdf: _ReportPDF, project: _Projection, x: float, y: float,
               most: float) -> None:
    """A bar of a round number of kilometres, at most ``most`` millimetres long."""
    per_km = project.scale / 111.32  # a degree of latitude is 111.32 km
    km = next((n for n in (50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1) if n * per_km <= most), 0.1)
    length = km * per_km
    pdf.set_fill_color(*INK)
    pdf.rect(x, y - 1.2, length, 1.2, style="F")
    label = pdf.t(pdf.s("km", n=f"{km:g}"), 7)
    pdf.write_block([label], x, y - 1.6 - label.leading, max(length, 20), Align.L)


def _legend(pdf: _ReportPDF, x: float, top: float, width: float,
            classes: Sequence[tuple[int, int, RGB]], most_event: int) -> None:
    swatch = 4.5
    inner = width - swatch - 2.5
    text_x = x if pdf.rtl else x + swatch + 2.5
    mark_x = x + width - swatch if pdf.rtl else x

    def line(text: Text, y: float) -> float:
        return pdf.write_block([text], text_x, y, inner, pdf.start)

    y = pdf.write_block([pdf.t(pdf.s("legend_killed"), 8, bold=True)], x, top, width,
                        pdf.start) + 1
    pdf.set_draw_color(*RULE)
    for low, high, shade in [(0, 0, _ZERO_FILL), *classes]:
        pdf.set_fill_color(*shade)
        pdf.rect(mark_x, y + 0.3, swatch, 3.4, style="DF")
        y = max(line(Text(str(low) if low == high else f"{low}–{high}", 8), y), y + 4) + 0.6
    if not pdf.data.map_events:
        return  # nothing to explain: no circles on the map
    y += 3
    y = pdf.write_block([pdf.t(pdf.s("legend_events"), 8, bold=True)], x, y, width,
                        pdf.start) + 1
    sizes = sorted({1, most_event}) if most_event > 0 else [0]
    for killed in sizes:
        r = _radius(killed, most_event)
        _dot(pdf, mark_x + swatch / 2, y + 2, r, hollow=False)
        y = max(line(Text(str(killed), 8), y + max(0, r - 1.8)), y + 2 * r) + 1.2
    y += 1
    for hollow, key in ((False, "legend_exact"), (True, "legend_district")):
        _dot(pdf, mark_x + swatch / 2, y + 2, 1.6, hollow=hollow)
        y = line(pdf.t(pdf.s(key), 7.5), y) + 1.5


# Outages and method -----------------------------------------------------------------------


def _outages(pdf: _ReportPDF) -> None:
    note = pdf.t(pdf.s("outages_note"), 8, color=MUTED)
    pdf.section("outages", pdf.height_of([note], pdf.epw) + 2 * _row_height(pdf))
    pdf.paragraph(note)
    rows = [[Cell((Text(f"{o.day:%Y-%m-%d}", 8.5),), pdf.start),
             Cell((pdf.t(o.name_ar if pdf.rtl else o.name_en, 9),), pdf.start),
             Cell((Text("—" if o.population is None else f"{o.population:,}", 8.5),)),
             Cell((Text(_percent(o.share_without_mobile), 8.5, True),))]
            for o in pdf.data.outages if o.share_without_mobile > 0]
    if not rows:
        _notice(pdf, pdf.s("outages_none"))
        return
    rest = pdf.epw - 30 - 60 - 30
    pdf.grid([30, 60, 30, rest], rows,
             heading=_head(pdf, ["day", "district", "population", "without_mobile"]),
             pad=(1.5, 1.2), stripes=True, rtl=pdf.rtl)


def _method(pdf: _ReportPDF) -> None:
    body = 8.5
    first = pdf.t(pdf.s("method_ranges", sources=pdf.data.sources), body)
    pdf.section("method", pdf.height_of([first], pdf.epw))
    pdf.paragraph(first, after=2)
    parts: list[tuple[Text, float]] = [(pdf.t(pdf.s("method_states"), body), 0)]
    parts += [(pdf.t(f"• {pdf.s(f'state_{state}', label=_state_label(pdf, state))}", body),
               4) for state in STATES]
    parts += [(pdf.t(pdf.s("method_counted", states=_counted_labels(pdf)), body, bold=True),
               0)]
    parts += [(pdf.t(pdf.s(key), body), 0)
              for key in ("method_precision", "method_actors", "method_people")]
    for i, (text, indent) in enumerate(parts):
        pdf.keep(pdf.height_of([text], pdf.epw - indent))
        last_item = indent and (i + 1 == len(parts) or not parts[i + 1][1])
        pdf.paragraph(text, indent=indent, after=0.8 if indent and not last_item else 2)


def strings(lang: str) -> dict[str, str]:
    """The report's words in one language (for the tests, and for a translator's check)."""
    return dict(_STRINGS[lang])


__all__ = ["LANGUAGES", "render_harm_report", "strings"]
