"""Hotspots: Getis-Ord Gi* over the city's grid or its districts, FDR-corrected."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, shape

from opsroom.accounts.models import Agency
from opsroom.geo.models import District
from opsroom.geo.queries import district_at, district_id_at
from opsroom.incidents.models import Incident
from opsroom.stats import hotspots
from opsroom.stats.hotspots import hotspot_layer
from opsroom.stats.windows import Period

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 3, 1), date(2026, 3, 29))
DURING = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
CENTRE = (32.1167, 20.0667)  # central Benghazi (lat, lon)
M_PER_DEG_LAT = 111_195.0
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_grids() -> Any:
    hotspots.forget()
    yield
    hotspots.forget()


@pytest.fixture
def agency(benghazi: None, make_agency: Callable[..., Agency]) -> Agency:
    return make_agency("bng-hot")


def add(agency: Agency, points: list[tuple[float, float]] | np.ndarray, *,
        type_code: str = "burglary", at: datetime = DURING, **fields: Any) -> list[Incident]:
    rows = [Incident(number=f"HS-{next(_numbers)}", type_id=type_code, priority=3,
                     owner_agency=agency, lat=float(lat), lon=float(lon),
                     district_id=district_id_at(float(lat), float(lon)), received_at=at,
                     created_at=at, **fields)
            for lat, lon in points]
    return Incident.objects.bulk_create(rows)


def offset(point: tuple[float, float], north_m: float, east_m: float) -> tuple[float, float]:
    lat, lon = point
    return (lat + north_m / M_PER_DEG_LAT,
            lon + east_m / (M_PER_DEG_LAT * math.cos(math.radians(lat))))


def cluster(at: tuple[float, float] = CENTRE, here: int = 17) -> list[tuple[float, float]]:
    """``here`` incidents on one spot and one in each of the eight cells around it: 25."""
    around = [offset(at, dn * 250, de * 250)
              for dn in (-1, 0, 1) for de in (-1, 0, 1) if (dn, de) != (0, 0)]
    return [at] * here + around


def uniform(count: int, seed: int) -> np.ndarray:
    """``count`` points spread evenly at random over the city's districts: (lat, lon) rows."""
    area = shapely.union_all([shape(d.geometry) for d in District.objects.all()])
    west, south, east, north = area.bounds
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(west, east, count * 3), rng.uniform(south, north, count * 3)
    inside = shapely.contains_xy(area, lon, lat)
    return np.column_stack([lat[inside], lon[inside]])[:count]


def layer(**kwargs: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"types": ["burglary"], "period": PERIOD, **kwargs}
    return hotspot_layer(Incident.objects.all(), **options)


def feature_at(result: dict[str, Any], point: tuple[float, float]) -> dict[str, Any] | None:
    for feature in result["features"]:
        if shape(feature["geometry"]).contains(Point(point[1], point[0])):
            return feature
    return None


def hot(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in result["features"] if f["properties"]["class"] == "hot"]


def test_a_planted_cluster_is_hot_and_the_scattered_background_is_not(agency: Agency) -> None:
    add(agency, cluster())
    add(agency, uniform(300, seed=7))
    result = layer()

    spot = feature_at(result, CENTRE)
    assert spot is not None
    assert spot["properties"]["count"] >= 17
    assert spot["properties"]["class"] == "hot"
    assert spot["properties"]["q"] < 0.05
    assert spot["properties"]["z"] > 5
    # Only the cluster's own cell: its neighbours (one incident each) and the background,
    # however near, are below the minimum count.
    assert [f["id"] for f in hot(result)] == [spot["id"]]
    assert result["hot"] == 1
    assert result["total"] == 325 - result["outside"]
    assert result["outside"] <= 5  # background points near the edge, in no cell's centre
    cells_with_incidents = [f for f in result["features"] if f["properties"]["count"] > 0]
    assert len(cells_with_incidents) == len(result["features"]) > 250
    # The cell is a 250 m square, written in longitude and latitude.
    ring = spot["geometry"]["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    south_west, north_east = ring[0], ring[2]
    assert (north_east[1] - south_west[1]) * M_PER_DEG_LAT == pytest.approx(250, abs=1)
    json.dumps(result)  # plain JSON: no numpy numbers


def test_the_false_discovery_rate_keeps_pure_noise_from_lighting_up(agency: Agency) -> None:
    add(agency, uniform(2000, seed=0))
    result = layer()
    props = [f["properties"] for f in result["features"]]

    raw = [p for p in props if p["p"] < 0.05 and p["z"] > 0]
    assert len(raw) >= 10  # what a plain p < 0.05 would have painted on noise
    assert all(p["q"] >= p["p"] for p in props)
    assert hot(result) == []


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_noise_stays_quiet_whatever_the_seed(agency: Agency, seed: int) -> None:
    # Gi*'s normal approximation lit one or two false hotspots on about half of such noise
    # maps even after the correction; the exact p keeps them quiet.
    add(agency, uniform(1000, seed=seed))
    assert hot(layer()) == []


def test_an_empty_cell_is_never_cold(agency: Agency) -> None:
    # A strong cluster makes the empty rest of the city "fewer than an even spread": that
    # says nothing, so no empty cell is painted cold.
    add(agency, cluster(here=40))
    add(agency, uniform(60, seed=3))
    result = layer()
    assert hot(result)
    assert all(f["properties"]["count"] > 0 for f in result["features"]
               if f["properties"]["class"] == "cold")


def test_a_cell_below_the_minimum_count_is_never_hot(agency: Agency) -> None:
    add(agency, cluster(here=17))
    add(agency, uniform(300, seed=7))

    strict = feature_at(layer(min_count=18), CENTRE)
    assert strict is not None
    assert strict["properties"]["q"] < 0.05 and strict["properties"]["z"] > 0
    assert strict["properties"]["class"] == "none"

    spot = feature_at(layer(min_count=strict["properties"]["count"]), CENTRE)
    assert spot is not None and spot["properties"]["class"] == "hot"
    assert layer(min_count=18)["min_count"] == 18


def test_z_p_and_q_agree_with_a_hand_computation(agency: Agency) -> None:
    add(agency, cluster(here=9))
    add(agency, uniform(400, seed=11))
    result = layer()
    spot = feature_at(result, CENTRE)
    assert spot is not None

    grid = hotspots._study_area("grid", 250)
    assert isinstance(grid, hotspots._Grid)
    n = result["cells"]
    assert n == grid.cells
    count_of = {f["properties"]["cell"]: f["properties"]["count"] for f in result["features"]}
    x = np.array([count_of.get(grid.name(i), 0) for i in range(n)], dtype=float)
    assert x.sum() == result["total"]
    z = hotspots.gi_star(x, grid.weights)
    ps = hotspots.exact_p(x, grid.weights)
    # Benjamini–Hochberg: q(k) = min over j ≥ k of n p(j) / j, p sorted ascending.
    order = np.argsort(ps)
    q_sorted = np.minimum.accumulate((ps[order] * n / np.arange(1, n + 1))[::-1])[::-1]
    q = np.empty(n)
    q[order] = np.minimum(q_sorted, 1)

    def by_hand(cell: int) -> float:
        # Ord and Getis (1995), eq. 1.6, binary weights with w_ii = 1 (Gi*):
        #   Gi* = (Σj wij xj − x̄ Wi) / (S √((n S1i − Wi²) / (n − 1)))
        # x̄ = Σ x / n, S² = Σ x² / n − x̄², Wi = Σj wij, S1i = Σj wij² (= Wi, binary).
        row, col = int(grid.cell_rows[cell]), int(grid.cell_cols[cell])
        star = [int(grid.index[r, c]) for r in (row - 1, row, row + 1)
                for c in (col - 1, col, col + 1)
                if 0 <= r < grid.rows and 0 <= c < grid.cols and grid.index[r, c] >= 0]
        mean = x.sum() / n
        s = math.sqrt((x**2).sum() / n - mean**2)
        wi = s1 = len(star)
        return float((x[star].sum() - mean * wi) / (s * math.sqrt((n * s1 - wi**2) / (n - 1))))

    quiet = next(f for f in result["features"] if 0.5 < f["properties"]["z"] < 2.5)
    for feature in (spot, quiet):
        cell = next(i for i in range(n) if grid.name(i) == feature["id"])
        expected = by_hand(cell)
        assert z[cell] == pytest.approx(expected, abs=1e-6)
        assert feature["properties"]["z"] == round(expected, 3)
        # The exact null, by hand: S of W cells out of n, N incidents, Binomial(N, W/n).
        star_cells = [i for i in range(n) if grid.weights.sparse[cell, i]]
        s_count, total = int(x[star_cells].sum()), int(x.sum())
        share = len(star_cells) / n
        upper = sum(math.comb(total, k) * share**k * (1 - share) ** (total - k)
                    for k in range(s_count, total + 1))
        lower = sum(math.comb(total, k) * share**k * (1 - share) ** (total - k)
                    for k in range(0, s_count + 1))
        assert feature["properties"]["p"] == pytest.approx(
            min(1.0, 2 * min(upper, lower)), abs=1e-6)
        assert feature["properties"]["q"] == pytest.approx(q[cell], abs=1e-6)
    assert spot["properties"]["z"] > 5 and quiet["properties"]["p"] > 0.001


def test_other_types_periods_duplicates_and_places_are_not_counted(agency: Agency,
                                                                   make_agency: Any) -> None:
    start, end = PERIOD.utc_bounds()
    add(agency, [CENTRE] * 4)
    add(agency, [CENTRE] * 2, at=start)  # the first instant of the period counts
    add(agency, [CENTRE] * 5, at=end)  # the period's end is excluded
    add(agency, [CENTRE] * 6, at=start - timedelta(days=3))
    add(agency, [CENTRE] * 7, type_code="shooting")
    original = add(agency, [CENTRE])[0]
    add(agency, [CENTRE] * 3, merged_into=original)  # duplicates of one call
    add(make_agency("elsewhere"), [CENTRE] * 8)
    Incident.objects.bulk_create([Incident(number=f"HS-{next(_numbers)}", type_id="burglary",
                                           priority=3, owner_agency=agency, received_at=DURING)])

    mine = Incident.objects.filter(owner_agency=agency)
    result = hotspot_layer(mine, types=["burglary"], period=PERIOD)
    spot = feature_at(result, CENTRE)
    assert spot is not None
    assert spot["properties"]["count"] == 7
    assert result["total"] == 7 and result["outside"] == 0

    both = hotspot_layer(mine, types=["burglary", "shooting"], period=PERIOD)
    assert both["total"] == 14 and both["types"] == ["burglary", "shooting"]
    assert hotspot_layer(Incident.objects.all(), types=["burglary"], period=PERIOD)["total"] == 15


def test_an_empty_period_gives_an_empty_valid_layer(agency: Agency) -> None:
    add(agency, cluster(), at=DURING - timedelta(days=40))
    result = layer()
    assert result["type"] == "FeatureCollection"
    assert result["features"] == []
    assert result["total"] == 0 and result["hot"] == 0 and result["cold"] == 0
    assert result["cells"] > 5000  # Benghazi's ~400 km² in 250 m cells
    assert result["method"] == "getis-ord-gi*" and result["fdr"] == "benjamini-hochberg"
    assert result["unit"] == "grid" and result["cell_m"] == 250
    assert result["min_count"] == 3 and result["alpha"] == 0.05
    assert result["period"] == {"start": "2026-03-01", "end": "2026-03-29"}
    assert result["types"] == ["burglary"]
    json.dumps(result)
    districts = layer(unit="district")
    assert districts["features"] == [] and districts["cells"] == District.objects.count()


def test_no_districts_loaded_gives_an_empty_layer(db: Any) -> None:
    result = layer()
    assert result["cells"] == 0 and result["features"] == [] and result["total"] == 0


def test_the_same_count_everywhere_stands_out_nowhere(agency: Agency) -> None:
    # Every district with the same count: zero variance, which Gi* cannot divide by.
    points = [(d.centroid_lat, d.centroid_lon) for d in District.objects.all()]
    add(agency, points * 2)
    result = layer(unit="district")
    assert result["total"] == 2 * len(points)
    assert {f["properties"]["z"] for f in result["features"]} == {0}
    assert {f["properties"]["class"] for f in result["features"]} == {"none"}


def test_districts_as_the_unit(agency: Agency) -> None:
    # 40 incidents in the centre's district and in each district touching it, 3 elsewhere.
    centre_district = district_at(*CENTRE)
    assert centre_district is not None
    middle = shape(centre_district.geometry)
    districts = list(District.objects.all())
    near = [d for d in districts if shape(d.geometry).intersects(middle)]
    far = [d for d in districts
           if not any(shape(d.geometry).intersects(shape(n.geometry)) for n in near)]
    assert len(near) >= 4 and len(far) >= 5
    for d in districts:
        add(agency, [(d.centroid_lat, d.centroid_lon)] * (40 if d in near else 3))
    result = layer(unit="district")

    assert result["unit"] == "district" and result["cell_m"] is None
    assert result["cells"] == District.objects.count() == len(result["features"])
    spot = next(f for f in result["features"] if f["id"] == centre_district.code)
    props = spot["properties"]
    assert props["code"] == centre_district.code
    assert props["name_ar"] == centre_district.name_ar
    assert props["name_en"] == centre_district.name_en
    assert props["count"] == 40
    assert props["class"] == "hot" and props["q"] < 0.05
    assert spot["geometry"] == centre_district.geometry
    assert result["total"] == 40 * len(near) + 3 * (len(districts) - len(near))
    classes = {f["id"]: f["properties"]["class"] for f in result["features"]}
    # Far from the cluster, 3 where the city averages far more: quiet or significantly
    # low, never hot.
    assert {classes[d.code] for d in far} <= {"none", "cold"}


def test_a_district_edit_rebuilds_the_grid(agency: Agency) -> None:
    add(agency, [CENTRE] * 3)
    before = layer()
    assert feature_at(before, CENTRE) is not None
    # A plain UPDATE, as a loader or sync might write it: no version bumped.
    district = district_at(*CENTRE)
    assert district is not None
    lat, lon = offset(CENTRE, 5000, 5000)
    d = 0.002
    District.objects.filter(id=district.id).update(geometry={
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d],
                         [lon, lat]]]})
    after = layer()
    assert after["cells"] < before["cells"]
    assert after["total"] == 0 and after["outside"] == 3


def test_settings_are_checked(agency: Agency) -> None:
    from opsroom.core.errors import InvalidInput

    for kwargs in ({"unit": "street"}, {"cell_m": 0}, {"cell_m": 100_000}, {"alpha": 1.5},
                   {"min_count": -1}):
        with pytest.raises(InvalidInput):
            layer(**kwargs)
    coarse = layer(cell_m=1000)
    assert coarse["cell_m"] == 1000 and 300 < coarse["cells"] < 500
