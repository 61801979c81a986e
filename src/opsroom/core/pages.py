"""What every console page of every domain shares: the start of a live page's boot JSON,
and a read through an access function turned into the page's 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import get_language

from opsroom.core.errors import Forbidden


def live_page_basics(user: Any, seq: int) -> dict[str, Any]:
    """Where the page's stream resumes, and how it writes numbers and times for this user."""
    return {
        "seq": seq,
        "lang": get_language() or settings.LANGUAGE_CODE,
        "digits": "arab" if user.arabic_digits else "latn",
        "tz": settings.TIME_ZONE,
        "stream": reverse("console:stream"),
    }


def read_or_403(read: Callable[..., Any], *args: Any) -> Any:
    """A read through its access function; a role without it gets the page's 403."""
    try:
        return read(*args)
    except Forbidden:
        raise PermissionDenied from None
