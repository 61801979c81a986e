from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class StrictIn(Schema):
    """Input schemas refuse unknown fields and non-finite numbers: a typo in a field name
    must be an error, not a silently ignored value."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)


class ErrorOut(Schema):
    detail: str
    field: str | None = None
