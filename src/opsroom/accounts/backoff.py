"""Sign-in back-off: guessing passwords or API tokens gets slow, then stops.

After LOGIN_MAX_FAILURES failures for one username (or unknown tokens from one client
address) within LOGIN_WINDOW_SECONDS, further attempts are refused with HTTP 429 until
the oldest of those failures leaves the window. Refused attempts are audited but not
counted, so a blocked user is free again on time.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from opsroom.accounts.models import FailedLogin
from opsroom.audit.actions import do_audit
from opsroom.core.clock import now
from opsroom.core.errors import OpsError


class TooManyAttempts(OpsError):
    status = 429

    def __init__(self, retry_after_s: int) -> None:
        minutes = max(1, math.ceil(retry_after_s / 60))
        super().__init__(f"too many failed attempts; try again in {minutes} min")
        self.retry_after_s = retry_after_s


def user_key(username: str) -> str:
    return f"user:{username.strip().lower()[:150]}"


def addr_key(addr: str | None) -> str:
    return f"addr:{addr or 'unknown'}"


def blocked_for(key: str) -> int:
    """Seconds until ``key`` may try again (0: it may now)."""
    window = timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)
    moment = now()
    recent = list(
        FailedLogin.objects.filter(key=key, at__gt=moment - window)
        .order_by("-at").values_list("at", flat=True)[: settings.LOGIN_MAX_FAILURES]
    )
    if len(recent) < settings.LOGIN_MAX_FAILURES:
        return 0
    return max(1, math.ceil((recent[-1] + window - moment).total_seconds()))


@transaction.atomic
def do_record_failure(key: str, what: str, addr: str | None) -> None:
    FailedLogin.objects.create(key=key)
    do_audit(None, f"{what}.failed", "login", key[:64], detail={"client": addr or ""})
    # Keep the table small: nothing older than the window matters.
    FailedLogin.objects.filter(
        at__lt=now() - timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)).delete()


def do_note_blocked(key: str, what: str, addr: str | None, wait_s: int) -> None:
    do_audit(None, f"{what}.blocked", "login", key[:64],
             detail={"client": addr or "", "retry_after_s": wait_s})


def do_clear_failures(key: str) -> None:
    FailedLogin.objects.filter(key=key).delete()


def drop_failed_logins(cutoff: datetime) -> int:
    """Retention: failed sign-ins matter only within the back-off window."""
    return FailedLogin.objects.filter(at__lt=cutoff).delete()[0]
