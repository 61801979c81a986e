"""Access reports for the inspector, under /api/v1/audit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from opsroom.audit import queries
from opsroom.audit.schemas import AuditRow, ObjectQuery, PeriodQuery, UserQuery
from opsroom.core.schemas import ERRORS

router = Router(tags=["audit"])


@router.get("/audit/object", response={200: list[AuditRow], **ERRORS},
            summary="Who viewed or changed one record (inspector; audited)")
def object_report(request: HttpRequest, query: Query[ObjectQuery]) -> Any:
    return queries.access_report(request.auth, query.kind, query.id,  # type: ignore[attr-defined]
                                 query.purpose)


@router.get("/audit/user", response={200: list[AuditRow], **ERRORS},
            summary="What one user did between two times (inspector; audited)")
def user_report(request: HttpRequest, query: Query[UserQuery]) -> Any:
    return queries.activity_report(request.auth, query.username,  # type: ignore[attr-defined]
                                   query.since, query.until, query.purpose)


@router.get("/audit/privileges", response={200: list[AuditRow], **ERRORS},
            summary="Every role, account and token change between two times (inspector; "
            "audited)")
def privileges_report(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    return queries.privilege_report(request.auth,  # type: ignore[attr-defined]
                                    query.since, query.until, query.purpose)
