"""A year and a half of SYNTHETIC incident history for the Benghazi demo (issue 16), so that
CompStat, response times and hotspots have something to say on the first `make run`: the
``DEMO_HISTORY_DAYS`` (548) local days ending yesterday, and from a year on at least back to
1 January of last year, so that a year to date has last year's to compare with.

About 75 incidents a day of the registry's types, mixed as the live simulator mixes them
(``sim_weight``), with what real call data shows: a week (Thursday evenings busier, Friday
quieter, its midday prayer quietest), seasons (traffic, fires and drownings peak in summer,
gas leaks and floods in winter), a quieter Ramadan with its evenings later, celebratory
gunfire at weddings and the Eids, hours of the day by kind of call, and a real trend: violent
crime down about 22 % a year and weapons about 25 %, property crime up 10 %, drugs flat, so
some comparisons are significant and some are not. Every group also has a few persistent
hotspots (shootings around As-Sabri, Sidi Hussein and Souq al-Lahoum, drugs in Qaryat
al-Unayzi, ...) over a background spread by population, and a hotspot has its own trend
(As-Sabri's violence falls fastest, a property hotspot grows in Ard Izwawa). The
operations room owns the history, except a share in Al-Birka that its police station
handled. Times follow the response chain (dispatch, turnout, travel by priority and
distance, time on scene, closure), with calls answered by phone and units that never
arrived; a few calls are second callers merged into the first, which statistics ignore.

Synthetic and marked so: every number starts with ``SYN.`` (a site code is letters, digits,
'-' and '_', so no real number, ``<site>-<year>-<n>``, can start so), every description
says it is synthetic, and no row has a caller. A fixed seed makes the history the same at
every load on the same day (it counts back from yesterday); loading twice adds nothing.

Fast: the rows are planned with numpy and written by one bulk insert in one transaction,
not through the actions (tens of thousands of rows). So the history writes no timeline
(IncidentEvent) rows, no live change rows and no sync outbox entries: statistics need none
of them, the rollup of daily counts is kept by the database's own triggers, and a site set
up later gets the rows in its seed bundle (they carry a clock like any local write). One
audit entry records the load.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import shapely
from django.conf import settings
from django.db import transaction
from shapely.geometry import shape

from opsroom.accounts.models import Agency, User
from opsroom.audit.actions import do_audit
from opsroom.core.clock import now
from opsroom.geo.models import District, Place, PlaceKind
from opsroom.incidents.models import Incident, IncidentType, Status
from opsroom.incidents.registry import GROUP_OF_TYPE, INCIDENT_TYPES, IncidentTypeSpec
from opsroom.sync import hlc

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

OPS, STATION = "bng-ops", "bng-ps-birka"  # as in opsroom.demo.loader
PREFIX = "SYN."
NOTE = "بلاغ تجريبي من سجل اصطناعي"
SEED = 16  # issue 16
DAILY_AT_END = 75.0  # incidents a day of the whole mix at the end of the history
# Al-Birka's police station handles this share of the calls in its own district.
STATION_DISTRICTS = ("BNG-D02",)
STATION_SHARE = 0.7
DUPLICATE_SHARE = 0.06  # of priority 1-2 calls, a second caller for the same incident
DAY_DISPERSION = 40.0  # gamma shape of a day's random level per group (CV ~16 %)
BATCH = 2000


# --- What the history looks like ----------------------------------------------------------

def _norm(values: tuple[float, ...]) -> tuple[float, ...]:
    mean = sum(values) / len(values)
    return tuple(v / mean for v in values)


# Calls by local hour (0-23), mean 1. GENERAL is the live simulator's curve.
HOURS: dict[str, tuple[float, ...]] = {
    "general": _norm((0.55, 0.45, 0.35, 0.3, 0.3, 0.35, 0.5, 0.75, 0.95, 1.05, 1.1, 1.15,
                      1.2, 1.15, 1.1, 1.1, 1.2, 1.3, 1.45, 1.55, 1.6, 1.5, 1.2, 0.8)),
    # Morning and early-afternoon rush (work ends at 14:00), then the evening out.
    "traffic": _norm((0.35, 0.25, 0.2, 0.15, 0.15, 0.25, 0.6, 1.4, 1.6, 1.2, 1.0, 1.1,
                      1.3, 1.6, 1.7, 1.4, 1.2, 1.3, 1.4, 1.5, 1.4, 1.2, 0.9, 0.6)),
    # Fights and shootings late in the evening and after midnight.
    "violent": _norm((1.3, 1.1, 0.8, 0.5, 0.35, 0.3, 0.35, 0.5, 0.65, 0.75, 0.85, 0.9,
                      0.95, 1.0, 1.0, 1.05, 1.1, 1.2, 1.35, 1.5, 1.7, 1.8, 1.7, 1.5)),
    # Burglaries at night, thefts in the day.
    "property": _norm((1.0, 1.1, 1.1, 1.0, 0.8, 0.6, 0.6, 0.8, 1.0, 1.1, 1.15, 1.15,
                       1.1, 1.0, 0.95, 0.95, 1.0, 1.05, 1.1, 1.1, 1.05, 1.0, 1.0, 1.0)),
    "night": _norm((1.4, 1.3, 1.1, 0.8, 0.5, 0.3, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8,
                    0.9, 0.9, 0.9, 1.0, 1.1, 1.2, 1.3, 1.5, 1.6, 1.7, 1.6, 1.5)),
    # Weddings and celebrations: the evening and the first hours of the night.
    "celebration": _norm((1.6, 1.0, 0.5, 0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.1, 0.15, 0.2,
                          0.3, 0.4, 0.4, 0.5, 0.7, 1.0, 1.6, 2.4, 3.2, 3.6, 3.4, 2.6)),
    # Cooking and heaters in the evening, heat at midday.
    "fire": _norm((0.6, 0.5, 0.4, 0.35, 0.35, 0.45, 0.6, 0.8, 0.9, 1.0, 1.1, 1.25,
                   1.35, 1.35, 1.3, 1.2, 1.2, 1.3, 1.45, 1.55, 1.5, 1.3, 1.0, 0.8)),
    # Bathers: the afternoon.
    "sea": _norm((0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.2, 0.4, 0.8, 1.2, 1.6, 2.0,
                  2.3, 2.5, 2.5, 2.4, 2.1, 1.7, 1.2, 0.7, 0.4, 0.3, 0.2, 0.1)),
}
# Friday's midday prayer empties the streets; in Ramadan the days are quiet and the nights
# (after the evening meal) busy.
FRIDAY_HOURS = _norm(tuple(0.45 if 11 <= h <= 13 else (0.8 if h in (10, 14) else 1.0)
                           for h in range(24)))
RAMADAN_HOURS = _norm(tuple(0.55 if 5 <= h <= 14 else (0.8 if 15 <= h <= 17 else
                                                      (0.5 if h == 18 else 1.5))
                            for h in range(24)))

# Monday..Sunday. Libya's weekend is Friday and Saturday; Thursday night is wedding night.
WEEKS: dict[str, tuple[float, ...]] = {
    "general": _norm((1.0, 1.0, 1.0, 1.06, 0.8, 0.95, 1.0)),
    "traffic": _norm((1.05, 1.05, 1.05, 1.12, 0.68, 0.9, 1.05)),
    "violent": _norm((0.95, 0.95, 0.95, 1.15, 1.0, 1.0, 0.95)),
    "celebration": _norm((0.6, 0.6, 0.7, 2.2, 1.8, 0.9, 0.6)),
}


@dataclass(frozen=True)
class Hotspot:
    district: str  # the centre is the district's named suburb or locality
    weight: float  # the hotspot's share of its group's calls at the end of the history
    yearly: float  # calls a year later / calls now (0.6: 40 % fewer a year on)
    spread_m: float = 350.0


@dataclass(frozen=True)
class GroupPlan:
    yearly: float  # the background's trend
    hotspots: tuple[Hotspot, ...]
    hours: str = "general"
    week: str = "general"
    season: tuple[float, int] = (0.0, 200)  # strength, peak day of the year (_season)
    ramadan: float = 0.9


GROUPS: dict[str, GroupPlan] = {
    # Down 21 % a year overall: fastest at As-Sabri (a sustained operation), barely at
    # Souq al-Lahoum.
    "violent": GroupPlan(0.80, (Hotspot("BNG-D12", 0.14, 0.60), Hotspot("BNG-D23", 0.12, 0.85),
                                Hotspot("BNG-D25", 0.09, 0.95)),
                         hours="violent", week="violent", season=(0.08, 200), ramadan=0.85),
    # Down 25 %: the former front lines are being cleared of ordnance.
    "weapons": GroupPlan(0.78, (Hotspot("BNG-D12", 0.20, 0.70), Hotspot("BNG-D17", 0.15, 0.70),
                                Hotspot("BNG-D01", 0.10, 0.80)),
                         season=(0.1, 195), ramadan=0.8),
    # Up 10 %, most of it a growing hotspot in Ard Izwawa's shops.
    "property": GroupPlan(1.07, (Hotspot("BNG-D10", 0.12, 1.35), Hotspot("BNG-D20", 0.10, 1.10),
                                 Hotspot("BNG-D02", 0.08, 1.00)),
                          hours="property", season=(0.08, 220), ramadan=0.9),
    # Flat overall, though dealing moves from Qaryat al-Unayzi to Sidi Mansour.
    "drugs": GroupPlan(1.0, (Hotspot("BNG-D22", 0.30, 0.80), Hotspot("BNG-D24", 0.15, 1.40)),
                       hours="night", ramadan=0.8),
    "traffic": GroupPlan(1.03, (Hotspot("BNG-D15", 0.10, 1.03, 500.0),
                                Hotspot("BNG-D05", 0.10, 1.03, 500.0)),
                         hours="traffic", week="traffic", season=(0.22, 205), ramadan=1.0),
    "fire_rescue": GroupPlan(1.0, (), hours="fire", season=(0.05, 200), ramadan=1.0),
    "other": GroupPlan(1.0, (Hotspot("BNG-D25", 0.08, 1.0),), ramadan=0.9),
}
# How much more a type gathers in its group's hotspots (1: as its group).
CONCENTRATION: dict[str, float] = {
    "shooting": 2.2, "armed_clash": 2.4, "armed_dispute": 1.8, "homicide": 1.5,
    "domestic_violence": 0.3, "sexual_assault": 0.5, "fraud": 0.2,
    "unexploded_ordnance": 1.9, "suspicious_object": 1.3, "celebratory_gunfire": 0.4,
}
TYPE_HOTSPOTS: dict[str, tuple[Hotspot, ...]] = {
    # Bathers drown off the beaches of Juliana and Al-Lathama.
    "drowning": (Hotspot("BNG-D18", 0.5, 1.0, 600.0), Hotspot("BNG-D07", 0.45, 1.0, 600.0)),
}
TYPE_SEASON: dict[str, tuple[float, int]] = {
    "building_fire": (0.25, 210), "vehicle_fire": (0.3, 210), "gas_leak": (0.35, 15),
    "drowning": (2.5, 205), "flooding": (2.0, 345), "building_collapse": (0.5, 350),
    "medical_emergency": (0.1, 205), "celebratory_gunfire": (0.35, 190),
    "burglary": (0.15, 220),
}
TYPE_HOURS = {"celebratory_gunfire": "celebration", "drowning": "sea", "drug_den": "night",
              "fraud": "general", "nuisance": "night"}
TYPE_WEEK = {"celebratory_gunfire": "celebration", "traffic_accident_injury": "traffic",
             "dispute": "violent"}

# Approximate first days of Ramadan (the month then lasts 30 days) and of Eid al-Adha.
RAMADAN_STARTS = (date(2023, 3, 23), date(2024, 3, 11), date(2025, 3, 1), date(2026, 2, 18),
                  date(2027, 2, 8), date(2028, 1, 28), date(2029, 1, 16), date(2030, 1, 6))
EID_ADHA = (date(2023, 6, 28), date(2024, 6, 16), date(2025, 6, 6), date(2026, 5, 27),
            date(2027, 5, 16), date(2028, 5, 5), date(2029, 4, 24), date(2030, 4, 13))
RAMADAN_DAYS = 30
EID_DAYS = 3
EID_GUNFIRE = 3.0  # celebratory gunfire on the Eids' days
RAMADAN_GUNFIRE = 0.3  # no weddings in Ramadan

# The response chain by priority (1..4): medians in seconds, log-normal spread.
DISPATCH_S = (40.0, 70.0, 135.0, 270.0)  # now; a little slower earlier (DISPATCH_YEARLY)
TURNOUT_S = (30.0, 45.0, 60.0, 90.0)
TRAVEL_S = (360.0, 480.0, 600.0, 720.0)
SCENE_S = (2700.0, 1800.0, 1500.0, 1200.0)
NEVER_ARRIVED = (0.02, 0.04, 0.07, 0.10)  # unit diverted or call cancelled on the way
BY_PHONE = (0.0, 0.0, 0.02, 0.15)  # handled on the phone, nobody sent
DISPATCH_YEARLY = 0.92  # dispatchers a little quicker every year
TRAVEL_KM = 2.5  # the distance from the nearest station at which travel is the median


def _local_days(days: int, end: date) -> list[date]:
    return [end - timedelta(days=days - 1 - i) for i in range(days)]


def default_days(end: date) -> int:
    """The setting's days, and at least back to 1 January of last year once it asks for a
    year or more: a year-to-date comparison then has last year's same days to compare to."""
    days = max(0, int(settings.DEMO_HISTORY_DAYS))
    if days >= 365:
        days = max(days, (end - date(end.year - 1, 1, 1)).days + 1)
    return days


# --- The geography the plan reads ---------------------------------------------------------

@dataclass
class Geography:
    codes: list[str]
    ids: list[uuid.UUID]
    names_ar: list[str]
    polygons: list[Any]
    population: Floats
    centres: dict[str, tuple[float, float]]  # district code -> (lat, lon) of a hotspot
    stations: Floats  # (n, 2) lat, lon of the police stations

    @classmethod
    def load(cls) -> Geography:
        districts = list(District.objects.order_by("code"))  # as geo.queries.district_at
        polygons = [shape(d.geometry) for d in districts]
        for polygon in polygons:
            shapely.prepare(polygon)
        centres: dict[str, tuple[float, float]] = {}
        named = (PlaceKind.SUBURB, PlaceKind.LOCALITY, PlaceKind.HAMLET)
        places = Place.objects.filter(district__isnull=False, kind__in=named).order_by("code")
        by_district = {d.id: i for i, d in enumerate(districts)}
        for place in places:
            if place.district_id not in by_district:
                continue
            i = by_district[place.district_id]
            code = districts[i].code
            if code not in centres and polygons[i].contains(shapely.Point(place.lon, place.lat)):
                centres[code] = (place.lat, place.lon)
        for district, polygon in zip(districts, polygons, strict=True):
            if district.code not in centres:
                point = polygon.representative_point()
                centres[district.code] = (point.y, point.x)
        stations = [(p.lat, p.lon) for p in Place.objects.filter(kind=PlaceKind.POLICE_STATION)]
        if not stations:
            stations = [(d.centroid_lat, d.centroid_lon) for d in districts]
        return cls(
            codes=[d.code for d in districts], ids=[d.id for d in districts],
            names_ar=[d.name_ar for d in districts], polygons=polygons,
            population=np.array([float(d.population or 1) for d in districts]),
            centres=centres, stations=np.array(stations, dtype=float),
        )

    def district_of(self, lat: Floats, lon: Floats) -> Ints:
        """The index of the district holding each point (-1: none), the first in code order
        as ``district_at`` picks it."""
        found = np.full(lat.shape, -1, dtype=np.int64)
        for i, polygon in enumerate(self.polygons):
            free = found == -1
            if not free.any():
                break
            hit = np.zeros(lat.shape, dtype=bool)
            hit[free] = shapely.contains_xy(polygon, lon[free], lat[free])
            found[hit] = i
        return found


# --- The plan: numpy arrays, one entry per incident -----------------------------------------

@dataclass
class Plan:
    day: Ints  # index into days
    type: Ints  # index into types
    lat: Floats
    lon: Floats
    district: Ints
    station: npt.NDArray[np.bool_]
    priority: Ints
    received_s: Floats  # local seconds since the day's midnight
    dispatch_s: Floats  # NaN: never dispatched
    turnout_s: Floats
    travel_s: Floats  # NaN: never arrived
    scene_s: Floats
    close_s: Floats
    duplicate_of: Ints  # -1, or the index of the incident a second caller reported
    days: list[date]
    types: list[IncidentTypeSpec]

    def __len__(self) -> int:
        return len(self.day)


def _season(doy: Floats, strength: float, peak: int) -> Floats:
    """A year's wave of mean 1 peaking on day ``peak`` (von Mises): about 1 + strength ×
    cos for a small strength, a sharp summer for the beaches' 2.5."""
    wave = np.exp(strength * np.cos(2 * math.pi * (doy - peak) / 365.25))
    result: Floats = wave / np.i0(strength)
    return result


def _in_ranges(days: list[date], starts: tuple[date, ...], length: int) -> Floats:
    return np.array([any(s <= d < s + timedelta(days=length) for s in starts) for d in days],
                    dtype=float)


def _rates(days: list[date], end: date, types: list[IncidentTypeSpec], rng: np.random.Generator
           ) -> tuple[Floats, list[list[Hotspot | None]]]:
    """The expected count of each (day, type, component) — component 0 is the background,
    the others the type's hotspots — with each day's random level drawn in."""
    total = sum(spec.sim_weight for spec in types)
    years = np.array([(d - end).days / 365.25 for d in days])  # <= 0
    doy = np.array([d.timetuple().tm_yday for d in days], dtype=float)
    dow = np.array([d.weekday() for d in days])
    ramadan = _in_ranges(days, RAMADAN_STARTS, RAMADAN_DAYS)
    eids = np.maximum(_in_ranges(days, tuple(s + timedelta(days=RAMADAN_DAYS)
                                             for s in RAMADAN_STARTS), EID_DAYS),
                      _in_ranges(days, EID_ADHA, EID_DAYS))
    groups = sorted({GROUP_OF_TYPE[spec.code] for spec in types})
    level = {g: rng.gamma(DAY_DISPERSION, 1 / DAY_DISPERSION, size=len(days)) for g in groups}
    components: list[list[Hotspot | None]] = []
    width = 1 + max(len(TYPE_HOTSPOTS.get(s.code, GROUPS[GROUP_OF_TYPE[s.code]].hotspots))
                    for s in types)
    rates = np.zeros((len(days), len(types), width))
    for t, spec in enumerate(types):
        group = GROUP_OF_TYPE[spec.code]
        plan = GROUPS[group]
        hotspots = TYPE_HOTSPOTS.get(spec.code)
        concentration = 1.0 if hotspots else CONCENTRATION.get(spec.code, 1.0)
        hotspots = hotspots or plan.hotspots
        weights = [h.weight * concentration for h in hotspots]
        background = max(0.05, 1.0 - sum(weights))
        scale = background + sum(weights)  # more than 1 only where a type fills its hotspots
        base = DAILY_AT_END * spec.sim_weight / total
        strength, peak = TYPE_SEASON.get(spec.code, plan.season)
        shape_ = (base * _season(doy, strength, peak)
                  * np.array(WEEKS[TYPE_WEEK.get(spec.code, plan.week)])[dow]
                  * np.where(ramadan > 0, plan.ramadan, 1.0) * level[group])
        if spec.code == "celebratory_gunfire":
            shape_ = shape_ * np.where(ramadan > 0, RAMADAN_GUNFIRE / plan.ramadan, 1.0)
            shape_ = shape_ * np.where(eids > 0, EID_GUNFIRE, 1.0)
        rates[:, t, 0] = shape_ * background / scale * plan.yearly ** years
        for c, (hotspot, weight) in enumerate(zip(hotspots, weights, strict=True), start=1):
            rates[:, t, c] = shape_ * weight / scale * hotspot.yearly ** years
        components.append([None, *hotspots])
    return rates, components


def uniform_in(polygon: Any, n: int, rng: np.random.Generator) -> tuple[Floats, Floats]:
    """``n`` points drawn evenly inside ``polygon`` (lats, lons), by rejection."""
    minx, miny, maxx, maxy = polygon.bounds
    fill = max(polygon.area / ((maxx - minx) * (maxy - miny)), 0.05)
    lats: list[Floats] = []
    lons: list[Floats] = []
    got = 0
    while got < n:
        m = int((n - got) / fill * 1.3) + 16
        x, y = rng.uniform(minx, maxx, m), rng.uniform(miny, maxy, m)
        inside = shapely.contains_xy(polygon, x, y)
        lons.append(x[inside])
        lats.append(y[inside])
        got += int(inside.sum())
    return np.concatenate(lats)[:n], np.concatenate(lons)[:n]


def _places(geo: Geography, hotspot: Hotspot | None, n: int, rng: np.random.Generator
            ) -> tuple[Floats, Floats]:
    """Points for ``n`` calls of one component: a hotspot's around its centre, the
    background's (None) in districts drawn by population."""
    if hotspot is None:
        chosen = rng.choice(len(geo.codes), size=n, p=geo.population / geo.population.sum())
        lat, lon = np.empty(n), np.empty(n)
        for i in np.unique(chosen):
            where = chosen == i
            lat[where], lon[where] = uniform_in(geo.polygons[i], int(where.sum()), rng)
        return lat, lon
    clat, clon = geo.centres[hotspot.district]
    sd_lat = hotspot.spread_m / 111_320
    sd_lon = sd_lat / math.cos(math.radians(clat))
    lat, lon = np.full(n, clat), np.full(n, clon)
    todo = np.arange(n)
    for _ in range(30):  # a hotspot by the shore or the edge of town: draw again
        if not len(todo):
            break
        lat[todo] = clat + rng.normal(0, sd_lat, len(todo))
        lon[todo] = clon + rng.normal(0, sd_lon, len(todo))
        todo = todo[geo.district_of(np.round(lat[todo], 6), np.round(lon[todo], 6)) < 0]
    lat[todo], lon[todo] = clat, clon
    return lat, lon


def _lognormal(rng: np.random.Generator, median: Floats, sigma: float) -> Floats:
    result: Floats = median * np.exp(rng.normal(0.0, sigma, len(median)))
    return result


def _distance_km(lat: Floats, lon: Floats, points: Floats) -> Floats:
    """From each call to the nearest of ``points`` (equirectangular: a city is small)."""
    dlat = (lat[:, None] - points[None, :, 0]) * 111.32
    dlon = (lon[:, None] - points[None, :, 1]) * 111.32 * np.cos(np.radians(lat))[:, None]
    result: Floats = np.sqrt(dlat ** 2 + dlon ** 2).min(axis=1)
    return result


def plan_history(geo: Geography, types: list[IncidentTypeSpec], days: int, end: date,
                 seed: int = SEED) -> Plan:
    """Every incident of ``days`` local days ending on ``end``, as arrays: no database."""
    rng = np.random.default_rng(seed)
    day_list = _local_days(days, end)
    rates, components = _rates(day_list, end, types, rng)
    counts = rng.poisson(rates)
    flat = np.repeat(np.arange(counts.size), counts.ravel())
    day, type_, comp = np.unravel_index(flat, counts.shape)
    day, type_, comp = day.astype(np.int64), type_.astype(np.int64), comp.astype(np.int64)
    n = len(day)

    # Where: per (type, component), so a hotspot's calls gather round its centre.
    lat, lon = np.empty(n), np.empty(n)
    for t in np.unique(type_):
        for c in np.unique(comp[type_ == t]):
            where = (type_ == t) & (comp == c)
            lat[where], lon[where] = _places(geo, components[t][c], int(where.sum()), rng)
    exact_lat, exact_lon = lat, lon
    lat, lon = np.round(lat, 6), np.round(lon, 6)  # as a live call's location is kept
    district = geo.district_of(lat, lon)
    lost = np.flatnonzero(district < 0)  # rounded off a district's very edge
    if len(lost):
        for j, k in zip(lost, geo.district_of(exact_lat[lost], exact_lon[lost]), strict=True):
            lat[j], lon[j] = np.round(geo.centres[geo.codes[max(int(k), 0)]], 6)
        district[lost] = geo.district_of(lat[lost], lon[lost])
    assert (district >= 0).all(), "a synthetic call outside every district"

    # When: the hour by kind of call, Friday's and Ramadan's own hours.
    weekday = np.array([d.weekday() for d in day_list])[day]
    ramadan = _in_ranges(day_list, RAMADAN_STARTS, RAMADAN_DAYS)[day] > 0
    profile_of = [TYPE_HOURS.get(s.code, GROUPS[GROUP_OF_TYPE[s.code]].hours) for s in types]
    profile = np.array([profile_of[t] for t in type_])
    hour = np.zeros(n, dtype=np.int64)
    for name in np.unique(profile):
        for friday in (False, True):
            for fasting in (False, True):
                where = (profile == name) & ((weekday == 4) == friday) & (ramadan == fasting)
                if not where.any():
                    continue
                p = np.array(HOURS[str(name)])
                if friday:
                    p = p * np.array(FRIDAY_HOURS)
                if fasting:
                    p = p * np.array(RAMADAN_HOURS)
                hour[where] = rng.choice(24, size=int(where.sum()), p=p / p.sum())
    received_s = hour * 3600.0 + rng.uniform(0, 3600, n)

    # Who: the operations room, or Al-Birka's station for a share of its own district.
    station_district = np.isin(district, [geo.codes.index(c) for c in STATION_DISTRICTS
                                          if c in geo.codes])
    station = station_district & (rng.random(n) < STATION_SHARE)

    # The response chain.
    default = np.array([s.default_priority for s in types])[type_]
    shift = rng.choice([-1, 0, 1], size=n, p=[0.05, 0.85, 0.10])
    priority = np.clip(default + shift, 1, 4).astype(np.int64)
    p = priority - 1
    years = np.array([(d - end).days / 365.25 for d in day_list])[day]
    busy = np.array(HOURS["general"])[hour]
    rush = np.array(HOURS["traffic"])[hour]
    dispatch = _lognormal(rng, np.array(DISPATCH_S)[p] * (0.8 + 0.2 * busy)
                          * DISPATCH_YEARLY ** years, 0.45)
    tail = rng.random(n) < 0.03  # the room swamped, or a call needing a second look
    dispatch[tail] *= rng.uniform(3, 8, int(tail.sum()))
    turnout = _lognormal(rng, np.array(TURNOUT_S)[p], 0.5)
    far = np.clip(_distance_km(lat, lon, geo.stations) / TRAVEL_KM, 0.5, 2.5)
    travel = _lognormal(rng, np.array(TRAVEL_S)[p] * (0.6 + 0.4 * far)
                        * (1 + 0.2 * (rush - 1)), 0.4)
    scene = _lognormal(rng, np.array(SCENE_S)[p], 0.6)
    close = rng.uniform(60, 900, n)
    by_phone = rng.random(n) < np.array(BY_PHONE)[p]
    dispatch[by_phone] = np.nan
    never = ~by_phone & (rng.random(n) < np.array(NEVER_ARRIVED)[p])
    travel[never] = np.nan

    # Second callers: a few minutes after the first, a few metres off.
    first = np.flatnonzero((priority <= 2) & (rng.random(n) < DUPLICATE_SHARE))
    duplicate_of = np.full(n, -1, dtype=np.int64)
    m = len(first)
    dup_lat = np.round(lat[first] + rng.uniform(-0.0008, 0.0008, m), 6)
    dup_lon = np.round(lon[first] + rng.uniform(-0.0008, 0.0008, m), 6)
    dup_district = geo.district_of(dup_lat, dup_lon)
    outside = dup_district < 0
    dup_lat[outside], dup_lon[outside] = lat[first][outside], lon[first][outside]
    dup_district[outside] = district[first][outside]
    after = rng.uniform(40, 300, m)
    merge = rng.uniform(15, 90, m)
    nan = np.full(m, np.nan)
    return Plan(
        day=np.concatenate([day, day[first]]), type=np.concatenate([type_, type_[first]]),
        lat=np.concatenate([lat, dup_lat]), lon=np.concatenate([lon, dup_lon]),
        district=np.concatenate([district, dup_district]),
        station=np.concatenate([station, station[first]]),
        priority=np.concatenate([priority, priority[first]]),
        received_s=np.concatenate([received_s, received_s[first] + after]),
        dispatch_s=np.concatenate([dispatch, nan]), turnout_s=np.concatenate([turnout, nan]),
        travel_s=np.concatenate([travel, nan]), scene_s=np.concatenate([scene, nan]),
        close_s=np.concatenate([close, merge]),
        duplicate_of=np.concatenate([duplicate_of, first]),
        days=day_list, types=types,
    )


# --- Rows -------------------------------------------------------------------------------------

def _uuid7_at(moment: datetime, counter: int, rand: int) -> uuid.UUID:
    """A UUIDv7 (as opsroom.core.ids makes them) of the incident's own time, so ids sort as
    the calls came, with seeded bits in place of the counter and the random part."""
    ms = int(moment.timestamp() * 1000)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (counter & 0xFFF) << 64
    value |= 0b10 << 62 | rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def _later(moment: datetime | None, seconds: float) -> datetime | None:
    if moment is None or math.isnan(seconds):
        return None
    return moment + timedelta(seconds=seconds)


def _rows(plan: Plan, geo: Geography, agencies: dict[str, Agency],
          creators: dict[str, User | None], seed: int) -> list[Incident]:
    zone = ZoneInfo(settings.TIME_ZONE)
    site = settings.SITE_CODE
    n = len(plan)
    bits = np.random.default_rng(seed + 1)
    counters = bits.integers(0, 1 << 12, size=n, dtype=np.int64).tolist()
    rands = bits.integers(0, 1 << 62, size=n, dtype=np.int64).tolist()
    received: list[datetime] = []
    for d, s in zip(plan.day.tolist(), plan.received_s.tolist(), strict=True):
        local = datetime.combine(plan.days[d], time()) + timedelta(seconds=s)
        received.append(local.replace(tzinfo=zone).astimezone(UTC))
    ids = [_uuid7_at(moment, c, r) for moment, c, r in zip(received, counters, rands, strict=True)]
    order = sorted(range(n), key=received.__getitem__)
    sequence: dict[int, int] = {}
    numbers = [""] * n
    for i in order:
        year = received[i].astimezone(zone).year
        sequence[year] = sequence.get(year, 0) + 1
        numbers[i] = f"{PREFIX}{year}-{sequence[year]:06d}"
    names = [f"{NOTE}: {spec.name_ar}" for spec in plan.types]
    precision = np.random.default_rng(seed + 2).choice([10, 25, 50, 200], size=n).tolist()
    rows: list[Incident] = []
    for i in order:
        t, dist = int(plan.type[i]), int(plan.district[i])
        agency = STATION if plan.station[i] else OPS
        original = int(plan.duplicate_of[i])
        at = received[i]
        if original >= 0:
            dispatched = en_route = on_scene = cleared = closed = None
            updated = at + timedelta(seconds=float(plan.close_s[i]))
            status, version = Status.MERGED, 2
            description = f"{NOTE}: متصل آخر يبلغ عن {plan.types[t].name_ar} في المكان نفسه."
        else:
            dispatched = _later(at, float(plan.dispatch_s[i]))
            en_route = _later(dispatched, float(plan.turnout_s[i]))
            on_scene = _later(en_route, float(plan.travel_s[i]))
            # On scene, then cleared; a call handled by phone or a unit that never got
            # there is cleared from when it last moved.
            last = on_scene or en_route or at
            cleared = last + timedelta(seconds=float(plan.scene_s[i])
                                       if on_scene else float(plan.scene_s[i]) / 3)
            closed = cleared + timedelta(seconds=float(plan.close_s[i]))
            updated = closed
            status = Status.CLOSED
            # Created, each step it took, resolved and closed: a save each.
            version = 1 + sum(x is not None for x in (dispatched, en_route, on_scene)) + 2
            description = f"{names[t]} في {geo.names_ar[dist]}."
        clock = hlc.tick()
        rows.append(Incident(
            id=ids[i], origin_site=site, created_at=at, updated_at=updated, version=version,
            hlc=clock, clocks={"*": [clock, site]},
            number=numbers[i], type_id=plan.types[t].code, priority=int(plan.priority[i]),
            status=status, owner_agency=agencies[agency], created_by=creators[agency],
            lat=float(plan.lat[i]), lon=float(plan.lon[i]),
            location_precision_m=precision[i], address=geo.names_ar[dist],
            district_id=geo.ids[dist], description=description,
            caller_name="", caller_phone="",
            merged_into_id=ids[original] if original >= 0 else None,
            received_at=at, dispatched_at=dispatched, en_route_at=en_route,
            on_scene_at=on_scene, cleared_at=cleared, closed_at=closed,
        ))
    return rows


def history_exists() -> bool:
    return Incident.objects.filter(number__startswith=PREFIX).exists()


@transaction.atomic
def load_history(agencies: dict[str, Agency], out: TextIO, days: int | None = None,
                 end: date | None = None, seed: int = SEED) -> int:
    """Write the synthetic history (once): ``days`` local days ending on ``end`` (by default
    yesterday, and ``default_days``). Returns the number of incidents written."""
    if history_exists() or OPS not in agencies:
        return 0
    zone = ZoneInfo(settings.TIME_ZONE)
    end = end or now().astimezone(zone).date() - timedelta(days=1)
    days = default_days(end) if days is None else days
    if days <= 0:
        return 0
    geo = Geography.load()
    if not geo.codes:
        return 0
    known = set(IncidentType.objects.filter(active=True).values_list("code", flat=True))
    types = [spec for spec in INCIDENT_TYPES if spec.code in known and spec.sim_weight > 0]
    plan = plan_history(geo, types, days, end, seed)
    # Who took the calls: the room's call-taker, the station's dispatcher (or nobody).
    creators: dict[str, User | None] = {}
    for code, username in ((OPS, "calltaker"), (STATION, "dispatcher2")):
        agency = agencies.get(code)
        creators[code] = (User.objects.filter(username=username, agency=agency).first()
                          if agency else None)
    if STATION not in agencies:  # a demo without the station: the room took every call
        plan.station[:] = False
    rows = _rows(plan, geo, agencies, creators, seed)
    first_calls = [r for r in rows if r.merged_into_id is None]
    # The first callers before the second ones, who point at them.
    Incident.objects.bulk_create(first_calls, batch_size=BATCH)
    Incident.objects.bulk_create([r for r in rows if r.merged_into_id is not None],
                                 batch_size=BATCH)
    merged = len(rows) - len(first_calls)
    first_day, last_day = plan.days[0], plan.days[-1]
    do_audit(None, "incident.synthetic_history", "incident", "", detail={
        "incidents": len(rows), "merged": merged, "first_day": first_day.isoformat(),
        "last_day": last_day.isoformat(), "seed": seed, "prefix": PREFIX})
    out.write(f"Loaded a SYNTHETIC incident history for statistics: {len(first_calls)} "
              f"incidents and {merged} merged second calls over {days} days "
              f"({first_day} to {last_day}), numbered {PREFIX}….\n")
    return len(rows)
