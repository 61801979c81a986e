from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from opsroom.core.schemas import AwareInstant, Name, StrictIn

Purpose = Field(min_length=3, max_length=300)
NameField = Field(default="", max_length=80)


class DocumentIn(StrictIn):
    kind: Literal["passport", "id_card", "family_booklet", "driving_licence", "other"]
    number: Name = Field(min_length=1, max_length=40)
    issued_by: str = Field(default="", max_length=120)
    valid_until: date | None = None


class PersonIn(StrictIn):
    first_name: Name = Field(min_length=1, max_length=80)
    father_name: Name = NameField
    grandfather_name: Name = NameField
    family_name: Name = Field(min_length=1, max_length=80)
    mother_name: Name = Field(default="", max_length=160)
    latin_name: Name = Field(default="", max_length=200)
    aliases: list[Name] = Field(default_factory=list, max_length=20)
    sex: Literal["male", "female", "unknown"] = "unknown"
    birth_date: date | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2200)
    national_number: str = Field(default="", max_length=12, pattern=r"^\d*$")
    notes: str = Field(default="", max_length=4000)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=10)


class PersonPatch(StrictIn):
    first_name: Name | None = Field(default=None, min_length=1, max_length=80)
    father_name: Name | None = Field(default=None, max_length=80)
    grandfather_name: Name | None = Field(default=None, max_length=80)
    family_name: Name | None = Field(default=None, min_length=1, max_length=80)
    mother_name: Name | None = Field(default=None, max_length=160)
    latin_name: Name | None = Field(default=None, max_length=200)
    aliases: list[Name] | None = Field(default=None, max_length=20)
    sex: Literal["male", "female", "unknown"] | None = None
    birth_date: date | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2200)
    national_number: str | None = Field(default=None, max_length=12, pattern=r"^\d*$")
    notes: str | None = Field(default=None, max_length=4000)


class DocumentOut(Schema):
    id: UUID
    kind: str
    number: str
    issued_by: str
    valid_until: date | None


class PersonOut(Schema):
    id: UUID
    first_name: str
    father_name: str
    grandfather_name: str
    family_name: str
    full_name: str
    mother_name: str
    latin_name: str
    aliases: list[str]
    sex: str
    birth_date: date | None
    birth_year: int | None
    national_number: str
    notes: str
    status: str
    merged_into: UUID | None
    synthetic: bool
    version: int
    documents: list[DocumentOut]
    resolved_from: UUID | None = None


class PersonHit(Schema):
    id: UUID
    score: float
    reason: str
    full_name: str
    latin_name: str
    birth_year: int | None
    national_number: str
    synthetic: bool


class PersonSearchOut(Schema):
    count: int
    items: list[PersonHit]


class SearchQuery(Schema):
    q: str = Field(min_length=1, max_length=200)
    purpose: str = Purpose
    limit: int = Field(default=10, ge=1, le=50)


class PurposeQuery(Schema):
    purpose: str = Purpose


class MergeIn(StrictIn):
    into: UUID
    reason: str = Field(min_length=3, max_length=300)


class MergeOut(Schema):
    id: UUID
    survivor_id: UUID
    merged_id: UUID
    at: datetime
    undone_at: datetime | None


class DuplicateOut(Schema):
    a: UUID
    b: UUID
    a_name: str
    b_name: str
    score: float
    reason: str


class WarrantIn(StrictIn):
    kind: Literal["arrest", "search", "seizure", "summons"]
    reference: Name = Field(min_length=1, max_length=60)
    person_id: UUID | None = None
    place: str = Field(default="", max_length=300)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    offences: list[str] = Field(default_factory=list, max_length=20)
    caution: str = Field(default="", max_length=200)
    valid_until: AwareInstant | None = None


class ReasonIn(StrictIn):
    reason: str = Field(min_length=1, max_length=300)


class WarrantOut(Schema):
    id: UUID
    kind: str
    reference: str
    issuing_agency: str
    person_id: UUID | None
    place: str
    offences: list[str]
    caution: str
    issued_at: datetime
    valid_until: datetime | None
    status: str
    withdrawn_reason: str
    version: int


class WantedQuery(Schema):
    q: str = Field(default="", max_length=200)
    national_number: str = Field(default="", max_length=12, pattern=r"^\d*$")
    purpose: str = Purpose


class WantedMatch(Schema):
    reference: str
    issuing_agency: str
    caution: str
    valid_until: datetime | None
    match: str
    score: float


class WantedOut(Schema):
    wanted: bool
    matches: list[WantedMatch]


class CapacityIn(StrictIn):
    officer: str = Field(min_length=1, max_length=150)  # username
    valid_until: AwareInstant
    valid_from: AwareInstant | None = None


class CapacityOut(Schema):
    id: UUID
    officer: str
    granting_agency: str
    valid_from: datetime
    valid_until: datetime
    revoked_at: datetime | None


class ArrestIn(StrictIn):
    person_id: UUID
    arrested_at: AwareInstant
    place: str = Field(min_length=1, max_length=300)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    unit_id: UUID | None = None
    officer: str = Field(min_length=1, max_length=150)  # the officer's username
    basis: Literal["warrant", "in_the_act"]
    warrant_id: UUID | None = None
    justification: str = Field(default="", max_length=4000)
    offences: list[str] = Field(default_factory=list, max_length=20)


class CustodyOut(Schema):
    offence_class: str
    limit_at: datetime
    limit_hours: float
    source: str
    verified: bool
    running: bool
    remaining_s: int | None
    fraction: float | None


class ArrestOut(Schema):
    id: UUID
    person_id: UUID
    person: str
    arrested_at: datetime
    place: str
    unit: str | None
    officer: str
    holding_agency: str
    basis: str
    warrant_id: UUID | None
    justification: str
    offences: list[str]
    status: str
    prosecution: str | None
    handed_over_at: datetime | None
    acknowledged_at: datetime | None
    released_at: datetime | None
    release_reason: str
    rights: dict[str, datetime | None]
    custody: CustodyOut
    version: int


class HandoverIn(StrictIn):
    prosecution: str = Field(min_length=1, max_length=32)  # agency code


class RightIn(StrictIn):
    right: Literal["told_reason", "lawyer_offered", "family_informed", "medical_check"]
    at: AwareInstant | None = None


class AlarmOut(Schema):
    id: UUID
    arrest_id: UUID
    person: str
    step: str
    raised_at: datetime
    limit_at: datetime
    acknowledged_at: datetime | None


class CustodyBoardOut(Schema):
    arrests: list[ArrestOut]
    alarms: list[AlarmOut]
    limits: list[dict[str, Any]]


class ItemIn(StrictIn):
    category: Literal["weapon", "ammunition", "drugs", "money", "document", "vehicle", "other"]
    description: str = Field(min_length=1, max_length=300)
    quantity: int = Field(default=1, ge=1, le=100_000)
    seized: bool = True


class SearchIn(StrictIn):
    place: str = Field(min_length=1, max_length=300)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    started_at: AwareInstant
    ended_at: AwareInstant | None = None
    officer: str = Field(min_length=1, max_length=150)
    present: list[Name] = Field(default_factory=list, max_length=30)
    basis: Literal["warrant", "consent", "in_the_act"]
    warrant_id: UUID | None = None
    consent_by: Name = Field(default="", max_length=200)
    consent_signed: bool = False
    justification: str = Field(default="", max_length=4000)
    person_id: UUID | None = None
    items: list[ItemIn] = Field(default_factory=list, max_length=200)


class ItemOut(Schema):
    id: UUID
    category: str
    description: str
    quantity: int
    seized: bool


class SearchOut(Schema):
    id: UUID
    place: str
    started_at: datetime
    ended_at: datetime | None
    officer: str
    present: list[str]
    holding_agency: str
    basis: str
    warrant_id: UUID | None
    consent_by: str
    justification: str
    person_id: UUID | None
    items: list[ItemOut]


class ReferralIn(StrictIn):
    person_id: UUID
    prosecution: str = Field(min_length=1, max_length=32)
    offences: list[str] = Field(min_length=1, max_length=20)
    arrest_ids: list[UUID] = Field(default_factory=list, max_length=20)
    item_ids: list[UUID] = Field(default_factory=list, max_length=200)
    summary: str = Field(default="", max_length=4000)


class ReferralOut(Schema):
    id: UUID
    person_id: UUID
    person: str
    from_agency: str
    prosecution: str
    offences: list[str]
    arrest_ids: list[str]
    item_ids: list[str]
    summary: str
    referred_at: datetime
    status: str
    acknowledged_at: datetime | None
    overdue: bool


class SentenceIn(StrictIn):
    court: str = Field(min_length=1, max_length=32)  # agency code
    executing_agency: str = Field(min_length=1, max_length=32)
    case_number: Name = Field(min_length=1, max_length=60)
    judgment_date: date
    person_id: UUID
    kind: Literal["imprisonment", "fine", "other"]
    term_days: int | None = Field(default=None, ge=1, le=365 * 99)
    fine_lyd: Decimal | None = Field(default=None, gt=0, max_digits=12, decimal_places=3)
    measure: str = Field(default="", max_length=300)
    received_at: AwareInstant | None = None  # a paper sentence received earlier


class SentenceStatusIn(StrictIn):
    status: Literal["assigned", "located", "executed", "unable", "suspended"]
    unit_id: UUID | None = None
    note: str = Field(default="", max_length=300)


class SentenceOut(Schema):
    id: UUID
    court: str
    executing_agency: str
    case_number: str
    judgment_date: date
    person_id: UUID
    person: str
    kind: str
    term_days: int | None
    fine_lyd: str | None
    measure: str
    status: str
    received_at: datetime
    unit: str | None
    outcome: str
    closed_at: datetime | None
    overdue: bool
