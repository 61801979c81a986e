"""Campaigns across sites cut off from each other: handovers made at two collection points
while their links are down sync without loss, each where need to know sends it, and a
serial handed in at both shows as a flagged duplicate everywhere once the links return.

The module's own copy of the sync world (tests/sync/conftest.py) is used as it is, with one
change made the way an operator would: the field post BNG-FP1 is registered again (at the
hub and at itself) as the site of the Security Directorate, so that two sites of two
police agencies take handovers: BNG-PS1 for the Al-Birka station (agency A) and BNG-FP1
for the directorate (agency B)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from tests.sync.conftest import BIRKA, POST, STATION, World
from tests.sync.sites import Site, wait_for

DIRECTORATE = "bng-sd"  # the demo's Benghazi Security Directorate
SITES_REFRESH_S = 5.0  # opsroom.sync.agent: how often the hub reads the site list again
# Written differently at the two points, the same serial (opsroom.campaigns.serials).
SERIALS = {STATION: "AK-47 1234", POST: "ak471234"}
KEY = "ak471234"

# At each leaf: its records officer and supervisor, its collection point (open around the
# clock, near the directorate: both points are in one district), their tokens.
LEAF_SETUP = """
import json
from opsroom.accounts.actions import do_create_token, do_create_user
from opsroom.accounts.models import Agency, User
from opsroom.campaigns.actions import do_create_point
from opsroom.sync.actions import do_add_site

if {reconfigure!r}:
    do_add_site({code!r}, "directorate", {agency!r})
agency = Agency.objects.get(code={agency!r})
tokens = {{}}
for role in ("records", "supervisor"):
    user = do_create_user(None, username=f"cs-{{role}}-{code_lower}", role=role, agency=agency,
                          password="correct horse battery staple")
    tokens[role] = do_create_token(None, user, name="campaigns sync")[1]
supervisor = User.objects.get(username="cs-supervisor-{code_lower}")
always = {{d: [["00:00", "23:59"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}
point = do_create_point(supervisor, code="cs-point-{code_lower}", name_ar="نقطة جمع",
                        name_en="Collection point", kind="station", lat={lat},
                        lon=20.0667, hours=always)
print(json.dumps({{"tokens": tokens, "point": point.code}}))
"""

HUB_SETUP = """
import json
from opsroom.accounts.actions import do_create_token
from opsroom.accounts.models import User
from opsroom.sync.actions import do_add_site

do_add_site({post!r}, "directorate", {agency!r})
print(json.dumps({{name: do_create_token(None, User.objects.get(username=name), name="cs")[1]
                  for name in ("supervisor", "inspector")}}))
"""


@pytest.mark.django_db
def test_a_serial_mark_from_another_site_that_meets_its_twin_is_audited() -> None:
    """One database, the other site simulated by rewriting a change (as in test_merge.py):
    sync calls the serial registry's announcer only for a kind that says what a change is
    about, and the announcer audits a serial now known twice, once."""
    from django.db import transaction

    from opsroom.audit.models import AuditEntry
    from opsroom.campaigns.models import SerialMark
    from opsroom.core.ids import uuid7
    from opsroom.sync import hlc
    from opsroom.sync.actions import do_apply_changes
    from opsroom.sync.models import OutboxEntry

    SerialMark.objects.create(serial_key=KEY, item_id=uuid7(), category="assault_rifle",
                              receipt_number="BNG-OPS-2026-000001")
    local = json.loads(OutboxEntry.objects.filter(kind="serial_mark").latest("seq").body)

    def remote(key: str, receipt: str) -> dict[str, Any]:
        change = json.loads(json.dumps(local))
        mark_id, item_id, clock = str(uuid7()), str(uuid7()), hlc.tick()
        change.update(c=str(uuid7()), id=mark_id, s="BNG-PS9", h=clock,
                      cl={"*": [clock, "BNG-PS9"]})
        change["f"].update(id=mark_id, item_id=item_id, serial_key=key,
                           receipt_number=receipt, origin_site="BNG-PS9", hlc=clock)
        return change

    twin, stranger = remote(KEY, "BNG-PS9-2026-000007"), remote("m12233", "BNG-PS9-2026-8")
    with transaction.atomic():
        do_apply_changes([twin, stranger], source="test")
    detected = AuditEntry.objects.filter(action="serial.duplicate_detected")
    assert [(e.object_id, e.detail["earlier"]) for e in detected] == [
        (twin["f"]["item_id"], ["BNG-OPS-2026-000001"])]


def _json(site: Site, code: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(site.python(code).stdout.strip().splitlines()[-1])
    return result


def _ids(site: Site, table: str) -> set[str]:
    return {str(uuid.UUID(str(row[0]))) for row in site.query(f"SELECT id FROM {table}")}


def _count(site: Site, sql: str) -> int:
    return int(site.query(sql)[0][0])


@pytest.fixture
def clients() -> Iterator[dict[str, httpx.Client]]:
    made: dict[str, httpx.Client] = {}
    yield made
    for client in made.values():
        client.close()


def _client(site: Site, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{site.url}/api/v1", timeout=30,
                        headers={"Authorization": f"Bearer {token}"})


def test_handovers_at_cut_off_points_sync_and_a_serial_handed_in_at_both_is_flagged(
    world: World, clients: dict[str, httpx.Client],
) -> None:
    hub, station, directorate = world.hub, world.leaves[STATION], world.leaves[POST]
    leaves = {STATION: station, POST: directorate}
    agencies = {STATION: BIRKA, POST: DIRECTORATE}
    # The field post becomes the directorate's site, at the hub and at itself; the hub's
    # agent reads the site list again within SITES_REFRESH_S, before the campaigns exist.
    tokens = _json(hub, HUB_SETUP.format(post=POST, agency=DIRECTORATE))
    reconfigured = time.monotonic()
    hub_supervisor = clients["hub/supervisor"] = _client(hub, tokens["supervisor"])
    inspector = clients["hub/inspector"] = _client(hub, tokens["inspector"])
    setup = {code: _json(leaf, LEAF_SETUP.format(
        code=code, code_lower=code.lower(), agency=agencies[code], reconfigure=code == POST,
        lat=32.1167 + (0.001 if code == POST else 0))) for code, leaf in leaves.items()}
    for code, leaf in leaves.items():
        clients[f"{code}/records"] = _client(leaf, setup[code]["tokens"]["records"])
        clients[f"{code}/supervisor"] = _client(leaf, setup[code]["tokens"]["supervisor"])
    time.sleep(max(0.0, reconfigured + SITES_REFRESH_S + 1 - time.monotonic()))
    started = (date.today() - timedelta(days=7)).isoformat()
    made = {}
    for kind, amnesty in (("weapons", True), ("drug_dens", False)):
        reply = hub_supervisor.post("campaigns", json={
            "kind": kind, "name_ar": "حملة بين المواقع", "name_en": f"Across sites ({kind})",
            "starts_on": started, "amnesty": amnesty})
        assert reply.status_code == 201, reply.text
        made[kind] = reply.json()["id"]
    # The campaigns are shared: both sites hold them before the links go down.
    wait_for(lambda: all(set(made.values()) <= _ids(leaf, "campaigns_campaign")
                         for leaf in leaves.values()), 30, "the campaigns at both sites")

    world.cut()
    try:
        # A raid planned at the station while cut off: agency A's, and secret.
        operation = clients[f"{STATION}/supervisor"].post("operations", json={
            "campaign_id": made["drug_dens"], "code": "CS-RAID-1",
            "planned_at": "2030-01-01T06:00:00+02:00", "commander": f"cs-records-"
            f"{STATION.lower()}", "targets": [{"place": "مستودع في الصابري", "no_warrant_reason":
                                                "a public place: caught in the act (test)"}]})
        assert operation.status_code == 201, operation.text
        assert operation.json()["status"] == "planned"
        handovers: dict[str, list[dict[str, Any]]] = {}
        for code in leaves:
            records = clients[f"{code}/records"]
            handovers[code] = []
            for items in ([{"category": "assault_rifle", "serial": SERIALS[code],
                            "make_model": "AK-47", "condition": "working"}],
                          [{"category": "pistol"}], [{"category": "grenade"}]):
                reply = records.post("handovers", json={
                    "campaign_id": made["weapons"], "point": setup[code]["point"],
                    "items": items})
                assert reply.status_code == 201, reply.text
                body = reply.json()
                assert body["receipt_number"].startswith(f"{code}-")  # numbers never collide
                handovers[code].append(body)
        # Cut off, each site knows only its own mark of the serial: no duplicate yet.
        first = {code: handovers[code][0]["items"][0]["id"] for code in leaves}
        for code, leaf in leaves.items():
            assert _count(leaf, "SELECT count(*) FROM campaigns_serialmark "
                                f"WHERE serial_key = '{KEY}'") == 1
            item = clients[f"{code}/records"].get(f"items/{first[code]}").json()
            assert item["duplicate_of"] == []
    finally:
        world.restore()

    sites = [hub, station, directorate]
    wait_for(lambda: all(_count(site, "SELECT count(*) FROM campaigns_serialmark WHERE "
                                      f"serial_key = '{KEY}'") == 2 for site in sites), 30,
             "the serial registry at every site")
    receipts = {code: handovers[code][0]["receipt_number"] for code in leaves}
    other = {STATION: POST, POST: STATION}
    for code in leaves:
        def flagged(code: str = code) -> Any:
            item = clients[f"{code}/records"].get(f"items/{first[code]}").json()
            return item["duplicate_of"] == [receipts[other[code]]]

        wait_for(flagged, 30, f"the duplicate flagged at {code}")
    # Every handover arrived where need to know says: its own agency's site and the hub,
    # never the other agency's site.
    ids = {code: {h["id"] for h in handovers[code]} for code in leaves}
    wait_for(lambda: ids[STATION] | ids[POST] <= _ids(hub, "campaigns_handover"), 30,
             "every handover at the hub")
    for code, leaf in leaves.items():
        held = _ids(leaf, "campaigns_handover")
        assert ids[code] <= held and not ids[other[code]] & held, code
        items = {i["id"] for h in handovers[other[code]] for i in h["items"]}
        assert not items & _ids(leaf, "campaigns_item"), code
        assert clients[f"{code}/records"].get(
            f"handovers/{handovers[other[code]][0]['id']}").status_code == 404
    hub_items = _ids(hub, "campaigns_item")
    for code in leaves:
        assert {i["id"] for h in handovers[code] for i in h["items"]} <= hub_items
        # The operations room's inspector sees both items flagged.
        assert inspector.get(f"items/{first[code]}").json()["duplicate_of"] == [
            receipts[other[code]]]
    # The planned raid reached the hub, and never the directorate's site (which has by now
    # received what the station did after planning it: the serial's mark).
    raid = operation.json()["id"]
    wait_for(lambda: raid in _ids(hub, "campaigns_operation"), 30, "the raid at the hub")
    assert raid not in _ids(directorate, "campaigns_operation")
    assert not _ids(directorate, "campaigns_operationtarget") & {
        t["id"] for t in operation.json()["targets"]}
    assert not _count(directorate, "SELECT count(*) FROM sync_pendingchange WHERE "
                                   f"record_id = '{raid}'")
    # The counters of both sites add up: at the hub, where each site alone (3 items) was
    # under the public figures' floor of 5, the six items are published.
    for site, client in ((hub, hub_supervisor), (station, clients[f"{STATION}/supervisor"])):
        def summed(client: httpx.Client = client) -> Any:
            totals = client.get(f"campaigns/{made['weapons']}/stats").json()["totals"]
            return totals.get("handovers") == 6 and totals.get("items") == 6

        wait_for(summed, 30, f"both sites' counts in the stats at {site.code}")
    public = httpx.get(f"{hub.url}/public/campaigns/{made['weapons']}",
                       params={"format": "json"}, timeout=30).json()
    assert public["items"] == 6 and public["hidden_cells"] == 0
    assert public["by_category"] == {"assault_rifle": 2, "pistol": 2, "grenade": 2}
    # Each site's audit says the serial met its twin when the links came back.
    for site in sites:
        wait_for(lambda site=site: _count(site, "SELECT count(*) FROM audit_auditentry "
                                                "WHERE action = 'serial.duplicate_detected'"),
                 30, f"serial.duplicate_detected in {site.code}'s audit")
