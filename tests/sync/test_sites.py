"""Four real sites over real NATS: the operations room (hub) and three leaf sites of the
Al-Birka police station (a station and two field posts), each with its own database, server,
sync agent and NATS server; the leaf links run through proxies the tests cut and restore."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from tests.sync.conftest import BIRKA, HUB, OFFLINE, POST, POST3, STATION, World
from tests.sync.settle_flow import check_settling_after_partition
from tests.sync.sites import Site, wait_for

CENTRE = {"lat": 32.1167, "lon": 20.0667}
LEAF_SITES = (STATION, POST, POST3)  # the world of this module: a hub and three leaves


def create(api: httpx.Client, **fields: Any) -> dict[str, Any]:
    response = api.post("incidents", json={"type": "robbery", "priority": 2,
                                           "location": CENTRE, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def incident_ids(site: Site) -> list[str]:
    return [str(uuid.UUID(str(row[0])))
            for row in site.query("SELECT id FROM incidents_incident")]


def note_texts(site: Site) -> list[str]:
    rows = site.query("SELECT value FROM incidents_incidentevent WHERE kind = 'note'")
    import json

    return [(json.loads(v) if isinstance(v, str) else v)["text"] for (v,) in rows]


def apis(world: World) -> dict[str, httpx.Client]:
    return {HUB: world.hub.api("dispatcher2"),  # the station's dispatcher, at the hub
            **{code: leaf.api(f"disp-{code.lower()}") for code, leaf in world.leaves.items()}}


WRITERS, CALLS = 4, 3  # clients per site, and the calls each makes while cut off


def _write_while_cut(code: str, site_api: httpx.Client, writer: int, shared: str
                     ) -> list[str]:
    # A client of its own per thread (httpx clients are not shared between threads).
    with httpx.Client(base_url=site_api.base_url, headers=site_api.headers,
                      timeout=30) as api:
        return [_call_while_cut(code, api, writer, i, shared) for i in range(CALLS)]


def _call_while_cut(code: str, api: httpx.Client, writer: int, i: int, shared: str) -> str:
    incident = create(api, description=f"{code} call {writer}.{i} during the blackout")
    assert incident["number"].startswith(f"{code}-")  # numbers never collide
    assert api.patch(f"incidents/{incident['id']}", json={"priority": 1}
                     ).status_code == 200
    assert api.post(f"incidents/{incident['id']}/notes",
                    json={"text": f"{code} note {writer}.{i}"}).status_code == 201
    assert api.post(f"incidents/{shared}/notes",
                    json={"text": f"{code} on the shared call {writer}.{i}"}
                    ).status_code == 201
    return str(incident["id"])


def test_sites_cut_off_keep_working_and_converge_when_links_return(world: World) -> None:
    """The real case: every agent runs throughout, writes arrive through the API from four
    clients at each site while every link is cut, then the links return."""
    world.converged()
    clients = apis(world)
    shared = create(clients[HUB], description="a call every site works on")["id"]
    wait_for(lambda: all(shared in incident_ids(s) for s in world.sites), 30,
             "the shared call at every site")
    world.cut()
    made: dict[str, list[str]] = {}
    with ThreadPoolExecutor(WRITERS * len(clients)) as pool:
        jobs = {(code, w): pool.submit(_write_while_cut, code, api, w, shared)
                for code, api in clients.items() for w in range(WRITERS)}
        for (code, _), job in jobs.items():
            made.setdefault(code, []).extend(job.result())
    time.sleep(1.5)
    # Cut off: the field post has not seen the station's incidents.
    assert not set(made[STATION]) & set(incident_ids(world.leaves[POST]))
    # A leaf that cannot reach the hub holds its small batches in its outbox, to send them
    # as full ones when the link returns (not hundreds of tiny messages).
    for leaf in world.leaves.values():
        held = leaf.query("SELECT count(*), count(batch) FROM sync_outboxentry "
                          "WHERE sent_at IS NULL")[0]
        assert held[0] >= WRITERS * CALLS * 4 and held[1] == 0, (leaf.code, held)

    world.restore()
    world.converged()
    everything = [i for ids in made.values() for i in ids]
    expected_notes = sorted(f"{code} note {w}.{i}" for code in made
                            for w in range(WRITERS) for i in range(CALLS))
    for site in world.sites:
        held = incident_ids(site)
        assert len(held) == len(set(held)), f"{site.code} holds a duplicate"
        assert set(everything) <= set(held), f"{site.code} lost {set(everything) - set(held)}"
        notes = sorted(n for n in note_texts(site) if " note " in n and n.split()[0] in made)
        assert notes == expected_notes, site.code
        assert not site.query("SELECT count(*) FROM sync_outboxentry WHERE sent_at IS NULL")[0][0]
    # The shared call's timeline: every site's notes, in one order, the same at every site.
    timelines = {code: [e["id"] for e in api.get(f"incidents/{shared}/timeline").json()]
                 for code, api in clients.items()}
    assert len(timelines[HUB]) >= 1 + WRITERS * CALLS * len(clients)
    for code, order in timelines.items():
        assert order == timelines[HUB], code


def test_conflicting_edits_resolve_the_same_way_everywhere_and_both_stay_in_the_timeline(
    world: World,
) -> None:
    clients = apis(world)
    incident = create(clients[HUB], description="a fight at the market", priority=2)
    wait_for(lambda: all(incident["id"] in incident_ids(s) for s in world.sites), 30,
             "the incident at every site")
    world.cut()
    assert clients[STATION].patch(f"incidents/{incident['id']}",
                                  json={"priority": 1}).status_code == 200
    time.sleep(0.05)
    assert clients[POST].patch(f"incidents/{incident['id']}",
                               json={"priority": 3, "address": "souq al-jreed"}
                               ).status_code == 200
    world.restore()
    world.converged()
    for code, api in clients.items():
        now = api.get(f"incidents/{incident['id']}").json()
        assert now["priority"] == 3, code  # the later edit, at every site
        assert now["address"] == "souq al-jreed", code
        timeline = api.get(f"incidents/{incident['id']}/timeline").json()
        priorities = [e["value"] for e in timeline if e["kind"] == "priority"]
        assert sorted(priorities) == [1, 3], code  # the overwritten value is kept
        order = [(e["kind"], e["value"]) for e in timeline]
        assert order == [(e["kind"], e["value"]) for e in
                         clients[HUB].get(f"incidents/{incident['id']}/timeline").json()]


def test_killing_the_agent_mid_batch_loses_and_repeats_nothing(world: World) -> None:
    station = world.leaves[STATION]
    api = apis(world)[STATION]
    station.kill_agent()
    made = [create(api, description=f"burst {i}")["id"] for i in range(200)]
    unsent = "SELECT count(*) FROM sync_outboxentry WHERE sent_at IS NULL"
    waiting = station.query(unsent)[0][0]
    assert waiting >= 400  # each incident and its "created" event
    station.env["OPSROOM_SYNC_BATCH"] = "10"
    station.start_agent()
    del station.env["OPSROOM_SYNC_BATCH"]
    wait_for(lambda: station.query(unsent)[0][0] < waiting, 30,
             "the first batch acknowledged", every=0.005)
    station.kill_agent(hard=True)  # SIGKILL: no clean shutdown, a batch may be half-sent
    left = station.query(unsent)[0][0]
    assert 0 < left < waiting, "the agent was not stopped in the middle of its backlog"
    station.start_agent()
    world.converged()
    held = incident_ids(world.hub)
    assert set(made) <= set(held)
    assert len(held) == len(set(held))
    events = world.hub.query("SELECT count(*), count(DISTINCT id) FROM incidents_incidentevent")
    assert events[0][0] == events[0][1]
    assert station.query(unsent)[0][0] == 0


def test_a_site_never_receives_another_agencys_records(world: World) -> None:
    ops = world.hub.api("dispatcher")  # the operations room's own dispatcher
    secret = create(ops, description="operations room only")
    shared = create(apis(world)[HUB], description="for the station")
    wait_for(lambda: all(shared["id"] in incident_ids(s) for s in world.leaves.values()), 30,
             "the station's incident at its sites")
    world.converged()
    for leaf in world.leaves.values():
        assert secret["id"] not in incident_ids(leaf)
        assert leaf.api(f"disp-{leaf.code.lower()}").get(
            f"incidents/{secret['id']}").status_code == 404
        assert not leaf.query("SELECT count(*) FROM sync_outboxentry WHERE body LIKE "
                              f"'%{secret['id']}%'")[0][0]
    assert secret["id"] in incident_ids(world.hub)


def test_site_health_shows_a_silent_site(world: World) -> None:
    supervisor_view = world.hub.api("dispatcher")
    sites = {s["code"]: s for s in supervisor_view.get("sites").json()["sites"]}
    assert set(sites) >= {HUB, STATION, POST}
    assert not sites[STATION]["silent"]
    world.links[POST].cut()
    try:
        def post_silent() -> bool:
            rows = supervisor_view.get("sites").json()["sites"]
            return any(s["code"] == POST and s["silent"] for s in rows)

        wait_for(post_silent, 30, "the field post reported silent")
    finally:
        world.links[POST].restore()
    wait_for(lambda: not any(s["code"] == POST and s["silent"] for s in
                             supervisor_view.get("sites").json()["sites"]), 30,
             "the field post back")
    assert BIRKA


def test_a_bundle_from_a_site_with_no_link_at_all_imports_once_and_travels_on(
    world: World,
) -> None:
    """A field post with no network at all (no NATS): its changes reach the hub on a USB
    stick, and from there the other sites of its agency over NATS."""
    import gzip
    from datetime import UTC, datetime

    base = world.base
    nothing = Site(base, OFFLINE, world.hub.nats, world.databases[OFFLINE])
    nothing.env["OPSROOM_NATS_URL"] = ""  # no NATS, no link, no agent
    hub = world.hub
    hub.run("sync", "site-add", OFFLINE, "--role", "field_post", "--agency", BIRKA,
            "--public-key", nothing.run("sync", "key").stdout.strip().splitlines()[-1])
    nothing.run("migrate", "--quiet")
    nothing.run("sync", "site-add", HUB, "--role", "hub", "--public-key",
                hub.run("sync", "key").stdout.strip().splitlines()[-1])
    seed = base / "seed-offline.bundle"
    hub.run("sync", "export", "--since", "0", "--for", OFFLINE, "--out", str(seed))
    nothing.run("sync", "import", str(seed))
    nothing.run("sync", "site-add", OFFLINE, "--role", "field_post", "--agency", BIRKA)
    since = datetime.now(UTC).isoformat()  # what the field post does from here on
    nothing.run("user", "create", "disp-offline", "--agency", BIRKA, "--role", "dispatcher")
    try:
        nothing.start_server()
        made = [create(nothing.api("disp-offline"), description=f"no network {i}")["id"]
                for i in range(3)]
    finally:
        nothing.stop()
    stick = base / "usb-offline.bundle"
    nothing.run("sync", "export", "--since", since, "--for", HUB, "--out", str(stick))

    magic, header, signature, body = stick.read_bytes().split(b"\n", 3)
    altered = gzip.decompress(body).replace(b"no network 1", b"no network 9")
    assert altered != gzip.decompress(body)
    tampered = base / "tampered.bundle"
    tampered.write_bytes(b"\n".join([magic, header, signature, gzip.compress(altered)]))
    refused = hub.run("sync", "import", str(tampered), check=False)
    assert refused.returncode == 2 and "nothing was changed" in refused.stderr
    assert not set(made) & set(incident_ids(hub))

    first = hub.run("sync", "import", str(stick)).stdout
    assert "0 rejected" in first
    again = hub.run("sync", "import", str(stick)).stdout
    assert "already imported" in again
    held = incident_ids(hub)
    assert set(made) <= set(held) and len(held) == len(set(held))
    # Relayed from the hub's outbox to the station and the field post of the same agency.
    wait_for(lambda: all(set(made) <= set(incident_ids(leaf)) for leaf in
                         world.leaves.values()), 30, "the bundle's incidents at every site")
    world.converged()



def test_a_warrant_issued_before_the_cut_is_checked_at_the_cut_off_post(world: World) -> None:
    """The wanted list reaches every police site; a field post cut off from the network
    still answers a check, from its own copy, and holds nothing more of the person."""
    world.converged()
    hub, post, station = world.hub, world.leaves[POST], world.leaves[STATION]
    number = "119880000417"
    person = hub.api("records").post("persons", json={
        "first_name": "عبدالسلام", "father_name": "مفتاح", "grandfather_name": "سالم",
        "family_name": "الورفلي", "latin_name": "Abdelsalam Muftah Salem Al-Werfalli",
        "sex": "male", "birth_year": 1988, "national_number": number})
    assert person.status_code == 201, person.text
    prosecutor = hub.api("judicial")  # the Benghazi Prosecution Office's judicial user
    warrant = prosecutor.post("warrants", json={
        "kind": "arrest", "reference": "ق/2026/7781", "person_id": person.json()["id"],
        "offences": ["armed_robbery"], "caution": "مسلّح"})
    assert warrant.status_code == 201, warrant.text
    wanted_at = "SELECT count(*) FROM records_wantedentry WHERE reference = 'ق/2026/7781'"
    wait_for(lambda: post.query(wanted_at)[0][0] == 1, 30, "the warrant in the post's list")

    world.links[POST].cut()
    try:
        checker = post.api(f"disp-{POST.lower()}")
        for params in ({"q": "عبد السلام مفتاح الورفلى"},  # spelled as a checkpoint writes it
                       {"q": "Abdulsalam Meftah Warfalli"},
                       {"national_number": number}):
            answer = checker.get("wanted/check", params={**params, "purpose": "checkpoint"})
            assert answer.status_code == 200, answer.text
            body = answer.json()
            assert body["wanted"], params
            assert body["matches"][0]["reference"] == "ق/2026/7781"
            assert body["matches"][0]["caution"] == "مسلّح"
            assert set(body["matches"][0]) == {"reference", "issuing_agency", "caution",
                                               "valid_until", "match", "score"}
        assert not checker.get("wanted/check", params={
            "q": "خديجة المسماري", "purpose": "checkpoint"}).json()["wanted"]
        # Need to know: the post holds the wanted entry, not the record or the warrant.
        assert post.query(f"SELECT count(*) FROM records_person "
                          f"WHERE national_number = '{number}'")[0][0] == 0
        assert post.query("SELECT count(*) FROM records_warrant")[0][0] == 0
        assert post.query("SELECT count(*) FROM audit_auditentry WHERE action = "
                          "'wanted.check' AND purpose = 'checkpoint'")[0][0] == 4
    finally:
        world.links[POST].restore()
    # The station keeps the full record (it records arrests).
    wait_for(lambda: station.query(f"SELECT count(*) FROM records_person "
                                   f"WHERE national_number = '{number}'")[0][0] == 1, 30,
             "the person at the station")
    # Withdrawn at the hub, the post soon answers "not wanted".
    withdrawn = prosecutor.post(f"warrants/{warrant.json()['id']}/withdraw",
                                json={"reason": "سحب بقرار النيابة"})
    assert withdrawn.status_code == 200, withdrawn.text
    wait_for(lambda: not checker.get("wanted/check", params={
        "national_number": number, "purpose": "checkpoint"}).json()["wanted"], 30,
        "the withdrawal at the post")
    world.converged()


REWRITE_HISTORY = """
from opsroom.audit.actions import entry_digest
from opsroom.audit.anchors import anchors_file
from opsroom.audit.models import AuditAnchor, AuditEntry, AuditHead
previous = "0" * 64
for entry in AuditEntry.objects.order_by("seq"):
    if entry.action == "incident.create":
        entry.purpose = "nothing happened here"
    entry.prev_hash = previous
    entry.entry_hash = entry_digest(previous, entry)
    entry.save()
    previous = entry.entry_hash
AuditHead.objects.filter(id=1).update(entry_hash=previous)
AuditAnchor.objects.filter(origin_site="%s").delete()
anchors_file().unlink(missing_ok=True)
"""


def _rollup_agrees(site: Site) -> tuple[int, int]:
    """(what the statistics' rollup counts, what a plain count of the incidents gives)."""
    rolled = site.query("SELECT COALESCE(SUM(n), 0) FROM stats_dailycount")[0][0]
    plain = site.query("SELECT count(*) FROM incidents_incident WHERE merged_into_id IS NULL")
    return int(rolled), int(plain[0][0])


def city_today() -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Africa/Tripoli")).date().isoformat()


def test_every_site_s_statistics_count_what_it_holds(world: World) -> None:
    """Statistics are not replicated: each site counts the incidents it holds, and the
    rollup follows what sync applies (inserts and merges) as it follows the actions."""
    world.restore()
    world.converged()
    analyst = world.hub.api("analyst")  # the operations room's: every agency's incidents

    def hub_shootings() -> int:
        reply = analyst.get("stats/compstat", params={"window": "7d", "by": "type",
                                                      "end": city_today()})
        assert reply.status_code == 200, reply.text
        return {r["key"]: r["current"] for r in reply.json()["rows"]}["shooting"]

    before = hub_shootings()
    station = apis(world)[STATION]
    made = [create(station, type="shooting", description=f"stats {i}") for i in range(3)]
    # One shooting called in twice: merged at the station, it counts once everywhere.
    assert station.post(f"incidents/{made[2]['id']}/merge",
                        json={"into": made[0]["id"]}).status_code == 200
    world.converged()
    wait_for(lambda: hub_shootings() == before + 2, 30, "the hub's CompStat to count them")
    for site in world.sites:
        rolled, plain = _rollup_agrees(site)
        assert rolled == plain, site.code


def test_a_call_sign_made_at_two_cut_off_sites_is_settled_once_and_everywhere(
    world: World,
) -> None:
    world.restore()
    check_settling_after_partition(world)


def test_a_site_that_rewrites_its_history_contradicts_the_anchors_the_hub_holds(
    world: World,
) -> None:
    world.restore()
    leaf = world.leaves[STATION]
    create(leaf.api(f"disp-{STATION.lower()}"), description="on the record")
    out = leaf.run("audit", "anchor").stdout
    seq = int(out.split()[2])
    wait_for(lambda: world.hub.query(
        f"SELECT seq FROM audit_auditanchor WHERE origin_site = '{STATION}' AND seq = {seq}"),
        30, "the station's anchor at the hub")
    agreed = leaf.run("audit", "verify", "--against", HUB).stdout
    assert f"anchors held by {HUB} agree" in agreed
    # An administrator of the station's database rewrites its chain consistently and
    # deletes the station's own anchors: nothing at the station can tell any more...
    leaf.python(REWRITE_HISTORY % STATION)
    assert leaf.run("audit", "verify").returncode == 0
    # ...but the copy of its anchor that the operations room holds can.
    caught = leaf.run("audit", "verify", "--against", HUB, check=False)
    assert caught.returncode == 1
    assert f"held by {HUB}" in caught.stderr and "BROKEN at entry" in caught.stderr
    # And the hub never lets a received anchor change.
    assert world.hub.query(
        f"SELECT count(*) FROM audit_auditanchor WHERE origin_site = '{STATION}'")[0][0] >= 1
