from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from opsroom.core.schemas import Instant, Name, StrictIn
from opsroom.incidents.models import Status


class LocationIn(StrictIn):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    precision_m: int | None = Field(default=None, ge=0, le=100_000)


class CallerIn(StrictIn):
    name: Name = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40, pattern=r"^[0-9+\-() ]*$")


class IncidentIn(StrictIn):
    type: str = Field(min_length=1, max_length=48)
    priority: int | None = Field(default=None, ge=1, le=4)
    location: LocationIn | None = None
    address: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=10_000)
    caller: CallerIn | None = None


class IncidentPatch(StrictIn):
    type: str | None = Field(default=None, min_length=1, max_length=48)
    priority: int | None = Field(default=None, ge=1, le=4)
    location: LocationIn | None = None
    address: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=10_000)
    caller: CallerIn | None = None


class NoteIn(StrictIn):
    text: str = Field(min_length=1, max_length=4000)


class StatusIn(StrictIn):
    status: str = Field(min_length=1, max_length=16)
    reason: str = Field(default="", max_length=500)


class MergeIn(StrictIn):
    into: UUID


class IncidentTypeOut(Schema):
    code: str
    name_ar: str
    name_en: str
    cap_category: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    default_priority: int
    required_capabilities: list[str]


class LocationOut(Schema):
    lat: float
    lon: float
    precision_m: int | None


class DistrictRef(Schema):
    id: UUID
    code: str
    name_ar: str
    name_en: str


class UnitRef(Schema):
    unit_id: UUID
    call_sign: str
    status: str


class CallerOut(Schema):
    name: str
    phone: str


class IncidentOut(Schema):
    id: UUID
    number: str
    type: str
    type_name_ar: str
    type_name_en: str
    priority: int
    status: str
    location: LocationOut | None
    address: str
    district: DistrictRef | None
    description: str
    agency: str
    received_at: datetime
    dispatched_at: datetime | None
    en_route_at: datetime | None
    on_scene_at: datetime | None
    cleared_at: datetime | None
    closed_at: datetime | None
    intervals: dict[str, float | None]
    units: list[UnitRef]
    merged_into: UUID | None
    version: int
    updated_at: datetime
    caller: CallerOut | None = None


class IncidentPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[IncidentOut]


class EventOut(Schema):
    id: UUID
    incident_id: UUID
    incident_number: str
    kind: str
    value: Any
    previous_value: Any
    actor: str | None
    at: datetime


class IncidentFilters(Schema):
    status: list[Literal[tuple(Status.values)]] | None = None  # type: ignore[valid-type]
    type: str | None = Field(default=None, max_length=48)
    priority: int | None = Field(default=None, ge=1, le=4)
    district: str | None = Field(default=None, max_length=64)
    since: Instant | None = None
    until: Instant | None = None
    q: str | None = Field(default=None, max_length=100)
    open: bool | None = None
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=1_000_000)  # within what a database can page


class DuplicateQuery(Schema):
    type: str = Field(min_length=1, max_length=48)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class DuplicateOut(Schema):
    distance_m: float
    incident: IncidentOut
