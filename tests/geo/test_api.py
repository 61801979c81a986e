from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.usefixtures("benghazi")


def test_districts_are_geojson_and_marked_approximate(api_as: Any) -> None:
    body = api_as("calltaker").get("districts").json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) >= 10
    feature = body["features"][0]
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert feature["properties"]["approximate"] is True
    assert feature["properties"]["name_ar"] and feature["properties"]["name_en"]


@pytest.mark.parametrize("query", ["الهوارى", "هواري", "el hawari", "Hawary"])
def test_gazetteer_finds_places_across_spellings(api_as: Any, query: str) -> None:
    hits = api_as("calltaker").get("places", q=query).json()
    assert hits, query
    assert "Hawar" in hits[0]["name_en"] or "هوار" in hits[0]["name_ar"]
    assert -90 <= hits[0]["lat"] <= 90


def test_gazetteer_finds_the_security_directorate(api_as: Any) -> None:
    hits = api_as("calltaker").get("places", q="مديرية أمن بنغازي").json()
    assert hits[0]["kind"] == "security_directorate"


def test_gazetteer_requires_a_query(api_as: Any) -> None:
    response = api_as("calltaker").get("places")
    assert response.status_code == 422 and response.json()["field"] == "q"
    assert api_as("calltaker").get("places", q="x" * 101).status_code == 422
