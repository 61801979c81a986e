"""The road network through the HTTP API and the console's map: the nearest facility by
road, the network drawn for the map."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import CENTRE

pytestmark = pytest.mark.usefixtures("benghazi")


def test_the_nearest_facility_by_road(roads: Any, api_as: Any) -> None:
    api = api_as("dispatcher")
    body = api.get("facilities/nearest", lat=CENTRE[0], lon=CENTRE[1], kind="hospital").json()
    assert body["items"] and body["items"][0]["kind"] == "hospital"
    etas = [i["eta_s"] for i in body["items"]]
    assert etas == sorted(etas)
    missing = api.get("facilities/nearest", lat=CENTRE[0], lon=CENTRE[1],
                      kind="weapons_collection")
    assert missing.status_code == 404 and missing.json()["field"] == "kind"


def test_the_console_map_draws_the_network_labelled_synthetic(roads: Any, make_user: Any) -> None:
    import gzip
    import json

    from django.test import Client

    client = Client()
    client.force_login(make_user("dispatcher"))
    reply = client.get("/map/roads.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert reply.status_code == 200 and reply["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(reply.content))
    assert data["synthetic"] is True and len(data["features"]) > 1000
    plain = json.loads(client.get("/map/roads.geojson").content)
    assert plain["features"][0]["geometry"]["type"] == "LineString"
