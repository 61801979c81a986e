"""Applying the retention rules (see opsroom.core.retention)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction

from opsroom.audit.actions import do_audit
from opsroom.core.clock import now
from opsroom.core.retention import RetentionResult


def _hide_caller_field(field: str, days: int) -> int:
    from opsroom.incidents.actions import publish, record_event
    from opsroom.incidents.models import OPEN_STATUSES, Incident

    cutoff = now() - timedelta(days=days)
    hidden = 0
    stale = Incident.objects.filter(received_at__lt=cutoff).exclude(
        status__in=OPEN_STATUSES).exclude(**{field: ""}).select_related("type")
    for incident in stale.iterator(chunk_size=500):
        setattr(incident, field, "")
        incident.bump()
        incident.save(update_fields=[field, "version", "updated_at"])
        # The timeline says it happened, never what the value was.
        record_event(incident, None, field, "hidden", None)
        publish(incident, "retention")
        hidden += 1
    return hidden


@transaction.atomic
def do_apply_retention() -> list[RetentionResult]:
    from opsroom.accounts.models import FailedLogin
    from opsroom.core.models import ChangeEvent
    from opsroom.dispatch.models import UnitEvent
    from opsroom.sync.models import OutboxEntry

    days = settings.RETENTION_DAYS
    moment = now()
    results = [
        RetentionResult("caller_phone", days["caller_phone"],
                        _hide_caller_field("caller_phone", days["caller_phone"])),
        RetentionResult("caller_name", days["caller_name"],
                        _hide_caller_field("caller_name", days["caller_name"])),
        RetentionResult("change_events", days["change_events"], ChangeEvent.objects.filter(
            at__lt=moment - timedelta(days=days["change_events"])).delete()[0]),
        RetentionResult("unit_positions", days["unit_positions"], UnitEvent.objects.filter(
            kind="position", at__lt=moment - timedelta(days=days["unit_positions"])
        ).delete()[0]),
        RetentionResult("failed_logins", days["failed_logins"], FailedLogin.objects.filter(
            at__lt=moment - timedelta(days=days["failed_logins"])).delete()[0]),
        RetentionResult("sync_outbox", days["sync_outbox"], OutboxEntry.objects.filter(
            sent_at__isnull=False,
            sent_at__lt=moment - timedelta(days=days["sync_outbox"])).delete()[0]),
    ]
    for result in results:
        if result.affected:
            do_audit(None, f"retention.{result.kind}", "retention", result.kind,
                     detail={"days": result.days, "affected": result.affected})
    return results


def start_daily_retention() -> threading.Thread:
    """For `opsroom serve`: apply the rules shortly after start, then once a day."""

    def run() -> None:
        time.sleep(60)
        while True:
            try:
                close_old_connections()
                do_apply_retention()
            except Exception:  # try again tomorrow rather than stop serving
                import logging

                logging.getLogger(__name__).exception("retention failed")
            time.sleep(24 * 3600)

    thread = threading.Thread(target=run, name="retention", daemon=True)
    thread.start()
    return thread
