"""Intake latency: POST /api/v1/incidents on SQLite under 50 concurrent clients.

Starts a real server (`opsroom serve`, uvicorn) on a free loopback port over a fresh SQLite
database with the Benghazi demo loaded, then runs two phases from this process:

1. baseline: GET /healthz (the framework's own floor on this machine, in the same run);
2. intake: 50 concurrent clients, each creating incidents with a think time between calls,
   the way 50 call-takers would work a busy shift (open loop, ~N requests/s in all).

A closed-loop saturation phase (no think time) also reports the throughput ceiling.
The last line is: intake_p50_ms=… intake_p95_ms=… healthz_p95_ms=… ratio_p95=… rps=…
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchlib import free_port, percentile, wait_ready

ROOT = Path(__file__).resolve().parent.parent
OPSROOM = [sys.executable, "-m", "opsroom.cli"]
TYPES = ["robbery", "traffic_accident_injury", "assault", "medical_emergency", "shooting"]


async def client_loop(
    client: httpx.AsyncClient, base: str, token: str, count: int, think_s: float,
    latencies: list[float], errors: list[int], rng: random.Random, intake: bool,
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(count):
        if think_s:
            await asyncio.sleep(rng.expovariate(1 / think_s))
        started = time.perf_counter()
        if intake:
            body = {
                "type": rng.choice(TYPES),
                "location": {"lat": 32.09 + rng.random() * 0.06,
                             "lon": 20.04 + rng.random() * 0.08},
                "address": "بنغازي", "description": "بلاغ اختبار الأداء",
                "caller": {"name": "سالم", "phone": "0912345678"},
            }
            response = await client.post(f"{base}/api/v1/incidents", json=body, headers=headers)
            ok = response.status_code == 201
        else:
            response = await client.get(f"{base}/healthz")
            ok = response.status_code == 200
        latencies.append((time.perf_counter() - started) * 1000)
        if not ok:
            errors.append(response.status_code)


async def phase(base: str, token: str, clients: int, per_client: int, think_s: float,
                intake: bool) -> tuple[list[float], list[int], float]:
    latencies: list[float] = []
    errors: list[int] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        started = time.perf_counter()
        await asyncio.gather(*(
            client_loop(client, base, token, per_client, think_s, latencies, errors,
                        random.Random(i), intake)
            for i in range(clients)
        ))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="per client")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds between one client's calls (open loop)")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="opsroom-bench-")
    env = {**os.environ, "OPSROOM_DATA_DIR": data_dir, "OPSROOM_DATABASE_URL": "",
           "OPSROOM_LOG_LEVEL": "warning"}
    subprocess.run([*OPSROOM, "migrate", "--quiet"], env=env, check=True)
    subprocess.run([*OPSROOM, "demo", "load"], env=env, check=True, capture_output=True)
    token = subprocess.run([*OPSROOM, "token", "create", "calltaker"], env=env, check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    port = free_port()
    # Keep the load generator off the server's core when there are two: otherwise the
    # figures measure the client's CPU contention as much as the server.
    pin = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
    server_cmd = [*OPSROOM, "serve", "--port", str(port)]
    if pin:
        server_cmd = ["taskset", "-c", "0", *server_cmd]
        os.sched_setaffinity(0, {1})
    print(f"server pinned to CPU 0, load generator to CPU 1: {pin}")
    server = subprocess.Popen(server_cmd, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(wait_ready(base))
        # Warm up both paths so imports and caches do not count.
        asyncio.run(phase(base, token, 5, 5, 0, intake=True))
        health, _, _ = asyncio.run(
            phase(base, token, args.clients, args.requests, args.think, intake=False))
        intake, errors, elapsed = asyncio.run(
            phase(base, token, args.clients, args.requests, args.think, intake=True))
        saturated, sat_errors, sat_elapsed = asyncio.run(
            phase(base, token, args.clients, 10, 0, intake=True))
    finally:
        server.terminate()
        server.wait(timeout=10)
    p50, p95 = percentile(intake, 50), percentile(intake, 95)
    h95 = percentile(health, 95)
    print(f"healthz: n={len(health)} p50={percentile(health, 50):.1f}ms p95={h95:.1f}ms")
    print(f"intake ({args.clients} clients, think {args.think}s): n={len(intake)} "
          f"p50={p50:.1f}ms p95={p95:.1f}ms p99={percentile(intake, 99):.1f}ms "
          f"mean={statistics.mean(intake):.1f}ms rate={len(intake) / elapsed:.0f}/s "
          f"errors={len(errors)}")
    rps = len(saturated) / sat_elapsed
    print(f"saturation ({args.clients} clients, no think time): n={len(saturated)} "
          f"p50={percentile(saturated, 50):.1f}ms p95={percentile(saturated, 95):.1f}ms "
          f"throughput={rps:.0f}/s errors={len(sat_errors)}")
    print(f"intake_p50_ms={p50:.1f} intake_p95_ms={p95:.1f} healthz_p95_ms={h95:.1f} "
          f"ratio_p95={p95 / h95:.1f} rps={rps:.0f}")
    return 1 if errors or sat_errors else 0


if __name__ == "__main__":
    sys.exit(main())
