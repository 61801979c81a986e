"""GET /api/v1/sites: every site's sync state; what a partition left refused, settled."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router

from opsroom.core.schemas import ERRORS
from opsroom.sync import queries, settling
from opsroom.sync.actions import do_settle_refused
from opsroom.sync.schemas import RefusedOut, SettleIn, SitesOut

router = Router(tags=["sync"])


@router.get("/sites", response={200: SitesOut, **ERRORS},
            summary="Every known site: last contact, outbox backlog, replication lag")
def sites(request: HttpRequest) -> Any:
    rows = queries.visible_site_health(request.auth)  # type: ignore[attr-defined]
    return {"site": settings.SITE_CODE, "nats": bool(settings.NATS_URL),
            "silent_after_minutes": settings.SYNC_SILENT_MINUTES,
            **queries.problem_counts(), "sites": [r.as_dict() for r in rows]}


@router.get("/sync/refused", response={200: list[RefusedOut], **ERRORS},
            summary="Changes a constraint refused, each beside the record it clashed with")
def refused(request: HttpRequest) -> Any:
    return queries.refused_changes(request.auth)  # type: ignore[attr-defined]


@router.post("/sync/refused/{refused_id}/settle", response={200: RefusedOut, **ERRORS},
             summary="Settle a refused change: keep_existing, keep_refused or keep_both")
def settle(request: HttpRequest, refused_id: int, body: SettleIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    row = do_settle_refused(user, refused_id, body.decision, body.reason, body.rename_to)
    return settling.describe(row)
