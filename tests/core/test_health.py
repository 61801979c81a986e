from __future__ import annotations

from typing import Any


def test_healthz_needs_no_login(client: Any) -> None:
    assert client.get("/healthz").json() == {"status": "alive"}


def test_readyz_reports_the_database(client: Any, db: Any) -> None:
    body = client.get("/readyz").json()
    assert body["status"] == "ready" and body["database"] in ("sqlite", "postgresql")


def test_openapi_document_lists_the_endpoints(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/incidents", "/api/v1/incidents/{incident_id}/timeline",
                 "/api/v1/units/{unit_id}/position", "/api/v1/places", "/api/v1/districts",
                 "/api/v1/incidents/{incident_id}/recommendations"):
        assert path in paths
