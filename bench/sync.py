"""Multi-site sync: a site reconnecting after a blackout with a backlog of 100,000 records.

Real parts throughout: a hub and a leaf site (the Al-Birka police station), each with its own
SQLite database, `opsroom sync run` agent and nats-server (the leaf a leaf node with its own
JetStream), the leaf's link running through a proxy that is cut and then restored.

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

The last line is: applied_per_s=<x> converge_s=<y> lost=<n> duplicated=<m>
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

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
EVENTS_PER_INCIDENT = 4


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

    user = User.objects.get(username=f"disp-{LEAF.lower()}")
    site = os.environ["OPSROOM_SITE_CODE"]
    for start in range(0, incidents, 500):
        with transaction.atomic():
            for i in range(start, min(incidents, start + 500)):
                moment = now()
                incident = Incident(
                    number=f"{site}-2026-B{i:06d}", type_id="robbery", priority=2,
                    owner_agency_id=user.agency_id, created_by=user, lat=32.11, lon=20.07,
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


def _count_leaf_rows(hub: Site) -> int:
    rows = hub.query(f"SELECT (SELECT count(*) FROM incidents_incident WHERE origin_site = "
                     f"'{LEAF}') + (SELECT count(*) FROM incidents_incidentevent WHERE "
                     f"origin_site = '{LEAF}')")
    return int(rows[0][0])


def _ids(site: Site, table: str) -> list[str]:
    return [str(r[0]) for r in site.query(
        f"SELECT id FROM {table} WHERE origin_site = '{LEAF}'")]


def run(incidents: int) -> None:
    total = incidents * (1 + EVENTS_PER_INCIDENT)
    base = Path(tempfile.mkdtemp(prefix="opsroom-bench-sync-"))
    hub_nats = NatsServer(base, "hub", "hub", leaf_port=free_port())
    hub_nats.start()
    assert hub_nats.leaf_port
    link = LinkProxy(hub_nats.leaf_port)
    leaf_nats = NatsServer(base, LEAF, LEAF, hub_url=f"nats-leaf://127.0.0.1:{link.port}")
    leaf_nats.start()
    hub = Site(base, HUB, hub_nats, f"sqlite:///{base / 'hub.sqlite3'}")
    leaf = Site(base, LEAF, leaf_nats, f"sqlite:///{base / 'leaf.sqlite3'}")
    scratch = Site(base, "BNG-SCRATCH", leaf_nats, f"sqlite:///{base / 'scratch.sqlite3'}")
    try:
        hub.run("migrate", "--quiet")
        hub.run("demo", "load")
        hub.run("sync", "site-add", HUB, "--role", "hub", "--agency", "bng-ops")
        hub.run("sync", "site-add", LEAF, "--role", "station", "--agency", AGENCY,
                "--public-key", _key(leaf))
        seed = base / "seed.bundle"
        hub.run("sync", "export", "--since", "0", "--for", LEAF, "--out", str(seed))
        hub.run("sync", "site-add", HUB, "--role", "hub", "--agency", "bng-ops",
                "--public-key", _key(hub))
        for site in (leaf, scratch):
            site.run("migrate", "--quiet")
            site.run("geo", "load", str(GEO / "city.geojson"),
                     str(GEO / "districts.geojson"), str(GEO / "places.geojson"))
            site.run("sync", "site-add", HUB, "--role", "hub", "--public-key", _key(hub))
            site.run("sync", "import", str(seed))
        leaf.run("sync", "site-add", LEAF, "--role", "station", "--agency", AGENCY)
        leaf.run("user", "create", f"disp-{LEAF.lower()}", "--agency", AGENCY,
                 "--role", "dispatcher")

        hub.start_agent()
        link.cut()
        started = time.perf_counter()
        _python(leaf, "--make-backlog", str(incidents))
        print(f"backlog: {total} records written at the cut-off site in "
              f"{time.perf_counter() - started:.1f} s")
        unsent = "SELECT count(*) FROM sync_outboxentry WHERE sent_at IS NULL"
        print(f"outbox: {leaf.query(unsent)[0][0]} changes waiting")

        started = time.perf_counter()
        leaf.start_agent()
        wait_for(lambda: leaf.query(unsent)[0][0] == 0, 600, "the leaf's local publish", 0.2)
        published = time.perf_counter() - started
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
        wait_for(lambda: hub.digest(AGENCY) == expected, 900, "digests to match", 0.2)
        converge_s = time.monotonic() - restored

        lost = 0
        duplicated = 0
        for table in ("incidents_incident", "incidents_incidentevent"):
            mine, theirs = _ids(leaf, table), _ids(hub, table)
            lost += len(set(mine) - set(theirs))
            duplicated += len(theirs) - len(set(theirs))
        numbers = hub.query("SELECT count(*) - count(DISTINCT number) FROM incidents_incident")
        duplicated += int(numbers[0][0])

        sample = base / "sample.jsonl"
        rows = leaf.query("SELECT body FROM sync_outboxentry ORDER BY seq LIMIT 2000")
        sample.write_text("\n".join(r[0] for r in rows))
        out = _python(scratch, "--baseline-apply", str(sample))
        baseline = json.loads(out.strip().splitlines()[-1])["per_s"]
        print(f"baseline (one transaction per change, same run): {baseline:,.0f} changes/s; "
              f"batched is {applied_per_s / baseline:.1f}x")
        print(f"applied_per_s={applied_per_s:.0f} converge_s={converge_s:.1f} lost={lost} "
              f"duplicated={duplicated}")
    finally:
        for site in (hub, leaf):
            site.stop()
        link.close()
        for server in (hub_nats, leaf_nats):
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


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
                        help="incidents in the backlog (each with 4 events)")
    parser.add_argument("--make-backlog", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--baseline-apply", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_backlog:
        make_backlog(args.make_backlog)
    elif args.baseline_apply:
        baseline_apply(args.baseline_apply)
    else:
        run(args.incidents)


if __name__ == "__main__":
    main()
