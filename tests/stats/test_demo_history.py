"""The demo's synthetic history, as an analyst opening CompStat on a fresh demo sees it: a
plausible volume in the city's districts, marked synthetic, with response times that mean
something, loaded once, and a year and a half whose trends, week, seasons and hotspots give
the comparisons something to say."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from io import StringIO
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import shapely
import shapely.geometry
from django.conf import settings
from django.db.models import Sum

from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.audit.models import AuditEntry
from opsroom.core.clock import now
from opsroom.demo import history
from opsroom.geo.models import CityBoundary, District
from opsroom.geo.queries import district_id_at
from opsroom.incidents.actions import do_create_incident
from opsroom.incidents.models import Incident, Status
from opsroom.incidents.registry import GROUP_OF_TYPE, INCIDENT_TYPES
from opsroom.stats.models import DailyCount

pytestmark = pytest.mark.django_db
DAYS = 90
FULL_END = date(2026, 12, 3)  # a Thursday


@pytest.fixture
def demo(benghazi: Any, ops_room: Agency, make_agency: Any, make_user: Any
         ) -> dict[str, Agency]:
    room = ops_room  # bng-ops, the demo's operations room
    station = make_agency(history.STATION, kind=AgencyKind.POLICE_STATION)
    make_user("calltaker", room, username="calltaker")
    make_user("dispatcher", station, username="dispatcher2")
    return {room.code: room, station.code: station}


def _local_day(row: Incident) -> date:
    return row.received_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def test_the_history_is_loaded_once_marked_synthetic_in_the_districts(
        demo: dict[str, Agency]) -> None:
    out = StringIO()
    written = history.load_history(demo, out, days=DAYS)
    rows = list(Incident.objects.select_related("owner_agency", "created_by", "district"))
    assert written == len(rows) and "SYNTHETIC" in out.getvalue()
    counted = [r for r in rows if r.merged_into_id is None]
    yesterday = now().astimezone(ZoneInfo(settings.TIME_ZONE)).date() - timedelta(days=1)
    days = {_local_day(r) for r in counted}
    assert min(days) == yesterday - timedelta(days=DAYS - 1) and max(days) == yesterday
    assert len(days) == DAYS
    assert 60 <= len(counted) / DAYS <= 90

    # Marked: a number no real one can have, a description that says so, no caller.
    assert all(r.number.startswith("SYN.") for r in rows)
    assert all(r.description.startswith("بلاغ تجريبي من سجل اصطناعي") for r in rows)
    assert not any(r.caller_name or r.caller_phone for r in rows)
    assert len({r.number for r in rows}) == len(rows)
    # Inside the city, in the district of its coordinates, as a live call would be.
    for r in rows:
        assert r.lat is not None and r.lon is not None and r.district is not None
        assert str(r.district_id) == district_id_at(r.lat, r.lon)
    assert len({r.district_id for r in counted}) == District.objects.count()
    city = shapely.geometry.shape(CityBoundary.objects.get().geometry)
    assert shapely.contains_xy(city, [r.lon for r in rows], [r.lat for r in rows]).all()
    # The room's, and a share of Al-Birka's calls for its own station, created by its people.
    owners = Counter((r.owner_agency.code, r.district.code if r.district else "") for r in rows
                     if r.owner_agency.code == history.STATION)
    assert set(owners) == {(history.STATION, "BNG-D02")} and sum(owners.values()) > 20
    assert {r.created_by.username if r.created_by else "" for r in rows} == {"calltaker",
                                                                             "dispatcher2"}
    assert all(r.hlc > 0 and r.clocks == {"*": [r.hlc, settings.SITE_CODE]} for r in rows)

    # Second callers are merged into a first call of the same agency and are not counted.
    merged = [r for r in rows if r.merged_into_id is not None]
    by_id = {r.id: r for r in rows}
    assert 0 < len(merged) < 0.05 * len(rows)
    for r in merged:
        assert r.merged_into_id is not None
        first = by_id[r.merged_into_id]
        assert r.status == Status.MERGED and first.merged_into_id is None
        assert first.owner_agency_id == r.owner_agency_id and first.type_id == r.type_id
        assert first.received_at < r.received_at
    assert DailyCount.objects.aggregate(n=Sum("n"))["n"] == len(counted)

    # Closed, each step after the one before; some handled by phone, some never reached.
    assert {r.status for r in counted} == {Status.CLOSED}
    for r in counted:
        steps = [t for t in (r.received_at, r.dispatched_at, r.en_route_at, r.on_scene_at,
                             r.cleared_at, r.closed_at) if t is not None]
        assert steps == sorted(steps) and r.closed_at is not None and r.cleared_at is not None
        assert r.on_scene_at is None or r.en_route_at is not None
    assert any(r.dispatched_at is None for r in counted)
    assert any(r.dispatched_at is not None and r.on_scene_at is None for r in counted)
    urgent = [(r.dispatched_at - r.received_at).total_seconds() for r in counted
              if r.priority == 1 and r.dispatched_at]
    assert 30 <= median(urgent) <= 70 and max(urgent) > 3 * median(urgent)  # a tail
    travel = {p: median((r.on_scene_at - r.en_route_at).total_seconds() / 60 for r in counted
                        if r.priority == p and r.on_scene_at and r.en_route_at)
              for p in (1, 2, 3, 4)}
    assert 5 <= travel[1] < travel[2] < travel[3] < travel[4] <= 15

    # One audit entry for the load; a second load adds nothing, and real numbers go on.
    assert AuditEntry.objects.filter(action="incident.synthetic_history").count() == 1
    again = StringIO()
    assert history.load_history(demo, again, days=DAYS) == 0 and again.getvalue() == ""
    assert Incident.objects.count() == len(rows)
    assert AuditEntry.objects.filter(action="incident.synthetic_history").count() == 1
    real = do_create_incident(User.objects.get(username="calltaker"), type_code="robbery")
    assert real.number.startswith(f"{settings.SITE_CODE}-") and real.number.endswith("-000001")


def test_a_demo_without_history_days_gets_none(demo: dict[str, Agency], settings: Any) -> None:
    settings.DEMO_HISTORY_DAYS = 0
    assert history.load_history(demo, StringIO()) == 0
    assert not Incident.objects.exists()
    settings.DEMO_HISTORY_DAYS = 548
    # From a year on, the history reaches back to 1 January of last year (year to date).
    assert history.default_days(date(2026, 12, 3)) == 702
    assert history.default_days(date(2026, 3, 1)) == 548


@pytest.fixture
def full(benghazi: Any) -> history.Plan:
    """A year and a half planned (no database writes: the arrays the load would write)."""
    return history.plan_history(history.Geography.load(), list(INCIDENT_TYPES), 548, FULL_END)


def _counts(plan: history.Plan, start: date, stop: date, group: str | None = None,
            type_code: str | None = None) -> int:
    days = np.array([start <= d < stop for d in plan.days])[plan.day]
    codes = np.array([s.code for s in plan.types])[plan.type]
    groups = np.array([GROUP_OF_TYPE[c] for c in codes])
    keep = days & (plan.duplicate_of < 0)
    if group:
        keep &= groups == group
    if type_code:
        keep &= codes == type_code
    return int(keep.sum())


def test_a_year_and_a_half_has_trends_a_week_seasons_and_hotspots(full: history.Plan) -> None:
    again = history.plan_history(history.Geography.load(), list(INCIDENT_TYPES), 548, FULL_END)
    assert np.array_equal(full.lat, again.lat) and np.array_equal(full.received_s,
                                                                  again.received_s)
    assert 60 <= _counts(full, full.days[0], FULL_END + timedelta(days=1)) / 548 <= 90

    # The last half year against the same half a year before.
    now_from, now_to = FULL_END - timedelta(days=181), FULL_END + timedelta(days=1)
    then_from, then_to = now_from - timedelta(days=364), now_to - timedelta(days=364)
    change = {g: _counts(full, now_from, now_to, g) / _counts(full, then_from, then_to, g)
              for g in ("violent", "weapons", "property", "drugs")}
    assert 0.70 <= change["violent"] <= 0.83 and 0.68 <= change["weapons"] <= 0.83
    assert 1.03 <= change["property"] <= 1.16 and 0.92 <= change["drugs"] <= 1.08

    # Fridays are quieter, Thursday nights have the weddings' gunfire.
    weekday = np.array([d.weekday() for d in full.days])[full.day]
    counted = full.duplicate_of < 0
    per_day = Counter(weekday[counted].tolist())
    assert per_day[4] < 0.92 * np.mean([per_day[d] for d in (6, 0, 1, 2)])  # Sunday-Wednesday
    gunfire = [s.code for s in full.types].index("celebratory_gunfire")
    assert Counter(weekday[counted & (full.type == gunfire)].tolist()).most_common(1)[0][0] == 3

    # Summer: traffic and drownings; the evening: violence.
    july = _counts(full, date(2026, 7, 1), date(2026, 8, 1), "traffic")
    february = _counts(full, date(2026, 2, 1), date(2026, 3, 1), "traffic")
    assert july / 31 > 1.2 * february / 28
    assert (_counts(full, date(2026, 6, 1), date(2026, 9, 1), type_code="drowning")
            > 5 * _counts(full, date(2025, 12, 1), date(2026, 3, 1), type_code="drowning"))
    hour = (full.received_s // 3600).astype(int)
    violent = counted & np.isin(full.type, [i for i, s in enumerate(full.types)
                                             if GROUP_OF_TYPE[s.code] == "violent"])
    assert (np.isin(hour[violent], [20, 21, 22, 23, 0, 1]).sum()
            > 2.5 * np.isin(hour[violent], [4, 5, 6, 7, 8, 9]).sum())

    # Shootings gather in a few districts; medical calls follow the population.
    def top3_share(code: str) -> float:
        t = [s.code for s in full.types].index(code)
        districts = Counter(full.district[counted & (full.type == t)].tolist())
        return sum(n for _, n in districts.most_common(3)) / sum(districts.values())

    assert top3_share("shooting") > 0.6 and top3_share("medical_emergency") < 0.45
    assert (full.district >= 0).all()
