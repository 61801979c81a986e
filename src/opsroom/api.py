"""The JSON API under /api/v1, with its OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from opsroom.accounts.api import router as accounts_router
from opsroom.accounts.auth import BearerToken, ConsoleSession
from opsroom.audit.api import router as audit_router
from opsroom.campaigns.api import router as campaigns_router
from opsroom.casualties.api import router as casualties_router
from opsroom.console.stream import router as stream_router
from opsroom.core.errors import OpsError
from opsroom.dispatch.api import router as dispatch_router
from opsroom.geo.api import router as geo_router
from opsroom.incidents.api import router as incidents_router
from opsroom.records.api import router as records_router
from opsroom.roads.api import router as roads_router
from opsroom.stats.api import router as stats_router
from opsroom.sync.api import router as sync_router

api = NinjaAPI(
    title="opsroom API",
    version="1",
    description="Incidents, units and dispatch for a security operations room.",
    urls_namespace="api",
    auth=[BearerToken(), ConsoleSession()],
)


def _field_name(loc: list[object]) -> str:
    # ninja prefixes the location with where it came from ("body", "query", "path") and the
    # parameter's own name; the user only cares about the field itself.
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path"):
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in ("body", "filters"):
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(list(err.get("loc", []))), "message": str(err.get("msg", ""))}
        for err in exc.errors
    ]
    first = errors[0] if errors else {"field": "", "message": "invalid request"}
    body = {"detail": f"{first['field']}: {first['message']}", "field": first["field"],
            "errors": errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(OpsError)
def on_ops_error(request: HttpRequest, exc: OpsError) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    retry_after = getattr(exc, "retry_after_s", None)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "authentication required: a bearer token or a session"}, status=401
    )


api.add_router("", accounts_router)
api.add_router("", incidents_router)
api.add_router("", dispatch_router)
api.add_router("", geo_router)
api.add_router("", stream_router)
api.add_router("", roads_router)
api.add_router("", audit_router)
api.add_router("", sync_router)
api.add_router("", records_router)
api.add_router("", campaigns_router)
api.add_router("", casualties_router)
api.add_router("", stats_router)
