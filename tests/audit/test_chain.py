"""The chain covers every stored field of every entry: a change to any of them, made
straight in the database, is named by `opsroom audit verify`."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from opsroom.audit.models import AuditEntry
from opsroom.audit.queries import verify_chain

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("benghazi")]


@pytest.fixture
def middle(api_as: Any, new_incident: Any) -> AuditEntry:
    api = api_as("dispatcher")
    for _ in range(3):
        new_incident(api, caller={"name": "x", "phone": "0910000000"})
    entry = AuditEntry.objects.filter(action="incident.create").order_by("seq")[1]
    assert verify_chain().ok
    return entry


def tampered_values(entry: AuditEntry, someone_else: Any) -> dict[str, Any]:
    return {
        "at": entry.at - timedelta(minutes=5),
        "actor_id": someone_else.pk,
        "actor_username": "someone-else",
        "agency_code": "bng-ps",
        "role": "inspector",
        "action": "incident.note",
        "object_kind": "unit",
        "object_id": "another",
        "purpose": "a better reason",
        "client_addr": "10.0.0.99",
        "detail": {"number": "BNG-OPS-2026-999999"},
        "prev_hash": "f" * 64,
        "hash_version": 1,
    }


def test_a_change_to_any_stored_field_is_named(middle: AuditEntry, make_user: Any) -> None:
    someone_else = make_user("inspector")
    for field, value in tampered_values(middle, someone_else).items():
        original = getattr(middle, field)
        AuditEntry.objects.filter(seq=middle.seq).update(**{field: value})
        report = verify_chain()
        assert not report.ok, f"a changed {field} went unnoticed"
        assert middle.seq in report.broken, f"{field}: verify named {report.broken}"
        AuditEntry.objects.filter(seq=middle.seq).update(**{field: original})
        assert verify_chain().ok, f"restoring {field} did not restore the chain"


def test_an_entry_moved_to_another_place_in_the_chain_is_named(middle: AuditEntry) -> None:
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True)[0]
    AuditEntry.objects.filter(seq=middle.seq).update(seq=last + 100)
    report = verify_chain()
    assert not report.ok and last + 100 in report.broken


def test_every_stored_column_is_hashed(middle: AuditEntry, make_user: Any) -> None:
    """A column added to the table later must join the hash (or be named here on purpose)."""
    stored = {f.attname for f in AuditEntry._meta.concrete_fields}
    covered = set(tampered_values(middle, make_user("inspector"))) | {"seq", "entry_hash"}
    assert stored == covered


def test_the_cli_names_the_entry(middle: AuditEntry, capsys: Any) -> None:
    from opsroom.cli import main

    AuditEntry.objects.filter(seq=middle.seq).update(detail=json.loads('{"x": 1}'))
    assert main(["audit", "verify"]) == 1
    assert f"entry {middle.seq}" in capsys.readouterr().err
