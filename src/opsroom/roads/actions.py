"""Writes for roads: importing a network, generating the demo's, closures."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from shapely.geometry import shape
from shapely.validation import explain_validity

from opsroom.accounts.models import User
from opsroom.audit.actions import do_audit
from opsroom.core.bus import publish_record
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput
from opsroom.core.text import check_text, looks_empty
from opsroom.roads.graph import RoadGraph
from opsroom.roads.models import ClosureKind, RoadClosure, RoadNetwork
from opsroom.roads.osm import read_osm
from opsroom.roads.serializers import closure_dict

MAX_CLOSURE_VERTICES = 2000


def roads_dir() -> Path:
    path = Path(settings.DATA_DIR) / "roads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def graph_path(sha256: str) -> Path:
    return roads_dir() / f"{sha256}.npz"


@transaction.atomic
def _activate(actor: User | None, graph: RoadGraph, sha256: str, name: str, source: str,
              synthetic: bool) -> RoadNetwork:
    RoadNetwork.objects.filter(active=True).exclude(sha256=sha256).update(active=False)
    network, _ = RoadNetwork.objects.update_or_create(
        sha256=sha256,
        defaults={"name": name, "source": source, "synthetic": synthetic,
                  "node_count": graph.node_count, "edge_count": graph.edge_count,
                  "active": True, "imported_at": now()},
    )
    do_audit(actor, "roads.activate", "road_network", network.id,
             detail={"name": name, "nodes": graph.node_count, "edges": graph.edge_count,
                     "synthetic": synthetic})
    return network


def do_import_roads(actor: User | None, path: Path, name: str = "") -> RoadNetwork:
    """Build the road graph of an OpenStreetMap extract and make it the active network.

    The arrays are cached by the file's SHA-256, so importing the same file again is
    instant. A file that cannot be read, or holds no drivable road, raises InvalidInput and
    changes nothing: the previous network stays active.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file", field="file")
    sha256 = file_sha256(path)
    cached = graph_path(sha256)
    if cached.exists():
        graph = RoadGraph.load(cached)
    else:
        try:
            graph = read_osm(path)
        except ValueError as exc:
            raise InvalidInput(str(exc), field="file") from None
        graph.save(cached)
    return _activate(actor, graph, sha256, name or path.name, str(path), synthetic=False)


def do_load_synthetic_roads(actor: User | None, graph: RoadGraph, name: str) -> RoadNetwork:
    """Store a generated network and make it active; labelled synthetic everywhere."""
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "graph.npz"
        graph.save(staged)
        sha256 = file_sha256(staged)
        shutil.move(staged, graph_path(sha256))
    return _activate(actor, graph, sha256, name, "generated", synthetic=True)


def validate_closure_geometry(kind: str, geometry: Any) -> dict[str, Any]:
    if kind not in ClosureKind.values:
        raise InvalidInput("must be 'area' or 'road'", field="kind")
    expected = "Polygon" if kind == ClosureKind.AREA else "LineString"
    if not isinstance(geometry, dict) or geometry.get("type") != expected:
        raise InvalidInput(f"a {kind} closure needs a GeoJSON {expected}", field="geometry")
    try:
        shaped = shape(geometry)
    except Exception:
        raise InvalidInput(f"not a valid GeoJSON {expected}", field="geometry") from None
    coords = list(shaped.exterior.coords) if expected == "Polygon" else list(shaped.coords)
    if len(coords) > MAX_CLOSURE_VERTICES:
        raise InvalidInput(f"at most {MAX_CLOSURE_VERTICES} points", field="geometry")
    for lon, lat, *_ in coords:
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise InvalidInput("coordinates are [longitude, latitude] in degrees",
                               field="geometry")
    if shaped.is_empty or (expected == "Polygon" and shaped.area == 0):
        raise InvalidInput("the shape is empty", field="geometry")
    if not shaped.is_valid:
        raise InvalidInput(f"invalid shape: {explain_validity(shaped)}", field="geometry")
    return {"type": expected, "coordinates": shaped.__geo_interface__["coordinates"]}


@transaction.atomic
def do_create_closure(actor: User, kind: str, geometry: Any, reason: str,
                      valid_from: datetime | None = None,
                      valid_until: datetime | None = None) -> RoadClosure:
    reason = check_text((reason or "").strip(), "reason")
    if looks_empty(reason):
        raise InvalidInput("say why the road is closed", field="reason")
    if len(reason) > 300:
        raise InvalidInput("at most 300 characters", field="reason")
    clean = validate_closure_geometry(kind, geometry)
    start = valid_from or now()
    if valid_until is not None and valid_until <= start:
        raise InvalidInput("must be after valid_from", field="valid_until")
    assert actor.agency_id is not None
    closure = RoadClosure.objects.create(
        agency_id=actor.agency_id, kind=kind, geometry=clean, reason=reason,
        valid_from=start, valid_until=valid_until, created_by=actor,
    )
    do_audit(actor, "closure.create", "road_closure", closure.id,
             detail={"kind": kind, "reason": reason})
    publish_record("closure", closure, "created", closure.agency_id, closure_dict(closure))
    return closure


@transaction.atomic
def do_end_closure(actor: User, closure: RoadClosure) -> RoadClosure:
    closure = RoadClosure.objects.select_for_update(no_key=True).get(id=closure.id)
    moment = now()
    if closure.valid_until is None or closure.valid_until > moment:
        closure.valid_until = max(moment, closure.valid_from)
        closure.bump()
        closure.save(update_fields=["valid_until", "version", "updated_at"])
        do_audit(actor, "closure.end", "road_closure", closure.id)
        publish_record("closure", closure, "ended", closure.agency_id, closure_dict(closure))
    return closure
