"""Harm events through the API: figures as ranges, sources, victims, reviews by a second
person, and what others (404) and monitors see."""

from __future__ import annotations

from typing import Any

from tests.casualties.conftest import World

from opsroom.audit.models import AuditEntry
from opsroom.casualties.models import HarmEvent, Review, Source, Victim


def test_an_event_keeps_its_figures_as_ranges(world: World) -> None:
    event = world.event()
    assert event["killed"] == {"min": 4, "max": 9, "best": 6}
    assert event["injured"] == {"min": 10, "max": 15, "best": 10}
    assert event["district"] == "BNG-D12" or event["district"]
    assert event["state"] == "unverified"
    assert AuditEntry.objects.filter(action="harm_event.record").count() == 1


def test_a_minimum_above_its_maximum_is_refused_and_nothing_is_written(world: World) -> None:
    reply = world.recorder.post("harm-events", {
        "event_date": "2026-10-07", "time_precision": 1, "event_type": "Battles",
        "sub_event_type": "Armed clash", "location": "الصابري", "lat": 32.12, "lon": 20.07,
        "geo_precision": 1, "killed": {"min": 9, "max": 4}})
    assert reply.status_code == 422
    assert reply.json()["field"] == "killed.max"
    assert "below the minimum" in reply.json()["detail"]
    assert not HarmEvent.objects.exists()


def test_an_unknown_sub_event_type_names_the_field(world: World) -> None:
    reply = world.recorder.post("harm-events", {
        "event_date": "2026-10-07", "time_precision": 1, "event_type": "Battles",
        "sub_event_type": "Air/drone strike", "location": "الصابري", "lat": 32.12,
        "lon": 20.07, "geo_precision": 1})
    assert reply.status_code == 422
    assert reply.json()["field"] == "sub_event_type"


def test_a_self_review_is_refused(world: World) -> None:
    event = world.event()
    reply = world.recorder.post(f"harm-events/{event['id']}/reviews",
                                {"state": "rejected", "reason": "no"})
    assert reply.status_code == 409
    assert "another protection officer" in reply.json()["detail"]
    assert not Review.objects.exists()


def test_verified_with_one_source_is_refused_and_says_why(world: World) -> None:
    event = world.event()
    assert world.source(event["id"]).status_code == 201
    reply = world.reviewer.post(f"harm-events/{event['id']}/reviews",
                                {"state": "verified", "reason": "hospital list"})
    assert reply.status_code == 409
    body = reply.json()
    assert "two independent sources" in body["detail"]
    assert body["missing"] and "it has 1" in body["missing"][0]
    assert HarmEvent.objects.get().state == "unverified"


def test_verified_needs_a_good_grade_among_independent_sources(world: World) -> None:
    event = world.event()
    world.source(event["id"], kind="witness", reliability="C", credibility=3)
    world.source(event["id"], kind="media", reliability="D", credibility=3)
    reply = world.reviewer.post(f"harm-events/{event['id']}/reviews",
                                {"state": "verified", "reason": "two accounts"})
    assert reply.status_code == 409
    assert "B2 or better" in reply.json()["detail"]
    ok = world.reviewer.post(f"harm-events/{event['id']}/reviews",
                             {"state": "corroborated", "reason": "two accounts agree"})
    assert ok.status_code == 201, ok.json()
    world.source(event["id"])  # a hospital record, B2
    done = world.reviewer.post(f"harm-events/{event['id']}/reviews",
                               {"state": "verified", "reason": "the hospital's list"})
    assert done.status_code == 201, done.json()
    first, second = Review.objects.order_by("at")
    assert second.previous_digest == first.digest
    assert second.audit_seq is not None
    detail = world.reviewer.get(f"/api/v1/harm-events/{event['id']}").json()
    assert detail["state"] == "verified"
    assert [r["state"] for r in detail["reviews"]] == ["corroborated", "verified"]
    # What was verified does not change without a review first; a note may.
    changed = world.recorder.patch(f"harm-events/{event['id']}",
                                   {"killed": {"min": 40, "max": 90}})
    assert changed.status_code == 409 and changed.json()["field"] == "killed"
    assert world.recorder.patch(f"harm-events/{event['id']}",
                                {"notes": "the hospital sent its list"}).status_code == 200
    world.reviewer.post(f"harm-events/{event['id']}/reviews",
                        {"state": "unverified", "reason": "the family gives other figures"})
    assert world.recorder.patch(f"harm-events/{event['id']}", {
        "killed": {"min": 4, "max": 10, "best": 6}}).status_code == 200


def test_two_sources_of_one_organisation_are_not_independent(world: World) -> None:
    event = world.event()
    world.source(event["id"], kind="media", organisation="قناة ليبيا")
    world.source(event["id"], kind="media", organisation="قناه ليبيا")  # the same, spelt
    reply = world.reviewer.post(f"harm-events/{event['id']}/reviews",
                                {"state": "corroborated", "reason": "two reports"})
    assert reply.status_code == 409
    other = world.event()
    world.source(other["id"], kind="media", organisation="B.B.C.")
    world.source(other["id"], kind="media", organisation="bbc")
    assert world.reviewer.post(f"harm-events/{other['id']}/reviews", {
        "state": "corroborated", "reason": "two reports"}).status_code == 409
    world.source(other["id"], kind="media", organisation="Reuters")
    assert world.reviewer.post(f"harm-events/{other['id']}/reviews", {
        "state": "corroborated", "reason": "two newsrooms"}).status_code == 201


def test_a_source_keeps_its_archived_copy_with_its_hash(world: World) -> None:
    import base64
    import hashlib

    event = world.event()
    data = b"\x89PNG fake photo of a list"
    reply = world.source(event["id"], archive_text=None,
                         archive_base64=base64.b64encode(data).decode(),
                         archive_name="list.png", archive_type="image/png")
    assert reply.status_code == 201, reply.json()
    assert reply.json()["archive_sha256"] == hashlib.sha256(data).hexdigest()
    got = world.reviewer.get(
        f"/api/v1/harm-events/{event['id']}/sources/{reply.json()['id']}/archive")
    assert got.status_code == 200 and got.content == data
    assert got["Content-Type"] == "image/png"
    page = world.source(event["id"], archive_text=None, archive_name="page.html",
                        archive_base64=base64.b64encode(b"<script>1</script>").decode(),
                        archive_type="text/html")
    served = world.reviewer.get(
        f"/api/v1/harm-events/{event['id']}/sources/{page.json()['id']}/archive")
    assert served["Content-Type"] == "application/octet-stream"  # kept, never rendered
    refused = world.source(event["id"], archive_text=None)
    assert refused.status_code == 422 and refused.json()["field"] == "archive_text"
    assert Source.objects.count() == 2


def test_a_likely_duplicate_victim_is_shown_before_saving(world: World) -> None:
    event = world.event()
    first = world.recorder.post(f"harm-events/{event['id']}/victims", {
        "name": "أحمد محمد سالم الفيتوري", "age": 34, "sex": "male",
        "civilian_status": "civilian", "outcome": "killed", "cause": "gunfire"})
    assert first.status_code == 201, first.json()
    other = world.event(location="قرب الصابري")
    again = world.recorder.post(f"harm-events/{other['id']}/victims", {
        "name": "احمد محمد الفيتوري", "outcome": "killed"})
    assert again.status_code == 409
    found = again.json()["duplicates"]
    assert found and found[0]["victim_id"] == first.json()["id"]
    assert Victim.objects.count() == 1
    saved = world.recorder.post(f"harm-events/{other['id']}/victims", {
        "name": "احمد محمد الفيتوري", "outcome": "killed",
        "distinct_from": [first.json()["id"]]})
    assert saved.status_code == 201


def test_victims_never_outnumber_the_events_maximum(world: World) -> None:
    event = world.event(killed={"min": 0, "max": 1})
    ok = world.recorder.post(f"harm-events/{event['id']}/victims", {"outcome": "killed"})
    assert ok.status_code == 201
    over = world.recorder.post(f"harm-events/{event['id']}/victims", {"outcome": "killed"})
    assert over.status_code == 422 and over.json()["field"] == "outcome"


def test_a_review_lock_holds_others_off(world: World, api_as: Any) -> None:
    event = world.event()
    third = api_as("protection", scopes=["read", "write"])
    held = world.reviewer.post(f"harm-events/{event['id']}/lock")
    assert held.status_code == 200 and held.json()["lock"]["mine"]
    seen = third.get(f"/api/v1/harm-events/{event['id']}").json()
    assert seen["lock"]["held_by"] == world.reviewer.user.username
    refused = third.post(f"harm-events/{event['id']}/reviews",
                         {"state": "rejected", "reason": "x"})
    assert refused.status_code == 409 and refused.json()["field"] == "lock"
    assert world.reviewer.delete(f"harm-events/{event['id']}/lock").status_code == 200
    assert third.post(f"harm-events/{event['id']}/lock").status_code == 200


def test_other_roles_see_nothing(world: World, api_as: Any) -> None:
    event = world.event()
    for role in ("dispatcher", "supervisor", "analyst", "records"):
        api = api_as(role, scopes=["read", "write"])
        assert api.get("/api/v1/harm-events").status_code == 404
        assert api.get(f"/api/v1/harm-events/{event['id']}").status_code == 404
    assert world.inspector.get(f"/api/v1/harm-events/{event['id']}").status_code == 200
    read = AuditEntry.objects.get(action="harm_event.read")
    assert read.purpose == "oversight" and read.actor_username == world.inspector.user.username


def test_a_monitor_sees_only_what_is_shared_and_the_ledger_says_so(world: World) -> None:
    from opsroom.casualties.models import LedgerEntry

    event = world.event()
    assert world.monitor.get("/api/v1/harm-events").status_code == 404  # no agreement
    world.recorder.post(f"harm-events/{event['id']}/victims",
                        {"name": "سالم علي", "outcome": "killed"})
    agreed = world.reviewer.post("harm-sharing", {"monitor": "unsmil",
                                                  "starts_on": "2026-01-01",
                                                  "reference": "UNSMIL-2026-01"})
    assert agreed.status_code == 201, agreed.json()
    assert world.monitor.get("/api/v1/harm-events").json()["count"] == 0  # unverified
    world.source(event["id"])
    world.source(event["id"], kind="witness", reliability="C", credibility=3)
    world.reviewer.post(f"harm-events/{event['id']}/reviews",
                        {"state": "corroborated", "reason": "two sources"})
    listed = world.monitor.get("/api/v1/harm-events").json()
    assert listed["count"] == 1
    one = world.monitor.get(f"/api/v1/harm-events/{event['id']}").json()
    assert one["victims"][0]["name"] is None
    assert one["sources"] is None and one["reviews"] is None
    assert list(LedgerEntry.objects.values_list("what", flat=True).order_by("at")) == [
        "list", "list", "event"]


def test_a_review_history_changed_behind_the_apps_back_says_so(world: World) -> None:
    event = world.event()
    world.source(event["id"])
    world.source(event["id"], kind="witness", reliability="C", credibility=3)
    world.reviewer.post(f"harm-events/{event['id']}/reviews",
                        {"state": "corroborated", "reason": "two sources agree"})
    world.reviewer.post(f"harm-events/{event['id']}/reviews",
                        {"state": "disputed", "reason": "the family says otherwise"})
    intact = world.reviewer.get(f"/api/v1/harm-events/{event['id']}").json()
    assert intact["review_problems"] == []
    assert intact["reviews"][0]["signature"] and intact["reviews"][0]["site"]
    first = Review.objects.order_by("at").first()
    assert first is not None
    Review.objects.filter(pk=first.pk).update(reason="no sources at all")  # an editor's hand
    changed = world.reviewer.get(f"/api/v1/harm-events/{event['id']}").json()
    assert changed["review_problems"] == [
        f"{first.id}: its content does not match its digest"]
