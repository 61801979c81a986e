"""Multi-site sync: a site reconnecting after a blackout with a backlog of 100,000 records.

Real parts throughout: a hub and a leaf site (the Al-Birka police station), each with its own
SQLite database, `opsroom sync run` agent and nats-server (the leaf a leaf node with its own
JetStream), the leaf's link running through a proxy that is cut and then restored. Two
scenarios run one after the other, each on fresh sites:

The backlog (the agent stopped while it is written):

1. With the link cut and the leaf's agent stopped, the leaf's users write the backlog:
   20,000 incidents with 4 timeline events each (100,000 rows), captured into the outbox.
2. The leaf's agent starts and publishes the backlog to its own JetStream (the link is
   still down: this is what a cut-off site does).
3. The link is restored: the hub's JetStream sources the leaf's stream, the hub's agent
   applies. Measured from the restore: when every record is applied at the hub
   (applied_per_s), and when the hub's digest of what the station may know equals the
   leaf's digest (converge_s).
4. Baseline, same run: the same code applying 2,000 of those changes one transaction per
   change (the naive way), in a scratch database.

The real blackout (everything running throughout):

5. Both sites run `opsroom serve` and `opsroom sync run` from start to end. With the link up,
   a single incident is written at the leaf and timed until the hub holds it. The link is
   cut; 4 client threads write through the leaf's HTTP API (the station dispatcher's bearer
   token), as fast as the server answers or paced by --live-rate. Each loops: create an
   incident (2 records: the incident and its "created" event), 2 notes (1 each) and one
   PATCH of priority, address, description and location (4 events, one per field): 8
   records in 4 requests, until the leaf holds --live-records new rows of
   incidents_incident and incidents_incidentevent (origin_site = the leaf). The leaf's
   agent publishes to its own JetStream all the while: its outbox batches and the messages
   in its OUT stream are reported.
6. Once the writes stop and the leaf's outbox is published, the leaf's digest is taken and
   the link is restored. Measured from the restore: when the hub holds every record
   (live_applied_per_s = records / that time) and when the hub's digest for the agency
   equals the leaf's (live_converge_s). The hub's `sync.apply` audit entries of the
   catch-up (one per transaction) show how many transactions it took and their size.

Converged means the hub's digest equals the leaf's digest taken before the restore, or the
leaf's digest at that moment: the hub's agent proposes an outage for the silent leaf during
the blackout, which reaches the leaf only after the restore and changes its digest.

lost and duplicated are summed over both scenarios (rows of the leaf missing at the hub, ids
held twice, incident numbers held twice). `--skip-first` runs the real blackout only (the
first scenario's figures are then printed as "-"). The last line is:

applied_per_s=<x> converge_s=<y> lost=<n> duplicated=<m> live_applied_per_s=<a> live_converge_s=<b>
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sync.sites import (  # noqa: E402  (the test harness: real servers and sites)
    GEO,
    LinkProxy,
    NatsServer,
    Site,
    free_port,
    wait_for,
)

HUB, LEAF, AGENCY = "BNG-OPS", "BNG-PS1", "bng-ps-birka"
USER = f"disp-{LEAF.lower()}"
EVENTS_PER_INCIDENT = 4
CLIENTS = 4
NOTES_PER_INCIDENT = 2
CENTRE = {"lat": 32.1167, "lon": 20.0667}
UNSENT = "SELECT count(*) FROM sync_outboxentry WHERE sent_at IS NULL"
BATCH = 1000  # OPSROOM_SYNC_BATCH's default


def _published_what_it_will(site: Site) -> bool:
    """A leaf cut off from the hub publishes full batches only and holds the rest (fewer
    than a batch) in its outbox until the link returns (docs/sync.md)."""
    waiting, numbered = site.query("SELECT count(*), count(batch) FROM sync_outboxentry "
                                   "WHERE sent_at IS NULL")[0]
    return int(numbered) == 0 and int(waiting) < BATCH


def make_backlog(incidents: int) -> None:
    """Run inside the leaf's environment: write the backlog through the normal save path
    (so every row is captured into the outbox in its transaction)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsroom.settings")
    import django

    django.setup()
    from django.db import transaction

    from opsroom.accounts.models import User
    from opsroom.core.clock import now
    from opsroom.incidents.models import Incident, IncidentEvent

    user = User.objects.get(username=USER)
    agency = user.agency_id
    assert agency is not None
    site = os.environ["OPSROOM_SITE_CODE"]
    for start in range(0, incidents, 500):
        with transaction.atomic():
            for i in range(start, min(incidents, start + 500)):
                moment = now()
                incident = Incident(
                    number=f"{site}-2026-B{i:06d}", type_id="robbery", priority=2,
                    owner_agency_id=agency, created_by=user, lat=32.11, lon=20.07,
                    description=f"بلاغ سرقة رقم {i} أثناء انقطاع الاتصالات", received_at=moment,
                    created_at=moment, updated_at=moment)
                incident.save(force_insert=True)
                for kind, value, previous in (
                    ("created", {"number": incident.number, "priority": 2}, None),
                    ("priority", 1, 2),
                    ("note", {"text": "الدورية في الطريق"}, None),
                    ("status", "dispatched", "new"),
                ):
                    IncidentEvent(incident=incident, kind=kind, value=value,
                                  previous_value=previous, actor=user).save(force_insert=True)


def baseline_apply(path: str) -> None:
    """Run inside a scratch site's environment: apply changes one transaction each."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsroom.settings")
    import django

    django.setup()
    from opsroom.sync.actions import do_apply_changes

    changes = [json.loads(line) for line in Path(path).read_text().splitlines()]
    started = time.perf_counter()
    for change in changes:
        do_apply_changes([change], source="baseline")
    print(json.dumps({"per_s": len(changes) / (time.perf_counter() - started)}))


def _key(site: Site) -> str:
    return site.run("sync", "key").stdout.strip().splitlines()[-1]


def _count_leaf_rows(site: Site) -> int:
    """The leaf's records a site holds: its incidents and their timeline events."""
    rows = site.query(f"SELECT (SELECT count(*) FROM incidents_incident WHERE origin_site = "
                      f"'{LEAF}') + (SELECT count(*) FROM incidents_incidentevent WHERE "
                      f"origin_site = '{LEAF}')")
    return int(rows[0][0])


def _ids(site: Site, table: str) -> list[str]:
    return [str(r[0]) for r in site.query(
        f"SELECT id FROM {table} WHERE origin_site = '{LEAF}'")]


def _lost_and_duplicated(hub: Site, leaf: Site) -> tuple[int, int]:
    lost = 0
    duplicated = 0
    for table in ("incidents_incident", "incidents_incidentevent"):
        mine, theirs = _ids(leaf, table), _ids(hub, table)
        lost += len(set(mine) - set(theirs))
        duplicated += len(theirs) - len(set(theirs))
    numbers = hub.query("SELECT count(*) - count(DISTINCT number) FROM incidents_incident")
    duplicated += int(numbers[0][0])
    return lost, duplicated


def _converged(hub: Site, leaf: Site, expected: dict[str, Any], restored: float,
               timeout: float) -> float:
    """Seconds from the restore until the hub's digest for the agency equals the leaf's
    digest taken before the restore -- or the leaf's digest now: the hub's agent may have
    written something for the agency during the blackout (it proposes an outage for a site
    gone silent), which reaches the leaf only after the restore and changes its digest."""
    def same() -> str | None:
        with ThreadPoolExecutor(max_workers=2) as pool:
            theirs, mine = pool.submit(hub.digest, AGENCY), pool.submit(leaf.digest)
            at_hub = theirs.result()
            if at_hub == expected:
                return "the leaf's digest taken before the restore"
            return "the leaf's digest now" if at_hub == mine.result() else None

    matched = wait_for(same, timeout, "digests to match", 0.2)
    seconds = time.monotonic() - restored
    print(f"the hub's digest for {AGENCY} equals {matched} {seconds:.1f} s after the link "
          "returned")
    return seconds


class Pair:
    """A hub and the leaf site, fresh, in their own directory: NATS servers, the link
    proxy, databases set up and seeded (the hub's demo, the leaf's geography and seed
    bundle, the leaf's dispatcher). ``extra`` sites get the leaf's setup but no identity."""

    def __init__(self, extra: tuple[str, ...] = ()) -> None:
        self.base = base = Path(tempfile.mkdtemp(prefix="opsroom-bench-sync-"))
        self.hub_nats = NatsServer(base, "hub", "hub", leaf_port=free_port())
        self.hub_nats.start()
        assert self.hub_nats.leaf_port
        self.link = LinkProxy(self.hub_nats.leaf_port)
        self.leaf_nats = NatsServer(base, LEAF, LEAF,
                                    hub_url=f"nats-leaf://127.0.0.1:{self.link.port}")
        self.leaf_nats.start()
        self.hub = Site(base, HUB, self.hub_nats, f"sqlite:///{base / 'hub.sqlite3'}")
        self.leaf = Site(base, LEAF, self.leaf_nats, f"sqlite:///{base / 'leaf.sqlite3'}")
        self.extra = [Site(base, code, self.leaf_nats,
                           f"sqlite:///{base / (code.lower() + '.sqlite3')}") for code in extra]

    def set_up(self) -> None:
        hub, leaf = self.hub, self.leaf
        hub.run("migrate", "--quiet")
        hub.run("demo", "load")
        hub.run("sync", "site-add", HUB, "--role", "hub", "--agency", "bng-ops")
        hub.run("sync", "site-add", LEAF, "--role", "station", "--agency", AGENCY,
                "--public-key", _key(leaf))
        seed = self.base / "seed.bundle"
        hub.run("sync", "export", "--since", "0", "--for", LEAF, "--out", str(seed))
        hub.run("sync", "site-add", HUB, "--role", "hub", "--agency", "bng-ops",
                "--public-key", _key(hub))
        for site in (leaf, *self.extra):
            site.run("migrate", "--quiet")
            site.run("geo", "load", str(GEO / "city.geojson"),
                     str(GEO / "districts.geojson"), str(GEO / "places.geojson"))
            site.run("sync", "site-add", HUB, "--role", "hub", "--public-key", _key(hub))
            site.run("sync", "import", str(seed))
        leaf.run("sync", "site-add", LEAF, "--role", "station", "--agency", AGENCY)
        leaf.run("user", "create", USER, "--agency", AGENCY, "--role", "dispatcher")

    def close(self) -> None:
        for site in (self.hub, self.leaf):
            site.stop()
        self.link.close()
        for server in (self.hub_nats, self.leaf_nats):
            server.stop()
        shutil.rmtree(self.base, ignore_errors=True)


def run_backlog(incidents: int) -> dict[str, float]:
    """The first scenario: the leaf's agent stopped while the backlog is written."""
    total = incidents * (1 + EVENTS_PER_INCIDENT)
    pair = Pair(extra=("BNG-SCRATCH",))
    hub, leaf, link, scratch = pair.hub, pair.leaf, pair.link, pair.extra[0]
    try:
        pair.set_up()
        hub.start_agent()
        link.cut()
        started = time.perf_counter()
        _python(leaf, "--make-backlog", str(incidents))
        print(f"backlog: {total} records written at the cut-off site in "
              f"{time.perf_counter() - started:.1f} s")
        print(f"outbox: {leaf.query(UNSENT)[0][0]} changes waiting")

        started = time.perf_counter()
        leaf.start_agent()
        wait_for(lambda: _published_what_it_will(leaf), 600, "the leaf's local publish", 0.2)
        published = time.perf_counter() - started
        print(f"held in the leaf's outbox until the link returns: {leaf.query(UNSENT)[0][0]}")
        print(f"publish to the leaf's own JetStream (link down): {published:.1f} s, "
              f"{total / published:,.0f} changes/s")
        assert _count_leaf_rows(hub) == 0, "the link was not cut"

        expected = leaf.digest()  # the leaf changes no more: its digest is the target
        restored = time.monotonic()
        link.restore()
        wait_for(lambda: _count_leaf_rows(hub) > 0, 900, "the first records at the hub", 0.05)
        first_s = time.monotonic() - restored
        wait_for(lambda: _count_leaf_rows(hub) >= total, 900, "the hub applying it all", 0.1)
        applied_s = time.monotonic() - restored
        relinked = min(t for t in link.accepted if t >= restored) - restored
        print(f"link back: the leaf node reconnected after {relinked:.1f} s; first records "
              f"applied at the hub after {first_s:.1f} s")
        applied_per_s = total / applied_s
        print(f"applied at the hub: {total} records in {applied_s:.1f} s after the link "
              "returned")
        converge_s = _converged(hub, leaf, expected, restored, 900)
        lost, duplicated = _lost_and_duplicated(hub, leaf)

        sample = pair.base / "sample.jsonl"
        rows = leaf.query("SELECT body FROM sync_outboxentry ORDER BY seq LIMIT 2000")
        sample.write_text("\n".join(r[0] for r in rows))
        out = _python(scratch, "--baseline-apply", str(sample))
        baseline = json.loads(out.strip().splitlines()[-1])["per_s"]
        print(f"baseline (one transaction per change, same run): {baseline:,.0f} changes/s; "
              f"batched is {applied_per_s / baseline:.1f}x")
        print(f"backlog: applied_per_s={applied_per_s:.0f} converge_s={converge_s:.1f} "
              f"lost={lost} duplicated={duplicated}")
        return {"applied_per_s": applied_per_s, "converge_s": converge_s, "lost": lost,
                "duplicated": duplicated}
    finally:
        pair.close()


# ---- the real blackout --------------------------------------------------------------------


def _client(site: Site) -> httpx.Client:
    """A client of the leaf's API of its own (one per thread), as the station dispatcher."""
    return httpx.Client(base_url=f"{site.url}/api/v1", timeout=60,
                        headers={"Authorization": f"Bearer {site.token(USER)}"})


def _ok(response: httpx.Response) -> dict[str, Any]:
    if response.status_code not in (200, 201):
        raise AssertionError(f"{response.request.method} {response.request.url}: "
                             f"{response.status_code} {response.text[:500]}")
    body: dict[str, Any] = response.json()
    return body


def _create(api: httpx.Client, n: int) -> dict[str, Any]:
    return _ok(api.post("incidents", json={
        "type": "robbery", "priority": 2, "location": CENTRE,
        "description": f"بلاغ سرقة رقم {n} أثناء انقطاع الاتصالات"}))


def _note(api: httpx.Client, incident: dict[str, Any], i: int) -> None:
    _ok(api.post(f"incidents/{incident['id']}/notes",
                 json={"text": f"الدورية في الطريق ({i + 1})"}))


def _patch(api: httpx.Client, incident: dict[str, Any], n: int) -> None:
    """One edit of four fields: four timeline events (and one change of the incident)."""
    _ok(api.patch(f"incidents/{incident['id']}", json={
        "priority": 1, "address": f"شارع جمال عبد الناصر {n}",
        "description": f"سرقة بالإكراه رقم {n}، المشتبه به فر سيرا",
        "location": {"lat": CENTRE["lat"] + 0.001, "lon": CENTRE["lon"] + 0.001}}))


def _probe(leaf: Site, api: httpx.Client) -> dict[str, int]:
    """How many records (rows of the leaf's incidents and events) each kind of call makes."""
    made: dict[str, int] = {}
    before = _count_leaf_rows(leaf)
    incident = _create(api, 0)
    made["create"], before = _count_leaf_rows(leaf) - before, _count_leaf_rows(leaf)
    _note(api, incident, 0)
    made["note"], before = _count_leaf_rows(leaf) - before, _count_leaf_rows(leaf)
    _patch(api, incident, 0)
    made["patch"] = _count_leaf_rows(leaf) - before
    return made


def _write(leaf: Site, records: int, per_loop: int,
           rate: float | None) -> tuple[int, float]:
    """CLIENTS threads loop (create, notes, patch) until ``records`` records are made, as
    fast as the server answers or, given ``rate``, paced to that many records a second;
    returns the requests made and the seconds it took."""
    loops = -(-records // per_loop)
    every = per_loop / rate if rate else 0.0
    lock = threading.Lock()
    taken = [0]
    errors: list[BaseException] = []

    def client(k: int) -> None:
        with _client(leaf) as api:
            while not errors:
                with lock:
                    if taken[0] >= loops:
                        return
                    taken[0] += 1
                    n = taken[0]
                wait = started + (n - 1) * every - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                try:
                    incident = _create(api, n)
                    for i in range(NOTES_PER_INCIDENT):
                        _note(api, incident, i)
                    _patch(api, incident, n)
                except BaseException as error:
                    errors.append(error)
                    return

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return loops * (2 + NOTES_PER_INCIDENT), elapsed


async def _stream_messages(url: str) -> tuple[int, int]:
    """Messages and bytes in the leaf's OUT stream (its own JetStream, domain LEAF)."""
    import nats

    nc = await nats.connect(url)
    try:
        info = await nc.jetstream(domain=LEAF).stream_info("OUT")
        return int(info.state.messages), int(info.state.bytes)
    finally:
        await nc.close()


def _out_stream(leaf: Site) -> tuple[int, int] | None:
    try:
        return asyncio.run(_stream_messages(leaf.nats.url))
    except Exception as error:  # reported, not fatal: the figures do not depend on it
        print(f"(the leaf's OUT stream could not be read: {error!r})")
        return None


def _moment(value: Any) -> datetime:
    """A stored time (SQLite keeps UTC without a zone) as an aware datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(
        str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _report_publishing(leaf: Site, seq_before: int, stream_before: tuple[int, int] | None,
                       written_s: float) -> None:
    """How the leaf's agent published while cut off: its outbox batches and OUT stream."""
    rows = leaf.query("SELECT batch, count(*), min(created_at), max(sent_at) FROM "
                      f"sync_outboxentry WHERE seq > {seq_before} AND batch IS NOT NULL "
                      "GROUP BY batch")
    sizes = sorted(int(r[1]) for r in rows)
    entries = sum(sizes)
    print(f"the leaf's agent meanwhile: {entries} outbox entries in {len(sizes)} batches "
          f"({entries / max(1, len(sizes)):.1f} per batch: median "
          f"{statistics.median(sizes) if sizes else 0:.0f}, max {max(sizes, default=0)}; "
          f"{len(sizes) / written_s:.1f} batches/s)")
    stream = _out_stream(leaf)
    if stream and stream_before:
        messages, size = stream[0] - stream_before[0], stream[1] - stream_before[1]
        print(f"the leaf's OUT stream (domain {LEAF}): {messages} new messages, "
              f"{size / 1e6:.1f} MB ({messages / max(1, len(sizes)):.1f} messages per batch, "
              f"{entries / max(1, messages):.1f} changes per message)")


def _report_catch_up(hub: Site, audit_before: int, restored_wall: float) -> None:
    """The hub's `sync.apply` audit entries written during the catch-up: one per
    transaction, each with the changes it received."""
    rows = hub.query("SELECT at, detail FROM audit_auditentry WHERE action = 'sync.apply' "
                     f"AND seq > {audit_before} ORDER BY seq")
    details = [(_moment(at), json.loads(d) if isinstance(d, str) else d) for at, d in rows]
    applied = [(at, d) for at, d in details if int(d.get("received", 0)) > 0]
    if not applied:
        print("diagnostics: no sync.apply audit entries at the hub during the catch-up")
        return
    sizes = [int(d["received"]) for _, d in applied]
    changes = sum(sizes)
    first, last = applied[0][0], applied[-1][0]
    span = max((last - first).total_seconds(), 1e-6)
    pending = sum(int(d.get("pending", 0)) for _, d in applied)
    inserted = sum(int(d.get("inserted", 0)) for _, d in applied)
    updated = sum(int(d.get("updated", 0)) for _, d in applied)
    print(f"diagnostics (the hub's sync.apply audit entries of the catch-up): "
          f"{len(applied)} transactions, {changes} changes ({inserted} inserted, "
          f"{updated} updated, {pending} held pending)")
    print(f"  changes per transaction: mean {changes / len(applied):.1f}, median "
          f"{statistics.median(sizes):.0f}, max {max(sizes)}")
    print(f"  first transaction {first.timestamp() - restored_wall:.1f} s after the restore, "
          f"last {last.timestamp() - restored_wall:.1f} s; between them "
          f"{len(applied) / span:.1f} transactions/s, {changes / span:,.0f} changes/s")


def _holds(site: Site, number: str) -> Callable[[], bool]:
    return lambda: bool(site.query(
        f"SELECT count(*) FROM incidents_incident WHERE number = '{number}'")[0][0])


def run_live(records: int, rate: float | None = None) -> dict[str, float]:
    """The real blackout: every server and agent running throughout, writes through the
    leaf's API while its link is cut."""
    pair = Pair()
    hub, leaf, link = pair.hub, pair.leaf, pair.link
    try:
        pair.set_up()
        leaf.token(USER)
        for site in (hub, leaf):
            site.start_server()
            site.start_agent()

        with _client(leaf) as api:
            # The link up: one change, timed until the hub holds it (twice: the first also
            # waits for the hub's agent to reach the leaf's stream).
            for attempt in ("first", "then"):
                started = time.monotonic()
                held = _holds(hub, _create(api, 0)["number"])
                wait_for(held, 120, "a live change at the hub", 0.02)
                print(f"link up: a single incident reached the hub in "
                      f"{time.monotonic() - started:.2f} s ({attempt})")
            wait_for(lambda: _count_leaf_rows(hub) == _count_leaf_rows(leaf), 60,
                     "the hub to hold the leaf's records before the cut")

            link.cut()
            time.sleep(0.5)
            leaf_before = _count_leaf_rows(leaf)
            hub_before = _count_leaf_rows(hub)
            seq_before = int(leaf.query("SELECT coalesce(max(seq), 0) FROM sync_outboxentry")
                             [0][0])
            stream_before = _out_stream(leaf)
            made = _probe(leaf, api)
        per_loop = made["create"] + NOTES_PER_INCIDENT * made["note"] + made["patch"]
        print(f"records per call at the leaf: create {made['create']}, note {made['note']}, "
              f"patch (priority, address, description, location) {made['patch']}; a "
              f"client's loop is 1 create, {NOTES_PER_INCIDENT} notes, 1 patch: {per_loop} "
              f"records in {2 + NOTES_PER_INCIDENT} requests")
        requests, written_s = _write(leaf, records - (_count_leaf_rows(leaf) - leaf_before),
                                     per_loop, rate)
        total = _count_leaf_rows(leaf) - leaf_before
        print(f"the link cut: {total} records written through the leaf's API by {CLIENTS} "
              f"clients in {written_s:.1f} s: {total / written_s:,.0f} records/s, "
              f"{requests / written_s:,.0f} requests/s")
        stopped = time.monotonic()
        wait_for(lambda: _published_what_it_will(leaf), 600, "the leaf's local publish", 0.1)
        print(f"the leaf's outbox published {time.monotonic() - stopped:.1f} s after the "
              f"writes stopped; {leaf.query(UNSENT)[0][0]} changes held in it until the "
              "link returns")
        _report_publishing(leaf, seq_before, stream_before, written_s)
        assert _count_leaf_rows(hub) == hub_before, "the link was not cut"
        expected = leaf.digest()  # the writes have stopped: the leaf's digest is the target
        all_rows = _count_leaf_rows(leaf)
        audit_before = int(hub.query("SELECT coalesce(max(seq), 0) FROM audit_auditentry")
                           [0][0])

        restored_wall = time.time()
        restored = time.monotonic()
        link.restore()
        wait_for(lambda: _count_leaf_rows(hub) > hub_before, 1800,
                 "the first records at the hub", 0.05)
        first_s = time.monotonic() - restored
        wait_for(lambda: _count_leaf_rows(hub) >= all_rows, 3600, "the hub applying it all",
                 0.1)
        applied_s = time.monotonic() - restored
        relinked = min(t for t in link.accepted if t >= restored) - restored
        print(f"link back: the leaf node reconnected after {relinked:.1f} s; first records "
              f"applied at the hub after {first_s:.1f} s")
        live_applied_per_s = total / applied_s
        print(f"applied at the hub: {total} records in {applied_s:.1f} s after the link "
              f"returned ({live_applied_per_s:,.0f} records/s)")
        live_converge_s = _converged(hub, leaf, expected, restored, 1800)
        lost, duplicated = _lost_and_duplicated(hub, leaf)
        print(f"live: lost={lost} duplicated={duplicated}")
        _report_catch_up(hub, audit_before, restored_wall)
        return {"live_applied_per_s": live_applied_per_s, "live_converge_s": live_converge_s,
                "lost": lost, "duplicated": duplicated}
    finally:
        pair.close()


def _python(site: Site, *args: str) -> str:
    import subprocess

    done = subprocess.run([sys.executable, __file__, *args], env=site.env, text=True,
                          capture_output=True, timeout=1800)
    if done.returncode:
        raise SystemExit(f"{site.code}: {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=20_000,
                        help="incidents in the first scenario's backlog (each with 4 events)")
    parser.add_argument("--live-records", type=int, default=100_000,
                        help="records written through the API in the real blackout")
    parser.add_argument("--live-rate", type=float,
                        help="pace the real blackout's writes to this many records/s "
                             "(default: as fast as the leaf's server answers)")
    parser.add_argument("--skip-first", action="store_true",
                        help="run the real blackout only")
    parser.add_argument("--make-backlog", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--baseline-apply", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_backlog:
        make_backlog(args.make_backlog)
        return
    if args.baseline_apply:
        baseline_apply(args.baseline_apply)
        return
    first = None if args.skip_first else run_backlog(args.incidents)
    live = run_live(args.live_records, args.live_rate)
    lost = int(live["lost"] + (first["lost"] if first else 0))
    duplicated = int(live["duplicated"] + (first["duplicated"] if first else 0))
    applied = f"{first['applied_per_s']:.0f}" if first else "-"
    converge = f"{first['converge_s']:.1f}" if first else "-"
    print(f"applied_per_s={applied} converge_s={converge} lost={lost} duplicated={duplicated} "
          f"live_applied_per_s={live['live_applied_per_s']:.0f} "
          f"live_converge_s={live['live_converge_s']:.1f}")


if __name__ == "__main__":
    main()
