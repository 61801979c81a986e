"""Anchors catch what the chain alone cannot: a chain rewritten with every hash recomputed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from opsroom.audit.actions import entry_digest
from opsroom.audit.anchors import anchors_file, do_anchor, verify_anchors
from opsroom.audit.models import AuditAnchor, AuditEntry, AuditHead
from opsroom.audit.queries import verify_chain

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("benghazi")]


def rewrite_from(seq: int, purpose: str) -> None:
    """What someone with write access to the database could do: change an entry and
    recompute every hash after it, and the head, so the chain checks out again."""
    entries = list(AuditEntry.objects.filter(seq__gte=seq).order_by("seq"))
    previous = entries[0].prev_hash
    for entry in entries:
        if entry.seq == seq:
            entry.purpose = purpose
        entry.prev_hash = previous
        entry.entry_hash = entry_digest(previous, entry)
        entry.save()
        previous = entry.entry_hash
    AuditHead.objects.filter(id=1).update(entry_hash=previous)


def test_a_consistent_rewrite_passes_the_chain_but_not_the_anchor(
    api_as: Any, new_incident: Any
) -> None:
    calltaker = api_as("calltaker")
    incident = new_incident(calltaker, caller={"name": "x", "phone": "0910000000"})
    calltaker.get(f"incidents/{incident['id']}", purpose="callback")
    read = AuditEntry.objects.get(action="incident.caller.read")
    anchor = do_anchor()
    assert anchor.seq >= read.seq
    lines = anchors_file().read_text().splitlines()
    assert json.loads(lines[-1])["hash"] == anchor.entry_hash
    assert verify_chain().ok and verify_anchors().ok
    rewrite_from(read.seq, "a harmless purpose")
    assert verify_chain().ok  # the rewrite is internally consistent...
    report = verify_anchors()
    assert not report.ok  # ...but the anchor kept outside disagrees
    assert report.broken_seq == anchor.seq
    assert AuditAnchor.objects.count() == 1


def test_a_damaged_anchors_file_is_reported(tmp_path: Any) -> None:
    path = tmp_path / "anchors.jsonl"
    path.write_text('{"seq": 1, "hash": "abc"}\nnot json\n')
    report = verify_anchors(path)
    assert not report.ok
