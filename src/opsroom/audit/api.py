"""Access reports for the inspector, under /api/v1/audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from opsroom.audit import queries
from opsroom.core.schemas import Instant
from opsroom.incidents.api import ERRORS

router = Router(tags=["audit"])


class AuditRow(Schema):
    seq: int
    at: datetime
    actor: str
    agency: str
    role: str
    action: str
    object_kind: str
    object_id: str
    purpose: str
    client_addr: str
    detail: dict[str, Any]


class ObjectQuery(Schema):
    kind: str = Field(min_length=1, max_length=32)
    id: str = Field(min_length=1, max_length=64)
    purpose: str = Field(max_length=300)


class UserQuery(Schema):
    username: str = Field(min_length=1, max_length=150)
    since: Instant
    until: Instant
    purpose: str = Field(max_length=300)


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
