"""The civilian harm world: two protection officers of the operations room (one records,
the other reviews), a monitoring agency with a monitor user, and the Benghazi geography."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest
from tests.conftest import Api

from opsroom.accounts.models import Agency, AgencyKind
from opsroom.core.clock import now

AT_SABRI = (32.1240, 20.0700)
_serial = count(1)


@dataclass
class World:
    ops: Agency
    recorder: Api
    reviewer: Api
    monitor_agency: Agency
    monitor: Api
    inspector: Api

    def event(self, api: Api | None = None, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "event_date": (date.today() - timedelta(days=3)).isoformat(), "time_precision": 1,
            "event_type": "Battles", "sub_event_type": "Armed clash",
            "actor1": "مجموعة مسلحة (حسب المصادر)", "location": "الصابري",
            "lat": AT_SABRI[0], "lon": AT_SABRI[1], "geo_precision": 1,
            "killed": {"min": 4, "max": 9, "best": 6}, "injured": {"min": 10, "max": 15},
            "civilian_targeting": True, "notes": "test event", **fields}
        reply = (api or self.recorder).post("harm-events", body)
        assert reply.status_code == 201, reply.json()
        return reply.json()

    def source(self, event_id: str, api: Api | None = None, **fields: Any) -> Any:
        body: dict[str, Any] = {
            "kind": "hospital_record", "description": "قائمة مستشفى الجلاء",
            "organisation": f"مستشفى الجلاء {next(_serial)}",
            "received_at": (now() - timedelta(hours=1)).isoformat(), "reliability": "B",
            "credibility": 2, "killed_min": 4, "archive_text": "نص القائمة كما وصلت", **fields}
        return (api or self.recorder).post(f"harm-events/{event_id}/sources", body)


@pytest.fixture
def world(ops_room: Agency, make_user: Any, make_agency: Any, benghazi: Any) -> World:
    monitor_agency = make_agency("unsmil", kind=AgencyKind.MONITOR)
    return World(
        ops=ops_room,
        recorder=Api(make_user("protection"), ["read", "write"]),
        reviewer=Api(make_user("protection"), ["read", "write"]),
        monitor_agency=monitor_agency,
        monitor=Api(make_user("monitor", monitor_agency), ["read"]),
        inspector=Api(make_user("inspector"), ["read"]),
    )
