"""Hotspots: where incidents of some types cluster in a period, and whether that is more
than chance.

Each place is a square cell of a grid laid over the city (``STATS_CELL_M`` metres a side)
or a district. Its statistic is Getis-Ord Gi* (Getis and Ord 1992; Ord and Getis 1995),
the star form: the incidents in the cell and its queen neighbours (the eight cells around
it, or the districts that touch it) against what that many cells would hold if incidents
fell anywhere in the study area alike, as a z-score. Its p-value is not the z's normal
approximation: counts of a month are small and skewed, and that approximation lights up
false hotspots on pure noise in a third to a half of maps even after the correction below
(measured: docs/stats.md). The p is that of the exact null Gi* approximates: if every
incident fell in any cell alike, the count S of a neighbourhood of W cells out of n is
Binomial(N, W/n), N the incidents counted; two-sided, 2·min(P(X ≥ S), P(X ≤ S)).
Thousands of cells are tested at once, so on pure noise hundreds would pass a plain
p < 0.05: the p-values are corrected for the false discovery rate (Benjamini and
Hochberg 1995) and a cell is *hot* only when its q-value is below ``STATS_ALPHA``, its z
is positive and it holds at least ``STATS_HOTSPOT_MIN_COUNT`` incidents itself (a quiet
cell beside a busy one is not a hotspot); *cold* when q is below alpha, z negative and the
cell had incidents at all (an empty cell far from everything says nothing).

The study area is the union of the districts: the grid covers their bounding box and keeps
the cells whose centre lies inside it. Incidents outside those cells are not counted (the
layer says how many). The grid and its weights are kept in memory, keyed on the districts'
geometries themselves, so any change to a district (by whatever writer, in whatever
process) builds them anew.

Places and periods only: nothing here reads who called or who was involved.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from django.conf import settings
from django.db.models import Count, QuerySet
from scipy.stats import binom, false_discovery_control
from shapely.geometry import shape

from opsroom.core.errors import InvalidInput
from opsroom.geo.models import District
from opsroom.incidents.models import Incident
from opsroom.stats.windows import Period

if TYPE_CHECKING:
    from libpysal.weights import W

UNITS = ("grid", "district")
MIN_CELL_M = 50
MAX_CELL_M = 5000
MAX_CELLS = 2_000_000  # cells of the bounding box: a guard on memory, not a city's size
EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
MAX_CACHED = 8


@dataclass(frozen=True)
class _Grid:
    cell_m: int
    # A local equirectangular projection around the centre of the districts' bounding box:
    # x = R·Δλ·cos φ0, y = R·Δφ. Over a city (tens of kilometres) it is off by well under
    # one per cent from the true distances, less than a cell's side on any cell.
    lat0: float
    lon0: float
    m_per_deg_lon: float
    m_per_deg_lat: float
    x0: float  # the grid's south-west corner, metres from the centre
    y0: float
    rows: int
    cols: int
    index: np.ndarray  # (rows, cols): the cell's number in the study area, or -1
    cell_rows: np.ndarray  # the row and column of each cell of the study area
    cell_cols: np.ndarray
    weights: W

    @property
    def cells(self) -> int:
        return len(self.cell_rows)

    def cell_of(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Each point's cell number in the study area, or -1 outside it."""
        x = (lon - self.lon0) * self.m_per_deg_lon - self.x0
        y = (lat - self.lat0) * self.m_per_deg_lat - self.y0
        col = np.floor(x / self.cell_m).astype(np.int64)
        row = np.floor(y / self.cell_m).astype(np.int64)
        inside = (col >= 0) & (col < self.cols) & (row >= 0) & (row < self.rows)
        found = np.full(len(lat), -1, dtype=np.int64)
        found[inside] = self.index[row[inside], col[inside]]
        return found

    def polygon(self, cell: int) -> dict[str, Any]:
        row, col = int(self.cell_rows[cell]), int(self.cell_cols[cell])
        west = self.lon0 + (self.x0 + col * self.cell_m) / self.m_per_deg_lon
        east = self.lon0 + (self.x0 + (col + 1) * self.cell_m) / self.m_per_deg_lon
        south = self.lat0 + (self.y0 + row * self.cell_m) / self.m_per_deg_lat
        north = self.lat0 + (self.y0 + (row + 1) * self.cell_m) / self.m_per_deg_lat
        w, e, s, n = (round(v, 6) for v in (west, east, south, north))
        return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}

    def name(self, cell: int) -> str:
        return f"r{int(self.cell_rows[cell])}c{int(self.cell_cols[cell])}"


@dataclass(frozen=True)
class _Districts:
    ids: list[str]
    codes: list[str]
    names_ar: list[str]
    names_en: list[str]
    geometries: list[dict[str, Any]]
    weights: W | None  # None when there are no districts

    @property
    def cells(self) -> int:
        return len(self.ids)


_lock = threading.Lock()
_cache: dict[tuple[Any, ...], _Grid | _Districts] = {}
_cache_signature = ""
# G_Local sets the transformation of the weights it is given, which empties their cached
# sparse matrix: the shared weights are used by one computation at a time.
_weights_lock = threading.Lock()


def forget() -> None:
    """Drop the cached grids and weights (they are rebuilt on the next layer)."""
    global _cache_signature
    with _lock:
        _cache.clear()
        _cache_signature = ""


def _weights(neighbours: dict[int, list[int]]) -> W:
    """Binary weights with each place its own neighbour (the star of Gi*)."""
    from libpysal.weights import W

    # Islands and disconnected parts (a district across the water, a cell alone at the
    # edge) are expected: with itself as neighbour each still has a defined Gi*, so
    # libpysal's warnings about them are silenced.
    weights = W(neighbours, silence_warnings=True)
    weights.transform = "B"
    return weights


def _lattice_neighbours(index: np.ndarray, count: int) -> dict[int, list[int]]:
    """Queen contiguity on the lattice: each cell, itself and the up to eight around it."""
    rows, cols = index.shape
    padded = np.full((rows + 2, cols + 2), -1, dtype=np.int64)
    padded[1:-1, 1:-1] = index
    sources, targets = [], []
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            shifted = padded[1 + dr:rows + 1 + dr, 1 + dc:cols + 1 + dc]
            both = (index >= 0) & (shifted >= 0)
            sources.append(index[both])
            targets.append(shifted[both])
    source, target = np.concatenate(sources), np.concatenate(targets)
    order = np.lexsort((target, source))
    source, target = source[order], target[order]
    bounds = np.searchsorted(source, np.arange(count + 1))
    return {i: target[bounds[i]:bounds[i + 1]].tolist() for i in range(count)}


def _build_grid(geometries: list[dict[str, Any]], cell_m: int) -> _Grid:
    shapes = [shape(geometry) for geometry in geometries]
    area = shapely.union_all(shapes)
    shapely.prepare(area)
    west, south, east, north = area.bounds
    lat0, lon0 = (south + north) / 2, (west + east) / 2
    m_per_deg_lat = EARTH_RADIUS_M * math.pi / 180
    m_per_deg_lon = m_per_deg_lat * math.cos(math.radians(lat0))
    x0, y0 = (west - lon0) * m_per_deg_lon, (south - lat0) * m_per_deg_lat
    cols = max(1, math.ceil(((east - lon0) * m_per_deg_lon - x0) / cell_m))
    rows = max(1, math.ceil(((north - lat0) * m_per_deg_lat - y0) / cell_m))
    if rows * cols > MAX_CELLS:
        raise InvalidInput(f"cells of {cell_m} m are too small for the city's extent",
                           field="cell_m")
    centre_x = x0 + (np.arange(cols) + 0.5) * cell_m
    centre_y = y0 + (np.arange(rows) + 0.5) * cell_m
    grid_x, grid_y = np.meshgrid(centre_x, centre_y)
    inside = shapely.contains_xy(area, grid_x / m_per_deg_lon + lon0,
                                 grid_y / m_per_deg_lat + lat0)
    index = np.full((rows, cols), -1, dtype=np.int64)
    count = int(inside.sum())
    index[inside] = np.arange(count)
    cell_rows, cell_cols = np.nonzero(inside)  # row-major, the order of the numbering
    return _Grid(cell_m, lat0, lon0, m_per_deg_lon, m_per_deg_lat, x0, y0, rows, cols, index,
                 cell_rows, cell_cols, _weights(_lattice_neighbours(index, count)))


def _build_districts(rows: list[tuple[Any, ...]]) -> _Districts:
    shapes = [shape(row[4]) for row in rows]
    for geometry in shapes:
        shapely.prepare(geometry)
    # Queen contiguity: districts that share a border or a corner are neighbours. The
    # shipped districts are approximate, drawn from points: touching or overlapping alike.
    neighbours: dict[int, list[int]] = {i: [i] for i in range(len(shapes))}
    for i in range(len(shapes)):
        for j in range(i + 1, len(shapes)):
            if shapes[i].intersects(shapes[j]):
                neighbours[i].append(j)
                neighbours[j].append(i)
    return _Districts(
        ids=[str(row[0]) for row in rows], codes=[row[1] for row in rows],
        names_ar=[row[2] for row in rows], names_en=[row[3] for row in rows],
        geometries=[row[4] for row in rows],
        weights=_weights({i: sorted(n) for i, n in neighbours.items()}) if rows else None,
    )


def _study_area(unit: str, cell_m: int) -> _Grid | _Districts | None:
    """The cached grid or districts with their weights; None when no district is loaded."""
    global _cache_signature
    rows = list(District.objects.order_by("code")
                .values_list("id", "code", "name_ar", "name_en", "geometry"))
    if not rows:
        return None
    # The key is the geometry itself (a few tens of kilobytes for a city), not a version
    # number: loaders and sync may rewrite a district without bumping one.
    signature = hashlib.sha256(json.dumps(
        [[str(row[0]), row[1], row[2], row[3], row[4]] for row in rows],
        sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    key = (unit, cell_m if unit == "grid" else None)
    with _lock:
        if signature != _cache_signature:
            _cache.clear()
            _cache_signature = signature
        cached = _cache.get(key)
    if cached is not None:
        return cached
    built = (_build_grid([row[4] for row in rows], cell_m) if unit == "grid"
             else _build_districts(rows))
    with _lock:
        if signature == _cache_signature:
            if len(_cache) >= MAX_CACHED:  # a few cell sizes are in use, not hundreds
                _cache.clear()
            _cache[key] = built
    return built


def gi_star(counts: np.ndarray, weights: W | None) -> np.ndarray:
    """Gi* z-scores of ``counts`` (binary weights, self included). Where no test is possible
    (no incidents, the same count everywhere, fewer than two places, a neighbourhood that
    is the whole study area) z is 0: nothing stands out."""
    y = np.asarray(counts, dtype=float)
    if weights is None or len(y) < 2 or np.all(y == y[0]):
        return np.zeros(len(y))
    from esda.getisord import G_Local

    with _weights_lock, np.errstate(divide="ignore", invalid="ignore"):
        # Dividing by a zero variance is the one case esda does not guard: a place whose
        # neighbourhood covers every place. Its z is set to 0 just below.
        local = G_Local(y, weights, transform="B", permutations=0, star=True)
        z = np.asarray(local.Zs, dtype=float)
        variance = np.asarray(local.VGs, dtype=float)
    return np.where((variance > 0) & np.isfinite(z), z, 0.0)


def exact_p(counts: np.ndarray, weights: W | None) -> np.ndarray:
    """Two-sided p of each neighbourhood's count under the exact null (module docstring)."""
    y = np.asarray(counts, dtype=np.int64)
    total, places = int(y.sum()), len(y)
    if weights is None or places < 2 or total == 0:
        return np.ones(places)
    star = weights.sparse  # binary, each place its own neighbour
    sums = np.asarray(star @ y, dtype=float).ravel()
    share = np.asarray(star.sum(axis=1), dtype=float).ravel() / places
    upper = binom.sf(sums - 1, total, share)
    lower = binom.cdf(sums, total, share)
    return np.minimum(1.0, 2 * np.minimum(upper, lower))


def _significance(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The p-values and their Benjamini–Hochberg q-values."""
    if len(p) == 0:
        return np.zeros(0), np.zeros(0)
    return p, false_discovery_control(p, method="bh")


def _check(unit: str, cell_m: int, min_count: int, alpha: float) -> None:
    if unit not in UNITS:
        raise InvalidInput(f"the unit is one of {', '.join(UNITS)}", field="unit")
    if not MIN_CELL_M <= cell_m <= MAX_CELL_M:
        raise InvalidInput(f"a cell is {MIN_CELL_M} to {MAX_CELL_M} metres a side",
                           field="cell_m")
    if min_count < 0:
        raise InvalidInput("the minimum count cannot be negative", field="min_count")
    if not 0 < alpha < 1:
        raise InvalidInput("alpha is between 0 and 1", field="alpha")


def hotspot_layer(incidents: QuerySet[Incident], *, types: Sequence[str], period: Period,
                  unit: str = "grid", cell_m: int | None = None, min_count: int | None = None,
                  alpha: float | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the cells (or districts) of the study area that had
    incidents of ``types`` in ``period`` or stand out, each with its count, Gi* z, p, q and
    class ("hot", "cold" or "none"); the method and its settings are at the top.

    ``incidents`` is what the caller may read: it is narrowed here, never widened."""
    cell_m = int(settings.STATS_CELL_M if cell_m is None else cell_m)
    min_count = int(settings.STATS_HOTSPOT_MIN_COUNT if min_count is None else min_count)
    alpha = float(settings.STATS_ALPHA if alpha is None else alpha)
    _check(unit, cell_m, min_count, alpha)
    type_codes = [types] if isinstance(types, str) else sorted({str(t) for t in types})
    start, end = period.utc_bounds()
    chosen = incidents.filter(type_id__in=type_codes, merged_into__isnull=True,
                              received_at__gte=start, received_at__lt=end)
    area = _study_area(unit, cell_m)
    cells = 0 if area is None else area.cells
    counts = np.zeros(cells, dtype=np.int64)
    outside = 0
    if isinstance(area, _Districts):
        index = {district_id: i for i, district_id in enumerate(area.ids)}
        for district_id, n in (chosen.order_by().values_list("district_id")
                               .annotate(n=Count("id"))):
            if district_id is not None and str(district_id) in index:
                counts[index[str(district_id)]] += n
            else:
                outside += n
    else:
        located = chosen.filter(lat__isnull=False, lon__isnull=False)
        points = np.array(list(located.values_list("lat", "lon")), dtype=float).reshape(-1, 2)
        if area is None:
            outside = len(points)
        else:
            found = area.cell_of(points[:, 0], points[:, 1])
            outside = int((found < 0).sum())
            counts = np.bincount(found[found >= 0], minlength=cells)
    weights = None if area is None else area.weights
    z = gi_star(counts, weights)
    p, q = _significance(exact_p(counts, weights))
    significant = q < alpha
    hot = (z > 0) & significant & (counts >= min_count)
    # Against an even spread over the whole city, every empty stretch of desert or sea
    # front is "significantly low" (at 10M incidents, half the cells of a month): cold
    # only where incidents do happen, and fewer than chance would give.
    cold = (z < 0) & significant & (counts > 0)
    features = []
    for i in np.nonzero((counts > 0) | hot | cold)[0].tolist():
        klass = "hot" if hot[i] else "cold" if cold[i] else "none"
        stats = {"count": int(counts[i]), "z": round(float(z[i]), 3),
                 "p": round(float(p[i]), 6), "q": round(float(q[i]), 6), "class": klass}
        if isinstance(area, _Grid):
            name = area.name(i)
            features.append({"type": "Feature", "id": name, "geometry": area.polygon(i),
                             "properties": {"cell": name, **stats}})
        elif isinstance(area, _Districts):
            features.append({"type": "Feature", "id": area.codes[i],
                             "geometry": area.geometries[i],
                             "properties": {"code": area.codes[i], "name_ar": area.names_ar[i],
                                            "name_en": area.names_en[i], **stats}})
    return {
        "type": "FeatureCollection",
        "method": "getis-ord-gi*",
        "unit": unit,
        "cell_m": cell_m if unit == "grid" else None,
        "cells": cells,
        "min_count": min_count,
        "alpha": alpha,
        "fdr": "benjamini-hochberg",
        "p": "exact binomial null of the neighbourhood count, two-sided",
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "types": type_codes,
        "total": int(counts.sum()),
        "outside": outside,
        "hot": int(hot.sum()),
        "cold": int(cold.sum()),
        "features": features,
    }
