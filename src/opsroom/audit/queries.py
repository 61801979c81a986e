from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from opsroom.audit.access import access_audit_reports
from opsroom.audit.actions import GENESIS, Inspector, do_audit, entry_digest
from opsroom.audit.models import AuditEntry, AuditHead
from opsroom.core.errors import InvalidInput


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    broken_seq: int | None = None
    reason: str = ""


def verify_chain() -> ChainReport:
    """Recompute every link. A changed row breaks its own hash; a deleted or inserted row
    breaks the next row's link; a deleted tail no longer matches the head."""
    prev = GENESIS
    count = 0
    last_seq = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return ChainReport(False, count, entry.seq, "link to the previous entry is broken")
        if entry_digest(prev, entry) != entry.entry_hash:
            return ChainReport(False, count, entry.seq, "entry content does not match its hash")
        prev = entry.entry_hash
        last_seq = entry.seq
        count += 1
    head = AuditHead.objects.filter(id=1).first()
    if head and (head.entry_hash != prev or head.seq != last_seq):
        return ChainReport(False, count, last_seq + 1, "entries after this point are missing")
    return ChainReport(True, count)


REPORT_LIMIT = 1000


def _report_rows(entries: QuerySet[AuditEntry]) -> list[dict[str, Any]]:
    return [
        {"seq": e.seq, "at": e.at, "actor": e.actor_username, "agency": e.agency_code,
         "role": e.role, "action": e.action, "object_kind": e.object_kind,
         "object_id": e.object_id, "purpose": e.purpose, "client_addr": e.client_addr,
         "detail": e.detail}
        for e in entries[:REPORT_LIMIT]
    ]


def access_report(inspector: Inspector, object_kind: str, object_id: str, purpose: str
                  ) -> list[dict[str, Any]]:
    """Who viewed or changed one record: every audit entry about it, oldest first.
    Reading the audit is itself audited, with the inspector's purpose."""
    access_audit_reports(inspector)
    _need_purpose(purpose)
    rows = _report_rows(AuditEntry.objects.filter(
        object_kind=object_kind, object_id=object_id).order_by("seq"))
    do_audit(inspector, "audit.report.object", object_kind, object_id, purpose=purpose)
    return rows


def activity_report(inspector: Inspector, username: str, since: datetime, until: datetime,
                    purpose: str) -> list[dict[str, Any]]:
    """What one user did between two times: every audit entry with them as actor."""
    access_audit_reports(inspector)
    _need_purpose(purpose)
    if until <= since:
        raise InvalidInput("must be after since", field="until")
    rows = _report_rows(AuditEntry.objects.filter(
        actor_username=username, at__gte=since, at__lt=until).order_by("seq"))
    do_audit(inspector, "audit.report.user", "user", username, purpose=purpose,
             detail={"since": since.isoformat(), "until": until.isoformat()})
    return rows


def _need_purpose(purpose: str) -> None:
    if len(purpose.strip()) < 3:
        raise InvalidInput("say why you need this report", field="purpose")
