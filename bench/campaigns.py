"""Weapons collection at scale: the handover API and the public figures over 200,000
handovers with 400,000 items at 20 collection points.

1. A fresh database (SQLite by default; ``--database-url`` for PostgreSQL, in which a
   fresh database is made beside the one named and dropped at the end): migrate, the
   Benghazi demo (geography, agencies, users and its own campaigns), then, from this
   process, a bench campaign with 20 collection points (``do_create_point``) and its
   handovers bulk-loaded through the model layer: ``bulk_create`` of real Handover, Item,
   CustodyEvent (each item received) and SerialMark rows, and the Tally counters summed
   from the same items with ``actions.item_counts`` under the ids ``actions.add_to_tally``
   gives them, so the API's handovers add to the same rows; the receipt counters continue
   after the last number given. All flagged synthetic.
   Why bulk: through the API a handover costs ~20-30 ms here, 200,000 of them well over an
   hour. What bulk rows lack is what the benchmark does not read: each action's audit entry,
   change row and sync outbox rows (the API phase's handovers write all of them).
2. A real server (``opsroom serve``, uvicorn) on a free loopback port over that database;
   phases measured from this process with httpx:
   - baseline: GET /healthz, 20 concurrent clients (the HTTP floor, in the same run);
   - handovers: 20 concurrent clients, one per collection point (the records officer of its
     agency), each POSTing /api/v1/handovers with 1-3 items and unique serials, with an
     exponential think time between calls, as in bench/intake.py;
   - saturation: the same clients without think time, for the throughput ceiling.
3. The public figures, GET /public/campaigns/<id> (JSON): the server keeps them for a
   minute, so the figure is the first, uncached call, timed over HTTP after a restart and a
   warm-up on another campaign (the median of ``--stats-runs`` restarts); the cached call
   and, in this process, ``queries.public_figures`` over the same database are printed too.

The last line is exactly:
handovers=<n> handover_p95_ms=<x> healthz_p95_ms=<y> stats_ms=<z>
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from benchlib import free_port, percentile, wait_ready

ROOT = Path(__file__).resolve().parent.parent
OPSROOM = [sys.executable, "-m", "opsroom.cli"]
POINTS = 20
CHUNK = 5_000  # handovers written per transaction
CAMPAIGN_EN = "Benchmark weapons collection (synthetic)"


@contextlib.contextmanager
def fresh_database(url: str, data_dir: str) -> Iterator[str]:
    """No URL: SQLite in the data dir; a PostgreSQL URL: a new database beside it."""
    if not url:
        yield ""
        return
    import psycopg

    prefix, _, _ = url.rpartition("/")
    name = f"opsroom_bench_campaigns_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name}")  # type: ignore[arg-type]
        db.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    try:
        yield f"{prefix}/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


# ---- the bulk load (in this process, before the server starts) ------------------------------

def bulk_load(handovers: int, seed: int) -> dict[str, Any]:
    """The bench campaign, its points, and ``handovers`` handovers with twice as many items,
    as real rows; returns what the API phase needs."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    from opsroom.accounts.actions import do_create_token
    from opsroom.accounts.models import User
    from opsroom.campaigns import actions, codes
    from opsroom.campaigns.models import (
        WEAPON_CATEGORIES,
        Campaign,
        CustodyEvent,
        CustodyStep,
        Handover,
        Item,
        ReceiptCounter,
        SerialMark,
        Tally,
    )
    from opsroom.campaigns.serials import serial_key
    from opsroom.core.clock import now, to_city_time
    from opsroom.core.ids import stable_id
    from opsroom.demo.campaigns import KINDS, OTHER_CONDITION, WEAPON_CONDITION
    from opsroom.geo.models import District
    from opsroom.records.models import Person

    rng = random.Random(seed)
    users = {u.username: u for u in User.objects.filter(
        username__in=["supervisor", "records", "records-sd", "records-birka"])}
    officer_of = {u.agency_id: u for n, u in users.items() if n != "supervisor"}
    agencies = [users["records-sd"].agency, users["records-birka"].agency,
                users["records"].agency]
    supervisor = users["supervisor"]
    today = to_city_time(now()).date()
    campaign = actions.do_create_campaign(
        supervisor, kind="weapons", name_ar="حملة جمع السلاح لقياس الأداء (تجريبية)",
        name_en=CAMPAIGN_EN, starts_on=today - timedelta(days=364),
        targets={"weapons": 500_000}, synthetic=True)
    districts = list(District.objects.order_by("code"))
    always = {d: [["07:00", "22:00"]] for d in actions.WEEKDAYS}
    points = []
    for i in range(POINTS):
        district = districts[i % len(districts)]
        agency = agencies[0] if i < 12 else agencies[1] if i < 16 else agencies[2]
        points.append(actions.do_create_point(
            supervisor, code=f"bench-{i + 1:02d}", name_ar=f"نقطة جمع {i + 1} — {district.name_ar}",
            name_en=f"Collection point {i + 1}, {district.name_en}", kind="station",
            lat=district.centroid_lat, lon=district.centroid_lon, hours=always, agency=agency,
            synthetic=True))
    people = list(Person.objects.filter(synthetic=True).values_list("id", flat=True))
    site = settings.SITE_CODE

    # When: spread over the campaign's year, numbered in order of time per year after the
    # numbers this site has already given.
    latest = now() - timedelta(hours=1)
    moments = sorted(latest - timedelta(seconds=rng.uniform(0, 364 * 86400))
                     for _ in range(handovers))
    years = Counter(to_city_time(m).year for m in moments)
    sequence = {}
    for year in years:
        counter = ReceiptCounter.objects.filter(id=stable_id("receipt_counter",
                                                             f"{site}:{year}")).first()
        sequence[year] = counter.last if counter else 0
    sizes = [1, 2, 3] * (handovers // 3) + [2] * (handovers % 3)  # 2 items on average
    rng.shuffle(sizes)
    weights = [k.weight for k in KINDS]
    conditions = {True: ([c for c, _ in WEAPON_CONDITION], [w for _, w in WEAPON_CONDITION]),
                  False: ([c for c, _ in OTHER_CONDITION], [w for _, w in OTHER_CONDITION])}
    tallies: Counter[tuple[Any, str, str]] = Counter()
    serial_no = 0
    started = time.perf_counter()
    if connection.vendor == "sqlite":  # a bulk load: no fsync at each commit
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    for start in range(0, handovers, CHUNK):
        rows, items, events, marks = [], [], [], []
        for i in range(start, min(handovers, start + CHUNK)):
            moment = moments[i]
            local = to_city_time(moment)
            sequence[local.year] += 1
            number = codes.receipt_number(site, local.year, sequence[local.year])
            point = points[i % POINTS]
            officer = officer_of[point.agency_id]
            week = actions.iso_week(moment)
            handover = Handover(
                campaign=campaign, point=point, agency_id=point.agency_id, handed_at=moment,
                officer=officer, person_id=rng.choice(people), receipt_number=number,
                verification_code=codes.verification_code(number),
                district_id=point.district_id, week=week, created_by=officer,
                created_at=moment, updated_at=moment, synthetic=True)
            rows.append(handover)
            made = []
            for kind in rng.choices(KINDS, weights, k=sizes[i]):
                weapon = kind.category in WEAPON_CATEGORIES
                serial = ""
                if weapon and rng.random() < kind.serial_share:
                    serial_no += 1
                    serial = f"BN-{serial_no:07d}"
                item = Item(
                    handover=handover, agency_id=point.agency_id, category=kind.category,
                    make_model=kind.make_model, calibre=kind.calibre, serial=serial,
                    serial_key=serial_key(serial),
                    condition=rng.choices(*conditions[weapon])[0],
                    quantity=1 if weapon else rng.choice(kind.lots), location=point.name_ar,
                    created_at=moment, updated_at=moment, synthetic=True)
                made.append(item)
                events.append(CustodyEvent(item=item, step=CustodyStep.RECEIVED, at=moment,
                                           officer=officer, location=point.name_ar,
                                           created_at=moment, updated_at=moment))
                if serial:
                    marks.append(SerialMark(serial_key=item.serial_key, item_id=item.id,
                                            receipt_number=number, category=item.category,
                                            at=moment, created_at=moment, updated_at=moment))
            items.extend(made)
            counts = actions.item_counts(made)
            counts["handovers"] = 1
            for measure, count in counts.items():
                tallies[(point.district_id, week, measure)] += count
        with transaction.atomic():
            Handover.objects.bulk_create(rows, batch_size=1000)
            Item.objects.bulk_create(items, batch_size=1000)
            CustodyEvent.objects.bulk_create(events, batch_size=1000)
            SerialMark.objects.bulk_create(marks, batch_size=1000)
        done = min(handovers, start + CHUNK)
        if done % 50_000 == 0 or done == handovers:
            print(f"  bulk: {done:,} handovers in {time.perf_counter() - started:.0f} s",
                  flush=True)
    with transaction.atomic():
        Tally.objects.bulk_create([
            Tally(id=stable_id("tally", f"{campaign.id}:{site}:{district}:{week}:{measure}"),
                  campaign=campaign, site=site, district_id=district, week=week,
                  measure=measure, count=count)
            for (district, week, measure), count in tallies.items()], batch_size=1000)
        for year, last in sequence.items():
            counter_id = stable_id("receipt_counter", f"{site}:{year}")
            counter, _ = ReceiptCounter.objects.get_or_create(
                id=counter_id, defaults={"site": site, "year": year})
            counter.last = last
            counter.bump()
            counter.save()
    loaded = time.perf_counter() - started
    item_total = sum(sizes)
    print(f"bulk-loaded {handovers:,} handovers, {item_total:,} items, {serial_no:,} serials "
          f"and {len(tallies):,} counters in {loaded:.0f} s")
    tokens = {}
    for name, user in users.items():
        _, tokens[name] = do_create_token(None, user, name="bench", scopes=["read", "write"])
    demo = Campaign.objects.filter(synthetic=True).exclude(id=campaign.id).order_by(
        "created_at").first()
    result = {
        "campaign": str(campaign.id), "demo_campaign": str(demo.id) if demo else None,
        "points": [(p.code, tokens[officer_of[p.agency_id].username]) for p in points],
        "people": [str(p) for p in people], "bulk_s": loaded,
    }
    connection.close()
    return result


def counters_agree(campaign_id: str) -> tuple[bool, dict[str, int]]:
    """The counters say what the rows say: handovers, items and weapons of the campaign."""
    from django.db.models import Sum

    from opsroom.campaigns.models import WEAPON_CATEGORIES, Campaign, Handover, Item
    from opsroom.campaigns.queries import campaign_stats

    totals = campaign_stats(Campaign.objects.get(id=campaign_id))["totals"]
    tally = {m: totals.get(m, 0) for m in ("handovers", "items", "weapons")}
    rows = {
        "handovers": Handover.objects.filter(campaign_id=campaign_id).count(),
        "items": Item.objects.filter(handover__campaign_id=campaign_id).count(),
        "weapons": int(Item.objects.filter(handover__campaign_id=campaign_id,
                                           category__in=list(WEAPON_CATEGORIES)).aggregate(
            n=Sum("quantity"))["n"] or 0),
    }
    return tally == rows, rows


# ---- the HTTP phases -------------------------------------------------------------------------


async def client_loop(client: httpx.AsyncClient, base: str, n: int, count: int,
                      think_s: float, setup: dict[str, Any], latencies: list[float],
                      errors: list[str], run: str, handover: bool) -> None:
    rng = random.Random(n)
    code, token = setup["points"][n % len(setup["points"])]
    headers = {"Authorization": f"Bearer {token}"}
    for i in range(count):
        if think_s:
            await asyncio.sleep(rng.expovariate(1 / think_s))
        started = time.perf_counter()
        if handover:
            items: list[dict[str, Any]] = []
            for k in range(rng.randint(1, 3)):
                if rng.random() < 0.75:
                    items.append({"category": rng.choice(["assault_rifle", "pistol", "rifle"]),
                                  "make_model": "AK-47", "calibre": "7.62×39",
                                  "serial": f"API-{run}-{n:02d}-{i:05d}-{k}",
                                  "condition": "working"})
                else:
                    items.append({"category": "ammunition", "calibre": "7.62×39",
                                  "quantity": rng.choice([30, 60, 120, 300])})
            body = {"campaign_id": setup["campaign"], "point": code, "items": items,
                    "person_id": rng.choice(setup["people"])}
            response = await client.post(f"{base}/api/v1/handovers", json=body,
                                         headers=headers)
            ok = response.status_code == 201
        else:
            response = await client.get(f"{base}/healthz")
            ok = response.status_code == 200
        latencies.append((time.perf_counter() - started) * 1000)
        if not ok:
            errors.append(f"{response.status_code} {response.text[:200]}")


async def phase(base: str, setup: dict[str, Any], clients: int, per_client: int,
                think_s: float, run: str, handover: bool
                ) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(
            client_loop(client, base, n, per_client, think_s, setup, latencies, errors, run,
                        handover)
            for n in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


async def cold_stats(base: str, setup: dict[str, Any]) -> tuple[float, float, int]:
    """After a warm-up on the demo's campaign: the bench campaign's figures, first
    (computed) and again (cached)."""
    async with httpx.AsyncClient(timeout=60) as client:
        for _ in range(5):
            await client.get(f"{base}/healthz")
        if setup["demo_campaign"]:
            await client.get(f"{base}/public/campaigns/{setup['demo_campaign']}?format=json")
        url = f"{base}/public/campaigns/{setup['campaign']}?format=json"
        started = time.perf_counter()
        first = await client.get(url)
        cold = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        await client.get(url)
        cached = (time.perf_counter() - started) * 1000
    if first.status_code != 200:
        raise SystemExit(f"public figures: {first.status_code} {first.text[:200]}")
    return cold, cached, int(first.json()["items"])


class Server:
    def __init__(self, env: dict[str, str], pin: bool) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [*OPSROOM, "serve", "--port", str(self.port)]
        if pin:
            command = ["taskset", "-c", "0", *command]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        asyncio.run(wait_ready(self.base))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def in_process_figures(campaign_id: str, times: int) -> list[float]:
    from opsroom.campaigns.models import Campaign
    from opsroom.campaigns.queries import public_figures

    campaign = Campaign.objects.get(id=campaign_id)
    public_figures(campaign)
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        public_figures(campaign)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handovers", type=int, default=200_000,
                        help="handovers bulk-loaded (each with 1-3 items, 2 on average)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100, help="per client")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds between one client's calls")
    parser.add_argument("--stats-runs", type=int, default=5,
                        help="server restarts for the uncached public figures")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL URL: a fresh database is made beside it")
    parser.add_argument("--quick", action="store_true",
                        help="20,000 handovers, 20 requests per client, 3 restarts")
    args = parser.parse_args()
    if args.quick:
        args.handovers, args.requests, args.stats_runs = 20_000, 20, 3
    began = time.perf_counter()
    data_dir = tempfile.mkdtemp(prefix="opsroom-bench-campaigns-")
    try:
        with fresh_database(args.database_url, data_dir) as url:
            return run(args, data_dir, url, began)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, data_dir: str, url: str, began: float) -> int:
    env = {**os.environ, "OPSROOM_DATA_DIR": data_dir, "OPSROOM_DATABASE_URL": url,
           "OPSROOM_LOG_LEVEL": "warning", "DJANGO_SETTINGS_MODULE": "opsroom.settings"}
    os.environ.update(env)
    print(f"database: {'PostgreSQL ' + url.rpartition('/')[2] if url else 'SQLite'}")
    subprocess.run([*OPSROOM, "migrate", "--quiet"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run([*OPSROOM, "demo", "load"], env=env, check=True, capture_output=True)
    print(f"demo loaded in {time.perf_counter() - started:.0f} s")
    setup = bulk_load(args.handovers, seed=2026)

    # Keep the load generator off the server's core when there are two (as bench/intake.py).
    pin = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
    if pin:
        os.sched_setaffinity(0, {1})
    print(f"server pinned to CPU 0, load generator to CPU 1: {pin}")
    server = Server(env, pin)
    try:
        asyncio.run(phase(server.base, setup, 5, 5, 0, "warm", handover=True))
        health, _, _ = asyncio.run(phase(server.base, setup, args.clients, args.requests,
                                         args.think, "h", handover=False))
        made, errors, elapsed = asyncio.run(phase(server.base, setup, args.clients,
                                                  args.requests, args.think, "a",
                                                  handover=True))
        saturated, sat_errors, sat_elapsed = asyncio.run(
            phase(server.base, setup, args.clients, 10, 0, "s", handover=True))
    finally:
        server.stop()
    colds, cacheds = [], []
    items_public = 0
    for _ in range(args.stats_runs):
        server = Server(env, pin)
        try:
            cold, cached, items_public = asyncio.run(cold_stats(server.base, setup))
        finally:
            server.stop()
        colds.append(cold)
        cacheds.append(cached)

    import django

    django.setup()
    from opsroom.campaigns.models import Handover

    agree, rows = counters_agree(setup["campaign"])
    in_process = in_process_figures(setup["campaign"], 10)
    total = Handover.objects.filter(campaign_id=setup["campaign"]).count()

    h95, p95 = percentile(health, 95), percentile(made, 95)
    print(f"healthz ({args.clients} clients, think {args.think}s): n={len(health)} "
          f"p50={percentile(health, 50):.1f}ms p95={h95:.1f}ms")
    print(f"handovers ({args.clients} clients, think {args.think}s): n={len(made)} "
          f"p50={percentile(made, 50):.1f}ms p95={p95:.1f}ms p99={percentile(made, 99):.1f}ms "
          f"mean={statistics.mean(made):.1f}ms rate={len(made) / elapsed:.0f}/s "
          f"errors={len(errors)}")
    print(f"saturation ({args.clients} clients, no think time): n={len(saturated)} "
          f"p50={percentile(saturated, 50):.1f}ms p95={percentile(saturated, 95):.1f}ms "
          f"throughput={len(saturated) / sat_elapsed:.0f}/s errors={len(sat_errors)}")
    for error in (errors + sat_errors)[:5]:
        print(f"  error: {error}")
    stats_ms = statistics.median(colds)
    print(f"public figures over {items_public:,} published items: uncached "
          f"{', '.join(f'{c:.1f}' for c in colds)} ms (median {stats_ms:.1f}); cached "
          f"{statistics.median(cacheds):.1f} ms; public_figures() in process: "
          f"p50={statistics.median(in_process):.1f}ms max={max(in_process):.1f}ms")
    print(f"counters agree with the rows: {agree} ({rows['handovers']:,} handovers, "
          f"{rows['items']:,} items, {rows['weapons']:,} weapons)")
    print(f"run time {time.perf_counter() - began:.0f} s (bulk load {setup['bulk_s']:.0f} s); "
          f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"handovers={total} handover_p95_ms={p95:.1f} healthz_p95_ms={h95:.1f} "
          f"stats_ms={stats_ms:.1f}")
    return 1 if errors or sat_errors or not agree else 0


if __name__ == "__main__":
    sys.exit(main())
