"""Loading reference geography (any city) from GeoJSON. All-or-nothing; a bad feature is
reported by its index and nothing is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from shapely.geometry import shape
from shapely.validation import explain_validity

from opsroom.accounts.models import User
from opsroom.audit.actions import do_audit
from opsroom.core.errors import InvalidInput
from opsroom.core.ids import stable_id
from opsroom.core.text import name_problem
from opsroom.geo import queries
from opsroom.geo.models import CityBoundary, District, Place, PlaceKind


def _features(collection: Mapping[str, Any], what: str) -> list[dict[str, Any]]:
    if collection.get("type") != "FeatureCollection" or not isinstance(
        collection.get("features"), list
    ):
        raise InvalidInput(f"{what}: not a GeoJSON FeatureCollection", field=what)
    return list(collection["features"])


def _polygon(feature: dict[str, Any], where: str) -> Any:
    try:
        geom = shape(feature["geometry"])
    except Exception as exc:
        raise InvalidInput(f"{where}: bad geometry ({exc})", field=where) from None
    if geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
        raise InvalidInput(f"{where}: not a valid polygon ({explain_validity(geom)})", field=where)
    return geom


def _required(props: Mapping[str, Any], key: str, where: str) -> str:
    value = props.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{where}: property '{key}' is required", field=f"{where}.{key}")
    return _name(value.strip(), f"{where}.{key}")


def _name(value: str, field: str) -> str:
    problem = name_problem(value)
    if problem:
        raise InvalidInput(f"{field}: {problem}", field=field)
    return value


@transaction.atomic
def do_load_geography(
    actor: User | None,
    city: Mapping[str, Any],
    districts: Mapping[str, Any],
    places: Mapping[str, Any],
) -> dict[str, int]:
    """Upsert the city boundary, districts and places by code; returns counts."""
    city_features = _features(city, "city")
    if not city_features:
        raise InvalidInput("city: no boundary feature", field="city")
    city_props = city_features[0].get("properties") or {}
    _polygon(city_features[0], "city[0]")
    CityBoundary.objects.all().delete()
    CityBoundary.objects.create(
        id=stable_id("city", "boundary"),
        name_ar=city_props.get("name_ar") or "",
        name_en=city_props.get("name_en") or "",
        geometry=city_features[0]["geometry"],
    )
    district_count = 0
    for i, feature in enumerate(_features(districts, "districts")):
        where = f"districts[{i}]"
        props = feature.get("properties") or {}
        geom = _polygon(feature, where)
        centroid = geom.representative_point()
        code = _required(props, "code", where)
        values = {
                "name_ar": _required(props, "name_ar", where),
                "name_en": _required(props, "name_en", where),
                "population": props.get("population"),
                "population_source": props.get("population_source") or "",
                "approximate": bool(props.get("approximate", False)),
                "geometry": feature["geometry"],
                "centroid_lat": round(centroid.y, 6),
                "centroid_lon": round(centroid.x, 6),
        }
        District.objects.update_or_create(
            code=code, defaults=values,
            create_defaults={**values, "id": stable_id("district", code)})
        district_count += 1
    queries.clear_caches()
    place_count = 0
    kinds = set(PlaceKind.values)
    for i, feature in enumerate(_features(places, "places")):
        where = f"places[{i}]"
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if geometry.get("type") != "Point":
            raise InvalidInput(f"{where}: geometry must be a Point", field=where)
        lon, lat = geometry["coordinates"][:2]
        if not (props.get("name_ar") or props.get("name_en")):
            raise InvalidInput(f"{where}: a place needs a name", field=f"{where}.name_ar")
        kind = props.get("kind") if props.get("kind") in kinds else PlaceKind.OTHER
        district_id = queries.district_id_at(lat, lon)
        code = _required(props, "code", where)
        values = {
            "name_ar": _name(props.get("name_ar") or "", f"{where}.name_ar"),
            "name_en": _name(props.get("name_en") or "", f"{where}.name_en"),
            "kind": kind,
            "lat": lat,
            "lon": lon,
            "district_id": district_id,
            "source": props.get("source") or "",
        }
        Place.objects.update_or_create(
            code=code, defaults=values, create_defaults={**values, "id": stable_id("place", code)})
        place_count += 1
    counts = {"districts": district_count, "places": place_count}
    do_audit(actor, "geo.load", "geography", "", detail=counts)
    transaction.on_commit(queries.clear_caches)
    return counts
