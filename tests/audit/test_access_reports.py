"""The inspector's access reports, through the API and the console; each is audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from opsroom.audit.models import AuditEntry
from opsroom.audit.queries import verify_chain
from opsroom.core.clock import now

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("benghazi")]


def test_who_viewed_or_changed_an_incident(api_as: Any, new_incident: Any) -> None:
    calltaker = api_as("calltaker")
    dispatcher = api_as("dispatcher", scopes=["read", "write", "caller"])
    incident = new_incident(calltaker, caller={"name": "مريم", "phone": "0925555555"})
    dispatcher.patch(f"incidents/{incident['id']}", {"priority": 1})
    dispatcher.get(f"incidents/{incident['id']}", purpose="call back the caller")
    inspector = api_as("inspector")
    reply = inspector.get("audit/object", kind="incident", id=incident["id"],
                          purpose="complaint 17/2026")
    assert reply.status_code == 200, reply.content
    rows = reply.json()
    assert [(r["actor"], r["action"], r["purpose"]) for r in rows] == [
        (calltaker.user.username, "incident.create", ""),
        (dispatcher.user.username, "incident.update", ""),
        (dispatcher.user.username, "incident.caller.read", "call back the caller"),
    ]
    # The report itself is on the record, with the inspector's purpose.
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None and last.action == "audit.report.object"
    assert last.purpose == "complaint 17/2026" and verify_chain().ok


def test_what_a_user_did_between_two_times(api_as: Any, new_incident: Any) -> None:
    calltaker = api_as("calltaker")
    new_incident(calltaker)
    new_incident(calltaker)
    inspector = api_as("inspector")
    since, until = now() - timedelta(hours=1), now() + timedelta(minutes=1)
    rows = inspector.get("audit/user", username=calltaker.user.username,
                         since=since.isoformat(), until=until.isoformat(),
                         purpose="routine check").json()
    assert [r["action"] for r in rows] == ["incident.create", "incident.create"]
    empty = inspector.get("audit/user", username=calltaker.user.username,
                          since=(since - timedelta(days=2)).isoformat(),
                          until=(since - timedelta(days=1)).isoformat(), purpose="check")
    assert empty.json() == []


def test_reports_need_the_inspector_and_a_purpose(api_as: Any, new_incident: Any) -> None:
    incident = new_incident(api_as("calltaker"))
    for role in ("dispatcher", "supervisor", "admin", "analyst"):
        reply = api_as(role).get("audit/object", kind="incident", id=incident["id"],
                                 purpose="curious")
        assert reply.status_code == 403, role
    inspector = api_as("inspector")
    reply = inspector.get("audit/object", kind="incident", id=incident["id"], purpose="")
    assert reply.status_code == 422 and reply.json()["field"] == "purpose"
    reply = inspector.get("audit/user", username="x", since=now().isoformat(),
                          until=(now() - timedelta(hours=1)).isoformat(), purpose="check")
    assert reply.status_code == 422 and reply.json()["field"] == "until"


def test_caller_details_need_a_stated_purpose_through_the_api(
    api_as: Any, new_incident: Any
) -> None:
    calltaker = api_as("calltaker")
    incident = new_incident(calltaker, caller={"name": "مريم", "phone": "0925555555"})
    before = AuditEntry.objects.filter(action="incident.caller.read").count()
    assert calltaker.get(f"incidents/{incident['id']}").json()["caller"] is None
    assert calltaker.get(f"incidents/{incident['id']}", purpose=" ").json()["caller"] is None
    assert AuditEntry.objects.filter(action="incident.caller.read").count() == before


def signed_in(user: Any) -> Client:
    """A console session as after a full sign-in (password, and code where the role needs
    one)."""
    import time

    client = Client()
    client.force_login(user)
    session = client.session
    session["opsroom_2fa"] = True
    session["opsroom_auth_at"] = time.time()
    session.save()
    return client


def test_the_console_report_page(make_user: Any, api_as: Any, new_incident: Any) -> None:
    incident = new_incident(api_as("calltaker"))
    client = signed_in(make_user("inspector"))
    html = client.get("/audit/", {"report": "object", "kind": "incident", "id": incident["id"],
                                  "purpose": "complaint"}).content.decode()
    assert "incident.create" in html and 'dir="rtl"' in html
    refused = client.get("/audit/", {"report": "object", "kind": "incident",
                                     "id": incident["id"], "purpose": ""})
    assert refused.status_code == 422
    outsider = Client()
    outsider.force_login(make_user("dispatcher"))
    assert outsider.get("/audit/").status_code == 403
