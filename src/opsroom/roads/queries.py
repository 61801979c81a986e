"""Travel-time questions over the active road network, with closures applied.

The graph is loaded once per process and kept; edge weights with the closures in force
are computed when the set of active closures changes (a closure takes effect on the next
question, and stops when its window ends), and kept per set.
"""

from __future__ import annotations

import gzip
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from shapely import STRtree, buffer, linestrings
from shapely.geometry import shape

from opsroom.accounts.models import User
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput, NotFound
from opsroom.geo.models import Place, PlaceKind
from opsroom.roads.access import visible_closures
from opsroom.roads.actions import graph_path, roads_dir
from opsroom.roads.graph import RoadGraph
from opsroom.roads.models import ClosureKind, RoadClosure, RoadNetwork

NETWORK_CHECK_SECONDS = 5.0
# The leg between a position and the road it snaps to, driven slowly.
OFF_ROAD_SPEED_M_S = 15 / 3.6
ROAD_BUFFER_DEG = 15 / 111_195  # a closed road closes the edges within ~15 m of its line
FIRST_LIMIT_S = 300.0
# A point further than this from every road is outside the area the network covers.
MAX_SNAP_M = 2000.0


@dataclass
class Weights:
    key: frozenset[str]
    closed: int
    forward: csr_matrix
    backward: csr_matrix


@dataclass
class LoadedNetwork:
    network: RoadNetwork
    graph: RoadGraph
    _weights: dict[frozenset[str], Weights] = field(default_factory=dict)
    _edge_tree: STRtree | None = None
    _edge_lookup: dict[tuple[int, int], int] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def edge_tree(self) -> STRtree:
        if self._edge_tree is None:
            g = self.graph
            coords = np.stack([np.stack([g.lon[g.src], g.lat[g.src]], 1),
                               np.stack([g.lon[g.dst], g.lat[g.dst]], 1)], 1)
            self._edge_tree = STRtree(linestrings(coords))
        return self._edge_tree

    def edge_of(self, u: int, v: int) -> int:
        if self._edge_lookup is None:
            g = self.graph
            self._edge_lookup = dict(
                zip(zip(g.src.tolist(), g.dst.tolist(), strict=True), range(g.edge_count),
                    strict=True))
        return self._edge_lookup[(u, v)]

    def closed_edges(self, closure: RoadClosure) -> NDArray[np.int64]:
        geometry = shape(closure.geometry)
        if closure.kind == ClosureKind.AREA:
            hits = self.edge_tree().query(geometry, predicate="intersects")
        else:
            # The edges lying along the closed road: inside a narrow band around its line.
            band = buffer(geometry, ROAD_BUFFER_DEG)
            hits = self.edge_tree().query(band, predicate="contains")
        return np.asarray(hits, dtype=np.int64)

    def weights(self, closures: list[tuple[Any, int]]) -> Weights:
        """Edge weights with the given closures ((id, version) pairs) applied."""
        key = frozenset(f"{cid}:{version}" for cid, version in closures)
        with self._lock:
            found = self._weights.get(key)
        if found is not None:
            return found
        w = self.graph.time_s.copy()
        for closure in RoadClosure.objects.filter(id__in=[cid for cid, _ in closures]):
            w[self.closed_edges(closure)] = np.inf
        forward, backward = self.graph.matrices(w)
        made = Weights(key, int(np.isinf(w).sum()), forward, backward)
        with self._lock:
            if len(self._weights) > 16:  # closures come and go; keep the recent sets only
                self._weights.clear()
            self._weights[key] = made
        return made


_loaded: LoadedNetwork | None = None
_checked_at = 0.0
_load_lock = threading.Lock()


def forget_network() -> None:
    global _loaded, _checked_at
    with _load_lock:
        _loaded, _checked_at = None, 0.0


def active_network() -> LoadedNetwork | None:
    """The active network, loaded once; a newly activated one is picked up within 5 s."""
    global _loaded, _checked_at
    moment = time.monotonic()
    if _loaded is not None and moment - _checked_at < NETWORK_CHECK_SECONDS:
        return _loaded
    network = RoadNetwork.objects.filter(active=True).first()
    with _load_lock:
        _checked_at = moment
        if network is None:
            _loaded = None
        elif _loaded is None or _loaded.network.sha256 != network.sha256:
            path = graph_path(network.sha256)
            # Missing when a data directory was copied without its roads/ folder.
            _loaded = LoadedNetwork(network, RoadGraph.load(path)) if path.exists() else None
        return _loaded


def active_closures() -> list[tuple[Any, int]]:
    """(id, version) of the closures in force now: asked on every question (so a closure
    acts at once and lapses when its window ends); geometries are read only when this set
    changes."""
    moment = now()
    return list(RoadClosure.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=moment), valid_from__lte=moment
    ).order_by("id").values_list("id", "version"))


@dataclass(frozen=True)
class TravelTimes:
    """Road travel times from many positions to one target (or the other way)."""

    eta_s: NDArray[np.float64]  # inf where unreachable
    target_snap_m: float
    source_snap_m: NDArray[np.float64]
    source_nodes: NDArray[np.int64]
    target_node: int
    predecessors: NDArray[np.int32]
    closed_edges: int


def times_to(loaded: LoadedNetwork, lat: float, lon: float, sources_lat: Any,
             sources_lon: Any, enough: int, weights: Weights | None = None) -> TravelTimes:
    """One Dijkstra from the target over the reversed graph gives every source's time.

    The search stops at a travel-time limit (5 min, then ×3) as soon as ``enough`` sources
    are reached: every source not reached is slower than all that were, so the ranking of
    the first ``enough`` is exact.
    """
    weights = weights or loaded.weights(active_closures())
    g = loaded.graph
    target_node, target_snap = g.snap(lat, lon)
    source_nodes, source_snap = g.snap(sources_lat, sources_lon)
    limit = FIRST_LIMIT_S
    while True:
        dist, pred = dijkstra(weights.backward, directed=True, indices=int(target_node),
                              limit=limit, return_predecessors=True)
        reached = int(np.isfinite(dist[source_nodes]).sum()) if len(source_nodes) else 0
        if reached >= enough or np.isinf(limit):
            break
        limit = limit * 3 if limit < 10_000 else np.inf
    off_road = (source_snap + float(target_snap)) / OFF_ROAD_SPEED_M_S
    eta = dist[source_nodes] + off_road if len(source_nodes) else np.array([])
    return TravelTimes(np.asarray(eta, dtype=np.float64), float(target_snap), source_snap,
                       source_nodes, int(target_node), pred, weights.closed)


def path_to_target(times: TravelTimes, source_index: int) -> list[int]:
    """Nodes from a source to the target, along the reversed search's tree."""
    node = int(times.source_nodes[source_index])
    nodes = [node]
    while node != times.target_node:
        node = int(times.predecessors[node])
        if node < 0:
            return []
        nodes.append(node)
    return nodes


def path_length_m(loaded: LoadedNetwork, nodes: list[int]) -> float:
    g = loaded.graph
    return float(sum(g.length_m[loaded.edge_of(u, v)]
                     for u, v in itertools.pairwise(nodes)))


def from_point(loaded: LoadedNetwork, lat: float, lon: float, weights: Weights,
               limit: float = np.inf, min_only_sources: Any = None) -> tuple[Any, Any]:
    """Forward search: times from a point (or the nearest of many nodes) to every node."""
    if min_only_sources is not None:
        dist = dijkstra(weights.forward, directed=True, indices=min_only_sources,
                        min_only=True, limit=limit)
        return dist, None
    node, _ = loaded.graph.snap(lat, lon)
    return dijkstra(weights.forward, directed=True, indices=int(node), limit=limit,
                    return_predecessors=True)


def require_network() -> LoadedNetwork:
    loaded = active_network()
    if loaded is None:
        raise NotFound("no road network is loaded: run `opsroom roads import FILE.osm.pbf`")
    return loaded


def ensure_covered(loaded: LoadedNetwork, snap_m: float, field: str) -> None:
    """Refuse a point the network does not cover (far from every road of it)."""
    if snap_m > MAX_SNAP_M:
        raise InvalidInput(f"the point is {snap_m / 1000:.1f} km from the nearest road of "
                           f"the network «{loaded.network.name}»", field=field)


@dataclass(frozen=True)
class Route:
    """The fastest road route from a source to a target, with the legs off the road."""

    coordinates: list[list[float]]  # [lon, lat], from the source's own position
    eta_s: float
    distance_m: float
    source_snap_m: float
    target_snap_m: float
    closed_edges: int
    synthetic_network: bool


def fastest_route(loaded: LoadedNetwork, from_lat: float, from_lon: float, to_lat: float,
                  to_lon: float, target_field: str) -> Route:
    """Raises InvalidInput (naming ``target_field``) for a target the network does not
    cover, NotFound when no open road leads there."""
    times = times_to(loaded, to_lat, to_lon, [from_lat], [from_lon], 1)
    ensure_covered(loaded, times.target_snap_m, target_field)
    if not np.isfinite(times.eta_s[0]):
        raise NotFound("no open road leads from the unit to the incident")
    nodes = path_to_target(times, 0)
    g = loaded.graph
    coordinates = [[from_lon, from_lat]]
    coordinates += [[float(g.lon[n]), float(g.lat[n])] for n in nodes]
    coordinates.append([to_lon, to_lat])
    return Route(coordinates, round(float(times.eta_s[0]), 1),
                 round(path_length_m(loaded, nodes), 1), round(float(times.source_snap_m[0]), 1),
                 round(times.target_snap_m, 1), times.closed_edges, loaded.network.synthetic)


# What each kind of facility a caller may ask for is, among the gazetteer's places.
FACILITY_KINDS: dict[str, list[str]] = {
    "directorate": [PlaceKind.SECURITY_DIRECTORATE],
    "police_station": [PlaceKind.POLICE_STATION, PlaceKind.SECURITY_DIRECTORATE],
    "hospital": [PlaceKind.HOSPITAL],
    "clinic": [PlaceKind.HOSPITAL, PlaceKind.CLINIC],
    "weapons_collection": [PlaceKind.WEAPONS_COLLECTION],
}


@dataclass(frozen=True)
class NearestFacilities:
    kind: str
    snap_m: float
    items: list[tuple[Place, float]]  # the five nearest by road, with their times (s)


def nearest_facilities(lat: float, lon: float, kind: str, limit: int = 5
                       ) -> NearestFacilities:
    """The facilities of ``kind`` nearest by road from a point (one forward search)."""
    loaded = require_network()
    places = list(Place.objects.filter(kind__in=FACILITY_KINDS[kind]))
    if not places:
        raise NotFound(f"no {kind.replace('_', ' ')} is known", field="kind")
    _, snap = loaded.graph.snap(lat, lon)
    ensure_covered(loaded, float(snap), "lat")
    weights = loaded.weights(active_closures())
    place_nodes, place_snap = loaded.graph.snap([p.lat for p in places], [p.lon for p in places])
    dist, _ = from_point(loaded, lat, lon, weights)
    eta = dist[place_nodes] + (place_snap + float(snap)) / OFF_ROAD_SPEED_M_S
    if not np.isfinite(eta).any():
        raise NotFound("no open road leads to any such facility")
    ranked = sorted(range(len(places)), key=lambda i: eta[i])[:limit]
    return NearestFacilities(kind, round(float(snap), 1),
                             [(places[i], round(float(eta[i]), 1)) for i in ranked
                              if np.isfinite(eta[i])])


def network_lines_gzip(loaded: LoadedNetwork) -> bytes:
    """The network as GeoJSON lines for the map, gzipped; built once per network and kept
    beside its arrays."""
    cached = roads_dir() / f"{loaded.network.sha256}.lines.json.gz"
    if not cached.exists():
        body = json.dumps({
            "type": "FeatureCollection",
            "name": loaded.network.name,
            "synthetic": loaded.network.synthetic,
            "features": [
                {"type": "Feature", "properties": {"rank": rank},
                 "geometry": {"type": "LineString", "coordinates": coords}}
                for rank, coords in loaded.graph.polylines()
            ],
        }, separators=(",", ":")).encode()
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(gzip.compress(body, 6))
        tmp.replace(cached)
    return cached.read_bytes()


def current_closures(user: User, ended: bool = False, limit: int = 500) -> list[RoadClosure]:
    """Closures in force or to come (with ``ended``, the ended ones too), newest first."""
    closures = visible_closures(user)
    if not ended:
        closures = closures.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now()))
    return list(closures[:limit])
