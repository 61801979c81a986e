"""What the benchmarks share: a free loopback port, percentiles, and waiting for a server
to answer /readyz. Each script runs as ``python bench/<name>.py``, which puts this folder
first on the import path."""

from __future__ import annotations

import asyncio
import socket

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p from 0 to 100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def wait_ready(base: str, seconds: float = 30) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(round(seconds * 10)):
            try:
                if (await client.get(f"{base}/readyz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("server did not become ready")
