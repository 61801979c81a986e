"""The public figures of a campaign: no login, aggregates only (opsroom.campaigns.queries
.public_figures says what is left out). JSON for other systems, a page for a browser."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from opsroom.campaigns.models import Campaign, ItemCategory
from opsroom.campaigns.queries import public_figures

# The figures of a campaign, kept for a minute: the page is public, and a crowd reloading
# it must not cost a sum over the counters each time.
_CACHE_SECONDS = 60.0
_cache: dict[UUID, tuple[float, dict[str, Any]]] = {}


def cached_figures(campaign_id: UUID) -> dict[str, Any]:
    hit = _cache.get(campaign_id)
    if hit is not None and time.monotonic() - hit[0] < _CACHE_SECONDS:
        return hit[1]
    campaign = Campaign.objects.filter(id=campaign_id).first()
    if campaign is None:
        raise Http404("no such campaign")
    figures = public_figures(campaign)
    _cache[campaign_id] = (time.monotonic(), figures)
    return figures


def forget_cached_figures() -> None:
    _cache.clear()


def _wants_html(request: HttpRequest) -> bool:
    if request.GET.get("format") == "json":
        return False
    accept = request.headers.get("Accept", "")
    return "text/html" in accept.split(",")[0] or request.GET.get("format") == "html"


@require_GET
def public_campaign(request: HttpRequest, campaign_id: UUID) -> HttpResponse:
    figures = cached_figures(campaign_id)
    if not _wants_html(request):
        reply = JsonResponse(figures)
        reply["Cache-Control"] = "public, max-age=60"
        return reply
    language = request.GET.get("lang")
    if language in ("ar", "en"):
        translation.activate(language)
    weeks = figures["by_week"]
    top = max((w["items"] for w in weeks), default=0) or 1
    categories = [(ItemCategory(c).label, n) for c, n in figures["by_category"].items()
                  if c in ItemCategory.values]
    return render(request, "campaigns/public.html", {
        "figures": figures, "categories": categories,
        "weeks": [{**w, "percent": round(100 * w["items"] / top)} for w in weeks]})
