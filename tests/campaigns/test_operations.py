"""Raids on drug dens: need to know before completion, units taken off the board's
recommendations while the raid runs, outcomes feeding the campaign's counters."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from tests.conftest import Api

from opsroom.audit.models import AuditEntry
from opsroom.campaigns.actions import do_create_campaign
from opsroom.core.clock import now
from opsroom.dispatch.models import Unit


@pytest.fixture
def raid(world: Any, make_user: Any, make_unit: Any) -> dict[str, Any]:
    dens = do_create_campaign(world.supervisor.user, kind="drug_dens",
                              name_ar="القضاء على أوكار المخدرات",
                              name_en="Eliminating drug dens",
                              starts_on=date.today() - timedelta(days=30),
                              targets={"dens": 40})
    commander = Api(make_user("supervisor"), ["read", "write"])
    member = Api(make_user("records"), ["read", "write"])
    field_user = make_user("field_unit")
    unit = make_unit("RAID-1", field_user=field_user)
    body = {"campaign_id": str(dens.id), "code": "OP-7", "planned_at":
            (now() + timedelta(hours=6)).isoformat(), "commander": commander.user.username,
            "members": [member.user.username], "units": [str(unit.id)],
            "targets": [{"place": "منزل مهجور، حي الصابري", "lat": 32.125, "lon": 20.07,
                         "no_warrant_reason": "an abandoned building, no dwelling: no warrant "
                                              "is needed to enter"}]}
    reply = world.supervisor.post("operations", body)
    assert reply.status_code == 201, reply.content
    return {"op": reply.json(), "campaign": dens, "commander": commander, "member": member,
            "unit": unit, "field": Api(field_user, ["read", "write"])}


def test_a_planned_operation_is_seen_only_by_those_named_and_the_supervisors(
        world: Any, raid: dict[str, Any], api_as: Any, station: Any) -> None:
    op_id = raid["op"]["id"]
    dispatcher = api_as("dispatcher")
    for outsider in (dispatcher, api_as("records"), api_as("inspector"),
                     api_as("supervisor", station)):
        assert outsider.get(f"operations/{op_id}").status_code == 404
        listed = outsider.get("operations")
        assert op_id not in str(listed.content)
    for insider in (raid["commander"], raid["member"], raid["field"], world.supervisor):
        assert insider.get(f"operations/{op_id}").status_code == 200
        assert op_id in str(insider.get("operations").content)
    # Every read is audited.
    assert AuditEntry.objects.filter(action="operation.read", object_id=op_id).count() == 4


def test_running_units_are_on_the_operation_and_never_recommended(
        world: Any, raid: dict[str, Any], api_as: Any, new_incident: Any, roads: Any) -> None:
    op_id = raid["op"]["id"]
    commander = raid["commander"]
    assert commander.post(f"operations/{op_id}/status", {"status": "under_way"}
                          ).status_code == 409  # not briefed yet
    assert raid["member"].post(f"operations/{op_id}/status",
                               {"status": "briefed"}).status_code == 403
    assert commander.post(f"operations/{op_id}/status", {"status": "briefed"}
                          ).status_code == 200
    running = commander.post(f"operations/{op_id}/status", {"status": "under_way"})
    assert running.status_code == 200, running.content
    unit = Unit.objects.get(id=raid["unit"].id)
    assert unit.status == "on_operation"
    dispatcher = api_as("dispatcher")
    incident = new_incident(dispatcher)
    recommended = dispatcher.get(f"incidents/{incident['id']}/recommendations").json()
    assert "RAID-1" not in str(recommended)
    # The board shows the unit, on the operation (without saying which).
    units = dispatcher.get("units").json()
    board = {u["call_sign"]: u["status"] for u in units.get("items", units)} \
        if isinstance(units, dict) else {u["call_sign"]: u["status"] for u in units}
    assert board["RAID-1"] == "on_operation"
    # A dispatcher cannot take it off the operation by hand.
    assert dispatcher.post(f"units/{unit.id}/status", {"status": "available"}
                           ).status_code == 409
    done = commander.post(f"operations/{op_id}/status", {"status": "completed"})
    assert done.status_code == 200
    assert Unit.objects.get(id=unit.id).status == "available"
    # Completed: the agency sees it as usual.
    assert dispatcher.get(f"operations/{op_id}").status_code == 200


def test_outcomes_feed_the_campaign(world: Any, raid: dict[str, Any]) -> None:
    op_id = raid["op"]["id"]
    target_id = raid["op"]["targets"][0]["id"]
    commander, member = raid["commander"], raid["member"]
    path = f"operations/{op_id}/targets/{target_id}/outcome"
    early = member.post(path, {"den_closed": True})
    assert early.status_code == 409  # not under way
    commander.post(f"operations/{op_id}/status", {"status": "briefed"})
    commander.post(f"operations/{op_id}/status", {"status": "under_way"})
    bad = member.post(path, {"seizures": [{"substance": "hashish", "quantity": 2,
                                           "unit": "tonnes"}]})
    assert bad.status_code == 422 and "seizures" in bad.json()["detail"] + str(
        bad.json().get("field"))
    reply = member.post(path, {
        "den_closed": True, "referred": 2, "notes": "تم ضبط المواد",
        "seizures": [{"substance": "hashish", "quantity": 1.5, "unit": "kg"},
                     {"substance": "tramadol", "quantity": 300, "unit": "pills"}],
        "items": [{"category": "pistol", "make_model": "Beretta 92", "serial": "BER-0091"}]})
    assert reply.status_code == 200, reply.content
    target = reply.json()["targets"][0]
    assert target["done"] and target["den_closed"] and len(target["seizures"]) == 2
    assert len(target["items"]) == 1
    again = member.post(path, {"den_closed": True})
    assert again.status_code == 409
    commander.post(f"operations/{op_id}/status", {"status": "completed"})
    stats = world.supervisor.get(f"campaigns/{raid['campaign'].id}/stats").json()
    assert stats["totals"]["dens"] == 1 and stats["totals"]["seizures"] == 2
    assert stats["totals"]["operations"] == 1 and stats["totals"]["weapons"] == 1
    assert stats["targets"] == [{"key": "dens", "target": 40, "achieved": 1, "percent": 2.5}]
    # The pistol found is in the serial registry: a later handover of it is refused.
    refused = world.handover([{"category": "pistol", "serial": "ber 0091"}])
    assert refused.status_code == 409 and refused.json()["receipt_number"] == "OP OP-7"


def test_a_target_needs_a_warrant_or_the_reason_none_is_needed(
        world: Any, raid: dict[str, Any]) -> None:
    body = {"campaign_id": str(raid["campaign"].id), "code": "OP-8",
            "planned_at": (now() + timedelta(hours=6)).isoformat(),
            "commander": raid["commander"].user.username,
            "targets": [{"place": "شقة في الكيش"}]}
    reply = world.supervisor.post("operations", body)
    assert reply.status_code == 422
    assert reply.json()["field"] == "targets.0.no_warrant_reason"


def test_aborting_needs_a_reason_and_frees_the_units(world: Any, raid: dict[str, Any]) -> None:
    op_id = raid["op"]["id"]
    commander = raid["commander"]
    commander.post(f"operations/{op_id}/status", {"status": "briefed"})
    commander.post(f"operations/{op_id}/status", {"status": "under_way"})
    no_reason = commander.post(f"operations/{op_id}/status", {"status": "aborted"})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    aborted = commander.post(f"operations/{op_id}/status",
                             {"status": "aborted", "reason": "the target was warned"})
    assert aborted.status_code == 200
    assert Unit.objects.get(id=raid["unit"].id).status == "available"
