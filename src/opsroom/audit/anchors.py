"""Anchoring the audit chain: its head, signed and published where a database editor cannot
reach.

An anchor records the head's sequence number and hash, signed with the site's Ed25519 key
(opsroom.core.keys: a file in the data directory, outside the database). It is kept as a
row, which sync carries to every other site (the operations room holds every site's
anchors, every leaf the hub's, and a site that receives an anchor never lets it change),
as a line appended to DATA_DIR/audit-anchors.jsonl, and on the live stream to inspectors.

`opsroom serve` anchors every OPSROOM_AUDIT_ANCHOR_MINUTES (one by default) whenever the
chain has grown; `opsroom audit anchor` anchors now. `opsroom audit verify` checks every
anchor of this site, in the database and in the file: a chain rewritten from some entry on,
with every hash recomputed, passes its own links but not an anchor taken before the
rewrite, and a forged anchor fails its signature. `--against SITE` checks this site's
chain against the copies of its anchors that another site holds, which nobody here can
delete. docs/security.md says what this does and does not prove.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction

from opsroom.audit.models import AuditAnchor, AuditEntry, AuditHead
from opsroom.core import keys
from opsroom.core.bus import publish_record
from opsroom.core.clock import now

log = logging.getLogger(__name__)

ANCHOR_FORM = "opsroom-audit-anchor/1"


def anchors_file() -> Path:
    return Path(settings.DATA_DIR) / "audit-anchors.jsonl"


def anchor_message(site: str, seq: int, entry_hash: str, at: str) -> bytes:
    """What an anchor's signature covers: the site, the entry and its hash, and the time."""
    return f"{ANCHOR_FORM}\n{site}\n{seq}\n{entry_hash}\n{at}".encode()


def anchor_record(anchor: AuditAnchor) -> dict[str, Any]:
    """An anchor as it is written to the file and sent to another site."""
    return {"seq": anchor.seq, "hash": anchor.entry_hash, "at": anchor.at.isoformat(),
            "site": anchor.origin_site, "signature": anchor.signature}


@transaction.atomic
def do_anchor() -> AuditAnchor:
    """Anchor the chain's head now."""
    head = AuditHead.objects.filter(id=1).first()
    seq, entry_hash = (head.seq, head.entry_hash) if head else (0, "0" * 64)
    site = settings.SITE_CODE
    at = now()
    signature = keys.sign(anchor_message(site, seq, entry_hash, at.isoformat()))
    anchor = AuditAnchor.objects.create(seq=seq, entry_hash=entry_hash, at=at,
                                        signature=signature)
    record = anchor_record(anchor)
    path = anchors_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    publish_record("audit_anchor", anchor, "created", None, record)
    return anchor


@transaction.atomic
def do_anchor_if_grown() -> AuditAnchor | None:
    """Anchor only if the chain grew since this site's last anchor: a quiet site does not
    fill the table (the periodic anchoring of `opsroom serve`)."""
    head = AuditHead.objects.select_for_update().filter(id=1).first()
    last = AuditAnchor.objects.filter(origin_site=settings.SITE_CODE).order_by(
        "-seq", "-at").first()
    if head is None or (last is not None and (last.seq, last.entry_hash)
                        == (head.seq, head.entry_hash)):
        return None
    return do_anchor()


@dataclass(frozen=True)
class AnchorReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    unsigned: int = 0  # anchors taken before anchors were signed (hash checked only)


def own_anchor_records() -> list[dict[str, Any]]:
    """This site's anchors as its own database holds them."""
    return [anchor_record(a) for a in AuditAnchor.objects.filter(
        origin_site=settings.SITE_CODE).order_by("seq", "at")]


def held_anchor_records(site: str) -> list[dict[str, Any]]:
    """The anchors of ``site`` this database holds (what this site answers when that site
    asks to be checked against it)."""
    return [anchor_record(a) for a in AuditAnchor.objects.filter(
        origin_site=site).order_by("seq", "at")]


def _file_records(path: Path) -> tuple[list[tuple[str, dict[str, Any]]], AnchorReport | None]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            int(record["seq"]), str(record["hash"])
        except (ValueError, KeyError, TypeError):
            return [], AnchorReport(False, 0, None, f"line {number} of {path} is not an anchor")
        records.append((f"line {number} of {path.name}", record))
    return records, None


def check_anchor_records(records: Iterable[tuple[str, dict[str, Any]]]) -> AnchorReport:
    """Each record (where it came from, the anchor) of this site must be signed by this
    site's key and name an entry of the chain with the same hash."""
    site = settings.SITE_CODE
    public_key = keys.public_key_text()
    checked = unsigned = 0
    for where, record in records:
        seq, expected = int(record["seq"]), str(record["hash"])
        if record.get("site", site) != site:
            continue  # another site's anchor: its own site checks it
        signature = str(record.get("signature") or "")
        if signature:
            message = anchor_message(site, seq, expected, str(record.get("at", "")))
            if not keys.verify(public_key, signature, message):
                return AnchorReport(False, checked, seq,
                                    f"the anchor ({where}) is not signed by this site's key",
                                    unsigned)
        else:
            unsigned += 1
        if seq != 0:
            actual = AuditEntry.objects.filter(seq=seq).values_list(
                "entry_hash", flat=True).first()
            if actual != expected:
                why = "is missing" if actual is None else "no longer has the anchored hash"
                return AnchorReport(False, checked, seq, f"entry {why} (anchor: {where})",
                                    unsigned)
        checked += 1
    return AnchorReport(True, checked, unsigned=unsigned)


def verify_anchors(path: Path | None = None) -> AnchorReport:
    """This site's anchors in its database and in the anchors file (or ``path``)."""
    path = path or anchors_file()
    records: list[tuple[str, dict[str, Any]]] = [
        (f"anchor of entry {r['seq']} in this database", r) for r in own_anchor_records()]
    if path.exists():
        from_file, damaged = _file_records(path)
        if damaged:
            return damaged
        records += from_file
    return check_anchor_records(records)


def verify_against(site: str, held: list[dict[str, Any]]) -> AnchorReport:
    """This site's chain against the anchors of it that ``site`` holds: each must verify
    here, and none may be missing from this database (deleted here to hide a rewrite)."""
    mine = {(r["seq"], r["hash"], r["at"]) for r in own_anchor_records()}
    report = check_anchor_records((f"held by {site}", r) for r in held)
    if not report.ok:
        return report
    gone = [r for r in held if r.get("site") == settings.SITE_CODE
            and (r["seq"], r["hash"], r["at"]) not in mine]
    if gone:
        first = min(gone, key=lambda r: int(r["seq"]))
        return AnchorReport(False, report.checked, int(first["seq"]),
                            f"{len(gone)} anchor(s) that {site} holds are gone from this "
                            "database", report.unsigned)
    return report


def start_periodic_anchoring(minutes: float) -> threading.Thread | None:
    """A background thread for `opsroom serve`: an anchor every ``minutes`` (0: none)
    whenever the chain has grown since the last one."""
    if minutes <= 0:
        return None
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(minutes * 60):
            try:
                close_old_connections()
                do_anchor_if_grown()
            except Exception:  # the database may be away for a moment: try next time
                log.exception("audit anchoring failed")

    thread = threading.Thread(target=run, name="audit-anchor", daemon=True)
    thread.start()
    return thread
