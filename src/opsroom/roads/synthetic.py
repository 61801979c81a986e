"""A SYNTHETIC road network for the Benghazi demo, generated over real geography.

No usable open road extract of Benghazi ships with the project, so the demo draws one: a
street grid over the real city boundary, arterials joining the real district centres
(a Delaunay triangulation of them), and ring roads around the centre. It is labelled
synthetic in the data, the docs and on the map: travel times over it show how the system
works, not how long a real drive takes. Load a real extract with `opsroom roads import`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.spatial import Delaunay, cKDTree
from shapely import contains_xy
from shapely.geometry import shape

from opsroom.roads.graph import RoadGraph, haversine_m

GRID_SPACING_M = 105.0  # ~40k street nodes over Benghazi's boundary
STREET_KMH, ARTERIAL_KMH, RING_KMH = 30.0, 60.0, 70.0
SAMPLE_M = 200.0  # arterial and ring roads get a node every ~200 m
RING_RADII_M = (2500.0, 5000.0, 8000.0)


def generate(boundary_geojson: dict[str, Any], centres: list[tuple[float, float]],
             hub: tuple[float, float], seed: int = 7) -> RoadGraph:
    """The network over ``boundary_geojson`` (a GeoJSON Polygon or MultiPolygon), with
    arterials between ``centres`` ((lat, lon) of districts) and rings around ``hub``."""
    rng = np.random.default_rng(seed)
    area = shape(boundary_geojson)
    lon_min, lat_min, lon_max, lat_max = area.bounds
    lat0 = (lat_min + lat_max) / 2
    dlat = GRID_SPACING_M / 111_195.0
    dlon = dlat / math.cos(math.radians(lat0))
    lats = np.arange(lat_min, lat_max, dlat)
    lons = np.arange(lon_min, lon_max, dlon)
    grid_lon, grid_lat = np.meshgrid(lons, lats)
    inside = contains_xy(area, grid_lon, grid_lat)
    index = np.full(inside.shape, -1, dtype=np.int64)
    index[inside] = np.arange(int(inside.sum()))
    lat_list = [grid_lat[inside]]
    lon_list = [grid_lon[inside]]
    src, dst, speed, rank = [], [], [], []

    def add(a: Any, b: Any, kmh: float, r: int, both: Any = True) -> None:
        a, b = np.asarray(a), np.asarray(b)
        both = np.broadcast_to(np.asarray(both), a.shape)
        src.extend([a, b[both]])
        dst.extend([b, a[both]])
        speed.extend([np.full(len(a), kmh), np.full(int(both.sum()), kmh)])
        rank.extend([np.full(len(a), r), np.full(int(both.sum()), r)])

    # Street grid: each block side exists with 85% chance (vacant lots, walls, wadis);
    # every fifth east-west street is one-way, alternating direction.
    rows = inside.shape[0]
    for horizontal in (True, False):
        a = index[:, :-1] if horizontal else index[:-1, :]
        b = index[:, 1:] if horizontal else index[1:, :]
        present = (a >= 0) & (b >= 0) & (rng.random(a.shape) < 0.85)
        if horizontal:
            row = np.broadcast_to(np.arange(rows)[:, None], a.shape)
            oneway = (row % 5 == 0)
            flip = (row % 10 == 0)
            a_, b_ = np.where(flip, b, a), np.where(flip, a, b)
            add(a_[present], b_[present], STREET_KMH, 0, ~oneway[present])
        else:
            add(a[present], b[present], STREET_KMH, 0)
    grid_nodes = int(inside.sum())
    tree = cKDTree(np.stack(
        [grid_lat[inside], grid_lon[inside] * math.cos(math.radians(lat0))], 1))
    next_id = grid_nodes

    def road(points: list[tuple[float, float]], kmh: float, r: int) -> None:
        """A polyline of new nodes, each tied to the nearest street node."""
        nonlocal next_id
        ids = []
        for lat, lon in points:
            lat_list.append(np.array([lat]))
            lon_list.append(np.array([lon]))
            ids.append(next_id)
            next_id += 1
        ids_arr = np.array(ids)
        add(ids_arr[:-1], ids_arr[1:], kmh, r)
        coords = np.array(points)
        scaled = np.stack([coords[:, 0], coords[:, 1] * math.cos(math.radians(lat0))], 1)
        _, nearest = tree.query(scaled)
        add(ids_arr, np.asarray(nearest), STREET_KMH, 1)

    def sampled(lat1: float, lon1: float, lat2: float, lon2: float) -> list[tuple[float, float]]:
        steps = max(1, int(haversine_m(lat1, lon1, lat2, lon2) // SAMPLE_M))
        t = np.linspace(0, 1, steps + 1)
        return list(zip(lat1 + (lat2 - lat1) * t, lon1 + (lon2 - lon1) * t, strict=True))

    # Arterials: the Delaunay triangulation of district centres, where it stays in the city.
    points = np.array(centres)
    if len(points) >= 3:
        edges = set()
        for simplex in Delaunay(points[:, ::-1]).simplices:
            for i in range(3):
                u, v = sorted((int(simplex[i]), int(simplex[(i + 1) % 3])))
                edges.add((u, v))
        for u, v in sorted(edges):
            line = sampled(*points[u], *points[v])
            if all(contains_xy(area, lon, lat) for lat, lon in line):
                road(line, ARTERIAL_KMH, 3)
    # Ring roads around the hub: the arcs that lie inside the boundary.
    for radius in RING_RADII_M:
        steps = int(2 * math.pi * radius // SAMPLE_M)
        angles = np.linspace(0, 2 * math.pi, steps, endpoint=False)
        ring_lat = hub[0] + (radius / 111_195.0) * np.cos(angles)
        ring_lon = hub[1] + (radius / 111_195.0) * np.sin(angles) / math.cos(math.radians(hub[0]))
        inside_ring = contains_xy(area, ring_lon, ring_lat)
        run: list[tuple[float, float]] = []
        for ok, lat, lon in zip(inside_ring, ring_lat, ring_lon, strict=True):
            if ok:
                run.append((float(lat), float(lon)))
            elif run:
                if len(run) > 1:
                    road(run, RING_KMH, 2)
                run = []
        if len(run) > 1:
            road(run, RING_KMH, 2)

    lat = np.concatenate(lat_list)
    lon = np.concatenate(lon_list)
    s, d = np.concatenate(src).astype(np.int64), np.concatenate(dst).astype(np.int64)
    length = haversine_m(lat[s], lon[s], lat[d], lon[d])
    time_s = length / (np.concatenate(speed) / 3.6)
    return RoadGraph.build(lat, lon, s, d, time_s, length, np.concatenate(rank))
