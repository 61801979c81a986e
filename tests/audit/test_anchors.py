"""Anchors catch what the chain alone cannot: a chain rewritten with every hash recomputed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from opsroom.audit.actions import entry_digest
from opsroom.audit.anchors import (
    anchor_record,
    anchors_file,
    do_anchor,
    do_anchor_if_grown,
    verify_against,
    verify_anchors,
)
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
    calltaker = api_as("calltaker", scopes=["read", "write", "caller"])
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


def test_an_anchor_is_signed_by_the_site_s_key_and_a_forged_one_is_refused(
    api_as: Any, new_incident: Any
) -> None:
    new_incident(api_as("calltaker"))
    anchor = do_anchor()
    assert anchor.signature and verify_anchors().ok
    # Someone who can write the database rewrites the chain and anchors the rewrite: the
    # new anchor row matches the chain, but only the site's key (outside the database)
    # could have signed it.
    first = AuditEntry.objects.order_by("seq").first()
    assert first is not None
    rewrite_from(first.seq, "rewritten")
    AuditAnchor.objects.all().delete()
    anchors_file().unlink()
    head = AuditHead.objects.get(id=1)
    AuditAnchor.objects.create(seq=head.seq, entry_hash=head.entry_hash,
                               signature=anchor.signature)
    report = verify_anchors()
    assert not report.ok and "not signed by this site's key" in report.reason


def test_a_quiet_chain_is_not_anchored_again(api_as: Any, new_incident: Any) -> None:
    calltaker = api_as("calltaker")
    assert do_anchor_if_grown() is not None
    assert do_anchor_if_grown() is None  # nothing happened since
    new_incident(calltaker)
    grown = do_anchor_if_grown()
    assert grown is not None and grown.seq == AuditHead.objects.get(id=1).seq


def test_the_copies_held_elsewhere_catch_a_rewrite_whose_local_anchors_were_deleted(
    api_as: Any, new_incident: Any
) -> None:
    new_incident(api_as("calltaker"))
    do_anchor()
    held_by_the_hub = [anchor_record(a) for a in AuditAnchor.objects.all()]
    assert verify_against("BNG-HUB", held_by_the_hub).ok
    first = AuditEntry.objects.order_by("seq").first()
    assert first is not None
    rewrite_from(first.seq, "rewritten")
    AuditAnchor.objects.all().delete()
    anchors_file().unlink()
    assert verify_chain().ok and verify_anchors().ok  # nothing here can tell any more...
    report = verify_against("BNG-HUB", held_by_the_hub)
    assert not report.ok  # ...but the hub's copies can
    assert report.broken_seq == held_by_the_hub[0]["seq"]


def test_a_received_anchor_never_changes(api_as: Any, new_incident: Any) -> None:
    """An anchor that arrives from another site is kept as it first came: a changed copy
    (a site rewriting its own history) is set aside and put on the record."""
    from opsroom.sync.actions import do_apply_changes
    from opsroom.sync.models import RejectedChange

    new_incident(api_as("calltaker"))
    anchor = AuditAnchor.objects.create(seq=1, entry_hash="a" * 64, origin_site="BNG-PS1",
                                        signature="s")
    change = {"c": "x1", "k": "audit_anchor", "id": str(anchor.id), "s": "BNG-PS1",
              "h": anchor.hlc + 10, "a": None,
              "f": {**{k: v for k, v in anchor_fields(anchor).items()},
                    "entry_hash": "b" * 64},
              "cl": {"*": [anchor.hlc, "BNG-PS1"], "entry_hash": [anchor.hlc + 10, "BNG-PS1"]}}
    result = do_apply_changes([change])
    assert result.rejected == 1 and result.updated == 0
    anchor.refresh_from_db()
    assert anchor.entry_hash == "a" * 64
    assert RejectedChange.objects.filter(kind="audit_anchor").exists()
    assert AuditEntry.objects.filter(action="sync.refused", object_id=str(anchor.id)).exists()


def anchor_fields(anchor: AuditAnchor) -> dict[str, Any]:
    from opsroom.sync import registry
    from opsroom.sync.capture import snapshot

    return snapshot(registry.by_name()["audit_anchor"], anchor)
