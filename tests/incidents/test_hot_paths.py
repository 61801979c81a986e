"""The intake path an operator waits on: how many statements creating an incident and
changing its status run, and which live events they emit. The numbers are the tests:
a change that adds a query per request fails here with the statements listed."""

from __future__ import annotations

from typing import Any

import pytest
from tests.helpers import assert_query_count, capture_events

pytestmark = pytest.mark.usefixtures("benghazi")

CALL = {"type": "robbery", "priority": 2, "location": {"lat": 32.1167, "lon": 20.0667},
        "caller": {"name": "سالم", "phone": "0912345678"}}


@pytest.fixture
def warm(api_as: Any) -> Any:
    """A dispatcher whose token and the caches (incident types, districts) are warm, as
    they are on a server after its first call."""
    api = api_as("dispatcher")
    assert api.post("incidents", CALL).status_code == 201
    return api


# Token; the number (one UPDATE … RETURNING); the incident and its outbox entry; the
# timeline event and its entry; the audit chain (head lock, entry, head); the units for
# the live event; the change row. No savepoints: a replicated row joins the action's
# transaction. PostgreSQL also takes the advisory lock that orders change rows before each
# outbox entry and change row.
CREATE_QUERIES = {"sqlite": 13, "postgresql": 16}


def test_creating_an_incident_runs_a_fixed_number_of_queries_and_emits_one_event(
    warm: Any,
) -> None:
    with capture_events() as events, assert_query_count(CREATE_QUERIES):
        response = warm.post("incidents", CALL)
    assert response.status_code == 201
    assert events == [("incident", "created", response.json()["id"])]


EN_ROUTE_QUERIES = {"sqlite": 18, "postgresql": 21}
RESOLVE_QUERIES = {"sqlite": 30, "postgresql": 38}


def test_changing_status_runs_a_fixed_number_of_queries_and_emits_its_events(
    warm: Any, make_unit: Any
) -> None:
    incident = warm.post("incidents", CALL).json()
    unit = make_unit()
    assert warm.post(f"incidents/{incident['id']}/assignments",
                     {"unit_id": str(unit.id)}).status_code == 201
    with capture_events() as events, assert_query_count(EN_ROUTE_QUERIES):
        response = warm.post(f"incidents/{incident['id']}/status", {"status": "en_route"})
    assert response.status_code == 200, response.content
    assert events == [("incident", "status", incident["id"])]
    # Resolving frees the unit (dispatch's hook) in the same transaction.
    with capture_events() as events, assert_query_count(RESOLVE_QUERIES):
        response = warm.post(f"incidents/{incident['id']}/status", {"status": "resolved"})
    assert response.status_code == 200
    assert events == [("unit", "released", str(unit.id)),
                      ("incident", "status", incident["id"])]
