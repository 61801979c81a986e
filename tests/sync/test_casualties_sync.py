"""Civilian harm across sites: an event recorded at a cut-off police station (with a source,
a victim and a second officer's review) reaches the operations room once the link returns,
its archived copy byte for byte; another station's site never receives it; an outage
recorded at the operations room reaches every site, and so does the outage the hub proposed
when the station went silent; a review's lock stays where it was taken; and the sites'
digests agree.

The module's own copy of the sync world (tests/sync/conftest.py) is used as it is, with one
change made the way an operator would: the field post BNG-FP1 is registered again (at the
hub and at itself) as the site of another police station, so that BNG-PS1 (the Al-Birka
station) and BNG-FP1 are two agencies' sites."""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from tests.sync.conftest import BIRKA, POST, STATION, World
from tests.sync.sites import Site, wait_for

OTHER_STATION = "cs-ps-hawari"  # made here: the Al-Hawari police station
SITES_REFRESH_S = 5.0  # opsroom.sync.agent: how often the hub reads the site list again
BIRKA_POINT = (32.0950, 20.0880)  # in the Al-Birka district (BNG-D02)
# The archived copy: a file, not text, so that every byte must survive the trip.
ARCHIVE = "قائمة مستشفى الجلاء: ٤ قتلى".encode() + b"\x00\xff\xfe binary tail"
HARM_KINDS = ("harm_event", "harm_source", "harm_victim", "harm_review", "harm_agreement",
              "harm_ledger", "outage")

HUB_SETUP = """
import json
from opsroom.accounts.actions import do_create_agency, do_create_token
from opsroom.accounts.models import AgencyKind, User
from opsroom.sync.actions import do_add_site

do_create_agency(None, code={other!r}, name_ar="مركز شرطة الهواري",
                 name_en="Al-Hawari Police Station", kind=AgencyKind.POLICE_STATION)
do_add_site({post!r}, "field_post", {other!r})
print(json.dumps({{name: do_create_token(None, User.objects.get(username=name), name="cs")[1]
                  for name in ("protection", "inspector")}}))
"""

# The Al-Birka station's two protection officers: one records, the other reviews.
STATION_SETUP = """
import json
from opsroom.accounts.actions import do_create_token, do_create_user
from opsroom.accounts.models import Agency

agency = Agency.objects.get(code={agency!r})
tokens = {{}}
for name in ("recorder", "reviewer"):
    user = do_create_user(None, username=f"harm-{{name}}-ps1", role="protection",
                          agency=agency, password="correct horse battery staple")
    tokens[name] = do_create_token(None, user, name="casualties sync")[1]
print(json.dumps(tokens))
"""

POST_SETUP = """
from opsroom.sync.actions import do_add_site

do_add_site({post!r}, "field_post", {other!r})
"""


def _ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


def _json(site: Site, code: str) -> Any:
    return json.loads(site.python(code).stdout.strip().splitlines()[-1])


def _uuid(value: Any) -> str | None:
    return None if value is None else str(uuid.UUID(str(value)))


def _ids(site: Site, table: str) -> set[str]:
    return {str(_uuid(row[0])) for row in site.query(f"SELECT id FROM {table}")}


def _locks(site: Site) -> dict[str, tuple[str | None, Any]]:
    return {str(_uuid(event)): (_uuid(holder), until) for event, holder, until in site.query(
        "SELECT id, locked_by_id, locked_until FROM casualties_harmevent")}


def _user_id(site: Site, username: str) -> str:
    return str(_uuid(site.query(
        f"SELECT id FROM accounts_user WHERE username = '{username}'")[0][0]))


@pytest.fixture
def clients() -> Iterator[dict[str, httpx.Client]]:
    made: dict[str, httpx.Client] = {}
    yield made
    for client in made.values():
        client.close()


def _client(site: Site, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{site.url}/api/v1", timeout=30,
                        headers={"Authorization": f"Bearer {token}"})


def _created(reply: httpx.Response) -> dict[str, Any]:
    assert reply.status_code in (200, 201), reply.text
    body: dict[str, Any] = reply.json()
    return body


def test_an_event_recorded_at_a_cut_off_station_reaches_the_operations_room_only(
    world: World, clients: dict[str, httpx.Client],
) -> None:
    hub, station, other = world.hub, world.leaves[STATION], world.leaves[POST]
    # The field post becomes another station's site, at the hub and (once the new agency
    # has reached it) at itself.
    hub_tokens = _json(hub, HUB_SETUP.format(post=POST, other=OTHER_STATION))
    reconfigured = time.monotonic()
    hub_protection = clients["hub"] = _client(hub, hub_tokens["protection"])
    inspector = clients["inspector"] = _client(hub, hub_tokens["inspector"])
    officers = _json(station, STATION_SETUP.format(agency=BIRKA))
    recorder = clients["recorder"] = _client(station, officers["recorder"])
    reviewer = clients["reviewer"] = _client(station, officers["reviewer"])
    wait_for(lambda: other.query("SELECT count(*) FROM accounts_agency WHERE code = "
                                 f"'{OTHER_STATION}'")[0][0], 30, "the new station at BNG-FP1")
    other.python(POST_SETUP.format(post=POST, other=OTHER_STATION))
    # The station's officers are known at the hub before the links go down (users are
    # everyone's), as they would be on any working day.
    wait_for(lambda: hub.query("SELECT count(*) FROM accounts_user WHERE username LIKE "
                               "'harm-%-ps1'")[0][0] == 2, 30, "the station's officers at the hub")

    world.cut()
    try:
        event = _created(recorder.post("harm-events", json={
            "event_date": (date.today() - timedelta(days=1)).isoformat(),
            "time_precision": 1, "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "غير معروف (حسب المصادر)", "location": "سوق البركة",
            "lat": BIRKA_POINT[0], "lon": BIRKA_POINT[1], "geo_precision": 2,
            "killed": {"min": 4, "max": 6, "best": 4}, "injured": {"min": 7, "max": 12},
            "civilian_targeting": True, "notes": "recorded while the link was down"}))
        assert event["agency"] == BIRKA and event["district"] == "BNG-D02"
        sources = [_created(recorder.post(f"harm-events/{event['id']}/sources", json=body))
                   for body in (
            {"kind": "hospital_record", "description": "قائمة المستشفى",
             "organisation": "مستشفى الجلاء", "received_at": _ago(hours=3),
             "reliability": "B", "credibility": 2, "killed_min": 4,
             "archive_base64": base64.b64encode(ARCHIVE).decode(),
             "archive_name": "list.bin", "archive_type": "application/octet-stream"},
            {"kind": "witness", "description": "شاهد من السوق", "received_at": _ago(hours=2),
             "reliability": "C", "credibility": 3, "killed_max": 6,
             "archive_text": "سمعت ثلاثة انفجارات"})]
        assert sources[0]["archive_sha256"] == hashlib.sha256(ARCHIVE).hexdigest()
        victim = _created(recorder.post(f"harm-events/{event['id']}/victims", json={
            "name": "محمد سالم البرعصي", "age": 34, "sex": "male",
            "civilian_status": "civilian", "outcome": "killed", "cause": "shelling",
            "attribution_source": sources[0]["id"]}))
        review = _created(reviewer.post(f"harm-events/{event['id']}/reviews", json={
            "state": "corroborated", "reason": "the hospital's list and a witness agree"}))
        # The reviewer takes it up again (towards verified): the lock is the station's.
        lock = _created(reviewer.post(f"harm-events/{event['id']}/lock"))["lock"]
        assert lock["held_by"] == "harm-reviewer-ps1" and lock["mine"]
        # Meanwhile the operations room records the outage that followed.
        outage = _created(hub_protection.post("outages", json={
            "districts": ["BNG-D02"], "operator": "libyana",
            "services": ["mobile_voice", "sms", "mobile_data"], "starts_at": _ago(hours=1),
            "source": "بلاغ من مركز البركة قبل انقطاع الاتصال"}))
        assert event["id"] not in _ids(hub, "casualties_harmevent")
        assert hub_protection.get(f"harm-events/{event['id']}").status_code == 404
        # The station gone silent is proposed at the hub as an outage, for a person to
        # confirm (OPSROOM_SYNC_SILENT_MINUTES is six seconds here).
        proposed = wait_for(lambda: [str(_uuid(row[0])) for row in hub.query(
            "SELECT id FROM casualties_outage WHERE status = 'proposed' AND silent_site = "
            f"'{STATION}'")], 60, "the hub's proposed outage for the silent station")
        time.sleep(max(0.0, reconfigured + SITES_REFRESH_S + 1 - time.monotonic()))
    finally:
        world.restore()

    # Once the link is back, the event and everything on it reach the operations room.
    source_ids = {s["id"] for s in sources}
    wait_for(lambda: event["id"] in _ids(hub, "casualties_harmevent")
             and source_ids <= _ids(hub, "casualties_source")
             and victim["id"] in _ids(hub, "casualties_victim")
             and review["id"] in _ids(hub, "casualties_review"), 60,
             "the station's event, its sources, victim and review at the hub")
    seen = inspector.get(f"harm-events/{event['id']}").json()
    assert seen["state"] == "corroborated" and seen["agency"] == BIRKA
    assert seen["killed"] == {"min": 4, "max": 6, "best": 4}
    assert [r["digest"] for r in seen["reviews"]] == [review["digest"]]
    # Signed at the station with its key; the hub checks the signature and the chain.
    assert seen["reviews"][0]["site"] == "BNG-PS1" and seen["review_problems"] == []
    assert review["previous_digest"] == "" and seen["reviews"][0]["reviewer"] == \
        "harm-reviewer-ps1"
    assert [v["name"] for v in seen["victims"]] == ["محمد سالم البرعصي"]
    assert {s["id"]: s["archive_sha256"] for s in seen["sources"]} == {
        s["id"]: s["archive_sha256"] for s in sources}
    # The archived copy, byte for byte, under the hash taken where it was received.
    copy = hub_protection.get(f"harm-events/{event['id']}/sources/{sources[0]['id']}/archive")
    assert copy.status_code == 200
    assert copy.content == ARCHIVE
    assert copy.headers["X-Content-SHA256"] == hashlib.sha256(ARCHIVE).hexdigest()
    # The lock never travelled: at the hub the event is free, and a hub officer's lock
    # stays at the hub while the station's reviewer still holds it there.
    reviewer_id = _user_id(station, "harm-reviewer-ps1")
    assert _locks(station)[event["id"]][0] == reviewer_id
    assert _locks(hub)[event["id"]] == (None, None)
    taken = _created(hub_protection.post(f"harm-events/{event['id']}/lock"))["lock"]
    assert taken["held_by"] == "protection"
    assert _locks(station)[event["id"]][0] == reviewer_id
    assert not [body for (body,) in station.query(
        "SELECT body FROM sync_outboxentry WHERE kind = 'harm_event'")
        if "locked_by" in json.loads(body)["f"] or "locked_until" in json.loads(body)["f"]]
    # The outage reached every site; the event, its sources, victim and review never the
    # other station's (nor wait there for a parent).
    wait_for(lambda: all({outage["id"], *proposed} <= _ids(site, "casualties_outage")
                         for site in (station, other)), 60, "the outages at every site")
    assert event["id"] not in _ids(other, "casualties_harmevent")
    assert not source_ids & _ids(other, "casualties_source")
    assert victim["id"] not in _ids(other, "casualties_victim")
    assert review["id"] not in _ids(other, "casualties_review")
    related = {event["id"], victim["id"], review["id"], *source_ids}
    assert not [row for row in other.query("SELECT record_id FROM sync_pendingchange")
                if row[0] in related]
    # The digests agree: the Al-Birka station holds all the hub holds for it, and the other
    # station's site what the hub holds for that station (of harm and outages: its other
    # tables were seeded for Al-Birka, before it changed hands).
    wait_for(lambda: station.digest() == hub.digest(BIRKA, "station"), 60,
             "the station's digest to match the hub's")

    def harm(digest: dict[str, Any]) -> dict[str, Any]:
        return {kind: digest[kind] for kind in HARM_KINDS}

    wait_for(lambda: harm(other.digest()) == harm(hub.digest(OTHER_STATION, "field_post")),
             60, "the other station's harm and outage digests to match the hub's")
    assert harm(other.digest())["harm_event"]["rows"] == 0
    assert harm(station.digest())["harm_event"]["rows"] == 1
