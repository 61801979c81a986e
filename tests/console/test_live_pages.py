"""The console's pages by role, and the small JSON and HTML pieces their scripts load."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("benghazi")]


def signed_in(user: Any) -> Client:
    """A console session as after a full sign-in (password, and code where the role needs
    one)."""
    import time

    client = Client()
    client.force_login(user)
    session = client.session
    session["opsroom_2fa"] = True
    session["opsroom_auth_at"] = time.time()
    session.save()
    return client


def boot_of(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="boot" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page carries no boot data"
    return dict(json.loads(match.group(1)))


@pytest.mark.parametrize("path", ["/", "/new/", "/units/", "/wall/"])
def test_the_dispatcher_s_pages_open_in_arabic_with_their_live_data(
    make_user: Any, make_unit: Any, api_as: Any, new_incident: Any, path: str
) -> None:
    make_unit("ALPHA-1")
    new_incident(api_as("calltaker"), description="هنا")
    page = signed_in(make_user("dispatcher")).get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    boot = boot_of(html)
    assert boot["seq"] > 0 and boot["stream"] == "/stream"
    if path != "/units/":
        assert [i["description"] for i in boot["incidents"]] == ["هنا"]
        assert "caller" not in boot["incidents"][0]
    if path != "/new/":
        assert [u["call_sign"] for u in boot["units"]] == ["ALPHA-1"]


def test_roles_reach_only_their_pages(make_user: Any) -> None:
    analyst = signed_in(make_user("analyst"))
    assert analyst.get("/new/").status_code == 403
    field_user = make_user("field_unit")
    field = signed_in(field_user)
    assert field.get("/").url == "/unit/"
    assert field.get("/unit/").status_code == 200
    assert signed_in(make_user("admin")).get("/units/").status_code == 403


def test_the_field_unit_page_shows_its_unit_and_the_way_to_its_incident(
    make_user: Any, make_unit: Any, api_as: Any, new_incident: Any
) -> None:
    field_user = make_user("field_unit")
    unit = make_unit("FIELD-1", at=(32.10, 20.06), field_user=field_user)
    dispatcher = api_as("dispatcher")
    incident = new_incident(api_as("calltaker"), location={"lat": 32.12, "lon": 20.06})
    assert dispatcher.post(f"incidents/{incident['id']}/assignments",
                           {"unit_id": str(unit.id)}).status_code == 201
    html = signed_in(field_user).get("/unit/").content.decode()
    assert "FIELD-1" in html and incident["number"] in html
    assert "2.2 كم باتجاه الشمال" in html  # 0.02° of latitude due north
    assert 'href="geo:32.120000,20.060000"' in html


def test_the_gazetteer_answers_the_intake_form_in_both_scripts(make_user: Any) -> None:
    client = signed_in(make_user("calltaker"))
    for query in ("الكيش", "Keesh"):
        html = client.get("/places/", {"q": query}).content.decode()
        assert 'data-name="الكيش"' in html
        assert re.search(r'data-lat="32\.\d{6}"', html)
    assert "place-hit" not in client.get("/places/", {"q": "x"}).content.decode()


def test_the_basemap_is_the_project_s_own_geojson(make_user: Any) -> None:
    data = signed_in(make_user("dispatcher")).get("/map/base.geojson").json()
    layers = {f["properties"]["layer"] for f in data["features"]}
    assert layers == {"boundary", "district", "place"}
    kinds = {f["properties"].get("kind") for f in data["features"]}
    assert {"police_station", "hospital", "security_directorate"} <= kinds
    assert Client().get("/map/base.geojson").status_code == 302  # sign in first


def test_the_admin_is_translated(make_user: Any) -> None:
    html = signed_in(make_user("admin")).get("/admin/").content.decode()
    assert 'dir="rtl"' in html
    assert "إدارة نظام غرفة العمليات" in html


def test_the_digits_choice_is_saved_for_the_user(make_user: Any) -> None:
    user = make_user("dispatcher")
    client = signed_in(user)
    client.post("/digits/", {"digits": "arab", "next": "/"})
    user.refresh_from_db()
    assert user.arabic_digits is True
    assert boot_of(client.get("/").content.decode())["digits"] == "arab"
    client.post("/digits/", {"digits": "latn"})
    user.refresh_from_db()
    assert user.arabic_digits is False


def test_duplicates_are_similar_open_incidents_nearby(
    api_as: Any, new_incident: Any, station: Any
) -> None:
    calltaker = api_as("calltaker")
    near = new_incident(calltaker, type="robbery", location={"lat": 32.1167, "lon": 20.0667})
    new_incident(calltaker, type="robbery", location={"lat": 32.1567, "lon": 20.0667})  # 4 km
    new_incident(api_as("calltaker", station), type="robbery",
                 location={"lat": 32.1168, "lon": 20.0667})  # another agency's
    reply = calltaker.get("incidents/duplicates", type="robbery", lat=32.1170, lon=20.0668)
    assert reply.status_code == 200, reply.content
    found = reply.json()
    assert [d["incident"]["id"] for d in found] == [near["id"]]
    assert 0 <= found[0]["distance_m"] < 60
    bad = calltaker.get("incidents/duplicates", type="no-such-type", lat=32.1, lon=20.1)
    assert bad.status_code == 422 and bad.json()["field"] == "type"
    bad = calltaker.get("incidents/duplicates", type="robbery", lat=132.1, lon=20.1)
    assert bad.status_code == 422 and bad.json()["field"] == "lat"
