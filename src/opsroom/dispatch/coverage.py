"""Coverage: how soon the nearest available unit reaches each district, and which unit to
move up where a district is left without one."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.sparse.csgraph import dijkstra

from opsroom.roads.queries import LoadedNetwork, active_closures, from_point


def _nearest_times(loaded: LoadedNetwork, weights: Any, unit_nodes: list[int]) -> Any:
    if not unit_nodes:
        return np.full(loaded.graph.node_count, np.inf)
    dist, _ = from_point(loaded, 0, 0, weights, min_only_sources=unit_nodes)
    return dist


def district_coverage(loaded: LoadedNetwork, units: list[Any], districts: list[Any],
                      threshold_s: float) -> dict[str, Any]:
    """One multi-source search from every available unit gives, for each district centre,
    the time of the nearest. For each district beyond ``threshold_s`` a move-up is
    suggested: the unit that reaches it soonest without leaving another district
    uncovered."""
    g = loaded.graph
    weights = loaded.weights(active_closures())
    unit_nodes, _ = g.snap([u.lat for u in units], [u.lon for u in units]) \
        if units else (np.array([], dtype=np.int64), np.array([]))
    centre_nodes, _ = g.snap([d.centroid_lat for d in districts],
                             [d.centroid_lon for d in districts])
    nearest = _nearest_times(loaded, weights, [int(n) for n in unit_nodes])
    eta = nearest[centre_nodes]
    uncovered = [i for i in range(len(districts)) if not eta[i] <= threshold_s]
    moveups = []
    for i in uncovered:
        best = _move_up(loaded, weights, units, unit_nodes, centre_nodes, eta, i, threshold_s)
        if best is not None:
            moveups.append(best | {"district": districts[i].code})
    return {
        "threshold_s": threshold_s,
        "synthetic_network": loaded.network.synthetic,
        "districts": [
            {"code": d.code, "name_ar": d.name_ar, "name_en": d.name_en,
             "eta_s": None if not np.isfinite(eta[i]) else round(float(eta[i]), 1),
             "covered": bool(eta[i] <= threshold_s)}
            for i, d in enumerate(districts)
        ],
        "move_ups": moveups,
    }


def _move_up(loaded: LoadedNetwork, weights: Any, units: list[Any], unit_nodes: Any,
             centre_nodes: Any, eta: Any, target: int, threshold_s: float
             ) -> dict[str, Any] | None:
    if not units:
        return None
    to_target = dijkstra(weights.backward, directed=True, indices=int(centre_nodes[target]))
    order = sorted(range(len(units)), key=lambda i: to_target[unit_nodes[i]])
    covered_before = eta <= threshold_s
    for i in order[:5]:
        if not np.isfinite(to_target[unit_nodes[i]]):
            break
        rest = [int(n) for j, n in enumerate(unit_nodes) if j != i]
        after = _nearest_times(loaded, weights, rest)[centre_nodes]
        if np.all(after[covered_before] <= threshold_s):  # nobody else is left uncovered
            return {"unit_id": str(units[i].id), "call_sign": units[i].call_sign,
                    "eta_s": round(float(to_target[unit_nodes[i]]), 1)}
    return None
