"""Server-sent events: the console's stream (session) and the API's (bearer token).

Both hand the work to opsroom.core.feed; this module only authenticates, reads where to
resume from, and decides through the access rules which events this user may receive.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET
from ninja import Router

from opsroom.accounts.auth import BearerToken
from opsroom.accounts.models import ApiToken, User, hash_token
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput, OpsError
from opsroom.core.feed import FeedEvent, stream_events
from opsroom.core.streams import require_stream, stream_filter

router = Router(tags=["stream"])


def resume_point(request: HttpRequest) -> int | None:
    """Where to resume: the browser's Last-Event-ID on reconnect, else ``?after=``."""
    raw = request.headers.get("Last-Event-ID") or request.GET.get("after")
    if raw is None or raw == "":
        return None
    field = "Last-Event-ID" if request.headers.get("Last-Event-ID") else "after"
    if not raw.isdigit() or len(raw) > 18:
        raise InvalidInput("must be a non-negative event number", field=field)
    return int(raw)


def _event_stream(user: Any, after: int | None, still_allowed: Any) -> StreamingHttpResponse:
    require_stream(user)
    allowed_kind = stream_filter(user)

    def allowed(event: FeedEvent) -> bool:
        return allowed_kind(event.kind, event.agency_id)

    response = StreamingHttpResponse(
        stream_events(allowed, after, still_allowed), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # a reverse proxy must not hold events back
    return response


def _same_grant(user: User, row: Mapping[str, Any] | None) -> bool:
    """The stream's filter was decided when it opened: a change of role or agency, or a
    deactivation, ends it (the client reconnects and is decided again)."""
    return row is not None and row["is_active"] and row["role"] == user.role \
        and row["agency_id"] == user.agency_id


def _session_still_valid(user: User, session_key: str | None) -> Any:
    def check() -> bool:
        row = User.objects.filter(id=user.id).values("is_active", "role", "agency_id").first()
        store = import_module(settings.SESSION_ENGINE).SessionStore
        signed_out = session_key is None or not store().exists(session_key)
        return _same_grant(user, row) and not signed_out

    return sync_to_async(check, thread_sensitive=True)


def _token_still_valid(user: User, token_hash: str) -> Any:
    def check() -> bool:
        token = ApiToken.objects.filter(token_hash=token_hash, revoked_at__isnull=True).values(
            "expires_at", "user__is_active", "user__role", "user__agency_id").first()
        if token is None or (token["expires_at"] is not None and token["expires_at"] <= now()):
            return False
        return _same_grant(user, {"is_active": token["user__is_active"],
                                  "role": token["user__role"],
                                  "agency_id": token["user__agency_id"]})

    return sync_to_async(check, thread_sensitive=True)


@require_GET
def console_stream(request: HttpRequest) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "sign in first"}, status=401)
    try:
        after = resume_point(request)
        user: Any = request.user
        return _event_stream(user, after, _session_still_valid(user, request.session.session_key))
    except OpsError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)


@router.get("/stream", auth=BearerToken(), response={200: None},
            summary="Live changes as server-sent events",
            description="Each event's `id` is its sequence number; reconnect with "
            "`Last-Event-ID` to resume without gaps or repeats. The data is JSON with the "
            "record's `id`, `kind`, `action`, `version` and the record itself.")
def api_stream(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.auth  # type: ignore[attr-defined]
    after = resume_point(request)
    token = request.headers.get("Authorization", "").partition(" ")[2].strip()
    return _event_stream(user, after, _token_still_valid(user, hash_token(token)))
