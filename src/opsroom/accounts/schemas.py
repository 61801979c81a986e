from __future__ import annotations

from uuid import UUID

from ninja import Schema


class MeOut(Schema):
    id: UUID
    username: str
    role: str
    agency: str
    language: str
    capabilities: list[str]
