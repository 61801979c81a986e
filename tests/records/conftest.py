"""The judicial chain's world: a police agency (the operations room's), a prosecution
office and a court, their users, and an officer holding the judicial police capacity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from tests.conftest import Api

from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.core.clock import now
from opsroom.records.actions import do_grant_capacity
from opsroom.records.search import forget_index


@dataclass
class Chain:
    police: Agency
    prosecution: Agency
    court: Agency
    records: Api
    prosecutor: Api
    judge: Api
    officer: User

    def person(self, **fields: Any) -> dict[str, Any]:
        body = {"first_name": "محمد", "father_name": "عبدالله", "grandfather_name": "علي",
                "family_name": "الفيتوري", "latin_name": "Mohamed Abdallah Ali Al-Fitouri",
                "sex": "male", "birth_year": 1990, **fields}
        reply = self.records.post("persons", body)
        assert reply.status_code == 201, reply.content
        result: dict[str, Any] = reply.json()
        return result

    def warrant(self, person: dict[str, Any] | None, **fields: Any) -> dict[str, Any]:
        body = {"kind": "arrest", "reference": f"ق-{now().timestamp()}",
                "person_id": person["id"] if person else None, "offences": ["armed_robbery"],
                **fields}
        reply = self.prosecutor.post("warrants", body)
        assert reply.status_code == 201, reply.content
        result: dict[str, Any] = reply.json()
        return result

    def arrest(self, person: dict[str, Any], warrant: dict[str, Any] | None = None,
               **fields: Any) -> Any:
        body: dict[str, Any] = {
            "person_id": person["id"], "arrested_at": now().isoformat(),
            "place": "شارع عمرو بن العاص", "officer": self.officer.username,
            "basis": "warrant" if warrant else "in_the_act",
            **({"warrant_id": warrant["id"]} if warrant else {
                "justification": "ضُبط متلبساً بالسرقة أمام شهود في السوق",
                "offences": ["theft"]}),
            **fields}
        return self.records.post("arrests", body)


@pytest.fixture(autouse=True)
def _fresh_index() -> Any:
    forget_index()
    yield
    forget_index()


@pytest.fixture
def chain(ops_room: Agency, make_agency: Any, make_user: Any, benghazi: Any) -> Chain:
    prosecution = make_agency("bng-pros", kind=AgencyKind.PROSECUTION)
    court = make_agency("bng-court", kind=AgencyKind.COURT)
    prosecutor = Api(make_user("judicial", prosecution), ["read", "write"])
    judge = Api(make_user("judicial", court), ["read", "write"])
    records = Api(make_user("records"), ["read", "write"])
    officer = make_user("records", username="officer-salem")
    do_grant_capacity(prosecutor.user, officer, now() + timedelta(days=30),
                      now() - timedelta(days=10))
    return Chain(ops_room, prosecution, court, records, prosecutor, judge, officer)
