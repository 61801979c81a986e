"""Guessing passwords and tokens backs off with 429; tokens carry scopes and expire."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from opsroom.accounts.actions import do_create_token, do_revoke_token
from opsroom.accounts.models import ApiToken, FailedLogin
from opsroom.audit.models import AuditEntry
from opsroom.core.clock import now

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_username_for_fifteen_minutes(make_user: Any) -> None:
    make_user("dispatcher", username="omar")
    client = Client()
    for _ in range(5):
        assert sign_in(client, "omar", "wrong password").status_code == 200
    blocked = sign_in(client, "omar", PASSWORD)  # even the right password now
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 14 * 60
    assert "Try again in 15 min" in blocked.content.decode() or "15" in blocked.content.decode()
    assert AuditEntry.objects.filter(action="login.failed").count() == 5
    assert AuditEntry.objects.filter(action="login.blocked").count() == 1
    # Another username is not affected.
    make_user("dispatcher", username="salma")
    assert sign_in(Client(), "salma", PASSWORD).status_code == 302
    # Once the failures are older than the window, the right password works again.
    FailedLogin.objects.update(at=now() - timedelta(minutes=16))
    assert sign_in(client, "omar", PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="login").count() == 2


def test_guessing_tokens_from_one_address_backs_off(api_as: Any) -> None:
    real = api_as("dispatcher")
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(5):
        reply = guesser.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer ops_guess{i}")
        assert reply.status_code == 401
    reply = guesser.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer ops_guess5")
    assert reply.status_code == 429
    assert "too many failed attempts" in reply.json()["detail"]
    assert int(reply["Retry-After"]) > 0
    assert AuditEntry.objects.filter(action="token.blocked").count() == 1
    # A real token is not guessed; another address is not blocked.
    assert real.get("me").status_code == 200
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer ops_x").status_code == 401


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_read_token_cannot_write(make_user: Any, new_incident: Any, api_as: Any) -> None:
    user = make_user("dispatcher")
    _, raw = do_create_token(None, user, scopes=["read"])
    client = bearer(raw)
    assert client.get("/api/v1/incidents").status_code == 200
    reply = client.post("/api/v1/incidents", '{"type": "robbery"}',
                        content_type="application/json")
    assert reply.status_code == 403
    assert "scopes (read)" in reply.json()["detail"]


def test_a_device_token_only_reports_its_unit(make_user: Any, make_unit: Any) -> None:
    field_user = make_user("field_unit")
    unit = make_unit("DEV-1", field_user=field_user)
    _, raw = do_create_token(None, field_user, scopes=["device"])
    client = bearer(raw)
    reply = client.post(f"/api/v1/units/{unit.id}/position", '{"lat": 32.11, "lon": 20.07}',
                        content_type="application/json")
    assert reply.status_code == 200, reply.content
    assert client.get(f"/api/v1/units/{unit.id}").status_code == 200
    assert client.get("/api/v1/incidents").status_code == 403
    assert client.get("/api/v1/stream").status_code == 403


def test_a_device_token_reads_no_other_unit_of_its_agency(
    make_user: Any, make_unit: Any
) -> None:
    """Found by a hostile test: a device token could read any unit of its agency (the docs
    said only its own). A dispatcher's device token is held to the same rule."""
    field_user = make_user("field_unit")
    own = make_unit("DEV-1", field_user=field_user)
    other = make_unit("DEV-2")
    client = bearer(do_create_token(None, field_user, scopes=["device"])[1])
    assert client.get(f"/api/v1/units/{own.id}").status_code == 200
    assert client.get(f"/api/v1/units/{other.id}").status_code == 404
    assert client.post(f"/api/v1/units/{other.id}/position", '{"lat": 32.11, "lon": 20.07}',
                       content_type="application/json").status_code == 404
    dispatcher_device = bearer(do_create_token(None, make_user("dispatcher"),
                                               scopes=["device"])[1])
    for unit in (own, other):
        assert dispatcher_device.post(
            f"/api/v1/units/{unit.id}/status", '{"status": "out_of_service"}',
            content_type="application/json").status_code == 404
    # With a read or write token the same users see their agency's units, as before.
    assert bearer(do_create_token(None, field_user)[1]).get(
        f"/api/v1/units/{other.id}").status_code == 200


SOME_ID = "01900000-0000-7000-8000-000000000000"


@pytest.mark.parametrize(("method", "path"), [
    ("post", "/api/v1/incidents"), ("patch", f"/api/v1/incidents/{SOME_ID}"),
    ("delete", f"/api/v1/closures/{SOME_ID}"),
])
def test_an_unknown_or_revoked_token_on_a_write_is_401_not_a_csrf_refusal(
    method: str, path: str, make_user: Any
) -> None:
    token, raw = do_create_token(None, make_user("dispatcher"))
    do_revoke_token(None, token)
    for credential in ("ops_not-a-token", raw):
        # CSRF enforced, as for any client that is not Django's test client.
        client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {credential}")
        reply = getattr(client, method)(path, '{"type": "robbery"}',
                                        content_type="application/json")
        assert reply.status_code == 401, reply.content
        assert "CSRF" not in reply.content.decode()


def test_tokens_expire(make_user: Any) -> None:
    token, raw = do_create_token(None, make_user("dispatcher"), days=1)
    assert token.expires_at is not None
    assert (token.expires_at - now()).total_seconds() > 23 * 3600
    assert bearer(raw).get("/api/v1/me").status_code == 200
    ApiToken.objects.filter(id=token.id).update(expires_at=now() - timedelta(seconds=1))
    reply = bearer(raw).get("/api/v1/me")
    assert reply.status_code == 401 and "expired" in reply.json()["detail"]


@pytest.mark.parametrize("kwargs, field", [
    ({"scopes": ["admin"]}, "scopes"), ({"days": 0}, "days"), ({"days": 400}, "days"),
])
def test_bad_token_requests_are_refused(make_user: Any, kwargs: dict[str, Any],
                                        field: str) -> None:
    from opsroom.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        do_create_token(None, make_user("dispatcher"), **kwargs)
    assert refused.value.field == field
    assert ApiToken.objects.count() == 0
