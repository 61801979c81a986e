"""The pieces every app stands on: ids, the bus and the audit chain."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from opsroom.audit.models import AuditEntry
from opsroom.audit.queries import verify_chain
from opsroom.core.bus import Change, bus
from opsroom.core.ids import uuid7


def test_uuid7_is_version_7_unique_and_time_ordered() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert all(i.version == 7 for i in ids)
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


@pytest.fixture
def heard() -> Any:
    changes: list[Change] = []
    unsubscribe = bus.subscribe(changes.append)
    yield changes
    unsubscribe()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("benghazi")
def test_changes_are_published_after_commit_with_kind_id_and_version(
    api_as: Any, new_incident: Any, heard: list[Change]
) -> None:
    api = api_as("dispatcher")
    incident = new_incident(api)
    api.patch(f"incidents/{incident['id']}", {"priority": 1})
    mine = [c for c in heard if c.kind == "incident" and c.id == incident["id"]]
    assert [(c.action, c.version) for c in mine] == [("created", 1), ("updated", 2)]
    assert mine[0].agency_id == str(api.user.agency_id)
    assert "caller" not in str(mine[0].data)
    assert mine[1].seq > mine[0].seq


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("benghazi")
def test_a_rolled_back_write_is_never_published(
    api_as: Any, heard: list[Change]
) -> None:
    from opsroom.incidents.actions import do_create_incident

    api = api_as("calltaker")
    heard.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        do_create_incident(api.user, type_code="robbery")
        raise RuntimeError("crash before commit")
    assert heard == []


@pytest.mark.usefixtures("benghazi")
def test_every_write_is_audited_and_the_chain_verifies(api_as: Any, new_incident: Any) -> None:
    api = api_as("dispatcher")
    incident = new_incident(api)
    api.post(f"incidents/{incident['id']}/notes", {"text": "x"})
    actions = list(AuditEntry.objects.filter(object_id=incident["id"]).values_list(
        "action", flat=True))
    assert actions == ["incident.create", "incident.note"]
    report = verify_chain()
    assert report.ok and report.entries == AuditEntry.objects.count()


@pytest.mark.usefixtures("benghazi")
def test_a_changed_or_deleted_audit_row_breaks_the_chain(api_as: Any, new_incident: Any) -> None:
    api = api_as("dispatcher")
    for _ in range(3):
        new_incident(api)
    middle = AuditEntry.objects.order_by("seq")[2]
    AuditEntry.objects.filter(seq=middle.seq).update(purpose="edited")
    assert verify_chain().broken_seq == middle.seq
    AuditEntry.objects.filter(seq=middle.seq).update(purpose=middle.purpose)
    assert verify_chain().ok
    AuditEntry.objects.filter(seq=middle.seq).delete()
    report = verify_chain()
    assert not report.ok and report.broken_seq == middle.seq + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("benghazi")
def test_concurrent_intake_never_shares_a_number(make_user: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from opsroom.incidents.actions import do_create_incident
    from opsroom.incidents.models import Incident

    calltaker = make_user("calltaker")

    def create(_: int) -> str:
        try:
            return do_create_incident(calltaker, type_code="robbery").number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(create, range(30)))
    assert len(set(numbers)) == 30
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, 31))
    assert Incident.objects.count() == 30


def test_models_and_migrations_agree(db: Any) -> None:
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
