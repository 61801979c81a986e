from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from opsroom.core.schemas import AwareInstant, ErrorOut, Name, StrictIn

Category = Literal["pistol", "rifle", "assault_rifle", "machine_gun", "grenade_launcher",
                   "grenade", "mine", "ammunition", "explosives", "other"]
Slug = Field(min_length=1, max_length=32, pattern=r"^[-a-zA-Z0-9_]+$")
Username = Field(min_length=1, max_length=150)
Span = list[Name]


class CampaignIn(StrictIn):
    kind: Literal["weapons", "drug_dens", "other"]
    name_ar: Name = Field(min_length=1, max_length=200)
    name_en: Name = Field(min_length=1, max_length=200)
    starts_on: date
    ends_on: date | None = None
    districts: list[Name] = Field(default_factory=list, max_length=100)  # district codes
    targets: dict[str, int] = Field(default_factory=dict, max_length=8)
    amnesty: bool = False


class TargetOut(Schema):
    key: str
    target: int
    achieved: int
    percent: float


class CampaignOut(Schema):
    id: UUID
    kind: str
    name_ar: str
    name_en: str
    starts_on: date
    ends_on: date | None
    districts: list[str]
    targets: dict[str, int]
    amnesty: bool
    owner_agency: str
    synthetic: bool


class DistrictCounts(Schema):
    district: str | None
    name_ar: str
    name_en: str
    counts: dict[str, int]


class WeekCounts(Schema):
    week: str
    counts: dict[str, int]


class StatsOut(Schema):
    campaign_id: UUID
    kind: str
    totals: dict[str, int]
    targets: list[TargetOut]
    by_district: list[DistrictCounts]
    by_week: list[WeekCounts]
    categories: dict[str, int]
    synthetic: bool


class PointIn(StrictIn):
    code: str = Slug
    name_ar: Name = Field(min_length=1, max_length=200)
    name_en: Name = Field(min_length=1, max_length=200)
    kind: Literal["directorate", "station", "camp"]
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    # {"sat": [["08:00", "14:00"]], ...}: days mon … sun, spans in city time.
    hours: dict[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                list[list[str]]] = Field(default_factory=dict)


class PointOut(Schema):
    id: UUID
    code: str
    name_ar: str
    name_en: str
    kind: str
    agency: str
    lat: float
    lon: float
    district: str | None
    hours: dict[str, list[list[str]]]
    active: bool
    open_now: bool


class NearestPointsQuery(Schema):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    limit: int = Field(default=3, ge=1, le=10)
    include_closed: bool = False


class NearPointOut(Schema):
    point: PointOut
    eta_s: float
    eta_min: int
    distance_m: float
    open_now: bool


class NearestPointsOut(Schema):
    items: list[NearPointOut]


class CampaignItemIn(StrictIn):
    category: Category
    make_model: Name = Field(default="", max_length=120)
    calibre: Name = Field(default="", max_length=40)
    serial: Name = Field(default="", max_length=60)
    condition: Literal["working", "damaged", "unserviceable", "unknown"] = "unknown"
    quantity: int = Field(default=1, ge=1, le=1_000_000)
    # A serial already handed in: the officer confirms a deliberate duplicate, and why.
    duplicate_reason: str = Field(default="", max_length=300)


class WeaponsHandoverIn(StrictIn):
    campaign_id: UUID
    point: str = Slug  # the collection point's code
    handed_at: AwareInstant | None = None
    officer: str | None = Field(default=None, min_length=1, max_length=150)
    person_id: UUID | None = None  # none in amnesty mode
    items: list[CampaignItemIn] = Field(min_length=1, max_length=200)
    notes: str = Field(default="", max_length=300)


class CustodyEventOut(Schema):
    id: UUID
    step: str
    at: datetime
    officer: str
    location: str
    to_whom: str
    witnesses: list[str]
    record_ref: str
    note: str


class CampaignItemOut(Schema):
    id: UUID
    category: str
    make_model: str
    calibre: str
    serial: str
    condition: str
    quantity: int
    custody: str
    location: str
    duplicate_of: list[str]  # other receipts of the same serial: a flagged duplicate
    duplicate_reason: str
    handover_id: UUID | None
    receipt_number: str | None
    photos: list[UUID]
    custody_events: list[CustodyEventOut] | None = None


class HandoverOut(Schema):
    id: UUID
    receipt_number: str
    verification_code: str
    campaign_id: UUID
    point: str
    handed_at: datetime
    officer: str
    person_id: UUID | None
    amnesty: bool
    district: str | None
    week: str
    items: list[CampaignItemOut]
    receipt_url: str
    synthetic: bool


class HandoverList(Schema):
    items: list[HandoverOut]


class CustodyIn(StrictIn):
    step: Literal["stored", "transferred", "destroyed"]
    at: AwareInstant | None = None
    location: str = Field(default="", max_length=200)
    to_whom: Name = Field(default="", max_length=200)
    witnesses: list[Name] = Field(default_factory=list, max_length=10)
    record_ref: Name = Field(default="", max_length=80)
    note: str = Field(default="", max_length=300)


class PhotoIn(StrictIn):
    data: str = Field(min_length=8, max_length=12_000_000)  # the image, base64


class PhotoOut(Schema):
    id: UUID
    width: int
    height: int
    url: str


class VerifyQuery(Schema):
    code: str = Field(min_length=1, max_length=20)


class VerifiedItem(Schema):
    category: str
    quantity: int
    serial: str


class VerifyOut(Schema):
    receipt_number: str
    genuine: bool
    known_here: bool
    handed_at: datetime | None = None
    point_ar: str | None = None
    point_en: str | None = None
    campaign_ar: str | None = None
    campaign_en: str | None = None
    items: list[VerifiedItem] | None = None


class SerialQuery(Schema):
    serial: str = Field(min_length=1, max_length=60)


class SerialOut(Schema):
    serial: str
    key: str
    known: bool
    receipts: list[str]


class SerialDuplicateOut(Schema):
    item_id: UUID
    serial: str
    category: str
    receipt_number: str | None
    also_on: list[str]
    deliberate: bool
    reason: str


class DuplicateList(Schema):
    items: list[SerialDuplicateOut]


class SerialErrorOut(ErrorOut):
    receipt_number: str | None = None  # the earlier receipt of a serial handed in before


class RefusalIn(StrictIn):
    prosecution: str | None = Field(default=None, min_length=1, max_length=32)
    summary: str = Field(default="", max_length=2000)


class RefusalOut(Schema):
    referral_id: UUID
    prosecution: str
    items: int


class OperationTargetIn(StrictIn):
    place: str = Field(min_length=1, max_length=300)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    warrant_id: UUID | None = None
    # Without a warrant: why none is needed (a public place, caught in the act).
    no_warrant_reason: str = Field(default="", max_length=300)


class OperationIn(StrictIn):
    campaign_id: UUID
    code: Name = Field(min_length=1, max_length=40)
    planned_at: AwareInstant
    commander: str = Username
    members: list[str] = Field(default_factory=list, max_length=100)
    units: list[UUID] = Field(default_factory=list, max_length=50)
    targets: list[OperationTargetIn] = Field(min_length=1, max_length=50)


class SeizureIn(StrictIn):
    substance: Literal["hashish", "tramadol", "captagon", "cocaine", "heroin", "cannabis",
                       "other"]
    # Kept to the gram (3 decimals, 12 digits): rounded, it must still be above 0 and fit.
    quantity: float = Field(ge=0.001, le=999_999_999.999)
    unit: Literal["g", "kg", "pills", "l", "pieces"]
    note: str = Field(default="", max_length=300)


class OutcomeIn(StrictIn):
    den_closed: bool = False
    arrest_ids: list[UUID] = Field(default_factory=list, max_length=100)
    referred: int = Field(default=0, ge=0, le=1000)
    seizures: list[SeizureIn] = Field(default_factory=list, max_length=50)
    items: list[CampaignItemIn] = Field(default_factory=list, max_length=200)
    notes: str = Field(default="", max_length=4000)


class SeizureOut(Schema):
    substance: str
    quantity: float
    unit: str
    note: str


class OperationTargetOut(Schema):
    id: UUID
    place: str
    lat: float | None
    lon: float | None
    district: str | None
    warrant_id: UUID | None
    warrant_reference: str | None
    done: bool
    den_closed: bool
    arrest_ids: list[str]
    referred: int
    notes: str
    seizures: list[SeizureOut]
    items: list[UUID]


class OperationOut(Schema):
    id: UUID
    code: str
    campaign_id: UUID
    owner_agency: str
    planned_at: datetime
    commander: str
    members: list[str]
    units: list[str]
    status: str
    briefed_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    abort_reason: str
    targets: list[OperationTargetOut]
    synthetic: bool


class OperationSummary(Schema):
    id: UUID
    code: str
    campaign_id: UUID
    planned_at: datetime
    status: str
    commander: str
    targets: int


class OperationList(Schema):
    items: list[OperationSummary]


class OperationStatusIn(StrictIn):
    status: Literal["briefed", "under_way", "completed", "aborted"]
    reason: str = Field(default="", max_length=300)


class CourseIn(StrictIn):
    code: str = Slug
    title_ar: Name = Field(min_length=1, max_length=200)
    title_en: Name = Field(min_length=1, max_length=200)
    validity_days: int = Field(default=0, ge=0, le=3 * 365)


class SessionIn(StrictIn):
    number: int = Field(ge=1, le=10_000)
    starts_on: date
    ends_on: date
    place: str = Field(default="", max_length=200)
    trainers: list[Name] = Field(min_length=1, max_length=20)


class AttendeeIn(StrictIn):
    officer: str = Username


class ResultIn(StrictIn):
    result: Literal["passed", "failed", "absent"]
    score: int | None = Field(default=None, ge=0, le=100)


class AttendanceOut(Schema):
    id: UUID
    officer: str
    officer_name: str
    result: str
    score: int | None
    capacity_id: UUID | None


class SessionOut(Schema):
    id: UUID
    number: int
    starts_on: date
    ends_on: date
    place: str
    trainers: list[str]
    attendances: list[AttendanceOut]


class CourseOut(Schema):
    id: UUID
    code: str
    title_ar: str
    title_en: str
    validity_days: int
    agency: str
    sessions: list[SessionOut]


class CourseList(Schema):
    items: list[CourseOut]


class TrainingRecordItem(Schema):
    course: str
    title_ar: str
    title_en: str
    session: int
    ends_on: date
    result: str
    score: int | None
    renewed_until: datetime | None


class TrainingRecordOut(Schema):
    officer: str
    capacity_until: datetime | None
    courses: list[TrainingRecordItem]


class ExpiringOut(Schema):
    officer: str
    officer_name: str
    agency: str
    valid_until: datetime
    days_left: int
    passed_course: bool


class ExpiringList(Schema):
    days: int
    items: list[ExpiringOut]


class RenewedCapacityOut(Schema):
    id: UUID
    officer: str
    valid_from: datetime
    valid_until: datetime


class PublicCell(Schema):
    district: str
    week: str
    items: int
    by_category: dict[str, int]


class PublicOut(Schema):
    campaign: dict[str, Any]
    minimum_count: int
    cells: list[PublicCell]
    hidden_cells: int
    items: int
    by_category: dict[str, int]
    by_district: list[dict[str, Any]]
    by_week: list[dict[str, Any]]
    synthetic: bool
