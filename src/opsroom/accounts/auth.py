"""API authentication: bearer tokens for integrations and devices, the session for the
console's own calls. Tokens carry scopes and an expiry; guessing them backs off."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from opsroom.accounts import backoff
from opsroom.accounts.actions import note_token_used
from opsroom.accounts.models import ApiToken, User, hash_token
from opsroom.core import context
from opsroom.core.clock import now
from opsroom.core.errors import Forbidden, OpsError

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What a device token (a unit's phone or tracker) may call besides reading who it is.
_DEVICE_WRITES = re.compile(r"^/api/v1/units/[^/]+/(status|position)$")
_DEVICE_READS = re.compile(r"^/api/v1/(me|units/[^/]+)$")


class TokenExpired(OpsError):
    status = 401


def check_scope(token: ApiToken, method: str, path: str) -> None:
    scopes = set(token.scopes or ())
    if method in READ_METHODS:
        if "read" in scopes or "write" in scopes:
            return
        if "device" in scopes and _DEVICE_READS.match(path):
            return
    else:
        if "write" in scopes:
            return
        if "device" in scopes and _DEVICE_WRITES.match(path):
            return
    raise Forbidden(f"this token's scopes ({', '.join(sorted(scopes)) or 'none'}) "
                    f"do not allow {method} {path}")


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        addr = request.META.get("REMOTE_ADDR")
        context.client_addr.set(addr)  # a failed attempt is audited with its address too
        try:
            found = ApiToken.objects.select_related("user", "user__agency").get(
                token_hash=hash_token(token), revoked_at__isnull=True
            )
        except ApiToken.DoesNotExist:
            # Only wrong tokens are counted and checked: a valid token (256 random bits)
            # was not guessed, and a valid call costs no extra query.
            key = backoff.addr_key(addr)
            wait = backoff.blocked_for(key)
            if wait:
                backoff.do_note_blocked(key, "token", addr, wait)
                raise backoff.TooManyAttempts(wait) from None
            backoff.do_record_failure(key, "token", addr)
            return None
        if not found.user.is_active:
            return None
        if found.expires_at is not None and found.expires_at <= now():
            raise TokenExpired("this token has expired; create a new one")
        check_scope(found, request.method or "GET", request.path)
        note_token_used(found)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]  # what proof_of reads
        # What the credential allows travels with the user into the access functions: a
        # device token reaches only its own unit (opsroom.accounts.access.device_only).
        found.user.token_scopes = frozenset(found.scopes or ())  # type: ignore[attr-defined]
        return found.user


class ConsoleSession(SessionAuth):
    def __call__(self, request: HttpRequest) -> Any:
        # A request that brings a bearer token is judged by it alone: a wrong or revoked
        # token is a 401, not a fall-through to the session and its CSRF check (a 403).
        if request.headers.get("Authorization"):
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            context.client_addr.set(request.META.get("REMOTE_ADDR"))
        return user


def session_or_token_user(request: HttpRequest) -> User | None:
    """Who asks for a page outside /api/v1 that scripts fetch too (the PDF reports): the
    bearer token when one is sent, else the console's session; None when neither."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return BearerToken().authenticate(request, header[7:].strip())
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
