"""The ACLED and HXL exports parse back and match the records; the summary adds ranges up
without hiding their uncertainty."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from tests.casualties.conftest import World

from opsroom.casualties.models import HarmEvent
from opsroom.casualties.queries import ACLED_COLUMNS, HXL_COLUMNS


def _corroborate(world: World, event_id: str) -> None:
    world.source(event_id)
    world.source(event_id, kind="witness", reliability="C", credibility=3)
    reply = world.reviewer.post(f"harm-events/{event_id}/reviews",
                                {"state": "corroborated", "reason": "two sources agree"})
    assert reply.status_code == 201, reply.json()


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_acled_export_parses_back_and_matches(world: World) -> None:
    a = world.event()
    b = world.event(event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack", time_precision=2,
                    geo_precision=3, killed={"min": 0, "max": 2, "best": 1})
    _corroborate(world, a["id"])
    reply = world.recorder.get("/api/v1/harm-events/export.csv", format="acled")
    assert reply.status_code == 200
    assert reply["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(reply.content.decode())))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    by_id = {r["opsroom_id"]: r for r in rows}
    assert set(by_id) == {a["id"], b["id"]}
    for event in HarmEvent.objects.all():
        row = by_id[str(event.id)]
        assert row["event_date"] == event.event_date.isoformat()
        assert row["event_type"] == event.event_type
        assert row["sub_event_type"] == event.sub_event_type
        assert int(row["time_precision"]) == event.time_precision
        assert int(row["geo_precision"]) == event.geo_precision
        assert int(row["fatalities"]) == event.killed_best
        assert (int(row["killed_min"]), int(row["killed_max"])) == event.figure("killed")[:2]
        assert abs(float(row["latitude"]) - event.lat) < 1e-5
        assert row["country"] == "Libya" and row["iso"] == "434"
        assert row["verification_state"] == event.state
    from opsroom.audit.models import AuditEntry
    assert AuditEntry.objects.get(action="harm_export.read").detail["events"] == 2
    assert by_id[a["id"]]["civilian_targeting"] == "Civilian targeting"
    assert by_id[a["id"]]["disorder_type"] == "Political violence"
    only = world.recorder.get("/api/v1/harm-events/export.csv", format="acled",
                              state="corroborated")
    assert [r["opsroom_id"] for r in csv.DictReader(io.StringIO(only.content.decode()))] \
        == [a["id"]]


def test_the_hxl_export_has_its_hashtag_row_and_matches(world: World) -> None:
    event = world.event(injured={"min": 3, "max": 8, "best": 5})
    reply = world.recorder.get("/api/v1/harm-events/export.csv", format="hxl")
    rows = _rows(reply.content.decode())
    assert rows[0] == [name for name, _ in HXL_COLUMNS]
    tags = rows[1]
    assert tags[:2] == ["#meta+id", "#date"]
    for needed in ("#adm1+name", "#affected+killed", "#affected+injured"):
        assert needed in tags
    data = dict(zip(tags, rows[2], strict=True))
    assert data["#meta+id"] == event["id"]
    assert data["#date"] == event["event_date"]
    assert data["#affected+injured"] == "5"
    assert (data["#affected+injured+min"], data["#affected+injured+max"]) == ("3", "8")
    assert data["#affected+killed"] == "6"
    assert data["#adm1+name"] == "Benghazi"


def test_an_export_filters_by_period_and_district(world: World) -> None:
    old = world.event(event_date=(date.today() - timedelta(days=40)).isoformat())
    new = world.event()
    since = (date.today() - timedelta(days=10)).isoformat()
    rows = list(csv.DictReader(io.StringIO(world.recorder.get(
        "/api/v1/harm-events/export.csv", **{"from": since}).content.decode())))
    assert [r["opsroom_id"] for r in rows] == [new["id"]]
    assert old["id"] != new["id"]
    refused = world.recorder.get("/api/v1/harm-events/export.csv", district="nowhere")
    assert refused.status_code == 422 and refused.json()["field"] == "district"


def test_the_summary_adds_up_ranges_by_state_district_and_week(world: World) -> None:
    a = world.event(killed={"min": 4, "max": 9, "best": 6})
    b = world.event(killed={"min": 1, "max": 3, "best": 2}, lat=32.0900, lon=20.1000)
    world.event(killed={"min": 50, "max": 60, "best": 55})  # unverified: not counted
    _corroborate(world, a["id"])
    _corroborate(world, b["id"])
    start = (date.today() - timedelta(days=30)).isoformat()
    body = world.recorder.get("/api/v1/harm-summary", **{"from": start,
                                                         "to": date.today().isoformat()}).json()
    assert body["counted_states"] == ["corroborated", "verified"]
    assert body["total"]["killed"] == {"min": 5, "max": 12, "best": 8}
    assert body["total"]["events"] == 2
    states = {r["key"]: r for r in body["by_state"]}
    assert states["unverified"]["killed"] == {"min": 50, "max": 60, "best": 55}
    assert sum(r["killed"]["best"] for r in body["by_district"]) == 8
    assert sum(r["events"] for r in body["by_week"]) == 2
    everything = world.recorder.get("/api/v1/harm-summary", **{
        "from": start, "to": date.today().isoformat(),
        "state": "unverified,corroborated"}).json()
    assert everything["total"]["killed"]["best"] == 63
    backwards = world.recorder.get("/api/v1/harm-summary", **{"from": "2026-10-09",
                                                              "to": "2026-10-01"})
    assert backwards.status_code == 422 and backwards.json()["field"] == "to"


def test_a_monitors_export_is_in_the_ledger(world: World) -> None:
    from opsroom.casualties.models import LedgerEntry

    event = world.event()
    _corroborate(world, event["id"])
    world.reviewer.post("harm-sharing", {"monitor": "unsmil", "starts_on": "2026-01-01"})
    reply = world.monitor.get("/api/v1/harm-events/export.csv", format="hxl")
    assert reply.status_code == 200
    entry = LedgerEntry.objects.get(what="export.hxl")
    assert entry.event_ids == [event["id"]]
    assert entry.username == world.monitor.user.username
    ledger = world.reviewer.get("/api/v1/harm-ledger").json()
    assert ledger[0]["what"] == "export.hxl"
