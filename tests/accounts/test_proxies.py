"""Forwarded headers are believed only from the proxies OPSROOM_TRUSTED_PROXIES names (found
by a hostile test: from loopback, 20 unknown tokens with a different X-Forwarded-For each
were never backed off, and the audit recorded an address the client chose)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.conftest import LiveServer

from opsroom.audit.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)


def guess_tokens(url: str, count: int) -> list[int]:
    answers = []
    with httpx.Client(base_url=url, timeout=5) as client:
        for i in range(count):
            reply = client.get("/api/v1/me", headers={
                "Authorization": f"Bearer ops_guess{i}", "X-Forwarded-For": f"203.0.113.{i}"})
            answers.append(reply.status_code)
    return answers


def test_a_client_cannot_choose_its_address(opsroom_server: Any, settings: Any) -> None:
    assert settings.TRUSTED_PROXIES == []
    answers = guess_tokens(opsroom_server.url, 20)
    limit = settings.LOGIN_MAX_FAILURES
    assert answers[:limit] == [401] * limit and set(answers[limit:]) == {429}
    recorded = set(AuditEntry.objects.filter(action__startswith="token.")
                   .values_list("client_addr", flat=True))
    assert recorded == {"127.0.0.1"}


def test_a_named_proxy_is_believed(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    server = LiveServer()
    server.start()
    try:
        assert guess_tokens(server.url, 3) == [401, 401, 401]  # three different clients
    finally:
        server.stop()
    recorded = sorted(AuditEntry.objects.filter(action="token.failed")
                      .values_list("client_addr", flat=True))
    assert recorded == ["203.0.113.0", "203.0.113.1", "203.0.113.2"]
