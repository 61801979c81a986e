"""How `opsroom serve` runs uvicorn, shared with the tests' live server.

Forwarded headers (X-Forwarded-For, X-Forwarded-Proto) are believed only from the reverse
proxies named in OPSROOM_TRUSTED_PROXIES: from anyone else, loopback included, a client
could choose the address that the sign-in back-off counts and the audit log records."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def uvicorn_options() -> dict[str, Any]:
    proxies = list(settings.TRUSTED_PROXIES)
    if not proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": proxies}
