"""GET /api/v1/sites: every site's sync state."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router

from opsroom.core.schemas import ERRORS
from opsroom.sync import queries
from opsroom.sync.schemas import SitesOut

router = Router(tags=["sync"])


@router.get("/sites", response={200: SitesOut, **ERRORS},
            summary="Every known site: last contact, outbox backlog, replication lag")
def sites(request: HttpRequest) -> Any:
    rows = queries.visible_site_health(request.auth)  # type: ignore[attr-defined]
    return {"site": settings.SITE_CODE, "nats": bool(settings.NATS_URL),
            "silent_after_minutes": settings.SYNC_SILENT_MINUTES,
            **queries.problem_counts(), "sites": [r.as_dict() for r in rows]}
