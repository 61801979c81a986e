"""Console pages through the test client: Arabic first, escaping, and agency isolation."""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

PASSWORD = "correct horse battery staple"


def signed_in(user: Any) -> Client:
    """A session as after a full sign-in (password, and code where the role needs one)."""
    import time

    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    session = client.session
    session["opsroom_2fa"] = True
    session["opsroom_auth_at"] = time.time()
    session.save()
    return client


def test_login_page_is_arabic_rtl_by_default(client: Client, db: Any) -> None:
    html = client.get("/login/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الدخول" in html


def test_english_is_one_click_away_and_remembered_per_user(make_user: Any) -> None:
    user = make_user("dispatcher")
    client = signed_in(user)
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html and "Open incidents" in html
    user.refresh_from_db()
    assert user.language == "en"
    # A new browser for the same user opens in English.
    assert '<html lang="en" dir="ltr">' in signed_in(user).get("/").content.decode()


def test_language_switch_refuses_foreign_redirects(client: Client, db: Any) -> None:
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_board_needs_a_login(client: Client, db: Any) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.usefixtures("benghazi")
def test_board_lists_open_incidents_and_escapes_html(
    make_user: Any, api_as: Any, new_incident: Any
) -> None:
    api = api_as("calltaker")
    incident = new_incident(api, address="<script>alert(1)</script>",
                            description="<img src=x onerror=alert(1)>")
    client = signed_in(make_user("dispatcher"))
    board = client.get("/").content.decode()
    assert incident["number"] in board
    page = client.get(f"/incidents/{incident['id']}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page


@pytest.mark.usefixtures("benghazi")
def test_caller_details_need_a_purpose_in_the_console(
    make_user: Any, api_as: Any, new_incident: Any
) -> None:
    incident = new_incident(api_as("calltaker"), caller={"name": "خديجة", "phone": "0941234567"})
    client = signed_in(make_user("dispatcher"))
    url = f"/incidents/{incident['id']}/"
    assert "0941234567" not in client.get(url).content.decode()
    assert "0941234567" in client.get(url, {"purpose": "callback"}).content.decode()
    analyst = signed_in(make_user("analyst"))
    assert "0941234567" not in analyst.get(url, {"purpose": "x"}).content.decode()


@pytest.mark.usefixtures("benghazi")
def test_another_agencys_incident_is_not_found_in_the_console(
    make_user: Any, api_as: Any, new_incident: Any, station: Any
) -> None:
    incident = new_incident(api_as("calltaker"))
    outsider = signed_in(make_user("dispatcher", station))
    assert outsider.get(f"/incidents/{incident['id']}/").status_code == 404
    assert incident["number"] not in outsider.get("/").content.decode()


def test_every_arabic_string_is_translated() -> None:
    import opsroom

    po = Path(opsroom.__file__).parent / "locale/ar/LC_MESSAGES/django.po"
    text = po.read_text(encoding="utf-8")
    untranslated = re.findall(r'msgid "(.+)"\nmsgstr ""\n(?!")', text)
    assert untranslated == []
    # Long strings come as msgid "" plus continuation lines.
    long_untranslated = [m for m in re.findall(r'msgid ""\n((?:".+"\n)+)msgstr ""\n(?!")', text)]
    assert long_untranslated == []
    # The committed .mo must be compiled from this .po: every pair must be in it.
    with po.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    pairs = re.findall(r'^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.+)"$', text, re.M)
    assert pairs
    for context, msgid, msgstr in pairs:
        msgid = msgid.replace('\\"', '"')
        found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        assert found == msgstr.replace('\\"', '"'), msgid


@pytest.mark.usefixtures("benghazi")
def test_timeline_reads_in_the_operators_language(
    make_user: Any, api_as: Any, new_incident: Any
) -> None:
    api = api_as("dispatcher")
    incident = new_incident(api)
    api.post(f"incidents/{incident['id']}/notes", {"text": "الدورية في الطريق"})
    api.post(f"incidents/{incident['id']}/status", {"status": "cancelled", "reason": "بلاغ كاذب"})
    page = signed_in(make_user("dispatcher")).get(f"/incidents/{incident['id']}/").content.decode()
    assert "ملاحظة" in page and "الدورية في الطريق" in page
    assert "ملغى (بلاغ كاذب)" in page
    assert "{&#x27;" not in page and "{'" not in page  # no raw dictionaries


def test_pages_carry_security_headers(client: Client, db: Any) -> None:
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    assert "unsafe-inline" not in script_src and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()  # nothing inline for the CSP to block


@pytest.mark.usefixtures("benghazi")
@pytest.mark.parametrize("role", ["judicial", "admin"])
def test_roles_without_incident_access_are_refused_not_crashed(
    role: str, make_user: Any, api_as: Any, new_incident: Any
) -> None:
    incident = new_incident(api_as("calltaker"))
    response = signed_in(make_user(role)).get(f"/incidents/{incident['id']}/")
    assert response.status_code == 403
