"""Applying the retention rules the apps registered (see opsroom.core.retention)."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from django.db import close_old_connections, transaction

from opsroom.core.clock import now
from opsroom.core.models import ChangeEvent
from opsroom.core.retention import (
    RetentionResult,
    retention_days,
    retention_observers,
    retention_rules,
)

log = logging.getLogger(__name__)


def drop_change_events(cutoff: datetime) -> int:
    return ChangeEvent.objects.filter(at__lt=cutoff).delete()[0]


@transaction.atomic
def do_apply_retention() -> list[RetentionResult]:
    """Every rule, in one transaction; each rule that changed anything is told to the
    observers (the audit app records it in the chain, with its count)."""
    days = retention_days()
    moment = now()
    results = []
    for rule in retention_rules():
        kept = days[rule.kind]
        result = RetentionResult(rule.kind, kept, rule.apply(moment - timedelta(days=kept)))
        if result.affected:
            for observer in retention_observers():
                observer(result)
        results.append(result)
    return results


def start_daily_retention() -> threading.Thread:
    """For `opsroom serve`: apply the rules shortly after start, then once a day."""
    retention_days()  # a misconfigured OPSROOM_RETENTION_DAYS stops the server at start

    def run() -> None:
        time.sleep(60)
        while True:
            try:
                close_old_connections()
                do_apply_retention()
            except Exception:  # try again tomorrow rather than stop serving
                log.exception("retention failed")
            time.sleep(24 * 3600)

    thread = threading.Thread(target=run, name="retention", daemon=True)
    thread.start()
    return thread
