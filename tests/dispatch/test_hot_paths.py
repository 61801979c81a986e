"""The dispatcher's hot paths: recommending units and assigning one, in statements run and
live events emitted. The numbers are the tests."""

from __future__ import annotations

from typing import Any

import pytest
from tests.helpers import assert_query_count, capture_events

from opsroom.demo.loader import load_synthetic_roads

pytestmark = pytest.mark.usefixtures("benghazi")


@pytest.fixture
def scene(api_as: Any, new_incident: Any, make_unit: Any) -> tuple[Any, dict[str, Any], Any]:
    load_synthetic_roads()
    api = api_as("dispatcher")
    incident = new_incident(api)
    units = [make_unit(at=(32.1167 + i / 1000, 20.0667)) for i in range(5)]
    # Warm: the token's last use, the road network and its weights, the districts.
    assert api.get(f"incidents/{incident['id']}/recommendations").status_code == 200
    return api, incident, units[0]


# Token; the incident; the candidate units (one SQL statement); the closures in force;
# the recommended units. The road search itself runs no query.
RECOMMEND_QUERIES = 5


def test_recommending_units_runs_five_queries_whatever_the_fleet(scene: Any,
                                                                 make_unit: Any) -> None:
    api, incident, _ = scene
    with capture_events() as events, assert_query_count(RECOMMEND_QUERIES):
        body = api.get(f"incidents/{incident['id']}/recommendations").json()
    assert len(body["items"]) == 5 and events == []
    for i in range(20):
        make_unit(at=(32.11 + i / 1000, 20.07))
    with assert_query_count(RECOMMEND_QUERIES):
        assert len(api.get(f"incidents/{incident['id']}/recommendations", k=10)
                   .json()["items"]) == 10


ASSIGN_QUERIES = {"sqlite": 29, "postgresql": 37}


def test_assigning_a_unit_runs_a_fixed_number_of_queries_and_emits_two_events(
    scene: Any,
) -> None:
    api, incident, unit = scene
    with capture_events() as events, assert_query_count(ASSIGN_QUERIES):
        response = api.post(f"incidents/{incident['id']}/assignments",
                            {"unit_id": str(unit.id)})
    assert response.status_code == 201
    assert events == [("incident", "assigned", incident["id"]),
                      ("unit", "assigned", str(unit.id))]
