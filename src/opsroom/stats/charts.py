"""The CompStat report's charts, drawn on the server as SVG: a sparkline per type group,
a bar chart of weekly counts and the hotspot map.

Pure functions returning a standalone ``<svg>`` string: no script, no stylesheet, no
external reference (no ``href`` to a file or the network), every text escaped, so the
string can be inlined in the report's HTML (WeasyPrint draws inline SVG) or served as is.

The charts carry no words, only figures and week numbers: WeasyPrint's SVG text does not
shape or order Arabic, so titles, legends and units are set in the HTML around a chart,
where they are. Right to left: in an Arabic report time still runs from left to right, the
oldest week on the left, as in the statistical publications of Arab statistics offices
(and as the digits themselves run); only the HTML around the chart is mirrored. The map is
never mirrored either: north is up and east is right.

Places and periods only: the map draws district outlines and grid cells, never a person or
an incident's own position.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "OpsSans, 'Noto Sans', sans-serif"
INK = "#1f2933"
MUTED = "#6b7280"
RULE = "#d1d5db"
LINE = "#1f4e79"  # the current series
LAST_YEAR = "#9ca3af"  # last year's series, dashed
BAR = "#5478a8"
BAR_LAST = "#1f4e79"  # the last (reported) week
HOT = "#c62828"
COLD = "#1565c0"
QUIET = "#ebb87f"  # a cell with incidents that is neither hot nor cold
DISTRICT_FILL = "#f3f4f6"
DISTRICT_EDGE = "#9ca3af"


def _n(value: float) -> str:
    """A coordinate, short: two decimals at most, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _open(width: float, height: float, label: str, css_class: str) -> str:
    return (f'<svg xmlns="{SVG_NS}" class={quoteattr(css_class)} width="{_n(width)}" '
            f'height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
            f'aria-label={quoteattr(label)}><title>{escape(label)}</title>')


def _text(x: float, y: float, text: str, *, size: float = 7, anchor: str = "start",
          fill: str = MUTED, weight: str = "normal") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-family={quoteattr(FONT)} '
            f'font-size="{_n(size)}" font-weight="{weight}" text-anchor="{anchor}" '
            f'fill="{fill}">{escape(text)}</text>')


def _scale_top(values: Iterable[int]) -> int:
    """The top of the y axis: the largest value, at least 1 (an all-zero series lies flat
    on the axis rather than dividing by zero)."""
    return max([1, *values])


def sparkline(points: Sequence[int], *, width: float = 150, height: float = 46,
              last_year: Sequence[int] | None = None, label: str = "",
              first_label: str = "", last_label: str = "") -> str:
    """A small line chart of ``points`` (oldest first), with ``last_year`` dashed behind it
    when given (the same weeks a year earlier), the last point marked and its value
    written, the axis's top value at the left and ``first_label``/``last_label`` under the
    ends (such as week numbers). ``label`` is the chart's accessible name."""
    left, right, top, bottom = 3.0, 18.0, 9.0, 10.0
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [_open(width, height, label, "chart sparkline")]
    parts.append(f'<line x1="{_n(left)}" y1="{_n(top + plot_h)}" x2="{_n(left + plot_w)}" '
                 f'y2="{_n(top + plot_h)}" stroke="{RULE}" stroke-width="0.6"/>')
    if not points:
        parts.append("</svg>")
        return "".join(parts)
    peak = _scale_top([*points, *(last_year or [])])
    count = max(len(points), len(last_year or []))
    step = plot_w / (count - 1) if count > 1 else 0.0

    def xy(series: Sequence[int]) -> list[tuple[float, float]]:
        offset = 0.0 if count > 1 else plot_w / 2
        return [(left + offset + i * step, top + plot_h - plot_h * v / peak)
                for i, v in enumerate(series)]

    if last_year:
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in xy(last_year))
        parts.append(f'<polyline class="last-year" points="{coords}" fill="none" '
                     f'stroke="{LAST_YEAR}" stroke-width="0.9" stroke-dasharray="2 1.5"/>')
    current = xy(points)
    coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in current)
    parts.append(f'<polyline class="current" points="{coords}" fill="none" stroke="{LINE}" '
                 f'stroke-width="1.4" stroke-linejoin="round" stroke-linecap="round"/>')
    x, y = current[-1]
    parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="1.8" fill="{LINE}"/>')
    parts.append(_text(x + 3, y + 2.5, str(points[-1]), size=7.5, fill=INK, weight="bold"))
    parts.append(_text(left, top - 2.5, str(peak), size=6))
    if first_label:
        parts.append(_text(left, height - 2, first_label, size=6))
    if last_label:
        parts.append(_text(left + plot_w, height - 2, last_label, size=6, anchor="end"))
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(values: Sequence[int], *, width: float = 300, height: float = 90,
              labels: Sequence[str] | None = None, line: Sequence[int] | None = None,
              label: str = "") -> str:
    """Vertical bars of ``values`` (oldest first), each with its value above it and its
    label (``labels``, such as week numbers) below; ``line`` (last year's values for the
    same bars) is drawn as a dashed line over them. The last bar, the period reported, is
    darker."""
    left, right, top, bottom = 2.0, 2.0, 10.0, 11.0
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [_open(width, height, label, "chart bars")]
    parts.append(f'<line x1="{_n(left)}" y1="{_n(top + plot_h)}" x2="{_n(left + plot_w)}" '
                 f'y2="{_n(top + plot_h)}" stroke="{RULE}" stroke-width="0.6"/>')
    if not values:
        parts.append("</svg>")
        return "".join(parts)
    peak = _scale_top([*values, *(line or [])])
    slot = plot_w / len(values)
    bar_w = slot * 0.7
    for i, value in enumerate(values):
        x = left + i * slot + (slot - bar_w) / 2
        h = plot_h * value / peak
        fill = BAR_LAST if i == len(values) - 1 else BAR
        parts.append(f'<rect class="bar" x="{_n(x)}" y="{_n(top + plot_h - h)}" '
                     f'width="{_n(bar_w)}" height="{_n(h)}" fill="{fill}"/>')
        parts.append(_text(x + bar_w / 2, top + plot_h - h - 2, str(value), size=6,
                           anchor="middle", fill=INK))
        if labels is not None and i < len(labels):
            parts.append(_text(x + bar_w / 2, height - 2.5, labels[i], size=6,
                               anchor="middle"))
    if line:
        coords = " ".join(f"{_n(left + i * slot + slot / 2)},"
                          f"{_n(top + plot_h - plot_h * v / peak)}"
                          for i, v in enumerate(line[:len(values)]))
        parts.append(f'<polyline class="last-year" points="{coords}" fill="none" '
                     f'stroke="{LAST_YEAR}" stroke-width="1" stroke-dasharray="2.5 1.5"/>')
    parts.append("</svg>")
    return "".join(parts)


# The map ------------------------------------------------------------------------------


def _geometry(district: Any) -> Mapping[str, Any] | None:
    """A district's GeoJSON geometry: a model instance's ``geometry`` or a dict's."""
    if isinstance(district, Mapping):
        return district.get("geometry")
    return getattr(district, "geometry", None)


def _rings(geometry: Mapping[str, Any] | None) -> list[list[tuple[float, float]]]:
    """The rings (outer and holes) of a Polygon or MultiPolygon, as (lon, lat) lists."""
    if not geometry:
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [[(float(p[0]), float(p[1])) for p in ring] for polygon in polygons
            for ring in polygon if len(ring) >= 3]


class _Projection:
    """Longitude and latitude to the map's pixels: equirectangular around the middle
    latitude (a city is small enough), fitted into the box with the aspect kept, north
    up."""

    def __init__(self, rings: list[list[tuple[float, float]]], width: float, height: float,
                 margin: float) -> None:
        lons = [p[0] for ring in rings for p in ring]
        lats = [p[1] for ring in rings for p in ring]
        self.west, self.east = min(lons), max(lons)
        self.south, self.north = min(lats), max(lats)
        self.kx = math.cos(math.radians((self.south + self.north) / 2))
        span_x = max((self.east - self.west) * self.kx, 1e-9)
        span_y = max(self.north - self.south, 1e-9)
        self.scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        self.x0 = (width - span_x * self.scale) / 2
        self.y0 = (height - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.x0 + (lon - self.west) * self.kx * self.scale,
                self.y0 + (self.north - lat) * self.scale)

    def px_per_km(self) -> float:
        return self.scale / 111.32  # degrees of latitude: 111.32 km each


def _path(rings: list[list[tuple[float, float]]], project: _Projection) -> str:
    pieces = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        pieces.append("M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in points) + " Z")
    return " ".join(pieces)


def _scale_km(px_per_km: float, room: float) -> int:
    """The longest of 1, 2, 5, 10, 20 km whose bar fits in ``room`` pixels."""
    fitting = [km for km in (1, 2, 5, 10, 20) if km * px_per_km <= room]
    return fitting[-1] if fitting else 1


CLASS_FILL = {"hot": HOT, "cold": COLD, "none": QUIET}


def hotspot_map(layer: Mapping[str, Any], districts: Sequence[Any], *, width: float = 340,
                height: float = 340, north: str = "N", km_unit: str = "km",
                label: str = "") -> str:
    """The hotspot layer (``opsroom.stats.hotspots.hotspot_layer``'s GeoJSON) over the
    district outlines: hot cells red, cold cells blue, cells with incidents that are
    neither in a pale tan; a north arrow (``north`` is its letter) and a scale bar
    (``km_unit`` after its length; empty to leave the unit to the legend)."""
    margin = 6.0
    outlines = [_rings(_geometry(d)) for d in districts]
    cells = [(feature.get("properties", {}).get("class", "none"),
              _rings(feature.get("geometry"))) for feature in layer.get("features", [])]
    every = [ring for rings in outlines for ring in rings] or [
        ring for _, rings in cells for ring in rings]
    parts = [_open(width, height, label, "chart map")]
    if not every:
        parts.append("</svg>")
        return "".join(parts)
    project = _Projection(every, width, height, margin)
    for rings in outlines:
        if rings:
            parts.append(f'<path class="district" d="{_path(rings, project)}" '
                         f'fill="{DISTRICT_FILL}" stroke="none"/>')
    # Quiet cells first, so hot and cold ones are drawn over them; a thin white edge keeps
    # neighbouring hot cells apart.
    for klass in ("none", "cold", "hot"):
        for cell_class, rings in cells:
            if cell_class == klass and rings:
                parts.append(f'<path class="cell {klass}" d="{_path(rings, project)}" '
                             f'fill="{CLASS_FILL[klass]}" stroke="#ffffff" '
                             f'stroke-width="0.15"/>')
    for rings in outlines:
        if rings:
            parts.append(f'<path class="outline" d="{_path(rings, project)}" fill="none" '
                         f'stroke="{DISTRICT_EDGE}" stroke-width="0.5" '
                         f'stroke-linejoin="round"/>')
    # North arrow, top right; scale bar, bottom left.
    ax, ay = width - margin - 6, margin + 4
    parts.append(f'<path class="north" d="M{_n(ax)} {_n(ay)} L{_n(ax + 4)} {_n(ay + 11)} '
                 f'L{_n(ax)} {_n(ay + 8)} L{_n(ax - 4)} {_n(ay + 11)} Z" fill="{INK}"/>')
    parts.append(_text(ax, ay + 20, north, size=7, anchor="middle", fill=INK))
    km = _scale_km(project.px_per_km(), width / 4)
    bar = km * project.px_per_km()
    sx, sy = margin + 2, height - margin - 2
    parts.append(f'<path class="scale" d="M{_n(sx)} {_n(sy - 3)} L{_n(sx)} {_n(sy)} '
                 f'L{_n(sx + bar)} {_n(sy)} L{_n(sx + bar)} {_n(sy - 3)}" fill="none" '
                 f'stroke="{INK}" stroke-width="0.8"/>')
    parts.append(_text(sx, sy - 4.5, "0", size=6, fill=INK))
    parts.append(_text(sx + bar, sy - 4.5, f"{km} {km_unit}".strip(), size=6,
                       anchor="middle", fill=INK))
    parts.append("</svg>")
    return "".join(parts)


def swatch(fill: str, *, size: float = 9, stroke: str = "none", label: str = "") -> str:
    """A small square of ``fill``, for a legend set in HTML beside the map."""
    return (_open(size, size, label, "swatch")
            + f'<rect x="0.5" y="0.5" width="{_n(size - 1)}" height="{_n(size - 1)}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="0.8"/></svg>')


def triangle(direction: str, *, fill: str = INK, size: float = 7, label: str = "") -> str:
    """▲ or ▼ as a drawing (the report's fonts have neither character): ``direction`` is
    "up" or "down"."""
    s = _n(size)
    if direction == "up":
        d = f"M0 {s} L{_n(size / 2)} 0 L{s} {s} Z"
    else:
        d = f"M0 0 L{s} 0 L{_n(size / 2)} {s} Z"
    return _open(size, size, label, f"triangle {direction}") + f'<path d="{d}" ' \
        f'fill="{fill}"/></svg>'
