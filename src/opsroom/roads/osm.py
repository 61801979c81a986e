"""Drivable roads from an OpenStreetMap extract (.osm.pbf, .osm, .osm.bz2), via pyosmium.

Travel time comes from the road's class and its ``maxspeed``; one-way rules (``oneway``,
roundabouts, motorways) and access rules (``access``, ``vehicle``, ``motor_vehicle``,
``motorcar``) are respected; turn restrictions are not modelled.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from opsroom.roads.graph import RoadGraph, haversine_m

# Free-flow speeds in a city, km/h, by highway class (used when no maxspeed is tagged).
# How the map draws a class: 3 main roads … 0 service and living streets.
CLASS_RANK = {"motorway": 3, "trunk": 3, "primary": 3, "secondary": 2, "tertiary": 2,
              "unclassified": 1, "residential": 1, "road": 1}
CLASS_SPEED_KMH = {
    "motorway": 90, "motorway_link": 50, "trunk": 70, "trunk_link": 40,
    "primary": 50, "primary_link": 35, "secondary": 45, "secondary_link": 30,
    "tertiary": 40, "tertiary_link": 30, "unclassified": 30, "residential": 25,
    "living_street": 10, "service": 15, "road": 25,
}
IMPLIED_ONEWAY = {"motorway"}
NO_ACCESS = {"no", "private", "agricultural", "forestry", "emergency", "military"}
YES_ACCESS = {"yes", "permissive", "destination", "designated", "customers", "delivery"}
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(km/h|kmh|kph|mph|knots)?\s*$")
_ZONES = {"urban": 50.0, "rural": 80.0, "living_street": 10.0, "walk": 6.0, "motorway": 110.0}


def parse_maxspeed(value: str | None) -> float | None:
    """km/h from an OSM ``maxspeed`` value, or None when it says nothing usable."""
    if not value:
        return None
    first = value.split(";")[0].strip().lower()
    match = _NUMBER.match(first)
    if match:
        speed = float(match.group(1))
        unit = match.group(2)
        if unit == "mph":
            speed *= 1.609344
        elif unit == "knots":
            speed *= 1.852
        return speed if 0 < speed < 200 else None
    if first == "walk":
        return _ZONES["walk"]
    zone = re.search(r"zone:?(\d+)", first)
    if zone:
        return float(zone.group(1))
    if ":" in first:
        return _ZONES.get(first.split(":", 1)[1])
    return None


def direction(tags: Any) -> tuple[bool, bool] | None:
    """(forward allowed, backward allowed), or None when the way is not drivable."""
    highway = tags.get("highway")
    if highway not in CLASS_SPEED_KMH or tags.get("area") == "yes":
        return None
    vehicle_tags = [tags.get(k) for k in ("motorcar", "motor_vehicle", "vehicle")]
    explicit = next((v for v in vehicle_tags if v), None)
    if explicit in NO_ACCESS:
        return None
    if tags.get("access") in NO_ACCESS and explicit not in YES_ACCESS:
        return None
    oneway = tags.get("oneway")
    if oneway in ("reversible", "alternating"):
        return None  # direction changes by the hour: cannot be planned on
    if oneway in ("yes", "true", "1"):
        return True, False
    if oneway == "-1" or oneway == "reverse":
        return False, True
    if oneway == "no":
        return True, True
    if highway in IMPLIED_ONEWAY or tags.get("junction") in ("roundabout", "circular"):
        return True, False
    return True, True


@dataclass
class _Collected:
    node_index: dict[int, int] = field(default_factory=dict)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    dst: list[int] = field(default_factory=list)
    speed: list[float] = field(default_factory=list)
    rank: list[int] = field(default_factory=list)
    ways: int = 0


def read_osm(path: Path) -> RoadGraph:
    """The drivable road graph of an extract (largest strongly connected part only).

    Raises ValueError with a readable message when the file cannot be read or holds no
    drivable road.
    """
    # pyosmium (a C++ extension) loads only in the process that imports a file.
    import osmium

    collected = _Collected()

    def index_of(ref: int, location: Any) -> int:
        found = collected.node_index.get(ref)
        if found is None:
            found = collected.node_index[ref] = len(collected.lat)
            collected.lat.append(location.lat)
            collected.lon.append(location.lon)
        return found

    class Handler(osmium.SimpleHandler):
        def way(self, way: Any) -> None:
            allowed = direction(way.tags)
            if allowed is None:
                return
            forward, backward = allowed
            highway = way.tags.get("highway")
            speed = parse_maxspeed(way.tags.get("maxspeed")) or CLASS_SPEED_KMH[highway]
            refs = [(n.ref, n.location) for n in way.nodes if n.location.valid()]
            if len(refs) < 2:
                return
            collected.ways += 1
            ids = [index_of(ref, location) for ref, location in refs]
            rank = CLASS_RANK.get(highway.removesuffix("_link"), 0)
            for a, b in itertools.pairwise(ids):
                for ok, s, d in ((forward, a, b), (backward, b, a)):
                    if ok:
                        collected.src.append(s)
                        collected.dst.append(d)
                        collected.speed.append(speed)
                        collected.rank.append(rank)

    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ValueError(f"{path}: the file is empty")
    try:
        Handler().apply_file(str(path), locations=True)
    except Exception as exc:  # libosmium reports corrupt input as RuntimeError and kin
        raise ValueError(f"{path.name}: not a readable OpenStreetMap file ({exc})") from None
    if not collected.src:
        raise ValueError(f"{path.name}: holds no drivable road")
    lat, lon = np.array(collected.lat), np.array(collected.lon)
    src, dst = np.array(collected.src), np.array(collected.dst)
    length = haversine_m(lat[src], lon[src], lat[dst], lon[dst])
    time_s = length / (np.array(collected.speed) / 3.6)
    return RoadGraph.build(lat, lon, src, dst, time_s, length, np.array(collected.rank))
