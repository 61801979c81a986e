from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from opsroom.core.schemas import ERRORS
from opsroom.geo import queries
from opsroom.geo.schemas import PlaceOut

router = Router(tags=["geography"])


@router.get("/districts", response={200: dict[str, Any], **ERRORS})
def districts(request: HttpRequest) -> Any:
    """The districts as a GeoJSON FeatureCollection. Demo districts are approximate."""
    return queries.districts_feature_collection()


@router.get("/places", response={200: list[PlaceOut], **ERRORS})
def places(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=100),
    limit: int = Query(10, ge=1, le=50),
) -> Any:
    """The gazetteer: districts and places by Arabic or English name, tolerant of spelling."""
    return [hit.__dict__ for hit in queries.search_places(q, limit)]
