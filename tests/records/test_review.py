"""What a review of the chain found: acts that must not stretch or outlive their basis,
reads that must leave a trace, and one alarm however many sites watch the clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.records.conftest import Chain

from opsroom.audit.models import AuditEntry
from opsroom.core.clock import now
from opsroom.core.ids import stable_id
from opsroom.records.actions import (
    do_blank_ended_wanted,
    do_check_custody,
    do_grant_capacity,
    do_revoke_capacity,
)
from opsroom.records.models import Arrest, CustodyAlarm, JudicialCapacity, WantedEntry


def test_an_arrest_on_a_warrant_cannot_name_offences_the_warrant_does_not(
        chain: Chain) -> None:
    person = chain.person()
    warrant = chain.warrant(person, offences=["theft"])
    stretched = chain.arrest(person, warrant, offences=["terrorism"])
    assert stretched.status_code == 422 and stretched.json()["field"] == "offences"
    assert not Arrest.objects.exists()
    done = chain.arrest(person, warrant)
    assert done.status_code == 201, done.content
    assert done.json()["custody"]["limit_hours"] == 48


def test_a_search_warrant_is_carried_out_once(chain: Chain) -> None:
    warrant = chain.warrant(None, kind="search", place="حي السلام، منزل 12", offences=[])
    body = {"started_at": now().isoformat(), "officer": chain.officer.username,
            "place": "حي السلام، منزل 12", "basis": "warrant", "warrant_id": warrant["id"]}
    assert chain.records.post("searches", body).status_code == 201
    again = chain.records.post("searches", body)
    assert again.status_code == 422 and "executed" in again.json()["detail"]


def test_a_capacity_revoked_later_still_covers_what_was_done_before(chain: Chain,
                                                                     make_user: Any) -> None:
    officer = make_user("records", username="officer-hamad")
    capacity = do_grant_capacity(chain.prosecutor.user, officer, now() + timedelta(days=30),
                                 now() - timedelta(days=2))
    do_revoke_capacity(chain.prosecutor.user, capacity)
    person = chain.person()
    yesterday = chain.arrest(person, officer=officer.username,
                             arrested_at=(now() - timedelta(days=1)).isoformat())
    assert yesterday.status_code == 201, yesterday.content
    today = chain.arrest(chain.person(national_number=""), officer=officer.username)
    assert today.status_code == 422 and today.json()["field"] == "officer_id"
    grant = AuditEntry.objects.filter(action="capacity.grant",
                                      object_id=str(officer.id)).get()
    assert grant.detail["backdated"] is True
    assert JudicialCapacity.objects.get(id=capacity.id).revoked_at is not None


def test_a_custody_alarm_has_one_id_wherever_it_is_raised(chain: Chain) -> None:
    person = chain.person()
    arrest = chain.arrest(person, arrested_at=(now() - timedelta(hours=40)).isoformat())
    do_check_custody()
    alarm = CustodyAlarm.objects.get(step="75")
    # The hub and the holding site each raise it; the same id makes them one row.
    assert alarm.id == stable_id("custody_alarm", f"{arrest.json()['id']}:75")


def test_a_patch_that_changes_nothing_is_still_an_audited_read(chain: Chain) -> None:
    person = chain.person()
    reply = chain.records.patch(f"persons/{person['id']}", {})
    assert reply.status_code == 200
    assert AuditEntry.objects.filter(action="person.update", object_id=person["id"]).count() == 1


def test_correcting_a_name_does_not_refill_a_forgotten_wanted_entry(chain: Chain) -> None:
    person = chain.person()
    warrant = chain.warrant(person)
    chain.prosecutor.post(f"warrants/{warrant['id']}/withdraw", {"reason": "سُحبت بأمر النيابة"})
    do_blank_ended_wanted(now() + timedelta(days=1))
    assert WantedEntry.objects.get(warrant_id=warrant["id"]).name == ""
    chain.records.patch(f"persons/{person['id']}", {"first_name": "أحمد"})
    entry = WantedEntry.objects.get(warrant_id=warrant["id"])
    assert entry.name == "" and not entry.active


def test_possible_duplicates_say_why_in_the_readers_language(chain: Chain) -> None:
    first = chain.person(national_number="")
    second = chain.person(national_number="", latin_name="")
    pairs = chain.records.get("persons/duplicates").json()
    assert [{pair["a"], pair["b"]} for pair in pairs] == [{first["id"], second["id"]}]
    assert pairs[0]["reason"].endswith("سنة الميلاد نفسها")  # Arabic unless asked otherwise
    assert AuditEntry.objects.filter(action="person.duplicates").exists()
