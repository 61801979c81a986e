"""The campaigns' world: a running weapons campaign (and one in amnesty mode), a
collection point of the operations room open around the clock, a records officer who
takes handovers, a supervisor who runs the campaign, and a person who hands weapons in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from tests.conftest import Api

from opsroom.accounts.models import Agency, AgencyKind
from opsroom.campaigns.actions import do_create_campaign, do_create_point
from opsroom.campaigns.public import forget_cached_figures
from opsroom.core.clock import now
from opsroom.records.actions import do_create_person

ALWAYS = {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                  "sun")}
# Near the Tibesti hotel, on the demo's synthetic roads.
POINT_AT = (32.1167, 20.0667)


@dataclass
class World:
    police: Agency
    records: Api
    supervisor: Api
    campaign: Any
    amnesty: Any
    point: Any
    person: Any

    def handover(self, items: list[dict[str, Any]] | None = None, *, amnesty: bool = False,
                 **fields: Any) -> Any:
        campaign = self.amnesty if amnesty else self.campaign
        body: dict[str, Any] = {
            "campaign_id": str(campaign.id), "point": self.point.code,
            "items": items or [{"category": "assault_rifle", "make_model": "AK-47",
                                "calibre": "7.62×39", "serial": f"AK-{now().timestamp()}",
                                "condition": "working"}],
            **({} if amnesty else {"person_id": str(self.person.id)}), **fields}
        return self.records.post("handovers", body)


@pytest.fixture(autouse=True)
def _fresh_public_cache() -> Any:
    forget_cached_figures()
    yield
    forget_cached_figures()


@pytest.fixture
def world(ops_room: Agency, make_user: Any, benghazi: Any) -> World:
    supervisor = Api(make_user("supervisor"), ["read", "write"])
    records = Api(make_user("records"), ["read", "write"])
    start = date.today() - timedelta(days=60)
    campaign = do_create_campaign(
        supervisor.user, kind="weapons", name_ar="الحملة الموسعة لجمع السلاح",
        name_en="Expanded weapons collection campaign", starts_on=start,
        targets={"weapons": 5000})
    amnesty = do_create_campaign(
        supervisor.user, kind="weapons", name_ar="عفو السلاح", name_en="Weapons amnesty",
        starts_on=start, amnesty=True)
    point = do_create_point(supervisor.user, code="bng-dir-point", name_ar="مديرية أمن بنغازي",
                            name_en="Benghazi Security Directorate", kind="directorate",
                            lat=POINT_AT[0], lon=POINT_AT[1], hours=ALWAYS)
    person = do_create_person(records.user, {"first_name": "سالم", "father_name": "محمد",
                                             "family_name": "العبيدي"})
    return World(ops_room, records, supervisor, campaign, amnesty, point, person)


@pytest.fixture
def prosecution(make_agency: Any) -> Agency:
    return make_agency("bng-atp", kind=AgencyKind.PROSECUTION)
