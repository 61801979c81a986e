"""Reads of reference geography: which district a point is in, and the gazetteer.

Both keep a small in-process index, rebuilt when the districts or places change
(opsroom.geo.actions clears it), because they sit on the write path of every incident.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import shapely
from shapely import STRtree
from shapely.geometry import Point, shape

from opsroom.geo.gazetteer_match import Candidate, GazetteerIndex
from opsroom.geo.models import District, Place

_lock = threading.Lock()
_district_index: tuple[STRtree, list[District]] | None = None
_gazetteer: GazetteerIndex | None = None


_generation = 0


def clear_caches() -> None:
    global _district_index, _gazetteer, _generation
    with _lock:
        _district_index = None
        _gazetteer = None
        _generation += 1


def generation() -> int:
    """Changes whenever the geography is reloaded: a key for caches built on it."""
    return _generation


def _districts_tree() -> tuple[STRtree, list[District]]:
    global _district_index
    with _lock:
        if _district_index is None:
            districts = list(District.objects.order_by("code"))
            geoms = [shape(district.geometry) for district in districts]
            for geom in geoms:
                shapely.prepare(geom)
            _district_index = (STRtree(geoms), districts)
        return _district_index


def district_at(lat: float, lon: float) -> District | None:
    """The district containing the point, from memory: this runs on every located write."""
    tree, districts = _districts_tree()
    if not districts:
        return None
    hits = tree.query(Point(lon, lat), predicate="intersects")
    return districts[int(min(hits))] if len(hits) else None


def district_id_at(lat: float, lon: float) -> str | None:
    district = district_at(lat, lon)
    return str(district.id) if district else None


@dataclass(frozen=True)
class PlaceHit:
    kind: str  # "district" or a PlaceKind
    code: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    district_code: str | None
    score: float


def _build_gazetteer() -> tuple[GazetteerIndex, dict[str, PlaceHit]]:
    hits: dict[str, PlaceHit] = {}
    for district in District.objects.all():
        hits[f"district:{district.code}"] = PlaceHit(
            "district", district.code, district.name_ar, district.name_en,
            district.centroid_lat, district.centroid_lon, district.code, 0.0,
        )
    for place in Place.objects.select_related("district"):
        hits[f"place:{place.code}"] = PlaceHit(
            place.kind, place.code, place.name_ar, place.name_en, place.lat, place.lon,
            place.district.code if place.district else None, 0.0,
        )
    candidates = [
        Candidate(key=key, names=tuple(n for n in (hit.name_ar, hit.name_en) if n), kind=hit.kind)
        for key, hit in hits.items()
    ]
    return GazetteerIndex(candidates), hits


_gazetteer_hits: dict[str, PlaceHit] = {}


def search_places(query: str, limit: int = 10) -> list[PlaceHit]:
    global _gazetteer, _gazetteer_hits
    with _lock:
        if _gazetteer is None:
            _gazetteer, _gazetteer_hits = _build_gazetteer()
        index, hits = _gazetteer, _gazetteer_hits
    results = []
    for candidate, score in index.search(query, limit=limit):
        hit = hits[candidate.key]
        results.append(PlaceHit(**{**hit.__dict__, "score": round(score, 1)}))
    return results


def districts_feature_collection() -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": district.code,
                "geometry": district.geometry,
                "properties": {
                    "id": str(district.id),
                    "code": district.code,
                    "name_ar": district.name_ar,
                    "name_en": district.name_en,
                    "population": district.population,
                    "approximate": district.approximate,
                },
            }
            for district in District.objects.all()
        ],
    }
