"""The statistics API as an analyst, a supervisor and a station's analyst use it: CompStat
with honest changes, what the police did, response times against their targets, CSV, and
every bad parameter refused by name."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from tests.conftest import Api

from opsroom.accounts.models import Agency
from opsroom.core.ids import uuid7
from opsroom.geo.models import District
from opsroom.incidents.models import Incident
from opsroom.stats.windows import window

pytestmark = pytest.mark.django_db

END = date(2026, 11, 28)  # a Saturday; the 28 days are 1..28 November
WIN = window("28d", END)
_serial = iter(range(1, 10**6))


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _add(agency: Agency, type_code: str, day: date, count: int = 1, *,
         district: District | None = None, priority: int = 2,
         dispatch_s: float | None = None, travel_s: float | None = None) -> None:
    rows = []
    for _ in range(count):
        received = _moment(day)
        dispatched = received + timedelta(seconds=dispatch_s) if dispatch_s is not None else None
        on_scene = (dispatched + timedelta(seconds=travel_s)
                    if dispatched is not None and travel_s is not None else None)
        rows.append(Incident(
            id=uuid7(), number=f"T-{next(_serial)}", type_id=type_code, priority=priority,
            owner_agency=agency, received_at=received, created_at=received,
            updated_at=received, district=district,
            lat=district.centroid_lat if district else None,
            lon=district.centroid_lon if district else None,
            dispatched_at=dispatched, on_scene_at=on_scene,
            closed_at=on_scene + timedelta(minutes=30) if on_scene else None))
    Incident.objects.bulk_create(rows)


@pytest.fixture
def world(benghazi: Any, ops_room: Agency, station: Agency, make_user: Any) -> dict[str, Any]:
    sabri, birka = District.objects.order_by("code")[:2]
    # Shootings: 100 in the previous 28 days, 50 in these: a real fall.
    _add(ops_room, "shooting", WIN.previous.start + timedelta(days=3), 100, district=sabri)
    _add(ops_room, "shooting", WIN.current.start + timedelta(days=3), 50, district=sabri)
    # Robberies: 1 then 2, "up 100%", and nothing to it.
    _add(ops_room, "robbery", WIN.previous.start, 1, district=birka)
    _add(ops_room, "robbery", WIN.current.start, 2, district=birka)
    # A year ago: 30 fires.
    _add(ops_room, "building_fire", WIN.last_year.start + timedelta(days=1), 30, district=birka)
    # The station's own.
    _add(station, "burglary", WIN.current.start + timedelta(days=5), 7, district=birka)
    return {"sabri": sabri, "birka": birka,
            "analyst": Api(make_user("analyst"), ["read", "write"]),
            "station_analyst": Api(make_user("analyst", station), ["read"]),
            "dispatcher": Api(make_user("dispatcher"), ["read"]),
            "inspector": Api(make_user("inspector"), ["read"])}


def _rows(reply: Any) -> dict[str, dict[str, Any]]:
    assert reply.status_code == 200, reply.content
    return {row["key"]: row for row in reply.json()["rows"]}


def test_compstat_by_type_says_which_changes_mean_something(world: dict[str, Any]) -> None:
    reply = world["analyst"].get("stats/compstat", window="28d", end=END.isoformat(), by="type")
    rows = _rows(reply)
    shooting, robbery = rows["shooting"], rows["robbery"]
    assert (shooting["current"], shooting["previous"]) == (50, 100)
    assert shooting["change_pct"] == -50.0 and shooting["significant"] is True
    assert (robbery["current"], robbery["previous"], robbery["change_pct"]) == (2, 1, 100.0)
    assert robbery["significant"] is False and robbery["small"] is True
    assert rows["building_fire"]["last_year"] == 30
    assert rows["building_fire"]["last_year_change_pct"] == -100.0
    assert rows["building_fire"]["last_year_significant"] is True
    body = reply.json()
    assert body["total"]["current"] == 50 + 2 + 7
    assert body["window"]["current"] == {"start": "2026-11-01", "end": "2026-11-28"}
    assert body["window"]["last_year"] == {"start": "2025-11-01", "end": "2025-11-28"}
    assert len(body["trend"]) == 12 and sum(p["count"] for p in body["trend"]) >= 59


def test_compstat_by_district_and_group_and_filters(world: dict[str, Any]) -> None:
    api = world["analyst"]
    by_district = _rows(api.get("stats/compstat", end=END.isoformat(), by="district"))
    assert by_district[world["sabri"].code]["current"] == 50
    assert by_district[world["birka"].code]["current"] == 2 + 7
    by_group = _rows(api.get("stats/compstat", end=END.isoformat(), by="group"))
    assert by_group["violent"]["current"] == 50 and by_group["property"]["current"] == 9
    only = _rows(api.get("stats/compstat", end=END.isoformat(), by="type", group="property",
                         district=world["birka"].code))
    assert {k for k, r in only.items() if r["current"]} == {"robbery", "burglary"}


def test_a_station_counts_its_own_incidents(world: dict[str, Any]) -> None:
    rows = _rows(world["station_analyst"].get("stats/compstat", end=END.isoformat(),
                                              by="type"))
    assert {k: r["current"] for k, r in rows.items() if r["current"]} == {"burglary": 7}
    body = world["station_analyst"].get("stats/compstat", end=END.isoformat()).json()
    assert body["scope"]["agency_id"] is not None


def test_who_reads_statistics(world: dict[str, Any]) -> None:
    assert world["dispatcher"].get("stats/compstat").status_code == 403
    assert world["inspector"].get("stats/compstat", end=END.isoformat()).status_code == 200
    assert world["inspector"].post("stats/reports", {"week": "2026-W47"}).status_code in (
        403, 401)


@pytest.mark.parametrize(("params", "field"), [
    ({"window": "5d"}, "window"),
    ({"by": "person"}, "by"),
    ({"end": "2999-01-01"}, "end"),
    ({"end": "yesterday"}, "end"),
    ({"district": "atlantis"}, "district"),
    ({"group": "politics"}, "group"),
    ({"type": "no_such_type"}, "type"),
])
def test_bad_compstat_parameters_are_refused_by_name(world: dict[str, Any],
                                                     params: dict[str, str],
                                                     field: str) -> None:
    reply = world["analyst"].get("stats/compstat", **params)
    assert reply.status_code == 422, reply.content
    assert field in str(reply.json())


def test_compstat_as_csv(world: dict[str, Any]) -> None:
    reply = world["analyst"].get("stats/compstat", end=END.isoformat(), by="type",
                                 format="csv")
    assert reply.status_code == 200 and reply["Content-Type"].startswith("text/csv")
    text = reply.content.decode("utf-8-sig")
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["shooting"]["current"] == "50" and rows["shooting"]["significant"] == "True"
    assert rows["shooting"]["name_ar"] == "إطلاق نار"
    assert rows[""]["name_en"] == "Total"


def test_response_times_by_priority_against_the_targets(world: dict[str, Any],
                                                        ops_room: Agency) -> None:
    day = END - timedelta(days=2)
    # Ten P1 calls dispatched in 10, 20, ... 100 s: p50 50 s, p90 90 s, 60 s met by 6 of 10.
    for seconds in range(10, 101, 10):
        _add(ops_room, "homicide", day, priority=1, dispatch_s=seconds, travel_s=300)
    _add(ops_room, "homicide", day, priority=1)  # never dispatched: missing, not zero
    reply = world["analyst"].get("stats/response-times", **{
        "from": day.isoformat(), "to": day.isoformat(), "by": "priority"})
    assert reply.status_code == 200, reply.content
    body = reply.json()
    p1 = {row["key"]: row for row in body["rows"]}["1"]
    assert p1["incidents"] == 11
    dispatch = p1["call_to_dispatch"]
    assert (dispatch["n"], dispatch["missing"], dispatch["p50_s"], dispatch["p90_s"]) == (
        10, 1, 50.0, 90.0)
    assert dispatch["within_pct"] == 60.0 and dispatch["meets"] is False
    travel = p1["dispatch_to_arrival"]
    assert travel["p90_s"] == 300.0 and travel["meets"] is False  # 240 s is NFPA 1710's
    assert body["targets"]["call_to_dispatch_s"]["1"] == 60
    assert body["targets"]["call_answer_measured"] is False
    csv_reply = world["analyst"].get("stats/response-times", **{
        "from": day.isoformat(), "to": day.isoformat(), "by": "priority", "format": "csv"})
    assert "call_to_dispatch_p90_s" in csv_reply.content.decode("utf-8-sig")


@pytest.mark.parametrize(("params", "field"), [
    ({"from": "2026-11-20", "to": "2026-11-10"}, "from"),
    ({"from": "2019-01-01", "to": "2026-11-10"}, "from"),
    ({"to": "2999-01-01"}, "to"),
    ({"by": "caller"}, "by"),
])
def test_bad_periods_are_refused_by_name(world: dict[str, Any], params: dict[str, str],
                                         field: str) -> None:
    reply = world["analyst"].get("stats/response-times", **params)
    assert reply.status_code == 422, reply.content
    assert field in str(reply.json())


def test_activity_compares_what_the_police_did(world: dict[str, Any]) -> None:
    reply = world["analyst"].get("stats/activity", window="7d", end=END.isoformat())
    assert reply.status_code == 200, reply.content
    keys = [row["key"] for row in reply.json()["rows"]]
    assert keys == ["arrests", "warrants_executed", "sentences_implemented",
                    "weapons_collected", "dens_closed"]
