from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from opsroom.audit.access import access_audit_reports
from opsroom.audit.actions import GENESIS, HASH_VERSION, Inspector, do_audit, entry_digest
from opsroom.audit.models import AuditEntry, AuditHead
from opsroom.core.errors import InvalidInput


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    broken_seq: int | None = None
    reason: str = ""
    # Every entry found broken (the first ones, up to BROKEN_LIMIT), with the first above.
    problems: tuple[tuple[int, str], ...] = ()

    @property
    def broken(self) -> list[int]:
        return [seq for seq, _ in self.problems]


BROKEN_LIMIT = 50


def verify_chain() -> ChainReport:
    """Recompute every link. A changed row breaks its own hash; a deleted or inserted row
    breaks the next row's link; a deleted tail no longer matches the head. The whole chain
    is read, so every broken entry is named, not only the first."""
    prev = GENESIS
    count = 0
    last_seq = 0
    second_form = False
    problems: list[tuple[int, str]] = []
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            problems.append((entry.seq, "link to the previous entry is broken"))
        if entry.hash_version not in (1, HASH_VERSION) or (
                entry.hash_version == 1 and second_form):
            problems.append((entry.seq, "entry claims a form of hash it was not written in"))
        elif entry_digest(entry.prev_hash, entry) != entry.entry_hash:
            problems.append((entry.seq, "entry content does not match its hash"))
        second_form = second_form or entry.hash_version == HASH_VERSION
        prev = entry.entry_hash
        last_seq = entry.seq
        count += 1
        if len(problems) >= BROKEN_LIMIT:
            break
    head = AuditHead.objects.filter(id=1).first()
    if len(problems) < BROKEN_LIMIT and head and (
            head.entry_hash != prev or head.seq != last_seq):
        problems.append((last_seq + 1, "entries after this point are missing"))
    if problems:
        first_seq, reason = problems[0]
        valid = AuditEntry.objects.filter(seq__lt=first_seq).count()
        return ChainReport(False, valid, first_seq, reason, tuple(problems))
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


# Entries that grant or take away access: the inspector's report of role and access changes
# lists every one of them, wherever the change was made (an action, the CLI, /admin/).
PRIVILEGE_ACTIONS = ("user.create", "user.role", "user.agency", "user.active", "user.staff",
                     "user.superuser", "user.password", "user.totp.reset", "token.create",
                     "token.revoke", "agency.create", "sync.site")


def privilege_report(inspector: Inspector, since: datetime, until: datetime,
                     purpose: str) -> list[dict[str, Any]]:
    """Every role, agency, account, password, second-factor and token change between two
    times, oldest first, whoever made it and however."""
    access_audit_reports(inspector)
    _need_purpose(purpose)
    if until <= since:
        raise InvalidInput("must be after since", field="until")
    rows = _report_rows(AuditEntry.objects.filter(
        action__in=PRIVILEGE_ACTIONS, at__gte=since, at__lt=until).order_by("seq"))
    do_audit(inspector, "audit.report.privileges", "audit", "privileges", purpose=purpose,
             detail={"since": since.isoformat(), "until": until.isoformat()})
    return rows


def _need_purpose(purpose: str) -> None:
    if len(purpose.strip()) < 3:
        raise InvalidInput("say why you need this report", field="purpose")
