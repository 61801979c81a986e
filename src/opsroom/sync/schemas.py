from __future__ import annotations

from datetime import datetime

from ninja import Schema


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
