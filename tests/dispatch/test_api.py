"""Units, recommendations and assignments through the HTTP API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from opsroom.core.clock import now
from opsroom.dispatch.models import Unit

pytestmark = pytest.mark.usefixtures("benghazi")

NEAR = (32.1170, 20.0670)
FAR = (32.0500, 20.1500)


def test_recommendation_ranks_capable_then_nearest(
    api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    near_patrol = make_unit("P-NEAR", at=NEAR, capabilities=["police"])
    far_armed = make_unit("ERU-FAR", at=FAR, capabilities=["police", "armed_response"])
    busy = make_unit("P-BUSY", at=NEAR)
    api.post(f"units/{busy.id}/status", {"status": "out_of_service"})
    incident = new_incident(api, type="armed_clash", priority=1)
    body = api.get(f"incidents/{incident['id']}/recommendations", k=5).json()
    ranked = [item["call_sign"] for item in body["items"]]
    assert ranked == ["ERU-FAR", "P-NEAR"]  # capability first, the busy unit not at all
    first = body["items"][0]
    assert first["unit_id"] == str(far_armed.id) and first["capability_match"] is True
    assert first["distance_m"] > body["items"][1]["distance_m"] > 0
    assert first["eta_s"] > 0 and first["reason"]["ar"] and first["reason"]["en"]
    assert "armed_response" in body["items"][1]["missing_capabilities"]
    assert str(near_patrol.id) == body["items"][1]["unit_id"]
    assert len(api.get(f"incidents/{incident['id']}/recommendations", k=1).json()["items"]) == 1
    assert api.get(f"incidents/{incident['id']}/recommendations", k=0).status_code == 422


def test_stale_positions_are_flagged(api_as: Any, make_unit: Any, new_incident: Any) -> None:
    api = api_as("dispatcher")
    unit = make_unit(at=NEAR)
    Unit.objects.filter(id=unit.id).update(position_at=now() - timedelta(hours=2))
    incident = new_incident(api)
    item = api.get(f"incidents/{incident['id']}/recommendations").json()["items"][0]
    assert item["stale"] is True and item["position_age_s"] > 3600


def test_assign_dispatches_unit_and_incident_and_release_returns_them(
    api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    unit = make_unit(at=NEAR)
    incident = new_incident(api)
    response = api.post(f"incidents/{incident['id']}/assignments", {"unit_id": str(unit.id)})
    assert response.status_code == 201
    assert api.get(f"units/{unit.id}").json()["status"] == "dispatched"
    after = api.get(f"incidents/{incident['id']}").json()
    assert after["status"] == "dispatched" and after["units"][0]["call_sign"] == unit.call_sign
    assert after["intervals"]["received_to_dispatched_s"] >= 0
    again = api.post(f"incidents/{incident['id']}/assignments", {"unit_id": str(unit.id)})
    assert again.status_code == 409
    assert api.delete(f"incidents/{incident['id']}/assignments/{unit.id}").status_code == 204
    assert api.get(f"units/{unit.id}").json()["status"] == "available"
    assert api.get(f"incidents/{incident['id']}").json()["status"] == "new"
    assert api.delete(f"incidents/{incident['id']}/assignments/{unit.id}").status_code == 409


def test_unit_status_drives_incident_and_response_intervals(
    api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    unit = make_unit(at=NEAR)
    incident = new_incident(api)
    api.post(f"incidents/{incident['id']}/assignments", {"unit_id": str(unit.id)})
    assert api.post(f"units/{unit.id}/status", {"status": "en_route"}).status_code == 200
    assert api.get(f"incidents/{incident['id']}").json()["status"] == "en_route"
    assert api.post(f"units/{unit.id}/status", {"status": "on_scene"}).status_code == 200
    on_scene = api.get(f"incidents/{incident['id']}").json()
    assert on_scene["status"] == "on_scene"
    resolved = api.post(f"incidents/{incident['id']}/status", {"status": "resolved"}).json()
    assert resolved["units"] == []
    assert api.get(f"units/{unit.id}").json()["status"] == "available"
    intervals = resolved["intervals"]
    assert all(intervals[key] is not None and intervals[key] >= 0 for key in intervals)


@pytest.mark.parametrize(
    ("status", "code"),
    [("dispatched", 422), ("en_route", 409), ("on_scene", 409), ("parked", 422)],
)
def test_illegal_unit_transitions(api_as: Any, make_unit: Any, status: str, code: int) -> None:
    api = api_as("dispatcher")
    unit = make_unit()
    response = api.post(f"units/{unit.id}/status", {"status": status})
    assert response.status_code == code and response.json()["field"] == "status"
    assert api.get(f"units/{unit.id}").json()["status"] == "available"


def test_position_reports(api_as: Any, make_unit: Any) -> None:
    api = api_as("dispatcher")
    unit = make_unit(at=NEAR)
    moved = api.post(f"units/{unit.id}/position", {"lat": 32.1, "lon": 20.1}).json()
    assert moved["position"]["lat"] == 32.1 and moved["position"]["stale"] is False
    assert moved["district"] is not None  # every located record gets its district
    late = (now() - timedelta(hours=1)).isoformat()
    kept = api.post(f"units/{unit.id}/position", {"lat": 30.0, "lon": 19.0, "at": late}).json()
    assert kept["position"]["lat"] == 32.1  # a late report does not move the unit back
    future = (now() + timedelta(hours=1)).isoformat()
    bad = api.post(f"units/{unit.id}/position", {"lat": 32, "lon": 20, "at": future})
    assert bad.status_code == 422 and bad.json()["field"] == "at"
    assert api.post(f"units/{unit.id}/position", {"lat": 91, "lon": 20}).json()["field"] == "lat"


def test_field_unit_moves_only_its_own_unit(
    api_as: Any, make_user: Any, make_unit: Any
) -> None:
    from tests.conftest import Api

    crew = make_user("field_unit")
    own = make_unit(field_user=crew)
    other = make_unit()
    api = Api(crew)
    assert api.post(f"units/{own.id}/position", {"lat": 32.1, "lon": 20.1}).status_code == 200
    assert api.post(f"units/{other.id}/position", {"lat": 32.1, "lon": 20.1}).status_code == 403
    assert api.post(f"units/{own.id}/status", {"status": "out_of_service"}).status_code == 200


def test_units_and_assignments_do_not_cross_agencies(
    api_as: Any, station: Any, make_unit: Any, new_incident: Any
) -> None:
    ours = api_as("dispatcher")
    theirs = api_as("dispatcher", station)
    their_unit = make_unit("ST-1", agency=station)
    our_unit = make_unit("OPS-1")
    incident = new_incident(ours)
    assert [u["call_sign"] for u in ours.get("units").json()] == ["OPS-1"]
    assert [u["call_sign"] for u in theirs.get("units").json()] == ["ST-1"]
    assert theirs.get(f"units/{our_unit.id}").status_code == 404
    assert theirs.post(f"units/{our_unit.id}/status", {"status": "out_of_service"}).status_code \
        == 404
    refused = ours.post(f"incidents/{incident['id']}/assignments", {"unit_id": str(their_unit.id)})
    assert refused.status_code == 404 and refused.json()["field"] == "unit_id"
    assert theirs.get(f"incidents/{incident['id']}/recommendations").status_code == 404
    recs = ours.get(f"incidents/{incident['id']}/recommendations").json()["items"]
    assert [r["call_sign"] for r in recs] == ["OPS-1"]


def test_merge_moves_units_to_the_surviving_incident(
    api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    unit = make_unit(at=NEAR)
    first, duplicate = new_incident(api), new_incident(api)
    api.post(f"incidents/{duplicate['id']}/assignments", {"unit_id": str(unit.id)})
    api.post(f"incidents/{duplicate['id']}/merge", {"into": first["id"]})
    survivor = api.get(f"incidents/{first['id']}").json()
    assert survivor["status"] == "dispatched"
    assert [u["call_sign"] for u in survivor["units"]] == [unit.call_sign]
    assert api.get(f"units/{unit.id}").json()["incident_id"] == first["id"]
