"""The campaigns pages of the console (filled in below)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
