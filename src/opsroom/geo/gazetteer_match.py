"""Ranking gazetteer candidates for a query, with the names' normal forms computed once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from opsroom.geo.normalize import _score_one, normalize, skeleton

# Districts first among equals: a call-taker usually means the area, then the landmark.
KIND_ORDER = {"district": 0, "suburb": 1, "neighbourhood": 2, "security_directorate": 3,
              "police_station": 4, "hospital": 5}


@dataclass(frozen=True)
class Candidate:
    key: str
    names: tuple[str, ...]
    kind: str


class GazetteerIndex:
    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self._entries = [
            (candidate, [(normalize(name), skeleton(name)) for name in candidate.names])
            for candidate in candidates
        ]

    def search(self, query: str, limit: int = 10, min_score: float = 70) -> list[
        tuple[Candidate, float]
    ]:
        q_norm, q_skel = normalize(query), skeleton(query)
        if not q_norm:
            return []
        scored = []
        for candidate, forms in self._entries:
            score = max((_score_one(q_norm, q_skel, n, s) for n, s in forms), default=0.0)
            if score >= min_score:
                scored.append((candidate, score))
        scored.sort(key=lambda item: (-item[1], KIND_ORDER.get(item[0].kind, 9), item[0].key))
        return scored[:limit]


def rank(query: str, candidates: Iterable[Candidate], limit: int = 10,
         min_score: float = 70) -> list[tuple[Candidate, float]]:
    return GazetteerIndex(candidates).search(query, limit, min_score)
