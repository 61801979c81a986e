"""Who is acting and from where, for the audit log, without threading it through every call."""

from __future__ import annotations

from contextvars import ContextVar

client_addr: ContextVar[str | None] = ContextVar("client_addr", default=None)
