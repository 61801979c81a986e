from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, get_args

from ninja import Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic.fields import FieldInfo

from opsroom.core.text import name_problem, text_problem


def _sane_instant(value: datetime) -> datetime:
    """Times in input are kept in UTC (PostgreSQL refuses offsets beyond ±15:59, which
    Python accepts) and within years an operations room can mean."""
    if not 1900 <= value.year <= 2200:
        raise ValueError("the year must be between 1900 and 2200")
    return value.astimezone(UTC) if value.tzinfo is not None else value


# A time given to the API: a datetime, normalised by _sane_instant.
Instant = Annotated[datetime, AfterValidator(_sane_instant)]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("the time needs a timezone offset, such as +02:00")
    return value


# A time that must say its timezone (a legal record: an arrest, a warrant's validity).
AwareInstant = Annotated[datetime, AfterValidator(_sane_instant), AfterValidator(_aware)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


def _reordering(value: Any) -> str | None:
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, dict):
        return next(filter(None, (_reordering(k) or _reordering(v)
                                  for k, v in value.items())), None)
    if isinstance(value, (list, tuple)):
        return next(filter(None, (_reordering(v) for v in value)), None)
    return None


def _name(value: str) -> str:
    problem = name_problem(value)
    if problem:
        raise ValueError(problem)
    return value


# A person's or place's name given to the API: no invisible characters (opsroom.core.text).
Name = Annotated[str, AfterValidator(_name)]


def _is_schema(field: FieldInfo) -> bool:
    kinds = get_args(field.annotation) or (field.annotation,)
    return any(isinstance(kind, type) and issubclass(kind, BaseModel) for kind in kinds)


class StrictIn(Schema):
    """Input schemas refuse unknown fields and non-finite numbers: a typo in a field name
    must be an error, not a silently ignored value. NUL characters are refused anywhere in
    a field (PostgreSQL cannot store them, and no operator types one), and so are the
    bidirectional controls that reorder text on screen (opsroom.core.text)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, dict) and _is_schema(cls.model_fields[str(info.field_name)]):
            return value  # a nested schema checks its own fields, and names them
        if _has_nul(value):
            raise ValueError("NUL characters are not allowed")
        problem = _reordering(value)
        if problem:
            raise ValueError(problem)
        return value


class ErrorOut(Schema):
    detail: str
    field: str | None = None


# The error answers every endpoint documents, spread into its ``response``.
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                          409: ErrorOut, 422: ErrorOut}
