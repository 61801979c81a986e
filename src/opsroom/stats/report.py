"""The weekly CompStat report: a PDF in Arabic (right to left, the default) or English, made
by WeasyPrint from the Django template ``stats/report.html``, its charts drawn here as SVG
(``opsroom.stats.charts``) and inlined.

What it holds, for the week ``YYYY-Www`` (``windows.week_period``; the week's last day ends
every window): the title with the city, the scope, the week and when it was generated; the
CompStat by type group for 7 days, 28 days and the year to date; by district for 28 days;
a small trend chart per group over 12 weeks, last year's weeks dashed behind; the response
times by priority for the week and 28 days against their targets; the hotspot map of violent
crime over 28 days. Every count comes from the rollup (``compstat``); response times and
hotspots from the incidents table, narrowed to the scope's agency.

Right to left, and WeasyPrint's weak spots (issue 16): the document is ``dir="rtl"``, text is
set flush right and never justified; bold is used only for whole cells and headings, never
inside a run of Arabic; every figure, date, week and percentage is a left-to-right span
(``<span class="n">``, ``direction: ltr``: WeasyPrint 70 ignores ``unicode-bidi``, but lays
such a span out as a run of its own, which is what an isolate gives), without which
"-25.0%" would print "25.0%-" and "2026-W47" "W47-2026" after an Arabic word; the same
holds for "p < 0.05" and "Gi*", set as one span each. A change is printed with its sign first,
"+12.5%" or "-25.0%", read the same in both languages. Digits are Western (0-9) in both, as
in Libyan official documents.

Fonts are the package's own (``opsroom/core/data/fonts``, @font-face from file:// URLs), and
the URL fetcher refuses anything that is not a file inside the opsroom package: rendering
never touches the network, whatever a template or a district's name holds.

Places and periods only: no caller, victim, suspect or officer appears in the report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from opsroom.core.clock import now, to_city_time
from opsroom.core.errors import InvalidInput
from opsroom.geo.models import District
from opsroom.incidents.models import Incident
from opsroom.incidents.registry import GROUP_BY_CODE, TYPE_GROUPS
from opsroom.stats import charts
from opsroom.stats.compstat import Compstat, Filters, Row, Scope, compstat, weekly_trend
from opsroom.stats.responsetimes import Interval, ResponseRow, response_times, targets
from opsroom.stats.significance import Change
from opsroom.stats.windows import Period, Window, week_of, week_period, window

LANGUAGES = ("ar", "en")
WINDOW_CODES = ("7d", "28d", "ytd")
TREND_WEEKS = 12
DISTRICT_ROWS = 30  # the district table keeps the busiest this many (all of Benghazi's 26)
HOTSPOT_GROUP = "violent"
PRIORITIES = (1, 2, 3, 4)
TIMED = ("call_to_dispatch", "dispatch_to_arrival")  # the intervals with targets
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/opsroom
FONT_DIR = PACKAGE_DIR / "core" / "data" / "fonts"
TEMPLATE = "stats/report.html"
NO_FIGURE = "—"  # no percentage of nothing, no time without a clock
# The demo's synthetic history numbers its incidents "SYN.<year>-<n>"
# (opsroom.demo.history.PREFIX; demo stands above stats, so the prefix is repeated here and
# a test holds the two equal). A real number is "<site>-<year>-<n>", and a site code has no
# dot, so no real incident starts so.
SYNTHETIC_PREFIX = "SYN."


# Rendering -------------------------------------------------------------------------------


def _fetcher() -> Any:
    """WeasyPrint's URL fetcher, narrowed to files inside the opsroom package (the fonts):
    anything else, the network above all, is refused (WeasyPrint logs the refusal and
    leaves the resource out)."""
    from weasyprint.urls import URLFetcher

    class PackageFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not is_package_file(url):
                raise ValueError(f"the report loads only opsroom's own files, not {url!r}")
            return super().fetch(url, headers)

    return PackageFilesOnly(allow_redirects=False)


def is_package_file(url: str) -> bool:
    """Whether ``url`` is a file:// URL of an existing file inside the opsroom package."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.is_file() and path.is_relative_to(PACKAGE_DIR)


def render_compstat_pdf(week: str, lang: str, scope: Scope) -> tuple[bytes, int]:
    """The report of ``week`` (``YYYY-Www``) in ``lang`` for ``scope``: the PDF and its
    number of pages."""
    if lang not in LANGUAGES:
        raise InvalidInput(f"the language is one of {', '.join(LANGUAGES)}", field="lang")
    period = week_period(week)
    with translation.override(lang):
        html = render_to_string(TEMPLATE, report_context(week, period, lang, scope))
    from weasyprint import HTML

    document = HTML(string=html, base_url=(PACKAGE_DIR / "stats").as_uri() + "/",
                    url_fetcher=_fetcher()).render()
    return document.write_pdf(), len(document.pages)


# Formatting ------------------------------------------------------------------------------


def ltr(text: object) -> SafeString:
    """A figure, date or code kept left to right inside Arabic (a run of its own)."""
    return format_html('<span class="n">{}</span>', text)


def _fill(message: str, **values: object) -> SafeString:
    """A translated ``%(name)s`` message with HTML values put in: the message is escaped,
    the values are escaped unless already safe (such as ``ltr`` spans)."""
    safe = {key: value if isinstance(value, SafeString) else escape(str(value))
            for key, value in values.items()}
    return mark_safe(escape(message) % safe)


def count(n: int) -> SafeString:
    return ltr(f"{n:,}")


def percent(value: float | None) -> SafeString:
    """"+12.5%", "-25.0%", "0.0%"; a dash when there is no percentage (from zero)."""
    if value is None:
        return ltr(NO_FIGURE)
    sign = "+" if value > 0 else "-" if value < 0 else ""
    return ltr(f"{sign}{abs(value):.1f}%")


def duration(seconds: float | None) -> SafeString:
    """Minutes and seconds, "1:05" (hours as minutes: "75:00")."""
    if seconds is None:
        return ltr(NO_FIGURE)
    whole = math.ceil(seconds)  # up, so a time just over its target never reads as on it
    return ltr(f"{whole // 60}:{whole % 60:02d}")


def day(value: date) -> SafeString:
    return ltr(value.isoformat())


def _tone(change: Change) -> str:
    """The CSS class of a change: red or green only when it is significant."""
    if not change.significant:
        return ""
    return "up" if change.direction == "up" else "down" if change.direction == "down" else ""


def significance(change: Change) -> SafeString:
    """A symbol and words, so colour is never the only sign: "▲ significant rise",
    "▼ significant fall", "not significant" or "small count"."""
    if change.small:
        return format_html('<span class="muted">{}</span>', _("small count"))
    if not change.significant:
        return format_html('<span class="muted">{}</span>', _("not significant"))
    words = _("significant rise") if change.direction == "up" else _("significant fall")
    symbol = mark_safe(charts.triangle(change.direction, label=words,
                                       fill=charts.HOT if change.direction == "up"
                                       else "#2e7d32"))
    return format_html("{} {}", symbol, words)


# The figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    name: str
    current: SafeString
    previous: SafeString
    last_year: SafeString
    vs_previous: SafeString
    vs_previous_tone: str
    vs_previous_sig: SafeString
    vs_last_year: SafeString
    vs_last_year_tone: str
    vs_last_year_sig: SafeString
    total: bool = False


def _table_row(row: Row, lang: str, *, total: bool = False) -> TableRow:
    return TableRow(
        name=row.name_ar if lang == "ar" else row.name_en,
        current=count(row.current), previous=count(row.previous),
        last_year=count(row.last_year),
        vs_previous=percent(row.vs_previous.change_pct),
        vs_previous_tone=_tone(row.vs_previous), vs_previous_sig=significance(row.vs_previous),
        vs_last_year=percent(row.vs_last_year.change_pct),
        vs_last_year_tone=_tone(row.vs_last_year),
        vs_last_year_sig=significance(row.vs_last_year), total=total)


def _period_text(period: Period) -> SafeString:
    if period.days == 1:
        return day(period.start)
    return _fill(_("%(start)s to %(end)s"), start=day(period.start), end=day(period.last_day))


def _window_table(table: Compstat, lang: str) -> dict[str, Any]:
    win = table.window
    titles = {"7d": _("Last 7 days"), "28d": _("Last 28 days"), "ytd": _("Year to date")}
    if win.code == "ytd":
        # The period before a year to date is last year's year to date: one comparison.
        caption = _fill(_("%(current)s, against the same days a year earlier, %(last_year)s"),
                        current=_period_text(win.current),
                        last_year=_period_text(win.last_year))
    else:
        caption = _fill(_("%(current)s, against %(previous)s and a year earlier, "
                          "%(last_year)s"), current=_period_text(win.current),
                        previous=_period_text(win.previous),
                        last_year=_period_text(win.last_year))
    return {"code": win.code, "title": titles[win.code], "caption": caption,
            "has_previous": win.code != "ytd",
            "rows": [*(_table_row(row, lang) for row in table.rows),
                     _table_row(table.total, lang, total=True)]}


def _district_table(table: Compstat, lang: str) -> dict[str, Any]:
    rows = [row for row in table.rows if row.current or row.previous or row.last_year]
    rows.sort(key=lambda row: (-row.current, -row.previous, row.name_en))
    shown = rows[:DISTRICT_ROWS]
    hidden = len(table.rows) - len(shown)
    note = ""
    if hidden:
        note = _fill(_("%(n)s districts with fewer incidents or none are not listed; the "
                       "total counts them."), n=count(hidden))
    return {"caption": _fill(_("%(current)s, against %(previous)s and a year earlier, "
                               "%(last_year)s"),
                             current=_period_text(table.window.current),
                             previous=_period_text(table.window.previous),
                             last_year=_period_text(table.window.last_year)),
            "rows": [*(_table_row(row, lang) for row in shown),
                     _table_row(table.total, lang, total=True)],
            "note": note}


def _week_number(period: Period) -> str:
    return "W" + week_of(period.start).split("-W")[1]


def _trends(period: Period, scope: Scope, lang: str) -> dict[str, Any]:
    """A sparkline per type group and the bars of all incidents, 12 weeks to ``period``,
    with the same weeks 52 weeks earlier (same weekdays) as last year's line."""
    a_year_ago = Period(period.start - timedelta(weeks=52), period.end - timedelta(weeks=52))
    charts_by_group = []
    totals = [0] * TREND_WEEKS
    totals_last = [0] * TREND_WEEKS
    weeks: list[Period] = []
    for group in TYPE_GROUPS:
        filters = Filters(group=group.code)
        current = weekly_trend(period, TREND_WEEKS, scope, filters)
        last = weekly_trend(a_year_ago, TREND_WEEKS, scope, filters)
        weeks = [p for p, _n in current]
        points = [n for _p, n in current]
        last_points = [n for _p, n in last]
        totals = [a + b for a, b in zip(totals, points, strict=True)]
        totals_last = [a + b for a, b in zip(totals_last, last_points, strict=True)]
        name = group.name_ar if lang == "ar" else group.name_en
        svg = charts.sparkline(points, width=160, height=46,
                               last_year=last_points if any(last_points) else None,
                               label=name, first_label=_week_number(weeks[0]),
                               last_label=_week_number(weeks[-1]))
        charts_by_group.append({"name": name, "svg": mark_safe(svg),
                                "week": count(points[-1]), "sum": count(sum(points))})
    labels = [_week_number(p) for p in weeks]
    bars = charts.bar_chart(totals, width=520, height=92, labels=labels,
                            line=totals_last if any(totals_last) else None,
                            label=_("All incidents"))
    return {"groups": charts_by_group, "bars": mark_safe(bars),
            "period": _period_text(Period(weeks[0].start, weeks[-1].end))}


def _interval_cells(interval: Interval | None) -> dict[str, Any]:
    if interval is None or interval.n == 0:
        return {"n": count(0), "p50": duration(None), "p90": duration(None),
                "within": ltr(NO_FIGURE), "met": "", "tone": ""}
    met = "" if interval.meets is None else _("met") if interval.meets else _("not met")
    within = ltr(NO_FIGURE) if interval.within_pct is None else ltr(
        f"{interval.within_pct:.1f}%")
    return {"n": count(interval.n), "p50": duration(interval.p50_s),
            "p90": duration(interval.p90_s), "within": within, "met": met,
            "tone": "" if interval.meets is None else "down" if interval.meets else "up"}


def _response(incidents: QuerySet[Incident], week: Period, month: Period
              ) -> list[dict[str, Any]]:
    """Per timed interval, a row per priority (and all of them): the week's and the 28
    days' figures against the priority's target."""
    goals = targets()
    by_period = []
    for period in (week, month):
        rows, total = response_times(incidents, period, "priority")
        by_period.append(({row.key: row for row in rows}, total))
    names = {"call_to_dispatch": _("Call to dispatch"),
             "dispatch_to_arrival": _("Dispatch to arrival")}
    tables = []
    for name in TIMED:
        lines = []
        for priority in (*PRIORITIES, None):
            cells = []
            for rows_by_key, total in by_period:
                row: ResponseRow | None = (total if priority is None
                                           else rows_by_key.get(str(priority)))
                cells.append(_interval_cells(row.intervals[name] if row else None))
            target = goals[name].get(priority) if priority is not None else None
            lines.append({"priority": ltr(priority) if priority else _("All priorities"),
                          "target": duration(target) if target else ltr(NO_FIGURE),
                          "cells": cells, "total": priority is None})
        tables.append({"name": names[name], "rows": lines})
    return tables


def _hot_district_names(layer: Mapping[str, Any], districts: Sequence[District],
                        lang: str) -> list[str]:
    """The districts the hot cells' centres fall in, busiest first."""
    from shapely.geometry import Point, shape

    shapes = [(shape(d.geometry), d.name_ar if lang == "ar" else d.name_en)
              for d in districts]
    found: dict[str, int] = {}
    for feature in layer.get("features", []):
        if feature.get("properties", {}).get("class") != "hot":
            continue
        centre = shape(feature["geometry"]).centroid
        for area, name in shapes:
            if area.contains(Point(centre.x, centre.y)):
                found[name] = found.get(name, 0) + int(feature["properties"]["count"])
                break
    return sorted(found, key=lambda name: (-found[name], name))


def _hotspots(incidents: QuerySet[Incident], period: Period, lang: str) -> dict[str, Any]:
    from opsroom.stats.hotspots import hotspot_layer

    group = GROUP_BY_CODE[HOTSPOT_GROUP]
    layer = hotspot_layer(incidents, types=group.types, period=period, unit="grid")
    districts = list(District.objects.order_by("code"))
    svg = charts.hotspot_map(layer, districts, width=330, height=330,
                             north=pgettext("compass", "N"),
                             km_unit="" if lang == "ar" else "km",
                             label=_("Hotspot map"))
    names = _hot_district_names(layer, districts, lang)
    separator = pgettext("list separator", ", ")
    return {
        "title": _fill(_("Hotspots: %(group)s, last 28 days"),
                       group=group.name_ar if lang == "ar" else group.name_en),
        "period": _period_text(period),
        "svg": mark_safe(svg),
        "swatches": {klass: mark_safe(charts.swatch(fill)) for klass, fill in
                     charts.CLASS_FILL.items()},
        "outline": mark_safe(charts.swatch(charts.DISTRICT_FILL,
                                           stroke=charts.DISTRICT_EDGE)),
        "method": _fill(_("%(statistic)s over square cells of %(cell)s m, each with the "
                          "eight around it; p-values corrected for the false discovery rate "
                          "(%(correction)s), a cell is hot or cold when %(test)s, and a hot "
                          "cell holds at least %(min)s incidents itself."),
                        statistic=ltr("Getis-Ord Gi*"), correction=ltr("Benjamini-Hochberg"),
                        cell=count(layer["cell_m"] or settings.STATS_CELL_M),
                        test=ltr(f"q < {layer['alpha']}"), min=count(layer["min_count"])),
        "figures": _fill(_("%(total)s incidents in the map's cells: %(hot)s hot cells, "
                           "%(cold)s cold cells; %(outside)s without a location in a cell "
                           "are not mapped."),
                         total=count(layer["total"]), hot=count(layer["hot"]),
                         cold=count(layer["cold"]), outside=count(layer["outside"])),
        "hot_in": (_fill(_("Hot cells lie in: %(names)s."), names=separator.join(names))
                   if names else _("No hot cell in this period.")),
        "scale": _("The scale bar is in kilometres.") if lang == "ar" else "",
    }


def synthetic_in(incidents: QuerySet[Incident], period: Period) -> bool:
    """Whether any incident received in ``period`` is the demo's synthetic history: its
    numbers start with SYNTHETIC_PREFIX, which no real number can (see the constant)."""
    start, end = period.utc_bounds()
    return incidents.filter(received_at__gte=start, received_at__lt=end,
                            number__startswith=SYNTHETIC_PREFIX).exists()


def scoped_incidents(scope: Scope) -> QuerySet[Incident]:
    """The incidents the scope counts: one agency's (the agency that owns them), or all."""
    incidents = Incident.objects.all()
    if scope.agency_id is not None:
        incidents = incidents.filter(owner_agency_id=scope.agency_id)
    return incidents


def _fonts() -> dict[str, str]:
    return {name: (FONT_DIR / f"{file}.ttf").as_uri() for name, file in (
        ("naskh", "NotoNaskhArabic-Regular"), ("naskh_bold", "NotoNaskhArabic-Bold"),
        ("sans", "NotoSans-Regular"), ("sans_bold", "NotoSans-Bold"))}


def report_context(week: str, period: Period, lang: str, scope: Scope) -> dict[str, Any]:
    """Everything the template prints, in the active language."""
    end = period.last_day
    windows: dict[str, Window] = {code: window(code, end) for code in WINDOW_CODES}
    # The first day any figure reads: last year's year to date, or the trend's year-ago weeks.
    earliest = min(windows["ytd"].previous.start, windows["ytd"].last_year.start,
                   period.start - timedelta(weeks=52 + TREND_WEEKS))
    incidents = scoped_incidents(scope)
    month = windows["28d"].current
    generated = to_city_time(now())
    offset = generated.strftime("%z")
    city = settings.CITY_NAME_AR if lang == "ar" else settings.CITY_NAME_EN
    title = _("Weekly CompStat report")
    return {
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        "fonts": _fonts(),
        "title": title,
        "document_title": f"{title} · {city} · {week}",
        "city": city,
        "scope": scope.name_ar if lang == "ar" else scope.name_en,
        "week_line": _fill(_("Week %(week)s: %(start)s to %(end)s"), week=ltr(week),
                           start=day(period.start), end=day(period.last_day)),
        "generated": _fill(_("Generated %(at)s"), at=ltr(
            f"{generated:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})")),
        "generated_iso": generated.isoformat(timespec="seconds"),
        "method": _fill(_("Counts are read from the daily rollup of incidents, merged "
                          "duplicates left out; a change is significant only when an exact "
                          "Poisson test gives %(test)s, and fewer than %(small)s "
                          "incidents in the two periods together is a small count, never "
                          "marked."), test=ltr(f"p < {settings.STATS_ALPHA}"),
                        small=count(settings.STATS_SMALL_COUNT)),
        "persons": _("The report describes places and periods, never persons."),
        "synthetic": synthetic_in(incidents, Period(earliest, period.end)),
        "windows": [_window_table(compstat(windows[code], "group", scope, Filters()), lang)
                    for code in WINDOW_CODES],
        "districts": _district_table(compstat(windows["28d"], "district", scope, Filters()),
                                     lang),
        "trends": _trends(period, scope, lang),
        "response": _response(incidents, period, month),
        "response_periods": {"week": _period_text(period), "month": _period_text(month),
                             "both": (period, month)},
        "response_note": _fill(_("Minutes and seconds. A target is met when at least "
                                 "%(pct)s of the incidents are within their priority's "
                                 "target; percentiles are nearest-rank. No target is set "
                                 "for arrival to close."),
                               pct=ltr(f"{settings.STATS_TARGET_PERCENTILE}%")),
        "hotspots": _hotspots(incidents, month, lang),
        "no_percentage": _fill(_("%(dash)s: no percentage, as the earlier count is zero."),
                               dash=ltr(NO_FIGURE)),
        "s": _labels(),
    }


def _labels() -> dict[str, str]:
    """The headings and column names, translated."""
    return {
        "synthetic": _("SYNTHETIC DEMO DATA"),
        "scope": _("Scope"),
        "by_group": _("CompStat by type group"),
        "group": _("Type group"),
        "current": _("Current"),
        "previous": _("Previous"),
        "change": _("Change"),
        "significance": _("Significance"),
        "last_year": _("Last year"),
        "by_district": _("CompStat by district, last 28 days"),
        "district": _("District"),
        "trends": _("Trend: incidents per week, last 12 weeks"),
        "trend_note": _("Solid line: the last 12 weeks, the week reported last, its count "
                        "written; dashed: the same weeks a year earlier. Time runs from left "
                        "to right."),
        "all_incidents": _("All incidents"),
        "response": _("Response times by priority"),
        "priority": _("Priority"),
        "target": _("Target"),
        "week": _("This week"),
        "month": _("Last 28 days"),
        "n": _("Incidents"),
        "p50": _("Median"),
        "p90": _("90th percentile"),
        "within": _("Within target"),
        "met": _("Target met"),
        "hot": _("Hot cell: significantly more incidents than chance would give"),
        "cold": _("Cold cell: significantly fewer"),
        "quiet": _("Cell with incidents, not significant"),
        "outline": _("District boundary"),
    }
