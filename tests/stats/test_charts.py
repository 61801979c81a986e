"""The report's SVG charts: well-formed standalone SVG, one point or bar per value, text
escaped, nothing loaded from elsewhere, empty and all-zero series drawn without failing,
and a map with north up."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from opsroom.stats import charts

NS = {"svg": charts.SVG_NS}
NASTY = 'Violent <crime> & "drugs" \'here\' <script>alert(1)</script>'


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything not well-formed
    assert root.tag == f"{{{charts.SVG_NS}}}svg"
    return root


def self_contained(svg: str) -> None:
    assert "<script" not in svg and "href" not in svg and "url(" not in svg
    assert "NaN" not in svg and "inf" not in svg


def points(element: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in
            (pair.split(",") for pair in element.get("points", "").split())]


def polyline(root: ET.Element, css_class: str) -> ET.Element | None:
    for element in root.iterfind("svg:polyline", NS):
        if element.get("class") == css_class:
            return element
    return None


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iterfind(".//svg:text", NS)]


def test_a_sparkline_has_a_point_per_week_and_last_year_behind_it() -> None:
    series = [5, 9, 3, 12, 7, 7, 0, 4, 8, 10, 6, 11]
    last = [8, 8, 9, 7, 10, 12, 9, 8, 7, 9, 10, 9]
    svg = charts.sparkline(series, width=160, height=46, last_year=last, label="Drugs",
                           first_label="W35", last_label="W46")
    root = parse(svg)
    self_contained(svg)
    current = polyline(root, "current")
    assert current is not None and len(points(current)) == 12
    behind = polyline(root, "last-year")
    assert behind is not None and len(points(behind)) == 12
    xs = [x for x, _ in points(current)]
    assert xs == sorted(xs) and xs[0] < xs[-1]  # time runs left to right, in Arabic too
    ys = [y for _, y in points(current)]
    # Higher counts are drawn higher; the peak (12, across both series) at the top.
    assert ys[series.index(12)] == min(ys) and ys[series.index(0)] == max(ys)
    assert root.get("width") == "160" and root.get("viewBox") == "0 0 160 46"
    words = texts(root)
    assert "11" in words and "12" in words  # the last week's count, the axis's top
    assert "W35" in words and "W46" in words


def test_a_sparkline_of_zeros_or_of_nothing_still_draws() -> None:
    flat = parse(charts.sparkline([0] * 12, label="Fire"))
    line = polyline(flat, "current")
    assert line is not None
    ys = {y for _, y in points(line)}
    assert len(ys) == 1  # flat, on the axis, no division by zero
    assert polyline(flat, "last-year") is None
    empty = charts.sparkline([], label="Nothing")
    root = parse(empty)
    self_contained(empty)
    assert polyline(root, "current") is None
    single = parse(charts.sparkline([4], label="One"))
    line = polyline(single, "current")
    assert line is not None and len(points(line)) == 1
    assert all(math.isfinite(v) for point in points(line) for v in point)


def test_text_is_escaped() -> None:
    for svg in (charts.sparkline([1, 2], label=NASTY, first_label=NASTY, last_label="<b>"),
                charts.bar_chart([1, 2], labels=[NASTY, "&"], label=NASTY),
                charts.hotspot_map({"features": []}, [], label=NASTY, north="<N>"),
                charts.triangle("up", label=NASTY), charts.swatch("#fff", label=NASTY)):
        root = parse(svg)
        self_contained(svg)
        assert root.get("aria-label") == NASTY
        title = root.find("svg:title", NS)
        assert title is not None and title.text == NASTY
        assert not root.findall(".//svg:script", NS) and not root.findall(".//svg:b", NS)


def test_a_bar_chart_has_a_bar_per_value() -> None:
    values = [543, 555, 534, 0, 502, 545]
    svg = charts.bar_chart(values, width=300, height=90, labels=[f"W{n}" for n in range(6)],
                           line=[600, 500, 550, 540, 530, 520], label="All incidents")
    root = parse(svg)
    self_contained(svg)
    bars = [r for r in root.iterfind("svg:rect", NS) if r.get("class") == "bar"]
    assert len(bars) == 6
    heights = [float(b.get("height", "nan")) for b in bars]
    assert heights[3] == 0 and max(heights) == heights[1]
    # The line's 600 sets the scale: 555 is drawn at 555/600 of the plot's height (69).
    assert abs(heights[1] - 69 * 555 / 600) < 0.01
    assert [b.get("fill") for b in bars][-1] == charts.BAR_LAST  # the reported week
    behind = polyline(root, "last-year")
    assert behind is not None and len(points(behind)) == 6
    assert {f"W{n}" for n in range(6)} <= set(texts(root))
    assert {str(v) for v in values} <= set(texts(root))


@pytest.mark.parametrize("values", [[], [0, 0, 0]])
def test_an_empty_or_all_zero_bar_chart_draws(values: list[int]) -> None:
    svg = charts.bar_chart(values, labels=["a", "b", "c"])
    root = parse(svg)
    self_contained(svg)
    bars = [r for r in root.iterfind("svg:rect", NS) if r.get("class") == "bar"]
    assert len(bars) == len(values)
    assert all(float(b.get("height", "nan")) == 0 for b in bars)


def _square(lon: float, lat: float, size: float) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat],
                                                [lon + size, lat + size], [lon, lat + size],
                                                [lon, lat]]]}


class _District:
    def __init__(self, geometry: dict[str, Any]) -> None:
        self.geometry = geometry


def _cell(lon: float, lat: float, klass: str, count: int = 4) -> dict[str, Any]:
    return {"type": "Feature", "geometry": _square(lon, lat, 0.0025),
            "properties": {"count": count, "z": 3.1, "p": 0.001, "q": 0.01, "class": klass}}


def test_the_map_draws_districts_and_coloured_cells_north_up() -> None:
    south = _District(_square(20.0, 32.0, 0.05))
    north = {"geometry": {"type": "MultiPolygon",  # a dict works as well as a model
                          "coordinates": [_square(20.0, 32.05, 0.05)["coordinates"]]}}
    layer = {"features": [_cell(20.01, 32.01, "hot"), _cell(20.02, 32.01, "hot"),
                          _cell(20.03, 32.07, "cold", 0), _cell(20.04, 32.04, "none", 1)]}
    svg = charts.hotspot_map(layer, [south, north], width=300, height=300, label="Map")
    root = parse(svg)
    self_contained(svg)
    paths = root.findall("svg:path", NS)
    by_class: dict[str, list[ET.Element]] = {}
    for path in paths:
        by_class.setdefault(path.get("class", ""), []).append(path)
    assert len(by_class["district"]) == 2 and len(by_class["outline"]) == 2
    assert len(by_class["cell hot"]) == 2 and len(by_class["cell cold"]) == 1
    assert len(by_class["cell none"]) == 1
    assert {p.get("fill") for p in by_class["cell hot"]} == {charts.HOT}
    assert by_class["cell cold"][0].get("fill") == charts.COLD
    # Hot cells are drawn after (over) the quiet ones.
    order = [p.get("class") for p in paths]
    assert order.index("cell none") < order.index("cell hot")

    def top(path: ET.Element) -> float:
        ys = [float(v) for v in re.findall(r"[-\d.]+", path.get("d", ""))[1::2]]
        return min(ys)

    assert top(by_class["district"][1]) < top(by_class["district"][0])  # north is up
    for path in paths:
        for value in re.findall(r"-?[\d.]+", path.get("d", "")):
            assert -1 <= float(value) <= 301  # inside the drawing
    assert "N" in texts(root) and any(t.endswith("km") for t in texts(root))


def test_an_empty_map_draws() -> None:
    svg = charts.hotspot_map({"type": "FeatureCollection", "features": []}, [], label="x")
    root = parse(svg)
    self_contained(svg)
    assert not root.findall("svg:path", NS)
    cells_only = parse(charts.hotspot_map({"features": [_cell(20.0, 32.0, "hot")]}, [],
                                          km_unit=""))
    assert [p.get("class") for p in cells_only.findall("svg:path", NS)].count("cell hot") == 1
    assert not any("km" in t for t in texts(cells_only))


def test_triangles_point_their_way() -> None:
    up, down = parse(charts.triangle("up")), parse(charts.triangle("down"))
    up_path, down_path = up.find("svg:path", NS), down.find("svg:path", NS)
    assert up_path is not None and down_path is not None
    assert up_path.get("d", "").startswith("M0 7 L3.5 0")  # the apex at the top
    assert down_path.get("d", "").startswith("M0 0 L7 0")  # the base at the top
