"""Two-factor sign-in (TOTP) for supervisor, records, judicial, inspector and admin; a
fresh proof before a caller's details."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client

from opsroom.accounts.actions import do_enrol_totp_for_demo
from opsroom.accounts.models import User
from opsroom.accounts.totp import code_at, current_step, matching_step
from opsroom.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_the_codes_are_rfc_6238() -> None:
    # RFC 6238 appendix B, SHA-1 secret "12345678901234567890", T = 59 s: 94287082.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert code_at(secret, 59 // 30, digits=8) == "94287082"
    assert code_at(secret, 1111111109 // 30, digits=8) == "07081804"
    assert matching_step(secret, code_at(secret, 100), 0, moment=100 * 30 + 5) == 100
    assert matching_step(secret, code_at(secret, 100), 100, moment=100 * 30 + 5) is None
    assert matching_step(secret, "000000", 0, moment=100 * 30) is None


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/login/", {"username": username, "password": password})


@pytest.mark.usefixtures("benghazi")
def test_a_supervisor_enrols_then_needs_the_code(make_user: Any) -> None:
    user = make_user("supervisor", username="sara")
    client = Client()
    reply = sign_in(client, "sara")
    assert reply.status_code == 302 and reply.url.startswith("/login/2fa/")
    # Nothing else is reachable before the code, not even through the session API.
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/incidents").status_code == 401
    page = client.get("/login/2fa/").content.decode()
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert "otpauth://totp/" in page
    wrong = client.post("/login/2fa/", {"code": "000000"})
    assert wrong.status_code == 200 and client.get("/").status_code == 302
    good = client.post("/login/2fa/", {"code": code_at(secret.replace(" ", ""), current_step())})
    assert good.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/incidents").status_code == 200
    user.refresh_from_db()
    assert user.totp_confirmed_at is not None
    assert AuditEntry.objects.filter(action="user.totp.enrol").count() == 1
    assert AuditEntry.objects.filter(action="totp.failed").count() == 1


@pytest.mark.usefixtures("benghazi")
def test_five_wrong_codes_back_off(make_user: Any) -> None:
    user = make_user("inspector", username="ines")
    do_enrol_totp_for_demo(user)
    client = Client()
    sign_in(client, "ines")
    for _ in range(4):  # the password counted as a success; five wrong codes now
        client.post("/login/2fa/", {"code": "000000"})
    client.post("/login/2fa/", {"code": "111111"})
    user.refresh_from_db()
    blocked = client.post("/login/2fa/", {"code": code_at(user.totp_secret, current_step())})
    assert blocked.status_code == 429


@pytest.mark.usefixtures("benghazi")
def test_a_dispatcher_needs_no_second_factor_but_re_confirms_for_a_caller(
    make_user: Any, api_as: Any, new_incident: Any
) -> None:
    make_user("dispatcher", username="dani")
    incident = new_incident(api_as("calltaker"), caller={"name": "مريم", "phone": "0925555555"})
    client = Client()
    assert sign_in(client, "dani").url == "/"
    url = f"/incidents/{incident['id']}/"
    assert "0925555555" in client.get(url, {"purpose": "callback"}).content.decode()
    # Later (here: the session's proof made old), the same read asks again.
    session = client.session
    session["opsroom_auth_at"] = 0
    session.save()
    asked = client.get(url, {"purpose": "callback"})
    assert asked.status_code == 302 and asked.url.startswith("/login/confirm/")
    assert client.post("/login/confirm/", {"password": "wrong", "next": url}).status_code == 200
    back = client.post("/login/confirm/", {"password": PASSWORD,
                                           "next": f"{url}?purpose=callback"})
    assert back.status_code == 302
    assert "0925555555" in client.get(back.url).content.decode()


def test_the_demo_prints_the_second_factor(db: Any, settings: Any) -> None:
    from io import StringIO

    settings.DEMO_HANDOVERS = 20  # the logins are the point here, not the campaigns' volume
    settings.DEMO_HISTORY_DAYS = 3  # nor the incident history's

    from opsroom.demo.loader import load_demo

    out = StringIO()
    load_demo(out)
    printed = out.getvalue()
    supervisor = User.objects.get(username="supervisor")
    assert supervisor.totp_confirmed_at is not None
    assert supervisor.totp_secret in printed.replace(" ", "")
    assert "opsroom demo totp" in printed


@pytest.mark.usefixtures("benghazi")
def test_the_api_asks_the_same_re_confirmation_of_a_console_session(
    make_user: Any, api_as: Any, new_incident: Any
) -> None:
    """Found by a hostile test: a session 29 minutes old was sent to /login/confirm/ by the
    incident page, but the same cookie got the caller from the API with a purpose."""
    make_user("dispatcher", username="dani")
    incident = new_incident(api_as("calltaker"), caller={"name": "مريم", "phone": "0925555555"})
    client = Client()
    sign_in(client, "dani")
    url = f"/api/v1/incidents/{incident['id']}"
    assert client.get(url, {"purpose": "callback"}).json()["caller"]["phone"] == "0925555555"
    session = client.session
    session["opsroom_auth_at"] = time.time() - 29 * 60
    session.save()
    stale = client.get(url, {"purpose": "callback"})
    assert stale.status_code == 401 and stale.json()["field"] == "purpose"
    assert "0925555555" not in stale.content.decode()
    assert client.get(url).json()["caller"] is None  # a read without a purpose still works
    client.post("/login/confirm/", {"password": PASSWORD, "next": "/"})
    assert client.get(url, {"purpose": "callback"}).json()["caller"]["phone"] == "0925555555"
