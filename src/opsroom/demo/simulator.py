"""A live demo room: calls arrive, units are sent, drive, arrive and clear.

Calls follow a Poisson process whose rate follows the hour of day (quiet before dawn, busy
in the evening) and whose location follows district population. Everything goes through
the same actions as a human operator, so the timeline, audit and bus see a normal room.
"""

from __future__ import annotations

import math
import random
import signal
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TextIO

from django.conf import settings
from django.db import close_old_connections
from shapely.geometry import Point, shape

from opsroom.accounts.models import User
from opsroom.core.clock import now, to_city_time
from opsroom.core.errors import OpsError
from opsroom.demo.loader import OPS
from opsroom.dispatch import actions as dispatch
from opsroom.dispatch.models import Unit, UnitStatus
from opsroom.dispatch.queries import recommend_units
from opsroom.geo.measure import haversine_m
from opsroom.geo.models import District
from opsroom.incidents import actions as incidents
from opsroom.incidents.models import OPEN_STATUSES, Incident, IncidentType, Status
from opsroom.incidents.registry import INCIDENT_TYPES

# Relative call volume by local hour (0-23): a night trough and an evening peak, the
# shape operations rooms report; the mean is 1 so --calls-per-hour is the daily average.
_HOURLY = [0.55, 0.45, 0.35, 0.3, 0.3, 0.35, 0.5, 0.75, 0.95, 1.05, 1.1, 1.15,
           1.2, 1.15, 1.1, 1.1, 1.2, 1.3, 1.45, 1.55, 1.6, 1.5, 1.2, 0.8]
HOURLY = [h * 24 / sum(_HOURLY) for h in _HOURLY]

DRIVE_SPEED_M_S = 45 / 3.6
DUPLICATE_SHARE = 1 / 12
POSITION_EVERY_S = 15.0

FIRST_NAMES = ["محمد", "أحمد", "علي", "سالم", "عبدالله", "فاطمة", "مريم", "خديجة", "عمر",
               "إبراهيم", "سعاد", "يوسف", "نورية", "حسين", "عائشة", "مصطفى"]
LAST_NAMES = ["العبيدي", "الفيتوري", "المسماري", "البرعصي", "الزوي", "بن طاهر", "الشريف",
              "المغربي", "الورفلي", "بوخمادة", "الكزة", "العرفي"]


@dataclass
class Trip:
    """A unit driving to (or home from) a point, reported every POSITION_EVERY_S."""

    lat: float
    lon: float
    last_report: float = 0.0


@dataclass
class SimState:
    rng: random.Random
    districts: list[tuple[District, Any]]
    weights: list[float]
    type_weights: list[float]
    dispatch_at: dict[str, float] = field(default_factory=dict)  # incident id → sim time
    on_scene_until: dict[str, float] = field(default_factory=dict)
    close_at: dict[str, float] = field(default_factory=dict)
    depart_at: dict[str, float] = field(default_factory=dict)  # unit id → sim time
    trips: dict[str, Trip] = field(default_factory=dict)
    # duplicate incident id → (original id, simulated time at which the dispatcher merges)
    merge_at: dict[str, tuple[str, float]] = field(default_factory=dict)


def _log(out: TextIO, message: str) -> None:
    out.write(f"{to_city_time(now()):%H:%M:%S} {message}\n")
    out.flush()


def _random_point(rng: random.Random, polygon: Any) -> tuple[float, float]:
    minx, miny, maxx, maxy = polygon.bounds
    for _ in range(200):
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(Point(lon, lat)):
            return lat, lon
    centre = polygon.representative_point()
    return centre.y, centre.x


def _caller(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return name, f"09{rng.choice('1245')}{rng.randint(1000000, 9999999)}"


def _duplicate_call(state: SimState, t: float, calltaker: User, out: TextIO) -> bool:
    """A second caller reporting an open incident nearby; the dispatcher merges it later."""
    rng = state.rng
    open_incidents = list(
        Incident.objects.filter(owner_agency__code=OPS, status__in=OPEN_STATUSES,
                                lat__isnull=False, priority__lte=2)
        .select_related("type")
        .order_by("-received_at")[:10]
    )
    if not open_incidents:
        return False
    original = rng.choice(open_incidents)
    assert original.lat is not None and original.lon is not None
    name, phone = _caller(rng)
    duplicate = incidents.do_create_incident(
        calltaker,
        type_code=original.type_id,
        location=incidents.Location(round(original.lat + rng.uniform(-0.001, 0.001), 6),
                                    round(original.lon + rng.uniform(-0.001, 0.001), 6), 50),
        address=original.address,
        description=f"متصل آخر يبلغ عن {original.type.name_ar} في المكان نفسه.",
        caller_name=name,
        caller_phone=phone,
    )
    state.merge_at[str(duplicate.id)] = (str(original.id), t + rng.uniform(15, 60))
    _log(out, f"call {duplicate.number} repeats {original.number}")
    return True


def _merge_duplicates(state: SimState, t: float, dispatcher: User, out: TextIO) -> None:
    for duplicate_id, (original_id, when) in list(state.merge_at.items()):
        if t < when:
            continue
        state.merge_at.pop(duplicate_id)
        duplicate = Incident.objects.filter(id=duplicate_id, status__in=OPEN_STATUSES).first()
        original = Incident.objects.filter(id=original_id, status__in=OPEN_STATUSES).first()
        if duplicate and original:
            state.dispatch_at.pop(duplicate_id, None)
            incidents.do_merge_incidents(dispatcher, duplicate, original)
            _log(out, f"merged {duplicate.number} into {original.number}")


def _new_call(state: SimState, t: float, calltaker: User, out: TextIO) -> None:
    rng = state.rng
    # About one call in twelve is a second caller for an incident already open.
    if rng.random() < DUPLICATE_SHARE and _duplicate_call(state, t, calltaker, out):
        return
    district, polygon = rng.choices(state.districts, weights=state.weights)[0]
    spec = rng.choices(INCIDENT_TYPES, weights=state.type_weights)[0]
    lat, lon = _random_point(rng, polygon)
    name, phone = _caller(rng)
    incident = incidents.do_create_incident(
        calltaker,
        type_code=spec.code,
        location=incidents.Location(round(lat, 6), round(lon, 6), rng.choice([10, 25, 50, 200])),
        address=f"{district.name_ar}",
        description=f"بلاغ هاتفي: {spec.name_ar} في {district.name_ar}.",
        caller_name=name,
        caller_phone=phone,
    )
    _log(out, f"call {incident.number} {spec.code} P{incident.priority} in {district.name_en}")


def _dispatch_waiting(state: SimState, t: float, dispatcher: User, out: TextIO) -> None:
    waiting = Incident.objects.filter(owner_agency__code=OPS, status=Status.NEW).select_related(
        "type"
    )
    for incident in waiting:
        key = str(incident.id)
        # A dispatcher takes 20-90 s to read a call and choose; priority 1 goes first.
        delay = state.rng.uniform(20, 90) * (0.5 if incident.priority == 1 else 1.0)
        state.dispatch_at.setdefault(key, t + delay)
        if t < state.dispatch_at[key]:
            continue
        wanted = 2 if incident.priority == 1 else 1
        for rec in recommend_units(dispatcher, incident, k=wanted):
            try:
                dispatch.do_assign_unit(dispatcher, incident, rec.unit)
            except OpsError:
                continue  # someone else took the unit meanwhile
            state.depart_at[str(rec.unit.id)] = t + state.rng.uniform(10, 60)
            _log(out, f"assign {rec.unit.call_sign} → {incident.number} "
                      f"({rec.distance_m / 1000:.1f} km)")
        state.dispatch_at.pop(key, None)


def _drive(state: SimState, unit: Unit, t: float, target: tuple[float, float], dt: float,
           actor: User) -> bool:
    """Move the unit towards ``target``; True once it is there."""
    assert unit.lat is not None and unit.lon is not None
    key = str(unit.id)
    trip = state.trips.setdefault(key, Trip(unit.lat, unit.lon))
    distance = haversine_m(trip.lat, trip.lon, *target)
    step = DRIVE_SPEED_M_S * dt
    arrived = distance <= step
    if arrived:
        trip.lat, trip.lon = target
    else:
        f = step / distance
        trip.lat += (target[0] - trip.lat) * f
        trip.lon += (target[1] - trip.lon) * f
    if arrived or t - trip.last_report >= POSITION_EVERY_S:
        dispatch.do_report_position(actor, unit, round(trip.lat, 6), round(trip.lon, 6))
        trip.last_report = t
    if arrived:
        state.trips.pop(key, None)
    return arrived


def _move_units(state: SimState, t: float, dt: float, dispatcher: User, out: TextIO) -> None:
    units = Unit.objects.filter(agency__code=OPS).select_related("current_incident__type")
    for unit in units:
        key = str(unit.id)
        incident = unit.current_incident
        if unit.status == UnitStatus.DISPATCHED and t >= state.depart_at.get(key, t):
            dispatch.do_set_unit_status(dispatcher, unit, UnitStatus.EN_ROUTE)
        elif unit.status == UnitStatus.EN_ROUTE and incident and incident.lat is not None:
            assert incident.lon is not None
            if _drive(state, unit, t, (incident.lat, incident.lon), dt, dispatcher):
                dispatch.do_set_unit_status(dispatcher, unit, UnitStatus.ON_SCENE)
                _log(out, f"{unit.call_sign} on scene at {incident.number}")
        elif unit.status == UnitStatus.AVAILABLE and unit.home_lat is not None:
            assert unit.home_lon is not None and unit.lat is not None and unit.lon is not None
            if haversine_m(unit.lat, unit.lon, unit.home_lat, unit.home_lon) > 50:
                _drive(state, unit, t, (unit.home_lat, unit.home_lon), dt, dispatcher)


def _clear_scenes(state: SimState, t: float, dispatcher: User, out: TextIO) -> None:
    for incident in Incident.objects.filter(owner_agency__code=OPS, status=Status.ON_SCENE):
        key = str(incident.id)
        # Most scenes take 10-40 minutes; serious ones longer.
        minutes = state.rng.uniform(10, 40) * (1.5 if incident.priority == 1 else 1.0)
        state.on_scene_until.setdefault(key, t + minutes * 60)
        if t >= state.on_scene_until[key]:
            incidents.do_change_status(dispatcher, incident, Status.RESOLVED, "cleared by unit")
            state.close_at[key] = t + state.rng.uniform(60, 300)
            state.on_scene_until.pop(key)
            _log(out, f"resolved {incident.number}")
    for key, when in list(state.close_at.items()):
        if t >= when:
            resolved = Incident.objects.filter(id=key, status=Status.RESOLVED).first()
            if resolved:
                incidents.do_change_status(dispatcher, resolved, Status.CLOSED)
            state.close_at.pop(key)


def _build_state(seed: int | None) -> SimState:
    rng = random.Random(seed)
    districts = [(d, shape(d.geometry)) for d in District.objects.order_by("code")]
    if not districts:
        raise SystemExit("opsroom: no districts; run `opsroom demo load` first")
    known = set(IncidentType.objects.values_list("code", flat=True))
    return SimState(
        rng=rng,
        districts=districts,
        weights=[float(d.population or 1) for d, _ in districts],
        type_weights=[spec.sim_weight if spec.code in known else 0.0 for spec in INCIDENT_TYPES],
    )


def run_simulator(
    calls_per_hour: float = 60.0,
    speed: float = 1.0,
    duration_s: float | None = None,
    seed: int | None = None,
    out: TextIO = sys.stdout,
) -> int:
    if settings.PRODUCTION:
        print("opsroom: the simulator never runs with production settings", file=sys.stderr)
        return 2
    if calls_per_hour <= 0 or speed <= 0:
        print("opsroom: --calls-per-hour and --speed must be positive", file=sys.stderr)
        return 2
    calltaker = User.objects.filter(username="calltaker").first()
    dispatcher = User.objects.filter(username="dispatcher").first()
    if calltaker is None or dispatcher is None:
        print("opsroom: demo users missing; run `opsroom demo load` first", file=sys.stderr)
        return 2
    state = _build_state(seed)
    stopping = False

    def stop(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    _log(out, f"simulator running: {calls_per_hour:g} calls/hour on average, speed ×{speed:g}")
    started, sim_t, tick = time.monotonic(), 0.0, 1.0
    while not stopping and (duration_s is None or time.monotonic() - started < duration_s):
        dt = tick * speed
        sim_t += dt
        hour = to_city_time(now() + timedelta(seconds=sim_t - time.monotonic() + started)).hour
        rate = calls_per_hour / 3600 * HOURLY[hour]
        try:
            for _ in range(_poisson(state.rng, rate * dt)):
                _new_call(state, sim_t, calltaker, out)
            _merge_duplicates(state, sim_t, dispatcher, out)
            _dispatch_waiting(state, sim_t, dispatcher, out)
            _move_units(state, sim_t, dt, dispatcher, out)
            _clear_scenes(state, sim_t, dispatcher, out)
        except OpsError as exc:  # a human changed something under us: carry on next tick
            _log(out, f"skipped: {exc.message}")
        close_old_connections()
        time.sleep(max(0.0, tick - (time.monotonic() - started - (sim_t / speed - tick))))
    _log(out, "simulator stopped")
    return 0


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method is exact and cheap for the small means of one tick.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
