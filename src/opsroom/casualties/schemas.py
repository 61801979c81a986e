"""What the civilian harm API takes and gives. Figures travel as {min, max, best}."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from opsroom.core.schemas import AwareInstant, ErrorOut, Name, StrictIn

StateName = Literal["unverified", "corroborated", "verified", "disputed", "rejected"]
Count = Field(ge=0, le=100_000)


class FigureIn(StrictIn):
    min: int = Count
    max: int = Count
    best: int | None = Field(default=None, ge=0, le=100_000)  # default: the minimum


class FigureOut(Schema):
    min: int
    max: int
    best: int


class HarmEventIn(StrictIn):
    event_date: date
    time_precision: Literal[1, 2, 3]
    event_type: Name = Field(min_length=1, max_length=40)
    sub_event_type: Name = Field(min_length=1, max_length=40)
    actor1: Name = Field(default="", max_length=200)
    assoc_actor_1: Name = Field(default="", max_length=200)
    actor2: Name = Field(default="", max_length=200)
    assoc_actor_2: Name = Field(default="", max_length=200)
    civilian_targeting: bool = False
    location: Name = Field(min_length=1, max_length=200)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    geo_precision: Literal[1, 2, 3]
    district: Name | None = Field(default=None, max_length=32)  # code; default: at lat/lon
    killed: FigureIn = Field(default_factory=lambda: FigureIn(min=0, max=0))
    injured: FigureIn = Field(default_factory=lambda: FigureIn(min=0, max=0))
    missing: FigureIn = Field(default_factory=lambda: FigureIn(min=0, max=0))
    notes: str = Field(default="", max_length=4000)
    incident_ids: list[UUID] = Field(default_factory=list, max_length=20)


class HarmEventPatch(StrictIn):
    event_date: date | None = None
    time_precision: Literal[1, 2, 3] | None = None
    event_type: Name | None = Field(default=None, min_length=1, max_length=40)
    sub_event_type: Name | None = Field(default=None, min_length=1, max_length=40)
    actor1: Name | None = Field(default=None, max_length=200)
    assoc_actor_1: Name | None = Field(default=None, max_length=200)
    actor2: Name | None = Field(default=None, max_length=200)
    assoc_actor_2: Name | None = Field(default=None, max_length=200)
    civilian_targeting: bool | None = None
    location: Name | None = Field(default=None, min_length=1, max_length=200)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: Literal[1, 2, 3] | None = None
    district: Name | None = Field(default=None, max_length=32)
    killed: FigureIn | None = None
    injured: FigureIn | None = None
    missing: FigureIn | None = None
    notes: str | None = Field(default=None, max_length=4000)
    incident_ids: list[UUID] | None = Field(default=None, max_length=20)


class HarmLockOut(Schema):
    held_by: str | None
    until: datetime | None
    mine: bool


class HarmSourceOut(Schema):
    id: UUID
    kind: str
    description: str
    organisation: str
    received_at: datetime
    reliability: str
    credibility: int
    grade: str  # "B2"
    killed: dict[str, int | None]
    injured: dict[str, int | None]
    missing: dict[str, int | None]
    claim: str
    archive_name: str
    archive_type: str
    archive_size: int
    archive_sha256: str
    recorded_by: str | None
    synthetic: bool


class VictimOut(Schema):
    id: UUID
    name: str | None  # None: withheld from this reader
    alias: str | None
    age: int | None
    age_band: str
    sex: str
    civilian_status: str
    outcome: str
    cause: str
    perpetrator: str
    attribution_source: UUID | None
    recorded_by: str | None
    synthetic: bool


class HarmReviewOut(Schema):
    id: UUID
    reviewer: str
    at: datetime
    from_state: str
    state: str
    reason: str
    digest: str
    previous_digest: str
    site: str
    signature: str
    audit_seq: int | None


class HarmEventOut(Schema):
    id: UUID
    agency: str
    event_date: date
    time_precision: int
    event_type: str
    sub_event_type: str
    disorder_type: str
    actor1: str
    assoc_actor_1: str
    actor2: str
    assoc_actor_2: str
    civilian_targeting: bool
    location: str
    lat: float
    lon: float
    geo_precision: int
    district: str | None
    district_name_ar: str
    district_name_en: str
    killed: FigureOut
    injured: FigureOut
    missing: FigureOut
    notes: str
    incident_ids: list[str]
    state: str
    recorded_by: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    synthetic: bool
    lock: HarmLockOut | None = None
    sources: list[HarmSourceOut] | None = None
    victims: list[VictimOut] | None = None
    reviews: list[HarmReviewOut] | None = None
    # What is wrong with the review history (a changed reason, a broken link, a signature
    # that does not verify); empty: intact.
    review_problems: list[str] = Field(default_factory=list)
    # Sources whose own figures fall outside the event's range: a recorder should look.
    outside_range: list[str] = Field(default_factory=list)


class HarmEventList(Schema):
    count: int
    items: list[HarmEventOut]


class HarmFilter(Schema):
    date_from: date | None = Field(default=None, alias="from")
    date_to: date | None = Field(default=None, alias="to")
    district: str | None = Field(default=None, max_length=32)
    state: str | None = Field(default=None, max_length=80)  # one state or a comma list
    limit: int = Field(default=200, ge=1, le=1000)


class HarmExportFilter(HarmFilter):
    format: Literal["acled", "hxl"] = "acled"


SourceKindName = Literal["hospital_record", "witness", "family", "official_statement", "media",
                         "ngo", "social_post"]


class HarmSourceIn(StrictIn):
    kind: SourceKindName
    description: str = Field(min_length=1, max_length=300)
    organisation: Name = Field(default="", max_length=200)
    received_at: AwareInstant
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    credibility: Literal[1, 2, 3, 4, 5, 6]
    killed_min: int | None = Field(default=None, ge=0, le=100_000)
    killed_max: int | None = Field(default=None, ge=0, le=100_000)
    injured_min: int | None = Field(default=None, ge=0, le=100_000)
    injured_max: int | None = Field(default=None, ge=0, le=100_000)
    missing_min: int | None = Field(default=None, ge=0, le=100_000)
    missing_max: int | None = Field(default=None, ge=0, le=100_000)
    claim: str = Field(default="", max_length=4000)
    # The archived copy: the text as received, or a file in base64 (at most
    # settings.HARM_ARCHIVE_MAX_BYTES, 700 kB by default).
    archive_text: str | None = Field(default=None, max_length=200_000)
    archive_base64: str | None = Field(default=None, max_length=7_000_000)
    archive_name: Name = Field(default="", max_length=200)
    archive_type: str = Field(default="", max_length=100, pattern=r"^[-\w.+/]*$")


class VictimIn(StrictIn):
    name: Name = Field(default="", max_length=200)  # empty: unknown
    alias: Name = Field(default="", max_length=120)
    age: int | None = Field(default=None, ge=0, le=120)
    age_band: Literal["child", "adult", "older", "unknown"] | None = None
    sex: Literal["female", "male", "unknown"] = "unknown"
    civilian_status: Literal["civilian", "non_civilian", "unknown"] = "unknown"
    outcome: Literal["killed", "injured", "missing"]
    cause: Literal["gunfire", "shelling", "air_strike", "explosive", "assault", "abduction",
                   "fire", "other", "unknown"] = "unknown"
    perpetrator: Name = Field(default="", max_length=200)
    attribution_source: UUID | None = None
    # The recorder has seen these likely duplicates and says this is someone else.
    distinct_from: list[UUID] = Field(default_factory=list, max_length=50)


class VictimDuplicateOut(Schema):
    victim_id: UUID
    event_id: UUID
    event_date: date
    location: str
    name: str
    score: float
    reason: str
    outcome: str


class VictimDuplicatesOut(Schema):
    detail: str
    field: str | None = None
    duplicates: list[VictimDuplicateOut] = Field(default_factory=list)


class VictimSimilarQuery(Schema):
    name: str = Field(min_length=1, max_length=200)


class HarmReviewIn(StrictIn):
    state: StateName
    reason: str = Field(min_length=1, max_length=2000)


class HarmRefusedOut(Schema):
    detail: str
    field: str | None = None
    missing: list[str] = Field(default_factory=list)
    # independent_sources:<n> (the event has n), good_grade, independent_of_good
    missing_codes: list[str] = Field(default_factory=list)


class HarmRangeOut(Schema):
    min: int
    max: int
    best: int


class HarmSummaryRow(Schema):
    key: str
    label_ar: str
    label_en: str
    events: int
    victims: int
    killed: HarmRangeOut
    injured: HarmRangeOut
    missing: HarmRangeOut


class OutageShareOut(Schema):
    district: str
    name_ar: str
    name_en: str
    day: date
    population: int | None
    share_without_mobile: float


class HarmSummaryOut(Schema):
    date_from: date
    date_to: date
    counted_states: list[str]
    total: HarmSummaryRow
    by_state: list[HarmSummaryRow]
    by_district: list[HarmSummaryRow]
    by_week: list[HarmSummaryRow]
    outages: list[OutageShareOut]
    sources: int


class HarmSummaryQuery(Schema):
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")
    state: str | None = Field(default=None, max_length=80)


class HarmReportQuery(HarmSummaryQuery):
    lang: Literal["ar", "en"] = "ar"


class SharingAgreementIn(StrictIn):
    monitor: Name = Field(min_length=1, max_length=32)  # the monitor agency's code
    states: list[StateName] = Field(default=["corroborated", "verified"],
                                    min_length=1, max_length=5)
    include_victims: bool = True
    include_names: bool = False
    include_sources: bool = False
    districts: list[Name] = Field(default_factory=list, max_length=100)
    starts_on: date
    ends_on: date | None = None
    reference: Name = Field(default="", max_length=120)


class SharingAgreementOut(Schema):
    id: UUID
    monitor: str
    granted_by: str
    states: list[str]
    include_victims: bool
    include_names: bool
    include_sources: bool
    districts: list[str]
    starts_on: date
    ends_on: date | None
    reference: str
    active: bool
    ended_at: datetime | None


class HarmLedgerOut(Schema):
    id: UUID
    monitor: str
    username: str
    agreement: UUID | None
    at: datetime
    what: str
    event_ids: list[str]
    detail: dict[str, object]


OperatorName = Literal["libyana", "almadar", "landline", "ltt", "internet_other"]
ServiceName = Literal["mobile_voice", "sms", "mobile_data", "landline", "internet"]


class OutageIn(StrictIn):
    districts: list[Name] = Field(min_length=1, max_length=50)  # district codes
    operator: OperatorName
    services: list[ServiceName] = Field(min_length=1, max_length=5)
    starts_at: AwareInstant
    ends_at: AwareInstant | None = None
    source: str = Field(min_length=1, max_length=300)
    notes: str = Field(default="", max_length=500)


class OutageUpdate(StrictIn):
    """Confirm a proposal (with what a person found out), dismiss it, or end an outage."""
    status: Literal["confirmed", "dismissed"] | None = None
    districts: list[Name] | None = Field(default=None, min_length=1, max_length=50)
    operator: OperatorName | None = None
    services: list[ServiceName] | None = Field(default=None, min_length=1, max_length=5)
    starts_at: AwareInstant | None = None
    ends_at: AwareInstant | None = None
    source: str | None = Field(default=None, min_length=1, max_length=300)
    notes: str | None = Field(default=None, max_length=500)


class OutageDistrictOut(Schema):
    code: str
    name_ar: str
    name_en: str


class OutageOut(Schema):
    id: UUID
    agency: str
    districts: list[OutageDistrictOut]
    operator: str
    services: list[str]
    starts_at: datetime | None
    ends_at: datetime | None
    ongoing: bool
    source: str
    status: str
    silent_site: str
    notes: str
    recorded_by: str | None
    confirmed_by: str | None
    synthetic: bool


class OutageFilter(Schema):
    date_from: date | None = Field(default=None, alias="from")
    date_to: date | None = Field(default=None, alias="to")
    status: Literal["proposed", "confirmed", "dismissed"] | None = None
    ongoing: bool | None = None


__all__ = ["ErrorOut"]
