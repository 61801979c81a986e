from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from opsroom.core.schemas import Instant, StrictIn


class NetworkOut(Schema):
    name: str
    source: str
    synthetic: bool
    nodes: int
    edges: int
    imported_at: datetime


class ClosureIn(StrictIn):
    kind: Literal["area", "road"]
    geometry: dict[str, Any]
    reason: str = Field(min_length=1, max_length=300)
    valid_from: Instant | None = None
    valid_until: Instant | None = None


class ClosureOut(Schema):
    id: UUID
    kind: str
    geometry: dict[str, Any]
    reason: str
    agency: str
    valid_from: datetime
    valid_until: datetime | None
    active: bool
    version: int


FacilityKind = Literal["directorate", "police_station", "hospital", "clinic",
                       "weapons_collection"]


class NearestQuery(Schema):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    kind: FacilityKind


class FacilityOut(Schema):
    code: str
    name_ar: str
    name_en: str
    kind: str
    lat: float
    lon: float
    eta_s: float


class NearestOut(Schema):
    kind: str
    snap_m: float
    items: list[FacilityOut]
