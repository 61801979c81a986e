"""Capture, merge and apply on one database: the rules every site runs.

Sites are simulated by rewriting a change's site and clock: the real multi-site runs, with
separate databases and NATS servers, are in test_sites.py.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from tests.conftest import Api

from opsroom.incidents.models import Incident, IncidentEvent
from opsroom.sync import hlc
from opsroom.sync.actions import do_apply_changes
from opsroom.sync.digest import site_digest
from opsroom.sync.models import OutboxEntry, PendingChange

pytestmark = pytest.mark.django_db


def outbox(kind: str | None = None) -> list[dict[str, Any]]:
    rows = OutboxEntry.objects.order_by("seq")
    if kind:
        rows = rows.filter(kind=kind)
    return [json.loads(r.body) for r in rows]


def wipe_incidents() -> None:
    """Forget the incidents here, as a site that never saw them (raw SQL: no capture)."""
    with connection.cursor() as cursor:
        for model in (IncidentEvent, Incident):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


def test_a_write_and_its_outbox_entries_commit_together(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    api = api_as("dispatcher")
    created = new_incident(api, description="fire in a shop")
    kinds = [c["k"] for c in outbox()]
    assert "incident" in kinds and "incident_event" in kinds
    change = outbox("incident")[-1]
    assert change["id"] == created["id"]
    assert change["f"]["description"] == "fire in a shop"
    assert change["cl"]["*"][1] == "BNG-OPS"
    assert change["a"] == [str(api.user.agency_id)]
    # A write that fails leaves no outbox entry behind.
    before = OutboxEntry.objects.count()
    bad = api.patch(f"incidents/{created['id']}", {"priority": 9})
    assert bad.status_code == 422
    assert OutboxEntry.objects.count() == before


def test_only_changed_fields_get_a_new_clock(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    api = api_as("dispatcher")
    created = new_incident(api)
    api.patch(f"incidents/{created['id']}", {"priority": 1})
    clocks = Incident.objects.get(id=created["id"]).clocks
    assert set(clocks) >= {"*", "priority", "version", "updated_at"}
    assert "description" not in clocks
    assert clocks["priority"][0] > clocks["*"][0]


def test_applying_in_any_order_any_number_of_times_gives_the_same_tables(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    api = api_as("dispatcher")
    for i in range(5):
        created = new_incident(api, description=f"call {i}")
        api.patch(f"incidents/{created['id']}", {"priority": 1 + i % 3})
        api.post(f"incidents/{created['id']}/notes", {"text": f"note {i}"})
    expected = site_digest()
    changes = [c for c in outbox() if c["k"] in ("incident", "incident_event")]
    wipe_incidents()
    assert site_digest()["incident"] != expected["incident"]

    shuffled = changes[:]
    random.Random(7).shuffle(shuffled)
    do_apply_changes(shuffled[: len(shuffled) // 2])
    do_apply_changes(shuffled)
    do_apply_changes(list(reversed(changes)))
    assert site_digest() == expected
    assert PendingChange.objects.count() == 0


def _as_site(change: dict[str, Any], site: str, clock: int, **fields: Any) -> dict[str, Any]:
    """The same row edited at another site: the named fields changed under ``clock``."""
    out = json.loads(json.dumps(change))
    out["s"], out["h"] = site, clock
    out["c"] = f"{site}-{clock}"
    for name, value in fields.items():
        out["f"][name] = value
        out["cl"][name] = [clock, site]
    return out


def test_concurrent_edits_resolve_to_the_latest_clock_whatever_the_order(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    api = api_as("dispatcher")
    created = new_incident(api, priority=3)
    base = outbox("incident")[-1]
    t = hlc.tick()
    from_a = _as_site(base, "BNG-A", t + 10, priority=1, address="A's address")
    from_b = _as_site(base, "BNG-B", t + 20, priority=2)
    for order in ([from_a, from_b], [from_b, from_a]):
        do_apply_changes(order)
        incident = Incident.objects.get(id=created["id"])
        assert incident.priority == 2  # B's clock is later
        assert incident.address == "A's address"  # nobody else touched it
    # Equal clocks: the site code breaks the tie, the same way everywhere.
    tie_a = _as_site(base, "BNG-A", t + 30, status="on_scene")
    tie_b = _as_site(base, "BNG-B", t + 30, status="resolved")
    do_apply_changes([tie_b, tie_a])
    assert Incident.objects.get(id=created["id"]).status == "resolved"


def test_a_timeline_event_before_its_incident_waits_and_is_not_lost(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    api = api_as("dispatcher")
    created = new_incident(api)
    changes = outbox()
    incident = [c for c in changes if c["k"] == "incident"]
    events = [c for c in changes if c["k"] == "incident_event"]
    wipe_incidents()
    result = do_apply_changes(events)
    assert result.pending == len(events)
    assert not IncidentEvent.objects.exists()
    do_apply_changes(incident)
    assert PendingChange.objects.count() == 0
    assert IncidentEvent.objects.filter(incident_id=created["id"]).count() == len(events)


def test_remote_changes_are_not_captured_again_and_are_audited(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    from opsroom.audit.models import AuditEntry

    api = api_as("dispatcher")
    new_incident(api)
    changes = outbox()
    wipe_incidents()
    before = OutboxEntry.objects.count()
    with transaction.atomic():
        do_apply_changes(changes, source="test")
    assert OutboxEntry.objects.count() == before
    assert AuditEntry.objects.filter(action="sync.apply", object_id="test").exists()


def test_a_malformed_change_is_kept_aside_and_the_rest_applies(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    from opsroom.sync.models import RejectedChange

    api = api_as("dispatcher")
    created = new_incident(api)
    changes = [c for c in outbox() if c["k"] in ("incident", "incident_event")]
    wipe_incidents()
    broken = dict(changes[0], h="yesterday")
    result = do_apply_changes([broken, {"k": "nonsense"}, *changes])
    assert result.rejected == 2
    assert RejectedChange.objects.count() == 2
    assert Incident.objects.filter(id=created["id"]).exists()


def test_retention_deletes_only_outbox_entries_jetstream_acknowledged(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    from datetime import timedelta

    from opsroom.core.clock import now
    from opsroom.core.retention_actions import do_apply_retention

    new_incident(api_as("dispatcher"))
    first = OutboxEntry.objects.order_by("seq").first()
    assert first is not None
    OutboxEntry.objects.filter(seq=first.seq).update(sent_at=now() - timedelta(days=40))
    OutboxEntry.objects.exclude(seq=first.seq).update(created_at=now() - timedelta(days=400))
    unsent = OutboxEntry.objects.filter(sent_at__isnull=True).count()
    do_apply_retention()
    assert not OutboxEntry.objects.filter(seq=first.seq).exists()
    assert OutboxEntry.objects.filter(sent_at__isnull=True).count() == unsent


def test_a_change_a_constraint_refuses_is_kept_aside_and_the_rest_applies(
    make_unit: Callable[..., Any], api_as: Callable[..., Api],
    new_incident: Callable[..., dict[str, Any]],
) -> None:
    from opsroom.sync.models import RejectedChange

    mine = make_unit("ALPHA-1")
    theirs = json.loads(json.dumps(outbox("unit")[-1]))
    theirs["id"] = theirs["f"]["id"] = "01a20000-0000-7000-8000-000000000001"
    theirs["s"] = "BNG-A"  # the same call sign, made at another site while cut off
    api = api_as("dispatcher")
    made = [new_incident(api, description=f"call {i}")["id"] for i in range(20)]
    incidents = [c for c in outbox() if c["k"] in ("incident", "incident_event")]
    wipe_incidents()
    from opsroom.audit.models import AuditEntry

    batch = [*incidents[:20], theirs, *incidents[20:]]
    before = AuditEntry.objects.filter(action="sync.apply").count()
    result = do_apply_changes(batch)
    assert result.rejected == 1
    assert result.inserted == len(incidents)
    rejected = RejectedChange.objects.get()
    assert rejected.record_id == theirs["id"] and rejected.origin_site == "BNG-A"
    assert Incident.objects.filter(id__in=made).count() == 20
    assert mine.call_sign == "ALPHA-1"
    # Halving down to the refused change: a few transactions, not one per change.
    transactions = AuditEntry.objects.filter(action="sync.apply").count() - before
    assert transactions <= 2 * len(batch).bit_length(), transactions


def test_a_timeline_is_in_clock_order_even_when_a_site_s_wall_clock_was_behind(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    from datetime import timedelta

    api = api_as("dispatcher")
    created = new_incident(api)
    note = [c for c in outbox("incident_event") if c["f"]["kind"] == "created"][-1]
    t = hlc.tick()
    at = hlc.to_datetime(t)

    def event(site: str, clock: int, moment: Any, text: str, n: int) -> dict[str, Any]:
        rid = f"01a20000-0000-7000-8000-00000000010{n}"
        return {**note, "c": f"c{n}", "id": rid, "s": site, "h": clock,
                "f": {**note["f"], "id": rid, "kind": "note", "value": {"text": text},
                      "at": moment.isoformat()},
                "cl": {"*": [clock, site]}}

    # B saw A's note, then wrote its own: B's clock is later, though B's wall clock ran
    # five seconds behind, so B's note has the earlier time.
    seen = event("BNG-A", t + 10, at, "first, from A", 1)
    reply = event("BNG-B", t + 20, at - timedelta(seconds=5), "then B", 2)
    do_apply_changes([reply, seen])
    timeline = api.get(f"incidents/{created['id']}/timeline").json()
    notes = [e["value"]["text"] for e in timeline if e["kind"] == "note"]
    assert notes == ["first, from A", "then B"]


def test_many_records_at_once_ask_open_consoles_to_reload_once(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from opsroom.core.models import ChangeEvent
    from opsroom.sync import actions

    api = api_as("dispatcher")
    for _ in range(3):
        new_incident(api)
    changes = outbox()
    wipe_incidents()
    monkeypatch.setattr(actions, "ANNOUNCE_LIMIT", 2)
    before = ChangeEvent.objects.count()
    do_apply_changes(changes)
    added = list(ChangeEvent.objects.order_by("seq")[before:])
    assert [(e.kind, e.action) for e in added] == [("sync", "reload")]


def test_remote_changes_note_the_origin_s_replication_lag(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]],
) -> None:
    from datetime import timedelta

    from opsroom.core.clock import now
    from opsroom.sync.actions import do_apply_remote
    from opsroom.sync.models import SiteState

    created = new_incident(api_as("dispatcher"))
    ten_seconds_ago = hlc.from_datetime(now() - timedelta(seconds=10))
    change = _as_site(outbox("incident")[-1], "BNG-A", ten_seconds_ago, priority=4)
    mine = _as_site(outbox("incident")[-1], "BNG-OPS", ten_seconds_ago + 1, priority=1)
    do_apply_remote([change, mine], "test")
    assert 9 <= SiteState.objects.get(site="BNG-A").lag_s <= 20
    assert not SiteState.objects.filter(site="BNG-OPS", lag_s__isnull=False).exists()
    # This site's own change, echoed back, is not applied again.
    assert Incident.objects.get(id=created["id"]).priority == 2


def test_a_batched_action_writes_every_row_s_change_at_its_end_or_none(
    api_as: Callable[..., Api],
) -> None:
    from opsroom.core.models import create_replicated
    from opsroom.core.replication import batched_capture
    from opsroom.incidents.models import IncidentType

    api = api_as("dispatcher")
    before = OutboxEntry.objects.count()
    fields = {"number": "BNG-OPS-1999-000001", "type": IncidentType.objects.first(),
              "owner_agency_id": api.user.agency_id, "description": "batched", "priority": 3,
              "created_by": api.user}
    # An error inside the batch: neither the rows nor their changes are written.
    with pytest.raises(RuntimeError, match="boom"), transaction.atomic(), batched_capture():
        incident = Incident.objects.create(**fields)
        create_replicated(IncidentEvent, [
            IncidentEvent(incident=incident, kind="note", value=f"note {n}", actor=api.user)
            for n in range(3)])
        assert OutboxEntry.objects.count() == before  # held until the batch ends
        raise RuntimeError("boom")
    assert OutboxEntry.objects.count() == before
    assert not Incident.objects.filter(number="BNG-OPS-1999-000001").exists()
    # The same writes, committed: one change for each row, the rows' own state.
    with transaction.atomic(), batched_capture():
        incident = Incident.objects.create(**fields)
        events = create_replicated(IncidentEvent, [
            IncidentEvent(incident=incident, kind="note", value=f"note {n}", actor=api.user)
            for n in range(3)])
    changes = outbox()[before:]
    assert [(c["k"], c["id"]) for c in changes] == [
        ("incident", str(incident.id)), *(("incident_event", str(e.id)) for e in events)]
    assert [c["f"]["value"] for c in changes[1:]] == ["note 0", "note 1", "note 2"]


def test_a_batch_carries_one_change_per_record_and_applies_the_same(
    api_as: Callable[..., Api], new_incident: Callable[..., dict[str, Any]]
) -> None:
    from opsroom.sync import transport

    api = api_as("dispatcher")
    created = new_incident(api, priority=3)
    api.patch(f"incidents/{created['id']}", {"priority": 1})
    api.patch(f"incidents/{created['id']}", {"address": "souq al-jreed"})
    rows = [(e.kind, e.body) for e in OutboxEntry.objects.order_by("seq")]
    batch = transport.pack_batch("BNG-A", 1, rows)
    sent = [c for m in batch.messages for c in transport.decode(m.payload)[1]]
    incident = [c for c in sent if c["k"] == "incident" and c["id"] == created["id"]]
    assert len(incident) == 1  # three saves of the incident travel as one change
    assert len(sent) < len(rows)
    assert transport.pack_batch("BNG-A", 1, rows) == batch  # published again: same ids
    expected = site_digest()
    wipe_incidents()
    do_apply_changes(sent)
    assert site_digest() == expected
    now = Incident.objects.get(id=created["id"])
    assert (now.priority, now.address) == (1, "souq al-jreed")
