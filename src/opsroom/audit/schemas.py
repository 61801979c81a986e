from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from opsroom.core.schemas import Instant


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


class PeriodQuery(Schema):
    since: Instant
    until: Instant
    purpose: str = Field(max_length=300)
