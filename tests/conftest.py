"""Factories, not fixtures files: each test builds the world it needs through the same
actions the product uses, so tests break when behaviour breaks."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from opsroom.accounts.actions import do_create_agency, do_create_token, do_create_user
from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.audit.anchors import anchors_file
from opsroom.dispatch.actions import do_create_unit
from opsroom.dispatch.models import Unit
from opsroom.geo.actions import do_load_geography
from opsroom.geo.queries import clear_caches
from opsroom.incidents.reference import forget_incident_types
from opsroom.roads.queries import forget_network

_counter = itertools.count(1)

# Central Benghazi, near the Security Directorate, inside the city boundary.
CENTRE = (32.1167, 20.0667)


class Api:
    """An HTTP client for /api/v1 that authenticates like an integration: a bearer token."""

    def __init__(self, user: User, scopes: list[str] | None = None) -> None:
        self.user = user
        _, raw = do_create_token(None, user, name="test", scopes=scopes)
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        self.token = raw

    def _call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        url = path if path.startswith("/") else f"/api/v1/{path}"
        kwargs: dict[str, Any] = dict(extra)
        if body is not None:
            kwargs["data"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
            kwargs.setdefault("content_type", "application/json")
        return getattr(self.client, method)(url, **kwargs)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path if path.startswith("/") else f"/api/v1/{path}", params)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self._call("post", path, body, **extra)

    def patch(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self._call("patch", path, body, **extra)

    def delete(self, path: str) -> Any:
        return self._call("delete", path)


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing() -> Any:
    from django.test import override_settings

    # Production's hasher stays second, so a hash made at its full cost still checks.
    with override_settings(PASSWORD_HASHERS=["tests.helpers.QuickArgon2PasswordHasher",
                                             "django.contrib.auth.hashers.Argon2PasswordHasher",
                                             "django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _fresh_caches() -> Any:
    # The anchors file lives beside the database, not in it: no rollback empties it.
    anchors_file().unlink(missing_ok=True)
    clear_caches()
    forget_network()
    forget_incident_types()
    yield
    clear_caches()
    forget_network()
    forget_incident_types()


@pytest.fixture
def benghazi(db: Any) -> None:
    """The shipped Benghazi geography: boundary, approximate districts and places."""
    from opsroom.demo.loader import read_geojson

    do_load_geography(
        None, read_geojson("city.geojson"), read_geojson("districts.geojson"),
        read_geojson("places.geojson"),
    )


@pytest.fixture
def roads(benghazi: None) -> Any:
    """The demo's synthetic road network over the shipped geography, active."""
    from opsroom.demo.loader import load_synthetic_roads

    return load_synthetic_roads()


@pytest.fixture
def make_agency(db: Any) -> Callable[..., Agency]:
    def make(code: str | None = None, kind: str = AgencyKind.OPERATIONS_ROOM) -> Agency:
        code = code or f"agency-{next(_counter)}"
        return do_create_agency(None, code=code, name_ar=f"جهة {code}", name_en=f"Agency {code}",
                                kind=kind)

    return make


@pytest.fixture
def ops_room(make_agency: Callable[..., Agency]) -> Agency:
    return make_agency("bng-ops")


@pytest.fixture
def station(make_agency: Callable[..., Agency]) -> Agency:
    return make_agency("bng-ps", kind=AgencyKind.POLICE_STATION)


@pytest.fixture
def make_user(ops_room: Agency) -> Callable[..., User]:
    def make(role: str, agency: Agency | None = None, username: str | None = None) -> User:
        return do_create_user(
            None, username=username or f"{role}{next(_counter)}",
            password="correct horse battery staple", agency=agency or ops_room, role=role,
        )

    return make


@pytest.fixture
def api_as(make_user: Callable[..., User]) -> Callable[..., Api]:
    def make(role: str, agency: Agency | None = None, scopes: list[str] | None = None) -> Api:
        return Api(make_user(role, agency), scopes)

    return make


@pytest.fixture
def make_unit(ops_room: Agency) -> Callable[..., Unit]:
    def make(
        call_sign: str | None = None,
        agency: Agency | None = None,
        kind: str = "patrol",
        capabilities: list[str] | None = None,
        at: tuple[float, float] = CENTRE,
        field_user: User | None = None,
    ) -> Unit:
        return do_create_unit(
            None, call_sign=call_sign or f"U-{next(_counter):03d}",
            agency_id=(agency or ops_room).id, kind=kind,
            capabilities=capabilities if capabilities is not None else ["police"],
            lat=at[0], lon=at[1], field_user=field_user,
        )

    return make


@pytest.fixture
def new_incident() -> Callable[..., dict[str, Any]]:
    """POST an incident through the API as ``api`` and return the created body."""

    def make(api: Api, **fields: Any) -> dict[str, Any]:
        body = {"type": "robbery", "priority": 2,
                "location": {"lat": CENTRE[0], "lon": CENTRE[1]}, **fields}
        response = api.post("incidents", body)
        assert response.status_code == 201, response.content
        result: dict[str, Any] = response.json()
        return result

    return make


class LiveServer:
    """opsroom's own ASGI application under uvicorn, on a free port, in a thread of the test
    process: the same stack `opsroom serve` runs, sharing the test database."""

    def __init__(self) -> None:
        import socket
        import threading

        import uvicorn

        from opsroom.asgi import application
        from opsroom.serving import uvicorn_options

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(
            application, lifespan="off", log_level="warning", timeout_graceful_shutdown=1,
            loop="asyncio", http="h11", **uvicorn_options(),
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self) -> None:
        import time

        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the live server did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        from asgiref.sync import SyncToAsync
        from django.db import connections

        self.server.should_exit = True
        self.thread.join(10)
        # Requests ran on asgiref's shared thread: close its connections, or PostgreSQL
        # refuses to drop the test database.
        SyncToAsync.single_thread_executor.submit(connections.close_all).result()
        self.socket.close()


@pytest.fixture
def opsroom_server(transactional_db: Any) -> Any:
    server = LiveServer()
    server.start()
    yield server
    server.stop()
