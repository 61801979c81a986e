from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def console_context(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_CODE": settings.SITE_CODE, "DEMO": not settings.PRODUCTION}
