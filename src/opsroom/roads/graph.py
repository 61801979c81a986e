"""The road graph in arrays: what every travel-time question is answered from.

Nodes carry coordinates; directed edges carry a travel time (seconds) and a length
(metres). The forward graph answers "from here, how long to everywhere"; the reversed
graph answers "from everywhere, how long to here" in one search, which is what ranking
units for an incident needs. Positions snap to the nearest node through a KD-tree over
locally projected coordinates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

EARTH_M = 6_371_008.8
FORMAT = 1  # bump when the cached arrays change meaning


def haversine_m(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in metres; works on numbers and numpy arrays alike."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_M * np.arcsin(np.sqrt(a))


@dataclass
class RoadGraph:
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    src: NDArray[np.int32]
    dst: NDArray[np.int32]
    time_s: NDArray[np.float64]
    length_m: NDArray[np.float64]
    rank: NDArray[np.int8]  # 0 street … 3 arterial: how the map draws the edge
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def build(cls, lat: Any, lon: Any, src: Any, dst: Any, time_s: Any, length_m: Any,
              rank: Any = None, keep_largest: bool = True) -> RoadGraph:
        """Arrays to a graph: parallel edges keep the fastest; with ``keep_largest`` only the
        largest strongly connected component stays (elsewhere a unit could be unreachable,
        or unable to leave)."""
        lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
        src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
        time_s = np.asarray(time_s, dtype=np.float64)
        length_m = np.asarray(length_m, dtype=np.float64)
        rank = np.zeros(len(src), dtype=np.int8) if rank is None else np.asarray(rank, np.int8)
        ok = (src != dst) & np.isfinite(time_s) & (time_s > 0)
        src, dst, time_s, length_m, rank = src[ok], dst[ok], time_s[ok], length_m[ok], rank[ok]
        # Fastest of any parallel edges: sort by (src, dst, time) and keep the first.
        order = np.lexsort((time_s, dst, src))
        src, dst, time_s, length_m, rank = (
            src[order], dst[order], time_s[order], length_m[order], rank[order])
        first = np.ones(len(src), dtype=bool)
        first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
        src, dst, time_s, length_m, rank = (
            src[first], dst[first], time_s[first], length_m[first], rank[first])
        if keep_largest and len(src):
            matrix = csr_matrix((time_s, (src, dst)), shape=(len(lat), len(lat)))
            _, labels = connected_components(matrix, directed=True, connection="strong")
            largest = np.bincount(labels).argmax()
            keep_node = labels == largest
            new_index = np.cumsum(keep_node) - 1
            keep_edge = keep_node[src] & keep_node[dst]
            lat, lon = lat[keep_node], lon[keep_node]
            src, dst = new_index[src[keep_edge]], new_index[dst[keep_edge]]
            time_s, length_m, rank = time_s[keep_edge], length_m[keep_edge], rank[keep_edge]
        return cls(lat, lon, src.astype(np.int32), dst.astype(np.int32), time_s, length_m, rank)

    @property
    def node_count(self) -> int:
        return len(self.lat)

    @property
    def edge_count(self) -> int:
        return len(self.src)

    # ---- persistence ----------------------------------------------------------------------
    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, format=np.array([FORMAT]), lat=self.lat, lon=self.lon,
                            src=self.src, dst=self.dst, time_s=self.time_s,
                            length_m=self.length_m, rank=self.rank)
        tmp.replace(path)  # a crash leaves either the old file or the whole new one

    @classmethod
    def load(cls, path: Path) -> RoadGraph:
        with np.load(path) as data:
            if int(data["format"][0]) != FORMAT:
                raise ValueError(f"{path.name}: cached with another format; import again")
            return cls(data["lat"], data["lon"], data["src"], data["dst"], data["time_s"],
                       data["length_m"], data["rank"])

    # ---- geometry -------------------------------------------------------------------------
    def _projection(self) -> tuple[float, float, float]:
        lat0 = float(np.mean(self.lat)) if self.node_count else 0.0
        lon0 = float(np.mean(self.lon)) if self.node_count else 0.0
        return lat0, lon0, math.cos(math.radians(lat0))

    def project(self, lat: Any, lon: Any) -> NDArray[np.float64]:
        lat0, lon0, k = self._projection()
        lat, lon = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
        x = np.radians(lon - lon0) * EARTH_M * k
        y = np.radians(lat - lat0) * EARTH_M
        return np.stack([x, y], axis=-1)

    @property
    def tree(self) -> cKDTree:
        if "tree" not in self._cache:
            self._cache["tree"] = cKDTree(self.project(self.lat, self.lon))
        return self._cache["tree"]

    def snap(self, lat: Any, lon: Any) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Nearest node of each point, and how far it is (metres)."""
        distance, node = self.tree.query(self.project(lat, lon))
        return np.asarray(node, dtype=np.int64), np.asarray(distance, dtype=np.float64)

    # ---- searches -------------------------------------------------------------------------
    def matrices(self, weights: NDArray[np.float64] | None = None) -> tuple[csr_matrix, csr_matrix]:
        """(forward, reversed) CSR matrices, for the given edge weights (None: free flow).
        Edges weighted ``inf`` (closed) are left out."""
        w = self.time_s if weights is None else weights
        open_edge = np.isfinite(w)
        n = self.node_count
        src, dst, w = self.src[open_edge], self.dst[open_edge], w[open_edge]
        forward = csr_matrix((w, (src, dst)), shape=(n, n))
        backward = csr_matrix((w, (dst, src)), shape=(n, n))
        return forward, backward

    def polylines(self) -> list[tuple[int, list[tuple[float, float]]]]:
        """The network as (rank, [(lon, lat), …]) polylines for drawing: edges of one rank
        merged while the road goes on straight (a turn under 25°), so a grid street is one
        line, not one per block."""
        a, b = np.minimum(self.src, self.dst), np.maximum(self.src, self.dst)
        pairs = np.unique(np.stack([a, b, self.rank.astype(np.int32)], axis=1), axis=0)
        xy = self.project(self.lat, self.lon)
        neighbours: dict[int, list[tuple[int, int]]] = {}
        for u, v, r in pairs.tolist():
            neighbours.setdefault(u, []).append((v, r))
            neighbours.setdefault(v, []).append((u, r))
        used: set[tuple[int, int]] = set()

        def heading(u: int, v: int) -> float:
            return math.atan2(xy[v, 1] - xy[u, 1], xy[v, 0] - xy[u, 0])

        def straight_on(before: int, tip: int, rank: int) -> int | None:
            ahead = heading(before, tip)
            best, best_turn = None, math.radians(25)
            for nxt, r in neighbours[tip]:
                if r != rank or nxt == before or (min(tip, nxt), max(tip, nxt)) in used:
                    continue
                turn = abs((heading(tip, nxt) - ahead + math.pi) % (2 * math.pi) - math.pi)
                if turn < best_turn:
                    best, best_turn = nxt, turn
            return best

        lines = []
        for u, v, r in pairs.tolist():
            if (u, v) in used:
                continue
            used.add((u, v))
            chain = [u, v]
            for at_tail in (True, False):
                while True:
                    tip, before = (chain[-1], chain[-2]) if at_tail else (chain[0], chain[1])
                    nxt = straight_on(before, tip, r)
                    if nxt is None:
                        break
                    used.add((min(tip, nxt), max(tip, nxt)))
                    if at_tail:
                        chain.append(nxt)
                    else:
                        chain.insert(0, nxt)
            lines.append((r, [(round(float(self.lon[n]), 6), round(float(self.lat[n]), 6))
                              for n in chain]))
        return lines

    def edge_index(self) -> csr_matrix:
        """(src, dst) → edge number + 1, to recover an edge's length along a path."""
        if "edge_index" not in self._cache:
            n = self.node_count
            self._cache["edge_index"] = csr_matrix(
                (np.arange(1, self.edge_count + 1), (self.src, self.dst)), shape=(n, n))
        return self._cache["edge_index"]


def search(matrix: csr_matrix, origin: int, limit: float = np.inf,
           predecessors: bool = False) -> Any:
    """One Dijkstra from ``origin`` over ``matrix`` (seconds), stopping at ``limit``."""
    return dijkstra(matrix, directed=True, indices=origin, limit=limit,
                    return_predecessors=predecessors)


def path_nodes(predecessors: NDArray[np.int32], origin: int, target: int) -> list[int]:
    """Nodes from ``origin`` to ``target`` along a predecessor tree rooted at ``origin``."""
    nodes = [target]
    while nodes[-1] != origin:
        previous = int(predecessors[nodes[-1]])
        if previous < 0:
            return []
        nodes.append(previous)
    return nodes[::-1]
