"""API authentication: bearer tokens for integrations and devices, the session for the
console's own calls."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from opsroom.accounts.actions import note_token_used
from opsroom.accounts.models import ApiToken, User, hash_token
from opsroom.core import context


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        try:
            found = ApiToken.objects.select_related("user", "user__agency").get(
                token_hash=hash_token(token), revoked_at__isnull=True
            )
        except ApiToken.DoesNotExist:
            return None
        if not found.user.is_active:
            return None
        note_token_used(found)
        request.user = found.user
        context.client_addr.set(request.META.get("REMOTE_ADDR"))
        return found.user


class ConsoleSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            context.client_addr.set(request.META.get("REMOTE_ADDR"))
        return user
