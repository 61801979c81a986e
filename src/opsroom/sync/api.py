"""GET /api/v1/sites: every site's sync state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema

from opsroom.incidents.api import ERRORS
from opsroom.sync import queries

router = Router(tags=["sync"])


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


@router.get("/sites", response={200: SitesOut, **ERRORS},
            summary="Every known site: last contact, outbox backlog, replication lag")
def sites(request: HttpRequest) -> Any:
    rows = queries.visible_site_health(request.auth)  # type: ignore[attr-defined]
    return {"site": settings.SITE_CODE, "nats": bool(settings.NATS_URL),
            "silent_after_minutes": settings.SYNC_SILENT_MINUTES,
            **queries.problem_counts(), "sites": [r.as_dict() for r in rows]}
