"""Dispatch by road over the Benghazi demo's synthetic network, through the HTTP API:
recommendations, routes and coverage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from opsroom.core.clock import now
from opsroom.dispatch.models import Unit

pytestmark = pytest.mark.usefixtures("benghazi")

CENTRE = (32.1167, 20.0667)
NEAR = (32.1180, 20.0690)
FAR = (32.0700, 20.1300)


def test_units_are_ranked_by_road_time_with_distance_snap_and_reason(
    roads: Any, api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    far = make_unit("FAR-1", at=FAR)
    near = make_unit("NEAR-1", at=NEAR)
    incident = new_incident(api, location={"lat": CENTRE[0], "lon": CENTRE[1]})
    body = api.get(f"incidents/{incident['id']}/recommendations").json()
    assert body["method"] == "road"
    items = body["items"]
    assert [i["unit_id"] for i in items] == [str(near.id), str(far.id)]
    first = items[0]
    assert 0 < first["eta_s"] < items[1]["eta_s"]
    assert first["distance_m"] > 0 and first["snap_m"] is not None and first["snap_m"] < 200
    assert "by road" in first["reason"]["en"] and first["reason"]["ar"]
    route = api.get(f"incidents/{incident['id']}/route", unit_id=str(near.id)).json()
    assert route["geometry"]["type"] == "LineString"
    assert len(route["geometry"]["coordinates"]) >= 3
    assert route["properties"]["eta_s"] == first["eta_s"]
    assert route["properties"]["synthetic_network"] is True


def test_stale_positions_are_flagged_by_road_too(
    roads: Any, api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    unit = make_unit(at=NEAR)
    Unit.objects.filter(id=unit.id).update(position_at=now() - timedelta(minutes=45))
    incident = new_incident(api)
    item = api.get(f"incidents/{incident['id']}/recommendations").json()["items"][0]
    assert item["stale"] is True and item["position_age_s"] > 30 * 60


def test_units_en_route_to_lower_priority_incidents_are_optional_candidates(
    roads: Any, api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    unit = make_unit("BUSY-1", at=NEAR)
    minor = new_incident(api, priority=4)
    assert api.post(f"incidents/{minor['id']}/assignments",
                    {"unit_id": str(unit.id)}).status_code == 201
    urgent = new_incident(api, priority=1)
    url = f"incidents/{urgent['id']}/recommendations"
    assert api.get(url).json()["items"] == []
    items = api.get(url, include_en_route="true").json()["items"]
    assert [i["call_sign"] for i in items] == ["BUSY-1"]
    assert items[0]["diverted_from"] == minor["number"]


def test_a_closed_area_changes_the_route_at_once(
    roads: Any, api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    away = (32.1260, 20.0667)  # 1 km north
    unit = make_unit("NORTH-1", at=away)
    incident = new_incident(api, location={"lat": CENTRE[0], "lon": CENTRE[1]})
    url = f"incidents/{incident['id']}/route"
    before = api.get(url, unit_id=str(unit.id)).json()["properties"]
    lat, lon = (CENTRE[0] + away[0]) / 2, (CENTRE[1] + away[1]) / 2
    d = 0.002
    square = {"type": "Polygon", "coordinates": [[[lon - d, lat - d], [lon + d, lat - d],
                                                  [lon + d, lat + d], [lon - d, lat + d],
                                                  [lon - d, lat - d]]]}
    assert api.post("closures", {"kind": "area", "geometry": square,
                                 "reason": "armed clashes"}).status_code == 201
    after = api.get(url, unit_id=str(unit.id)).json()["properties"]
    assert after["closed_edges"] > 0
    assert after["eta_s"] > before["eta_s"]


def test_coverage_gives_every_district_a_time_and_suggests_move_ups(
    roads: Any, api_as: Any, make_unit: Any
) -> None:
    api = api_as("supervisor")
    make_unit("CENTRE-1", at=CENTRE)
    make_unit("CENTRE-2", at=NEAR)
    body = api.get("coverage").json()
    assert len(body["districts"]) == 26
    covered = [d for d in body["districts"] if d["covered"]]
    assert covered and len(covered) < 26
    assert all(d["eta_s"] is not None and d["eta_s"] > 0 for d in body["districts"])
    assert body["move_ups"], "an uncovered district gets a suggestion"
    assert body["move_ups"][0]["call_sign"] in ("CENTRE-1", "CENTRE-2")


def test_bad_input_gets_clear_answers(
    roads: Any, api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    incident = new_incident(api)
    unknown = api.get(f"incidents/{incident['id']}/route",
                      unit_id="01900000-0000-7000-8000-000000000000")
    assert unknown.status_code == 404 and unknown.json()["field"] == "unit_id"
    outside = api.get("facilities/nearest", lat=33.5, lon=21.5, kind="hospital")
    assert outside.status_code == 422 and outside.json()["field"] == "lat"
    assert "km from the nearest road" in outside.json()["detail"]
    bad_kind = api.get("facilities/nearest", lat=CENTRE[0], lon=CENTRE[1], kind="bakery")
    assert bad_kind.status_code == 422 and bad_kind.json()["field"] == "kind"


def test_without_a_network_the_estimate_says_straight_line(
    api_as: Any, make_unit: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    make_unit(at=NEAR)
    incident = new_incident(api)
    body = api.get(f"incidents/{incident['id']}/recommendations").json()
    assert body["method"] == "straight_line"
    assert api.get("roads").status_code == 404
