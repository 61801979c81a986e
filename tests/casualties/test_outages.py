"""The telecommunications outage log: recorded, proposed when a site goes silent, confirmed
by a person, and counted as the share of a district without mobile service."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.casualties.conftest import World

from opsroom.casualties.models import Outage
from opsroom.core.bus import Ref, publish_record
from opsroom.core.clock import city_zone


def _outage(world: World, **fields: Any) -> Any:
    body = {"districts": ["BNG-D12"], "operator": "libyana",
            "services": ["mobile_voice", "sms", "mobile_data"],
            "starts_at": "2026-10-07T18:00:00+02:00", "ends_at": "2026-10-08T06:00:00+02:00",
            "source": "Libyana statement", **fields}
    return world.recorder.post("outages", body)


def test_an_outage_is_recorded_and_listed(world: World, api_as: Any) -> None:
    reply = _outage(world)
    assert reply.status_code == 201, reply.json()
    assert reply.json()["districts"][0]["code"] == "BNG-D12"
    dispatcher = api_as("dispatcher")
    listed = dispatcher.get("/api/v1/outages").json()
    assert [o["id"] for o in listed] == [reply.json()["id"]]
    assert dispatcher.post("outages", {}).status_code in (403, 422)


def test_an_outage_that_ends_before_it_starts_is_refused(world: World) -> None:
    reply = _outage(world, ends_at="2026-10-07T17:00:00+02:00")
    assert reply.status_code == 422 and reply.json()["field"] == "ends_at"
    unknown = _outage(world, districts=["BNG-D12", "nowhere"])
    assert unknown.status_code == 422 and unknown.json()["field"] == "districts.1"
    assert not Outage.objects.exists()


def test_the_share_without_mobile_service_by_district_and_day(world: World) -> None:
    _outage(world)  # 18:00 to 06:00: 6 hours on the 7th, 6 on the 8th
    _outage(world, operator="almadar", starts_at="2026-10-07T20:00:00+02:00",
            ends_at="2026-10-07T23:00:00+02:00")  # inside the first: no double count
    _outage(world, operator="ltt", services=["internet"])  # not mobile
    body = world.recorder.get("/api/v1/harm-summary", **{"from": "2026-10-01",
                                                         "to": "2026-10-31"}).json()
    shares = {(o["district"], o["day"]): o["share_without_mobile"] for o in body["outages"]}
    assert shares == {("BNG-D12", "2026-10-07"): 0.25, ("BNG-D12", "2026-10-08"): 0.25}


def test_a_silent_site_is_proposed_and_a_person_confirms(world: World,
                                                          django_capture_on_commit_callbacks: Any
                                                          ) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        publish_record("site", Ref("bng-ps-01"), "silent", None,
                       {"code": "bng-ps-01", "agency": None,
                        "last_contact": datetime(2026, 10, 7, 18, 5,
                                                 tzinfo=city_zone()).isoformat()})
    proposal = Outage.objects.get()
    assert proposal.status == "proposed" and proposal.silent_site == "bng-ps-01"
    with django_capture_on_commit_callbacks(execute=True):  # silent again: one proposal
        publish_record("site", Ref("bng-ps-01"), "silent", None, {"code": "bng-ps-01"})
    assert Outage.objects.count() == 1
    half = world.recorder.patch(f"outages/{proposal.id}", {"status": "confirmed"})
    assert half.status_code == 422 and half.json()["field"] == "districts"
    done = world.recorder.patch(f"outages/{proposal.id}", {
        "status": "confirmed", "districts": ["BNG-D12"], "operator": "libyana",
        "services": ["mobile_voice"], "source": "the station's radio report"})
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "confirmed"
    again = world.recorder.patch(f"outages/{proposal.id}", {"status": "dismissed"})
    assert again.status_code == 409


def test_the_board_layer_shows_ongoing_outages(world: World, api_as: Any) -> None:
    _outage(world, ends_at=None, starts_at=(datetime.now(city_zone())
                                            - timedelta(hours=2)).isoformat())
    _outage(world, districts=["BNG-D01"])  # ended
    layer = api_as("dispatcher").get("/api/v1/outages/map").json()
    assert [f["properties"]["district"] for f in layer["features"]] == ["BNG-D12"]
    assert layer["features"][0]["properties"]["mobile"] is True


def test_a_monitors_read_of_the_outages_is_in_the_ledger(world: World) -> None:
    from opsroom.casualties.models import LedgerEntry

    _outage(world)
    assert world.monitor.get("/api/v1/outages").json() == []  # no agreement yet
    world.reviewer.post("harm-sharing", {"monitor": "unsmil", "starts_on": "2026-01-01"})
    listed = world.monitor.get("/api/v1/outages").json()
    assert len(listed) == 1
    entry = LedgerEntry.objects.get(what="outages")
    assert entry.detail["outages"] == [listed[0]["id"]]
