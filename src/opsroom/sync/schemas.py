from __future__ import annotations

from datetime import datetime

from ninja import Schema

from opsroom.core.schemas import StrictIn


class SiteOut(Schema):
    code: str
    name: str
    role: str
    agency: str | None
    this_site: bool
    last_contact: datetime | None
    silent: bool
    backlog: int
    lag_s: float | None
    applied: int


class SitesOut(Schema):
    site: str
    nats: bool
    silent_after_minutes: float
    pending: int
    rejected: int
    sites: list[SiteOut]


# ---- settling what a partition left (GET /sync/refused, POST /sync/refused/{id}/settle) --

class RefusedFieldOut(Schema):
    name: str
    label: str  # the field's name in the user's language
    value: str  # as a person reads it: a unit's call sign, not its id
    clashes: bool


class RefusedRecordOut(Schema):
    kind: str
    record_id: str
    model: str  # the kind of record in the user's language ("unit")
    site: str  # the site that made it
    here: bool  # made at this site
    made_at: datetime | None
    fields: list[RefusedFieldOut]


class RefusedClashOut(Schema):
    fields: list[str]
    labels: list[str]
    summary: str  # the clash in one sentence
    existing: RefusedRecordOut  # the record here it clashed with


class RefusedOut(Schema):
    id: int
    kind: str
    record_id: str
    origin_site: str
    received_at: datetime
    error: str  # what the database said
    arriving: RefusedRecordOut | None
    clash: RefusedClashOut | None  # None: nothing here clashes any more
    options: list[str]  # keep_existing, keep_refused, keep_both
    rename_field: str | None  # for keep_both: the field renamed
    rename_suggestion: str | None
    settled_at: datetime | None
    settled_by: str | None
    decision: str
    reason: str
    settled_with: str


class SettleIn(StrictIn):
    decision: str  # keep_existing | keep_refused | keep_both
    reason: str
    rename_to: str | None = None  # keep_both: the arriving record's new value
