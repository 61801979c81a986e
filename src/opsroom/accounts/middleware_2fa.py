"""Roles that need a second factor reach nothing but the code page until they give it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from opsroom.accounts.roles import role_needs_totp

SECOND_FACTOR = "opsroom_2fa"
OPEN_PATHS = ("/login/", "/logout/", "/language/", "/static/", "/favicon.ico", "/healthz",
              "/readyz")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if (
            user is not None and user.is_authenticated and role_needs_totp(user.role)
            and not request.session.get(SECOND_FACTOR)
            and not request.path.startswith(OPEN_PATHS)
        ):
            if request.path.startswith("/api/") or request.path == "/stream":
                return JsonResponse({"detail": "two-factor authentication required: "
                                     "give your code at /login/2fa/"}, status=401)
            return HttpResponseRedirect(f"{reverse('console:second_factor')}?next={request.path}")
        return self.get_response(request)
