"""Security headers Django 5.2 does not set itself."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

# Everything the console loads ships inside the package, so nothing needs another origin,
# and no page has an inline script: an injected <script> cannot run even if it slipped
# past escaping.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class RejectNulMiddleware:
    """A NUL character in the address or a query parameter is refused before any view sees
    it (PostgreSQL cannot store one; no browser or integration sends one on purpose)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return JsonResponse({"detail": "NUL characters are not allowed in the address",
                                 "field": "path"}, status=422)
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                field = name.replace("\x00", "")
                return JsonResponse({"detail": f"{field}: NUL characters are not allowed",
                                     "field": field}, status=422)
        return self.get_response(request)
