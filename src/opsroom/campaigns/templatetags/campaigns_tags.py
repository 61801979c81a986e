"""How campaigns read on the console, in the active language: names, targets and measures,
ISO weeks, and the chart by week drawn as server-side SVG (no script, no library)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from opsroom.campaigns.models import ItemCategory

register = template.Library()

# What a target or a counter counts (the keys of Campaign.targets and of the tallies).
MEASURES = {
    "weapons": _("Weapons"),
    "items": _("Items"),
    "ammunition_rounds": _("Rounds of ammunition"),
    "handovers": _("Handovers"),
    "dens": _("Dens closed"),
    "operations": _("Operations completed"),
    "arrests": _("Arrests"),
    "seizures": _("Seizures"),
    "referred": _("Referred to the prosecution"),
}


def arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


@register.filter
def named(record: Any, field: str) -> str:
    """``record.<field>_ar`` in Arabic, ``_en`` in English (the other when one is empty)."""
    def value(suffix: str) -> str:
        if isinstance(record, dict):
            return str(record.get(f"{field}_{suffix}") or "")
        return str(getattr(record, f"{field}_{suffix}", "") or "")

    first, second = ("ar", "en") if arabic() else ("en", "ar")
    return value(first) or value(second)


@register.filter
def measure(key: str) -> str:
    if key.startswith("cat:"):
        return category(key.removeprefix("cat:"))
    return str(MEASURES.get(key, key))


@register.filter
def category(value: str) -> str:
    return str(ItemCategory(value).label) if value in ItemCategory.values else value


@register.filter
def count_of(counts: dict[str, int], key: str) -> int:
    return int(counts.get(key, 0)) if counts else 0


@register.filter
def week_label(week: str) -> str:
    """"2026-W48" as "Week 48, 2026" in the reader's language."""
    year, _sep, number = week.partition("-W")
    if not number:
        return week
    return gettext("Week %(week)s, %(year)s") % {"week": int(number), "year": year}


@register.filter
def capped(percent: float) -> float:
    """A share for a bar: 0 to 100, whatever was achieved beyond the target."""
    return max(0.0, min(100.0, float(percent)))


# The chart: a plot area of PLOT_W × PLOT_H in SVG units, under a margin for the values and
# above one for the weeks' labels.
PLOT_W, PLOT_H, TOP, BOTTOM, SIDE = 640, 180, 22, 30, 8


@register.inclusion_tag("campaigns/_week_chart.html", takes_context=True)
def week_chart(context: Any, weeks: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Bars by ISO week of one measure; in Arabic the weeks run from right to left."""
    values = [int(w["counts"].get(key, 0)) for w in weeks]
    top = max(values, default=0) or 1
    slot = PLOT_W / max(1, len(weeks))
    width = max(2.0, slot * 0.7)
    rtl = arabic()
    bars = []
    for i, (week, value) in enumerate(zip(weeks, values, strict=True)):
        position = len(weeks) - 1 - i if rtl else i
        height = round(PLOT_H * value / top, 1)
        x = round(SIDE + position * slot + (slot - width) / 2, 1)
        bars.append({"x": x, "y": round(TOP + PLOT_H - height, 1), "width": round(width, 1),
                     "height": height, "value_y": round(TOP + PLOT_H - height - 5, 1),
                     "centre": round(x + width / 2, 1), "value": value,
                     "week": week["week"], "number": week["week"].partition("-W")[2]})
    return {"bars": bars, "key": key, "DIGITS_AR": context.get("DIGITS_AR", False),
            "width": PLOT_W + 2 * SIDE, "height": TOP + PLOT_H + BOTTOM,
            "base": TOP + PLOT_H, "label_y": TOP + PLOT_H + 20, "side": SIDE,
            "right": PLOT_W + SIDE}
