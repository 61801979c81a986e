"""Malformed and hostile requests get a clear 4xx and change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from opsroom.audit.models import AuditEntry
from opsroom.incidents.models import Incident

pytestmark = pytest.mark.usefixtures("benghazi")


@pytest.mark.parametrize(
    ("body", "content_type", "status", "field"),
    [
        ("[]", "application/json", 422, "body"),
        ('"robbery"', "application/json", 422, "body"),
        ("", "application/json", 422, "body"),
        ("type=robbery", "application/x-www-form-urlencoded", 400, None),
        ("type: robbery", "text/plain", 400, None),
        ('{"type":"robbery","priority":1e400}', "application/json", 422, "priority"),
        ('{"type":"robbery","location":{"lat":NaN,"lon":1}}', "application/json", 422,
         "location.lat"),
        ('{"type":"robbery\'; DROP TABLE incidents_incident;--"}', "application/json", 422,
         "type"),
        ('{"type": "robbery", ', "application/json", 400, None),  # malformed JSON
        ('{"type":"robbery","description":"' + "x" * 10_001 + '"}', "application/json", 422,
         "description"),
        ('{"type":"robbery","address":"' + "\u0628" * 301 + '"}', "application/json", 422,
         "address"),
        ('{"type":"robbery","description":"a\\u0000b"}', "application/json", 422,
         "description"),
    ],
)
def test_refused_with_a_clear_answer_and_nothing_written(
    api_as: Any, body: str, content_type: str, status: int, field: str | None
) -> None:
    api = api_as("calltaker")
    before = AuditEntry.objects.count()
    response = api.post("incidents", body, content_type=content_type)
    assert response.status_code == status
    assert response.json()["detail"]
    if field:
        assert response.json()["field"] == field
    assert Incident.objects.count() == 0 and AuditEntry.objects.count() == before


def test_oversized_body_is_refused(api_as: Any) -> None:
    api = api_as("calltaker")
    response = api.post("incidents", {"type": "robbery", "description": "x" * 1_100_000})
    assert response.status_code in (400, 413, 422)
    assert Incident.objects.count() == 0


@pytest.mark.parametrize("query", [
    {"type": "rob\x00bery", "lat": 32.1, "lon": 20.1},
    {"q": "a\x00b"},
])
def test_nul_in_a_query_is_refused_naming_the_parameter(api_as: Any, query: dict[str, Any]) -> None:
    api = api_as("dispatcher")
    path = "incidents/duplicates" if "type" in query else "incidents"
    reply = api.get(path, **query)
    assert reply.status_code == 422
    field = "type" if "type" in query else "q"
    assert reply.json()["field"] == field


def test_nul_inside_a_json_object_field_is_refused(api_as: Any) -> None:
    reply = api_as("dispatcher").post("closures", {
        "kind": "road", "reason": "x",
        "geometry": {"type": "LineString", "coordinates": [[20.1, 32.1], [20.2, 32.2]],
                     "name\x00": "x"}})
    assert reply.status_code == 422 and reply.json()["field"] == "geometry"


def test_out_of_range_numbers_and_times_are_refused(api_as: Any) -> None:
    api = api_as("dispatcher")
    reply = api.get("incidents", offset=10**24)
    assert reply.status_code == 422 and reply.json()["field"] == "offset"
    reply = api.get("incidents", since="0119-01-01T07:51:43+20:21")
    assert reply.status_code == 422 and reply.json()["field"] == "since"
    # A valid time with an unusual offset is kept as the same instant.
    assert api.get("incidents", since="2026-01-01T07:51:43+14:30").status_code == 200


@pytest.mark.parametrize(("path", "query", "field"), [
    # Found by the fuzzing: the first day of year 1, in the city's time, is before the
    # first instant a datetime holds (a 500 until periods were bounded).
    ("harm-summary", {"from": "0001-01-01", "to": "0001-01-01"}, "from"),
    ("harm-events", {"to": "9999-12-31"}, "to"),
    ("harm-events/export.csv", {"from": "0001-01-01"}, "from"),
    ("outages", {"from": "0001-01-01"}, "from"),
    ("outages", {"to": "9999-12-31"}, "to"),
])
def test_a_period_out_of_any_record_is_refused_naming_the_parameter(
    api_as: Any, path: str, query: dict[str, Any], field: str,
) -> None:
    reply = api_as("protection").get(path, **query)
    assert reply.status_code == 422, reply.content
    assert reply.json()["field"] == field
