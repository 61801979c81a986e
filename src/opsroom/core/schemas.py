from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, field_validator


def _sane_instant(value: datetime) -> datetime:
    """Times in input are kept in UTC (PostgreSQL refuses offsets beyond ±15:59, which
    Python accepts) and within years an operations room can mean."""
    if not 1900 <= value.year <= 2200:
        raise ValueError("the year must be between 1900 and 2200")
    return value.astimezone(UTC) if value.tzinfo is not None else value


# A time given to the API: a datetime, normalised by _sane_instant.
Instant = Annotated[datetime, AfterValidator(_sane_instant)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


class StrictIn(Schema):
    """Input schemas refuse unknown fields and non-finite numbers: a typo in a field name
    must be an error, not a silently ignored value. NUL characters are refused anywhere in
    a field (PostgreSQL cannot store them, and no operator types one)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("NUL characters are not allowed")
        return value


class ErrorOut(Schema):
    detail: str
    field: str | None = None


# The error answers every endpoint documents, spread into its ``response``.
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                          409: ErrorOut, 422: ErrorOut}
