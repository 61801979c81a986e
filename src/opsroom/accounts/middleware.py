"""Activate the signed-in user's language before Django's LocaleMiddleware looks at the
request, so the choice follows the user from device to device."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language is None and hasattr(request, "session"):
            language = _session_user_language(request)
        if language:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
        return self.get_response(request)


def _session_user_language(request: HttpRequest) -> str | None:
    # AuthenticationMiddleware runs after LocaleMiddleware, so read the user lazily here.
    from django.contrib.auth import get_user

    user = get_user(request)
    request._cached_user = user  # type: ignore[attr-defined]  # AuthenticationMiddleware reuses it
    return getattr(user, "language", None) if user.is_authenticated else None
