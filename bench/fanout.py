"""Live fan-out: from a committed change to 200 open streams.

Starts a real server (`opsroom serve`, uvicorn, one process) on a free loopback port over a
fresh SQLite database with the Benghazi demo, opens N server-sent-event streams to
/api/v1/stream from this process (the consoles), then creates incidents through the API at
a steady rate. For every event on every stream, latency = arrival time − the change's own
timestamp (written in the same transaction as the change, just before commit).

Two phases in the same run, so the noise of this machine affects both:
1. baseline: one stream;
2. fan-out: N streams (default 200).

Every stream must receive every event exactly once (missing=… duplicated=… say so).
The last line is:
fanout_clients=… events=… p50_ms=… p99_ms=… baseline_p99_ms=… ratio_p99=… missing=… duplicated=…
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx

from benchlib import free_port, percentile, wait_ready

ROOT = Path(__file__).resolve().parent.parent
OPSROOM = [sys.executable, "-m", "opsroom.cli"]
AT = re.compile(rb'"seq":(\d+),"kind":"incident".*?"at":"([^"]+)"')


class Stream:
    """One console's stream, read with a raw socket: the client must cost little, or the
    figures would measure this process's queueing instead of the server."""

    def __init__(self) -> None:
        self.arrivals: dict[int, float] = {}  # seq → latency in ms
        self.duplicated = 0
        self.ready = asyncio.Event()

    async def run(self, port: int, token: str, stop: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        request = (f"GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n")
        writer.write(request.encode())
        await writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            raise SystemExit(f"stream refused: {status!r}")
        try:
            while not stop.is_set():
                line = await reader.readline()
                if not line:
                    return
                if line.startswith(b"retry:"):
                    self.ready.set()
                elif line.startswith(b"data:"):
                    arrived = time.time()
                    match = AT.search(line)
                    if not match:
                        continue
                    seq = int(match.group(1))
                    committed = datetime.fromisoformat(match.group(2).decode()).timestamp()
                    if seq in self.arrivals:
                        self.duplicated += 1
                    self.arrivals[seq] = (arrived - committed) * 1000
        finally:
            writer.close()


async def phase(port: int, listen_token: str, write_token: str, clients: int, events: int,
                interval_s: float) -> tuple[list[float], int, int]:
    stop = asyncio.Event()
    streams = [Stream() for _ in range(clients)]
    tasks = [asyncio.create_task(s.run(port, listen_token, stop)) for s in streams]
    await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for s in streams)), 60)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}",
                                 headers={"Authorization": f"Bearer {write_token}"}) as client:
        for i in range(events):
            reply = await client.post("/api/v1/incidents", json={
                "type": "robbery", "location": {"lat": 32.1167, "lon": 20.0667},
                "description": f"fan-out bench {i}"})
            reply.raise_for_status()
            await asyncio.sleep(interval_s)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if all(len(s.arrivals) >= events for s in streams):
            break
        await asyncio.sleep(0.05)
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    # Each stream opened before the first incident, so each must hold exactly ``events``.
    latencies = [ms for s in streams for ms in s.arrivals.values()]
    missing = sum(max(0, events - len(s.arrivals)) for s in streams)
    duplicated = sum(s.duplicated for s in streams)
    return latencies, missing, duplicated


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--interval", type=float, default=0.05,
                        help="seconds between two incidents (default: 20 per second)")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="opsroom-fanout-")
    env = {**os.environ, "OPSROOM_DATA_DIR": data_dir, "OPSROOM_DATABASE_URL": "",
           "OPSROOM_LOG_LEVEL": "warning"}
    subprocess.run([*OPSROOM, "migrate", "--quiet"], env=env, check=True)
    subprocess.run([*OPSROOM, "demo", "load"], env=env, check=True, capture_output=True)

    def token(user: str) -> str:
        out = subprocess.run([*OPSROOM, "token", "create", user], env=env, check=True,
                             capture_output=True, text=True).stdout
        return out.strip().splitlines()[-1]

    write_token, listen_token = token("calltaker"), token("dispatcher")
    port = free_port()
    pin = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
    server_cmd = [*OPSROOM, "serve", "--port", str(port)]
    if pin:
        server_cmd = ["taskset", "-c", "0", *server_cmd]
        os.sched_setaffinity(0, {1})
    print(f"server pinned to CPU 0, clients to CPU 1: {pin}")
    server = subprocess.Popen(server_cmd, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        asyncio.run(wait_ready(f"http://127.0.0.1:{port}"))
        asyncio.run(phase(port, listen_token, write_token, 5, 10, args.interval))  # warm up
        base, base_missing, base_dup = asyncio.run(
            phase(port, listen_token, write_token, 1, args.events, args.interval))
        lat, missing, duplicated = asyncio.run(
            phase(port, listen_token, write_token, args.clients, args.events, args.interval))
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(data_dir, ignore_errors=True)
    b50, b99 = percentile(base, 50), percentile(base, 99)
    p50, p99 = percentile(lat, 50), percentile(lat, 99)
    print(f"baseline (1 stream): n={len(base)} p50={b50:.1f}ms p99={b99:.1f}ms "
          f"missing={base_missing} duplicated={base_dup}")
    print(f"fan-out ({args.clients} streams, {args.events} incidents at "
          f"{1 / args.interval:.0f}/s): n={len(lat)} p50={p50:.1f}ms p99={p99:.1f}ms "
          f"max={max(lat):.1f}ms")
    print(json.dumps({"target_p99_ms": 250, "met": p99 <= 250 and missing == 0}))
    print(f"fanout_clients={args.clients} events={args.events} p50_ms={p50:.1f} "
          f"p99_ms={p99:.1f} baseline_p99_ms={b99:.1f} ratio_p99={p99 / b99:.2f} "
          f"missing={missing} duplicated={duplicated}")
    return 0 if missing == 0 and duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
