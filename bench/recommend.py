"""Unit recommendation by road: the graph search alone, and the whole API call.

On a generated city graph of ~48k nodes and ~127k directed edges (a street grid with
missing blocks, one-way streets and faster arterials) with 500 units placed at random:

1. search: for each of N incidents, one Dijkstra from the incident over the reversed
   graph, stopping once k=5 units are reached (opsroom.roads.queries.times_to);
2. baseline in the same run: networkx, one shortest path per unit, as a routing library
   used naively would (measured on a sample of incidents, scaled per incident);
3. API: GET /api/v1/incidents/{id}/recommendations against a real server (`opsroom serve`)
   over the same graph, 500 units in the database.

The last line is exactly:
search_p95_ms=<x> api_p95_ms=<y> speedup_vs_networkx=<z>
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchlib import free_port, percentile

ROOT = Path(__file__).resolve().parent.parent
OPSROOM = [sys.executable, "-m", "opsroom.cli"]
ORIGIN = (32.02, 20.00)  # the grid's south-west corner: over Benghazi, so districts apply


def city_graph(side: int = 220, seed: int = 11) -> Any:
    """~48k nodes, ~127k directed edges: a 100 m grid, 1 block side in 5 missing, every
    fourth street one-way, every tenth an arterial at 60 km/h (else 30)."""
    from opsroom.roads.graph import RoadGraph, haversine_m

    rng = np.random.default_rng(seed)
    step = 100 / 111_195
    lat = ORIGIN[0] + np.repeat(np.arange(side), side) * step
    lon = ORIGIN[1] + np.tile(np.arange(side), side) * step / math.cos(math.radians(ORIGIN[0]))
    index = np.arange(side * side).reshape(side, side)
    src, dst, kmh = [], [], []
    for horizontal in (True, False):
        a = (index[:, :-1] if horizontal else index[:-1, :]).ravel()
        b = (index[:, 1:] if horizontal else index[1:, :]).ravel()
        line = (a // side) if horizontal else (a % side)
        keep = rng.random(len(a)) < 0.74
        keep |= line % 10 == 0  # arterials are never broken
        oneway = (line % 4 == 1) & (line % 10 != 0)
        speed = np.where(line % 10 == 0, 60.0, 30.0)
        a, b, oneway, speed = a[keep], b[keep], oneway[keep], speed[keep]
        src += [a, b[~oneway]]
        dst += [b, a[~oneway]]
        kmh += [speed, speed[~oneway]]
    s, d, v = np.concatenate(src), np.concatenate(dst), np.concatenate(kmh)
    length = haversine_m(lat[s], lon[s], lat[d], lon[d])
    return RoadGraph.build(lat, lon, s, d, length / (v / 3.6), length)


def measure_search(graph: Any, incidents: Any, units: Any) -> tuple[list[float], Any]:
    from opsroom.roads.queries import LoadedNetwork, Weights, times_to

    network: Any = type("N", (), {"synthetic": True, "sha256": "bench", "name": "bench"})()
    loaded = LoadedNetwork(network, graph)
    forward, backward = graph.matrices()
    weights = Weights(frozenset(), 0, forward, backward)
    times_to(loaded, *incidents[0], units[:, 0], units[:, 1], 5, weights)  # warm up
    timings = []
    results = []
    for lat, lon in incidents:
        started = time.perf_counter()
        result = times_to(loaded, lat, lon, units[:, 0], units[:, 1], 5, weights)
        timings.append((time.perf_counter() - started) * 1000)
        results.append(result)
    return timings, results


def measure_networkx(graph: Any, incidents: Any, units: Any, results: Any,
                     sample: int) -> tuple[float, float]:
    """Per-unit shortest paths with networkx for ``sample`` incidents: ms per incident, and
    the largest disagreement with the search's times (seconds) among the top five."""
    import networkx as nx

    reference = nx.DiGraph()
    reference.add_weighted_edges_from(
        zip(graph.src.tolist(), graph.dst.tolist(), graph.time_s.tolist(), strict=True))
    unit_nodes, _ = graph.snap(units[:, 0], units[:, 1])
    # networkx takes ~50 ms a path here: time 100 of the units and scale to all of them.
    timed = unit_nodes[:100]
    worst = 0.0
    started = time.perf_counter()
    for i in range(sample):
        target = results[i].target_node
        times = {}
        for node in timed.tolist():
            try:
                times[node] = nx.shortest_path_length(reference, node, target, weight="weight")
            except nx.NetworkXNoPath:
                times[node] = math.inf
        ours = results[i]
        off_road = (ours.source_snap_m + ours.target_snap_m) / (15 / 3.6)
        for j in np.argsort(ours.eta_s[:100])[:5]:
            worst = max(worst, abs(ours.eta_s[j] - off_road[j] - times[int(unit_nodes[j])]))
    elapsed = (time.perf_counter() - started) * 1000 / sample * len(unit_nodes) / len(timed)
    return elapsed, worst


def measure_api(graph: Any, units: Any, incidents: Any, calls: int) -> list[float]:
    import httpx

    data_dir = tempfile.mkdtemp(prefix="opsroom-recommend-")
    env = {**os.environ, "OPSROOM_DATA_DIR": data_dir, "OPSROOM_DATABASE_URL": "",
           "OPSROOM_LOG_LEVEL": "warning", "DJANGO_SETTINGS_MODULE": "opsroom.settings"}
    subprocess.run([*OPSROOM, "migrate", "--quiet"], env=env, check=True)
    subprocess.run([*OPSROOM, "demo", "load"], env=env, check=True, capture_output=True)
    # Install the bench graph as the active network and 500 units, in a child process
    # that uses the same data directory.
    npz = Path(data_dir) / "bench-graph.npz"
    graph.save(npz)
    np.save(Path(data_dir) / "units.npy", units)
    setup = subprocess.run([sys.executable, "-c", SETUP, data_dir], env=env,
                           capture_output=True, text=True)
    if setup.returncode:
        raise SystemExit(setup.stderr)
    token, *ids = setup.stdout.split()
    port = free_port()
    server_cmd = [*OPSROOM, "serve", "--port", str(port)]
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        server_cmd = ["taskset", "-c", "0", *server_cmd]
    server = subprocess.Popen(server_cmd, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    timings: list[float] = []
    try:
        async def run() -> None:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers={
                    "Authorization": f"Bearer {token}"}, timeout=30) as client:
                for _ in range(300):
                    try:
                        if (await client.get("/readyz")).status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    await asyncio.sleep(0.1)
                for i in range(calls + 5):
                    started = time.perf_counter()
                    reply = await client.get(
                        f"/api/v1/incidents/{ids[i % len(ids)]}/recommendations")
                    elapsed = (time.perf_counter() - started) * 1000
                    reply.raise_for_status()
                    assert reply.json()["method"] == "road", reply.text
                    if i >= 5:  # the first calls load the graph
                        timings.append(elapsed)

        asyncio.run(run())
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(data_dir, ignore_errors=True)
    return timings


SETUP = r'''
import sys, numpy as np, django
from pathlib import Path
django.setup()
from opsroom.accounts.models import User
from opsroom.accounts.actions import do_create_token
from opsroom.dispatch.actions import do_create_unit
from opsroom.incidents.actions import Location, do_create_incident
from opsroom.roads.actions import do_load_synthetic_roads
from opsroom.roads.graph import RoadGraph
data = Path(sys.argv[1])
graph = RoadGraph.load(data / "bench-graph.npz")
do_load_synthetic_roads(None, graph, "bench city grid")
dispatcher = User.objects.get(username="dispatcher")
calltaker = User.objects.get(username="calltaker")
for i, (lat, lon) in enumerate(np.load(data / "units.npy")):
    do_create_unit(None, call_sign=f"B-{i:03d}", agency_id=dispatcher.agency_id, kind="patrol",
                   capabilities=["police"], lat=float(lat), lon=float(lon))
rng = np.random.default_rng(5)
ids = []
for _ in range(50):
    lat = float(rng.uniform(graph.lat.min(), graph.lat.max()))
    lon = float(rng.uniform(graph.lon.min(), graph.lon.max()))
    ids.append(str(do_create_incident(calltaker, type_code="robbery",
                                      location=Location(lat, lon)).id))
_, token = do_create_token(None, dispatcher, name="bench")
print(token, *ids)
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=300)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--networkx-sample", type=int, default=3)
    parser.add_argument("--api-calls", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsroom.settings")
    os.environ.setdefault("OPSROOM_DATA_DIR", tempfile.mkdtemp(prefix="opsroom-bench-"))
    import django

    django.setup()

    graph = city_graph()
    print(f"graph: {graph.node_count} nodes, {graph.edge_count} directed edges")
    rng = np.random.default_rng(1)
    box = np.array([[graph.lat.min(), graph.lon.min()], [graph.lat.max(), graph.lon.max()]])
    units = rng.uniform(box[0], box[1], size=(args.units, 2))
    incidents = rng.uniform(box[0], box[1], size=(args.incidents, 2))
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        os.sched_setaffinity(0, {1})
    search, results = measure_search(graph, incidents, units)
    s50, s95 = percentile(search, 50), percentile(search, 95)
    print(f"search ({args.incidents} incidents, {args.units} units, k=5): "
          f"p50={s50:.2f}ms p95={s95:.2f}ms")
    nx_ms, worst = measure_networkx(graph, incidents, units, results, args.networkx_sample)
    mean_search = sum(search[: args.networkx_sample]) / args.networkx_sample
    speedup = nx_ms / mean_search
    print(f"networkx per-unit shortest paths: {nx_ms:.0f}ms per incident "
          f"(same incidents: ours {mean_search:.2f}ms); "
          f"largest ETA difference in the top 5: {worst:.3f}s")
    api = measure_api(graph, units, incidents, args.api_calls)
    a50, a95 = percentile(api, 50), percentile(api, 95)
    print(f"API GET …/recommendations ({len(api)} calls): p50={a50:.1f}ms p95={a95:.1f}ms")
    print(f"search_p95_ms={s95:.2f} api_p95_ms={a95:.1f} speedup_vs_networkx={speedup:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
