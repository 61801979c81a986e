"""Every role against its own agency's and another agency's incident, for each endpoint.
The expected answers are written out by hand, not derived from the role table, so a change
to permissions must change this file too. A failure names the cell."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import Api

ROLES = ["calltaker", "dispatcher", "supervisor", "field_unit", "records", "judicial",
         "analyst", "protection", "inspector", "admin"]

#                 list  get   create patch note  status recs  units
OWN = {
    "calltaker":  (200, 200, 201, 403, 201, 403, 403, 200),
    "dispatcher": (200, 200, 201, 200, 201, 200, 200, 200),
    "supervisor": (200, 200, 201, 200, 201, 200, 200, 200),
    "field_unit": (200, 200, 403, 403, 201, 403, 403, 200),
    "records":    (200, 200, 403, 403, 403, 403, 403, 403),
    "judicial":   (403, 403, 403, 403, 403, 403, 403, 403),
    "analyst":    (200, 200, 403, 403, 403, 403, 403, 200),
    "protection": (200, 200, 403, 403, 403, 403, 403, 403),
    "inspector":  (200, 200, 403, 403, 403, 403, 403, 200),
    "admin":      (403, 403, 403, 403, 403, 403, 403, 403),
}
#                 get  patch note status recs timeline
OTHER = {
    "calltaker":  (404, 404, 404, 404, 404, 404),
    "dispatcher": (404, 404, 404, 404, 404, 404),
    "supervisor": (404, 404, 404, 404, 404, 404),
    "field_unit": (404, 404, 404, 404, 404, 404),
    "records":    (404, 404, 404, 404, 404, 404),
    "judicial":   (403, 403, 403, 403, 403, 403),
    "analyst":    (404, 404, 404, 404, 404, 404),
    "protection": (404, 404, 404, 404, 404, 404),
    "inspector":  (200, 403, 403, 403, 403, 200),
    "admin":      (403, 403, 403, 403, 403, 403),
}


@pytest.fixture
def incident_of(api_as: Any, new_incident: Any) -> Any:
    def make(agency: Any = None) -> str:
        result: str = new_incident(api_as("dispatcher", agency))["id"]
        return result

    return make


@pytest.mark.usefixtures("benghazi")
@pytest.mark.parametrize("role", ROLES)
def test_own_agency(role: str, api_as: Any, incident_of: Any) -> None:
    incident = incident_of()
    api: Api = api_as(role)
    answers = (
        api.get("incidents").status_code,
        api.get(f"incidents/{incident}").status_code,
        api.post("incidents", {"type": "building_fire"}).status_code,
        api.patch(f"incidents/{incident}", {"priority": 3}).status_code,
        api.post(f"incidents/{incident}/notes", {"text": "n"}).status_code,
        api.post(f"incidents/{incident}/status", {"status": "cancelled"}).status_code,
        api.get(f"incidents/{incident}/recommendations").status_code,
        api.get("units").status_code,
    )
    names = ("list", "get", "create", "patch", "note", "status", "recommendations", "units")
    for name, got, want in zip(names, answers, OWN[role], strict=True):
        assert got == want, f"{role} × own agency × {name}: got {got}, expected {want}"


@pytest.mark.usefixtures("benghazi")
@pytest.mark.parametrize("role", ROLES)
def test_other_agency(role: str, api_as: Any, incident_of: Any, station: Any) -> None:
    incident = incident_of(station)
    api: Api = api_as(role)
    answers = (
        api.get(f"incidents/{incident}").status_code,
        api.patch(f"incidents/{incident}", {"priority": 3}).status_code,
        api.post(f"incidents/{incident}/notes", {"text": "n"}).status_code,
        api.post(f"incidents/{incident}/status", {"status": "cancelled"}).status_code,
        api.get(f"incidents/{incident}/recommendations").status_code,
        api.get(f"incidents/{incident}/timeline").status_code,
    )
    names = ("get", "patch", "note", "status", "recommendations", "timeline")
    for name, got, want in zip(names, answers, OTHER[role], strict=True):
        assert got == want, f"{role} × other agency × {name}: got {got}, expected {want}"
