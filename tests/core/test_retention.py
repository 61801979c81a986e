"""Retention: callers' details are hidden in time, expired rows go, each rule is audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from opsroom.audit.models import AuditEntry
from opsroom.core.clock import now
from opsroom.core.models import ChangeEvent
from opsroom.core.retention import retention_days
from opsroom.core.retention_actions import do_apply_retention
from opsroom.incidents.models import Incident, IncidentEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("benghazi")]


def test_an_old_closed_call_loses_its_phone_number_but_an_open_one_keeps_it(
    api_as: Any, new_incident: Any
) -> None:
    dispatcher = api_as("dispatcher")
    old = new_incident(dispatcher, caller={"name": "سالم", "phone": "0911111111"})
    dispatcher.post(f"incidents/{old['id']}/status", {"status": "resolved"})
    still_open = new_incident(dispatcher, caller={"name": "هدى", "phone": "0922222222"})
    Incident.objects.update(received_at=now() - timedelta(days=100))
    results = {r.kind: r.affected for r in do_apply_retention()}
    assert results["caller_phone"] == 1 and results["caller_name"] == 0
    closed = Incident.objects.get(id=old["id"])
    assert closed.caller_phone == "" and closed.caller_name == "سالم"
    assert Incident.objects.get(id=still_open["id"]).caller_phone == "0922222222"
    event = IncidentEvent.objects.get(incident_id=old["id"], kind="caller_phone")
    assert event.value == "hidden" and "0911111111" not in str(event.previous_value)
    audit = AuditEntry.objects.get(action="retention.caller_phone")
    assert audit.detail == {"days": 90, "affected": 1}
    assert {r.kind: r.affected for r in do_apply_retention()}["caller_phone"] == 0


def test_expired_change_rows_are_dropped(api_as: Any, new_incident: Any) -> None:
    new_incident(api_as("calltaker"))
    recent = ChangeEvent.objects.count()
    ChangeEvent.objects.create(kind="incident", record_id="x", action="created",
                               at=now() - timedelta(days=8))
    results = {r.kind: r.affected for r in do_apply_retention()}
    assert results["change_events"] == 1
    assert ChangeEvent.objects.count() == recent


def test_the_rules_are_configurable_and_checked() -> None:
    assert retention_days("caller_phone=30, change_events=2")["caller_phone"] == 30
    assert retention_days("")["caller_name"] == 365
    with pytest.raises(ImproperlyConfigured, match="unknown kind 'photos'"):
        retention_days("photos=3")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        retention_days("caller_phone=soon")
