"""Anchoring the audit chain: its head, published where a database editor cannot reach.

`opsroom audit anchor` (and `opsroom serve`, every OPSROOM_AUDIT_ANCHOR_MINUTES) records
the head's sequence number and hash: as a row (which sync carries to other sites), as a
line appended to DATA_DIR/audit-anchors.jsonl (for backups, printouts, other systems),
and on the live stream to inspectors. `opsroom audit verify` checks every anchor in that
file against the chain: a chain rewritten from some entry on, with every hash recomputed,
passes its own links but not an anchor taken before the rewrite.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction

from opsroom.audit.models import AuditAnchor, AuditEntry, AuditHead
from opsroom.core.bus import publish_record

log = logging.getLogger(__name__)


def anchors_file() -> Path:
    return Path(settings.DATA_DIR) / "audit-anchors.jsonl"


@transaction.atomic
def do_anchor() -> AuditAnchor:
    head = AuditHead.objects.filter(id=1).first()
    seq, entry_hash = (head.seq, head.entry_hash) if head else (0, "0" * 64)
    anchor = AuditAnchor.objects.create(seq=seq, entry_hash=entry_hash)
    line = json.dumps({"seq": seq, "hash": entry_hash, "at": anchor.at.isoformat(),
                       "site": anchor.origin_site})
    path = anchors_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    publish_record("audit_anchor", anchor, "created", None,
                   {"seq": seq, "hash": entry_hash, "at": anchor.at, "site": anchor.origin_site})
    return anchor


@dataclass(frozen=True)
class AnchorReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify_anchors(path: Path | None = None) -> AnchorReport:
    """Every anchor in the file must name an entry of the chain with the same hash."""
    path = path or anchors_file()
    if not path.exists():
        return AnchorReport(True, 0)
    checked = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            anchor = json.loads(line)
            seq, expected = int(anchor["seq"]), str(anchor["hash"])
        except (ValueError, KeyError, TypeError):
            return AnchorReport(False, checked, None, f"line {number} of {path} is not an anchor")
        if seq == 0:
            checked += 1
            continue
        actual = AuditEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()
        if actual != expected:
            why = "is missing" if actual is None else "no longer has the anchored hash"
            return AnchorReport(False, checked, seq, f"entry {why} (anchor on line {number})")
        checked += 1
    return AnchorReport(True, checked)


def start_periodic_anchoring(minutes: int) -> threading.Thread | None:
    """A background thread for `opsroom serve`: an anchor every ``minutes`` (0: none)."""
    if minutes <= 0:
        return None
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(minutes * 60):
            try:
                close_old_connections()
                do_anchor()
            except Exception:  # the database may be away for a moment: try next time
                log.exception("audit anchoring failed")

    thread = threading.Thread(target=run, name="audit-anchor", daemon=True)
    thread.start()
    return thread
