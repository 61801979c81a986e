from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def console_context(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    return {
        "SITE_CODE": settings.SITE_CODE,
        "DEMO": not settings.PRODUCTION,
        # The user's choice of Arabic-Indic digits, for the `digits` filter.
        "DIGITS_AR": bool(user is not None and user.is_authenticated and user.arabic_digits),
    }
