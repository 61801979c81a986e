from __future__ import annotations

from dataclasses import dataclass

from opsroom.audit.actions import GENESIS, entry_digest
from opsroom.audit.models import AuditEntry, AuditHead


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
