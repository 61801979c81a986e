"""Incidents through the HTTP API: what a call-taker and a dispatcher would notice."""

from __future__ import annotations

from typing import Any

import pytest

from opsroom.audit.models import AuditEntry
from opsroom.incidents.models import Incident, IncidentEvent

pytestmark = pytest.mark.usefixtures("benghazi")


def test_create_answers_201_with_number_status_and_district(api_as: Any) -> None:
    api = api_as("calltaker")
    response = api.post("incidents", {
        "type": "armed_clash", "priority": 1, "location": {"lat": 32.1167, "lon": 20.0667},
        "address": "قرب سوق الحوت", "description": "إطلاق نار كثيف",
        "caller": {"name": "سالم", "phone": "0912345678"},
    })
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "new"
    assert body["number"].startswith("BNG-OPS-") and body["number"].endswith("-000001")
    assert body["district"] is not None and body["district"]["name_ar"]
    assert body["id"] and body["type"] == "armed_clash" and body["priority"] == 1


def test_numbers_follow_each_other(api_as: Any, new_incident: Any) -> None:
    api = api_as("calltaker")
    numbers = [new_incident(api)["number"] for _ in range(3)]
    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003"]


def test_priority_defaults_to_the_type(api_as: Any) -> None:
    api = api_as("calltaker")
    body = api.post("incidents", {"type": "explosion"}).json()
    assert body["priority"] == 1
    assert body["location"] is None and body["district"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"priority": 2}, "type"),
        ({"type": "no_such_type"}, "type"),
        ({"type": "robbery", "priority": 0}, "priority"),
        ({"type": "robbery", "priority": 5}, "priority"),
        ({"type": "robbery", "location": {"lat": 95, "lon": 20}}, "location.lat"),
        ({"type": "robbery", "location": {"lat": 32}}, "location.lon"),
        ({"type": "robbery", "location": {"lat": "north", "lon": 20}}, "location.lat"),
        ({"type": "robbery", "colour": "red"}, "colour"),
        ({"type": "robbery", "caller": {"phone": "call me maybe"}}, "caller.phone"),
        ({"type": "robbery", "description": "x" * 10_001}, "description"),
        ({"type": "robbery", "address": "bad\x00byte"}, "address"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    api_as: Any, body: dict[str, Any], field: str
) -> None:
    api = api_as("calltaker")
    before = AuditEntry.objects.count()
    response = api.post("incidents", body)
    assert response.status_code in (400, 422)
    assert response.json()["field"] == field, response.json()
    assert Incident.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_malformed_json_is_refused(api_as: Any) -> None:
    api = api_as("calltaker")
    response = api.post("incidents", '{"type": "robbery",', content_type="application/json")
    assert response.status_code in (400, 422)
    assert Incident.objects.count() == 0


def test_no_credentials_answers_401(client: Any) -> None:
    assert client.get("/api/v1/incidents").status_code == 401
    assert client.post("/api/v1/incidents", {}, content_type="application/json").status_code == 401


def test_revoked_token_answers_401(api_as: Any) -> None:
    from opsroom.accounts.actions import do_revoke_token

    api = api_as("calltaker")
    assert api.get("incidents").status_code == 200
    do_revoke_token(None, api.user.api_tokens.get())
    assert api.get("incidents").status_code == 401


def test_list_sorts_by_priority_then_age_and_filters(api_as: Any, new_incident: Any) -> None:
    api = api_as("dispatcher")
    low = new_incident(api, priority=4)
    high = new_incident(api, priority=1)
    mid = new_incident(api, priority=2, type="building_fire")
    page = api.get("incidents").json()
    assert [i["id"] for i in page["items"]] == [high["id"], mid["id"], low["id"]]
    assert page["count"] == 3
    fires = api.get("incidents", type="building_fire").json()["items"]
    assert [i["id"] for i in fires] == [mid["id"]]
    assert api.get("incidents", priority=4).json()["count"] == 1
    paged = api.get("incidents", limit=1, offset=1).json()
    assert [i["id"] for i in paged["items"]] == [mid["id"]] and paged["count"] == 3
    assert api.get("incidents", limit=0).status_code == 422
    assert api.get("incidents", status="bogus").status_code == 422


def test_patch_edits_fields_and_each_change_is_in_the_timeline(
    api_as: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    incident = new_incident(api)
    response = api.patch(f"incidents/{incident['id']}", {
        "priority": 1, "address": "شارع جمال عبدالناصر",
        "location": {"lat": 32.09, "lon": 20.08, "precision_m": 20},
    })
    assert response.status_code == 200
    body = response.json()
    assert body["priority"] == 1 and body["location"]["precision_m"] == 20
    kinds = [e["kind"] for e in api.get(f"incidents/{incident['id']}/timeline").json()]
    assert kinds == ["created", "priority", "location", "address"]
    event = next(e for e in api.get(f"incidents/{incident['id']}/timeline").json()
                 if e["kind"] == "priority")
    assert (event["value"], event["previous_value"]) == (1, 2)


def test_patch_with_bad_field_changes_nothing(api_as: Any, new_incident: Any) -> None:
    api = api_as("dispatcher")
    incident = new_incident(api)
    response = api.patch(f"incidents/{incident['id']}", {"priority": 1, "type": "nope"})
    assert response.status_code == 422 and response.json()["field"] == "type"
    assert api.get(f"incidents/{incident['id']}").json()["priority"] == 2


def test_notes_are_added_to_the_timeline(api_as: Any, new_incident: Any) -> None:
    api = api_as("calltaker")
    incident = new_incident(api)
    response = api.post(f"incidents/{incident['id']}/notes", {"text": "المتصل يؤكد وجود جرحى"})
    assert response.status_code == 201
    timeline = api.get(f"incidents/{incident['id']}/timeline").json()
    assert timeline[-1]["kind"] == "note"
    assert timeline[-1]["value"] == {"text": "المتصل يؤكد وجود جرحى"}
    assert api.post(f"incidents/{incident['id']}/notes", {"text": ""}).status_code == 422


def test_illegal_transitions_are_refused(api_as: Any, new_incident: Any) -> None:
    api = api_as("dispatcher")
    incident = new_incident(api)
    url = f"incidents/{incident['id']}/status"
    assert api.post(url, {"status": "closed"}).status_code == 409
    assert api.post(url, {"status": "on_scene"}).status_code == 409  # no unit yet
    assert api.post(url, {"status": "dispatched"}).json()["field"] == "status"
    assert api.post(url, {"status": "flying"}).status_code == 422
    assert api.post(url, {"status": "resolved"}).status_code == 200
    assert api.post(url, {"status": "closed"}).status_code == 200
    assert api.post(url, {"status": "resolved"}).status_code == 409
    statuses = [e["value"] for e in api.get(f"incidents/{incident['id']}/timeline").json()
                if e["kind"] == "status"]
    assert statuses == ["resolved", "closed"]


def test_caller_details_are_shown_only_to_roles_that_need_them_and_audited(
    api_as: Any, new_incident: Any
) -> None:
    calltaker = api_as("calltaker", scopes=["read", "write", "caller"])
    incident = new_incident(calltaker, caller={"name": "مريم", "phone": "0925555555"})
    seen = calltaker.get(f"incidents/{incident['id']}", purpose="callback").json()
    assert seen["caller"] == {"name": "مريم", "phone": "0925555555"}
    entry = AuditEntry.objects.filter(action="incident.caller.read").get()
    assert entry.purpose == "callback" and entry.actor_username == calltaker.user.username
    analyst = api_as("analyst")
    assert analyst.get(f"incidents/{incident['id']}").json()["caller"] is None
    assert "0925555555" not in str(analyst.get("incidents").content)
    assert "0925555555" not in str(calltaker.get("incidents").content)


def test_another_agencys_incident_is_404_like_a_missing_one(
    api_as: Any, station: Any, new_incident: Any
) -> None:
    ours = api_as("dispatcher")
    theirs = api_as("dispatcher", station)
    incident = new_incident(ours)
    missing = "01900000-0000-7000-8000-000000000000"
    for path in (f"incidents/{incident['id']}", f"incidents/{incident['id']}/timeline"):
        assert theirs.get(path).status_code == 404
    assert theirs.get(f"incidents/{missing}").status_code == 404
    assert theirs.get(f"incidents/{incident['id']}").json() == \
        theirs.get(f"incidents/{missing}").json()
    assert theirs.patch(f"incidents/{incident['id']}", {"priority": 1}).status_code == 404
    assert theirs.post(f"incidents/{incident['id']}/notes", {"text": "x"}).status_code == 404
    assert theirs.get("incidents").json()["count"] == 0


def test_merge_keeps_both_timelines(api_as: Any, new_incident: Any) -> None:
    api = api_as("dispatcher")
    first = new_incident(api, description="first call")
    duplicate = new_incident(api, description="second caller, same fire")
    api.post(f"incidents/{duplicate['id']}/notes", {"text": "smoke seen from the port"})
    response = api.post(f"incidents/{duplicate['id']}/merge", {"into": first["id"]})
    assert response.status_code == 200 and response.json()["id"] == first["id"]
    merged = api.get(f"incidents/{duplicate['id']}").json()
    assert merged["status"] == "merged" and merged["merged_into"] == first["id"]
    timeline = api.get(f"incidents/{first['id']}/timeline").json()
    numbers = {e["incident_number"] for e in timeline}
    assert numbers == {first["number"], duplicate["number"]}
    assert any(e["kind"] == "note" and e["value"]["text"] == "smoke seen from the port"
               for e in timeline)
    assert any(e["kind"] == "merged_from" for e in timeline)
    again = api.post(f"incidents/{duplicate['id']}/merge", {"into": first["id"]})
    assert again.status_code == 409
    assert api.post(f"incidents/{first['id']}/merge", {"into": first["id"]}).status_code == 422


def test_every_change_writes_an_event_with_actor_and_time(api_as: Any, new_incident: Any) -> None:
    api = api_as("dispatcher")
    incident = new_incident(api)
    api.post(f"incidents/{incident['id']}/notes", {"text": "a"})
    api.patch(f"incidents/{incident['id']}", {"description": "b"})
    events = IncidentEvent.objects.filter(incident_id=incident["id"])
    assert events.count() == 3
    assert all(e.actor_id == api.user.id and e.at.tzinfo is not None for e in events)


def test_incident_types_registry(api_as: Any) -> None:
    types = api_as("calltaker").get("incident-types").json()
    assert len(types) >= 25
    by_code = {t["code"]: t for t in types}
    assert by_code["armed_clash"]["acled_event_type"] == "Battles"
    assert all(t["name_ar"] and t["name_en"] and t["cap_category"] for t in types)


def test_a_deactivated_type_is_refused_at_once(api_as: Any) -> None:
    from opsroom.incidents.models import IncidentType

    api = api_as("calltaker")
    assert api.post("incidents", {"type": "nuisance"}).status_code == 201
    nuisance = IncidentType.objects.get(code="nuisance")
    nuisance.active = False
    nuisance.save()
    response = api.post("incidents", {"type": "nuisance"})
    assert response.status_code == 422 and response.json()["field"] == "type"
    assert "nuisance" not in [t["code"] for t in api.get("incident-types").json()]


def test_an_edit_s_reply_never_carries_the_caller(api_as: Any, new_incident: Any) -> None:
    """Found by a hostile test: PATCH with {} answered with the caller's name and phone,
    audited only as purpose "edit"."""
    dispatcher = api_as("dispatcher", scopes=["read", "write", "caller"])
    incident = new_incident(dispatcher, caller={"name": "مريم", "phone": "0925555555"})
    for change in ({}, {"priority": 1}, {"caller": {"phone": "0911111111"}}):
        reply = dispatcher.patch(f"incidents/{incident['id']}", change)
        assert reply.status_code == 200 and reply.json()["caller"] is None
        assert "0925555555" not in reply.content.decode()
    assert not AuditEntry.objects.filter(action="incident.caller.read").exists()


def test_a_token_reads_a_caller_only_with_the_caller_scope(
    api_as: Any, new_incident: Any
) -> None:
    plain = api_as("dispatcher")
    incident = new_incident(plain, caller={"name": "مريم", "phone": "0925555555"})
    refused = plain.get(f"incidents/{incident['id']}", purpose="call back")
    assert refused.status_code == 403 and refused.json()["field"] == "purpose"
    assert "caller" in refused.json()["detail"]
    assert plain.get(f"incidents/{incident['id']}").json()["caller"] is None  # no purpose
    assert not AuditEntry.objects.filter(action="incident.caller.read").exists()


def test_a_field_unit_notes_only_the_incidents_its_unit_was_sent_to(
    api_as: Any, new_incident: Any, make_unit: Any
) -> None:
    from opsroom.dispatch.actions import do_assign_unit

    dispatcher = api_as("dispatcher")
    crew = api_as("field_unit")
    unit = make_unit(field_user=crew.user)
    elsewhere = new_incident(dispatcher)
    refused = crew.post(f"incidents/{elsewhere['id']}/notes", {"text": "not ours"})
    assert refused.status_code == 403 and "not sent" in refused.json()["detail"]
    sent_to = new_incident(dispatcher)
    do_assign_unit(dispatcher.user, Incident.objects.get(id=sent_to["id"]), unit)
    assert crew.post(f"incidents/{sent_to['id']}/notes", {"text": "on scene"}).status_code == 201
    dispatcher.post(f"incidents/{sent_to['id']}/status", {"status": "resolved"})
    # Released with the incident, the crew may still add its closing report.
    assert crew.post(f"incidents/{sent_to['id']}/notes", {"text": "report"}).status_code == 201
