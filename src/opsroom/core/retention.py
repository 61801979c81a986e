"""Retention: how long each kind of record is kept, and hiding callers' details in time.

Configured by OPSROOM_RETENTION_DAYS, e.g. ``caller_phone=60,change_events=3``; kinds not
named keep their defaults. `opsroom retention run` applies the rules (and `opsroom serve`
does so daily); each rule that changes anything leaves one audit entry with its count.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

DEFAULT_DAYS = {
    # A caller's phone number is hidden this long after the call, once the incident is
    # no longer open (nobody needs to call back), and the name a while later.
    "caller_phone": 90,
    "caller_name": 365,
    # The live stream's change rows: only reconnecting screens read them.
    "change_events": 7,
    # Unit position reports (statuses are kept: they are the response record).
    "unit_positions": 30,
    # Failed sign-ins matter only within the back-off window.
    "failed_logins": 1,
    # Sync outbox entries JetStream has acknowledged (unsent ones are never deleted).
    "sync_outbox": 30,
}


def retention_days(raw: str | None = None) -> dict[str, int]:
    raw = os.environ.get("OPSROOM_RETENTION_DAYS", "") if raw is None else raw
    days = dict(DEFAULT_DAYS)
    for part in filter(None, (p.strip() for p in raw.split(","))):
        kind, _, value = part.partition("=")
        kind = kind.strip()
        if kind not in DEFAULT_DAYS:
            raise ImproperlyConfigured(
                f"OPSROOM_RETENTION_DAYS: unknown kind {kind!r}; known: {', '.join(DEFAULT_DAYS)}")
        if not value.strip().isdigit() or int(value) < 1:
            raise ImproperlyConfigured(
                f"OPSROOM_RETENTION_DAYS: {kind} needs a whole number of days (at least 1)")
        days[kind] = int(value)
    return days


@dataclass(frozen=True)
class RetentionResult:
    kind: str
    days: int
    affected: int
