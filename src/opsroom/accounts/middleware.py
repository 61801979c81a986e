"""Each signed-in user's language choice follows them from device to device."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware


class UserLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, but a signed-in user's saved language wins over the
    browser's cookie and headers. It sits after AuthenticationMiddleware to know the user."""

    def process_request(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language in dict(settings.LANGUAGES):
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
        super().process_request(request)
