"""The judicial chain through the HTTP API: persons, warrants, arrests on their legal
basis, the custody clock, hand-over and release, searches, referrals and sentences."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from tests.records.conftest import Chain

from opsroom.audit.models import AuditEntry
from opsroom.core.clock import now
from opsroom.records.actions import do_blank_ended_wanted, do_check_custody
from opsroom.records.models import Arrest, CustodyAlarm, Person, Search, WantedEntry
from opsroom.records.search import name_index

pytestmark = pytest.mark.usefixtures("benghazi")


def force_index_refresh() -> None:
    """The indexes look for changes once a second; a test does not wait for it."""
    for which in ("person", "wanted"):
        index = name_index(which)
        with index.lock:
            index.refresh(force=True)


def test_a_person_is_recorded_found_by_name_and_read_with_a_purpose(chain: Chain) -> None:
    person = chain.person(mother_name="فاطمة سالم", national_number="119900012345")
    found = chain.records.get("persons", q="Muhammad Abdullah Elfitouri", purpose="case 12/2026")
    assert found.status_code == 200, found.content
    body = found.json()
    assert body["count"] >= 1 and body["items"][0]["id"] == person["id"]
    assert body["items"][0]["score"] >= 85 and body["items"][0]["reason"]
    read = chain.records.get(f"persons/{person['id']}", purpose="case 12/2026")
    assert read.status_code == 200 and read.json()["mother_name"] == "فاطمة سالم"
    audited = AuditEntry.objects.filter(action__in=("person.search", "person.read"))
    assert [(a.action, a.purpose) for a in audited] == [
        ("person.search", "case 12/2026"), ("person.read", "case 12/2026")]
    assert chain.records.get(f"persons/{person['id']}").status_code == 422  # no purpose


@pytest.mark.parametrize(("fields", "field"), [
    ({"national_number": "12345"}, "national_number"),
    ({"national_number": "319900012345"}, "national_number"),
    ({"national_number": "219900012345"}, "national_number"),  # 2 is female; sex is male
    ({"national_number": "119850012345"}, "national_number"),  # born 1990, not 1985
    ({"first_name": "محمد\u202e"}, "first_name"),
    ({"family_name": ""}, "family_name"),
    ({"tribe": "x"}, "tribe"),  # there is no such field, and there never will be
])
def test_a_bad_person_is_refused_naming_the_field(chain: Chain, fields: dict[str, Any],
                                                  field: str) -> None:
    body = {"first_name": "محمد", "family_name": "الفيتوري", "sex": "male", "birth_year": 1990,
            **fields}
    reply = chain.records.post("persons", body)
    assert reply.status_code == 422 and reply.json()["field"] == field
    assert not Person.objects.exists()


def test_only_the_issuing_authority_issues_and_withdraws_a_warrant(chain: Chain,
                                                                    api_as: Any) -> None:
    person = chain.person()
    assert chain.records.post("warrants", {"kind": "arrest", "reference": "x",
                                           "person_id": person["id"],
                                           "offences": ["theft"]}).status_code == 403
    warrant = chain.warrant(person, caution="مسلح")
    assert WantedEntry.objects.get(warrant_id=warrant["id"]).active
    # The court is judicial too, but not the issuing authority.
    assert chain.judge.post(f"warrants/{warrant['id']}/withdraw",
                            {"reason": "x"}).status_code == 403
    done = chain.prosecutor.post(f"warrants/{warrant['id']}/withdraw",
                                 {"reason": "التهمة أسقطت"})
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    assert not WantedEntry.objects.get(warrant_id=warrant["id"]).active


def test_an_arrest_on_a_warrant_starts_the_clock_and_executes_the_warrant(chain: Chain) -> None:
    person = chain.person()
    warrant = chain.warrant(person)
    reply = chain.arrest(person, warrant)
    assert reply.status_code == 201, reply.content
    body = reply.json()
    limit_at = body["custody"]["limit_at"]
    assert body["custody"]["limit_hours"] == 48
    assert "26" in body["custody"]["source"]  # article 26, cited
    arrest = Arrest.objects.get(id=body["id"])
    assert (arrest.limit_at - arrest.arrested_at) == timedelta(hours=48)
    assert limit_at.startswith(str(arrest.limit_at.date()))
    assert chain.prosecutor.get(f"warrants/{warrant['id']}").json()["status"] == "executed"


def test_a_state_security_offence_has_seven_days(chain: Chain) -> None:
    person = chain.person()
    warrant = chain.warrant(person, offences=["terrorism"])
    body = chain.arrest(person, warrant).json()
    assert body["custody"]["limit_hours"] == 168
    assert "87" in body["custody"]["source"] and "1974" in body["custody"]["source"]


def test_an_arrest_without_its_legal_basis_is_refused_saying_which(chain: Chain) -> None:
    person, other = chain.person(), chain.person(first_name="أحمد", national_number="")
    withdrawn = chain.warrant(person)
    chain.prosecutor.post(f"warrants/{withdrawn['id']}/withdraw", {"reason": "أسقطت التهمة"})
    search_warrant = chain.warrant(None, kind="search", place="حي السلام، منزل 12",
                                   offences=[])
    others = chain.warrant(other)
    cases = [
        ({"basis": "warrant"}, "warrant_id", "name it"),
        ({"basis": "warrant", "warrant_id": withdrawn["id"]}, "warrant_id", "withdrawn"),
        ({"basis": "warrant", "warrant_id": search_warrant["id"]}, "warrant_id",
         "search warrant"),
        ({"basis": "warrant", "warrant_id": others["id"]}, "warrant_id", "another person"),
        ({"basis": "in_the_act", "justification": "متلبس", "offences": ["theft"]},
         "justification", "justification"),
        ({"basis": "in_the_act", "justification": "ضُبط متلبساً في السوق أمام شهود",
          "offences": []}, "offences", "offences"),
        ({"basis": "consent"}, "basis", ""),
    ]
    for fields, field, words in cases:
        body = {"person_id": person["id"], "arrested_at": now().isoformat(),
                "place": "السوق", "officer": chain.officer.username, **fields}
        reply = chain.records.post("arrests", body)
        assert reply.status_code == 422 and reply.json()["field"] == field, (fields, reply.json())
        assert words in reply.json()["detail"]
    assert not Arrest.objects.exists()


def test_an_officer_without_a_valid_capacity_cannot_arrest(chain: Chain, make_user: Any) -> None:
    person = chain.person()
    stranger = make_user("records", username="no-capacity")
    reply = chain.arrest(person, officer=stranger.username)
    assert reply.status_code == 422 and reply.json()["field"] == "officer_id"
    assert not Arrest.objects.exists()


def test_hand_over_acknowledge_and_illegal_transitions(chain: Chain) -> None:
    arrest = chain.arrest(chain.person()).json()
    url = f"arrests/{arrest['id']}"
    assert chain.prosecutor.post(f"{url}/acknowledge").status_code == 404  # not theirs yet
    handed = chain.records.post(f"{url}/handover", {"prosecution": "bng-pros"})
    assert handed.status_code == 200 and handed.json()["status"] == "handed_over"
    assert chain.records.post(f"{url}/handover", {"prosecution": "bng-pros"}).status_code == 409
    acknowledged = chain.prosecutor.post(f"{url}/acknowledge")
    assert acknowledged.status_code == 200 and acknowledged.json()["custody"]["running"] is False
    assert chain.records.post(f"{url}/release", {"reason": "x"}).status_code == 409


def test_custody_alarms_at_75_and_90_percent_and_past_the_limit(chain: Chain) -> None:
    arrest = chain.arrest(chain.person(), arrested_at=(
        now() - timedelta(hours=37)).isoformat()).json()  # 77 % of 48 hours
    steps = {a.step for a in do_check_custody()}
    assert "75" in steps and "90" not in steps
    assert {a.step for a in do_check_custody(now() + timedelta(hours=7))} >= {"90"}
    assert "overdue" in {a.step for a in do_check_custody(now() + timedelta(hours=12))}
    assert do_check_custody(now() + timedelta(hours=12)) == []  # each alarm once
    board = chain.records.get("custody").json()
    assert board["arrests"][0]["id"] == arrest["id"]
    assert {a["step"] for a in board["alarms"]} >= {"75", "90", "overdue"}
    alarm = CustodyAlarm.objects.filter(step="90").get()
    supervisor = chain.records.user  # records officers read the board; supervisors ack
    assert supervisor.can("records.read")
    assert AuditEntry.objects.filter(action="custody.alarm").count() >= 3
    assert chain.prosecutor.post(f"custody/alarms/{alarm.id}/acknowledge").status_code == 404


def test_rights_not_recorded_in_time_raise_alarms(chain: Chain) -> None:
    arrest = chain.arrest(chain.person(), arrested_at=(
        now() - timedelta(hours=7)).isoformat()).json()
    url = f"arrests/{arrest['id']}/rights"
    assert chain.records.post(url, {"right": "told_reason"}).status_code == 200
    assert chain.records.post(url, {"right": "told_reason"}).status_code == 409
    steps = {a.step for a in do_check_custody()}
    assert "right:told_reason" not in steps
    assert {"right:lawyer_offered", "right:family_informed", "right:medical_check"} <= steps


def test_a_search_needs_its_basis_and_records_what_was_found(chain: Chain) -> None:
    warrant = chain.warrant(None, kind="search", place="حي السلام، منزل 12", offences=[])
    base = {"started_at": now().isoformat(), "officer": chain.officer.username}
    wrong_place = chain.records.post("searches", {**base, "place": "حي الكيش", "basis": "warrant",
                                                  "warrant_id": warrant["id"]})
    assert wrong_place.status_code == 422 and "another place" in wrong_place.json()["detail"]
    unsigned = chain.records.post("searches", {
        **base, "place": "حي الكيش", "basis": "consent", "consent_by": "سالم",
        "justification": "صاحب المنزل طلب التفتيش بنفسه"})
    assert unsigned.status_code == 422 and unsigned.json()["field"] == "consent_signed"
    assert not Search.objects.exists()
    done = chain.records.post("searches", {
        **base, "place": "حي السلام، منزل 12", "basis": "warrant", "warrant_id": warrant["id"],
        "items": [{"category": "weapon", "description": "بندقية كلاشنكوف", "quantity": 1}]})
    assert done.status_code == 201, done.content
    assert done.json()["items"][0]["category"] == "weapon"


def test_a_referral_is_acknowledged_by_its_prosecution_only(chain: Chain, make_agency: Any,
                                                             make_user: Any) -> None:
    person = chain.person()
    arrest = chain.arrest(person).json()
    referral = chain.records.post("referrals", {"person_id": person["id"],
                                                "prosecution": "bng-pros",
                                                "offences": ["theft"],
                                                "arrest_ids": [arrest["id"]]})
    assert referral.status_code == 201, referral.content
    rid = referral.json()["id"]
    assert chain.judge.post(f"referrals/{rid}/acknowledge").status_code == 404
    done = chain.prosecutor.post(f"referrals/{rid}/acknowledge")
    assert done.status_code == 200 and done.json()["status"] == "acknowledged"


def test_a_sentence_moves_step_by_step_and_the_court_suspends(chain: Chain,
                                                              make_unit: Any) -> None:
    person = chain.person()
    body = {"court": "bng-court", "executing_agency": chain.police.code,
            "case_number": "2026/145", "judgment_date": "2026-10-01",
            "person_id": person["id"], "kind": "imprisonment", "term_days": 365}
    sentence = chain.judge.post("sentences", body)
    assert sentence.status_code == 201, sentence.content
    url = f"sentences/{sentence.json()['id']}/status"
    assert chain.records.post(url, {"status": "located"}).status_code == 409
    unit = make_unit(agency=chain.police)
    assert chain.records.post(url, {"status": "assigned",
                                    "unit_id": str(unit.id)}).status_code == 200
    assert chain.records.post(url, {"status": "suspended", "note": "x"}).status_code == 403
    suspended = chain.judge.post(url, {"status": "suspended", "note": "قرار المحكمة بالإيقاف"})
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    queue = chain.records.get("sentences").json()
    assert queue == []


def test_merging_two_records_keeps_both_and_can_be_undone(chain: Chain) -> None:
    first = chain.person()
    second = chain.person(first_name="محمّد", national_number="")
    merged = chain.records.post(f"persons/{second['id']}/merge",
                                {"into": first["id"], "reason": "نفس الشخص: نفس اسم الأم"})
    assert merged.status_code == 201, merged.content
    resolved = chain.records.get(f"persons/{second['id']}", purpose="check").json()
    assert resolved["id"] == first["id"] and resolved["resolved_from"] == second["id"]
    undone = chain.records.post(f"merges/{merged.json()['id']}/undo")
    assert undone.status_code == 200
    assert chain.records.get(f"persons/{second['id']}", purpose="check").json()["id"] == \
        second["id"]


def test_the_wanted_check_answers_minimally_and_is_audited(chain: Chain, api_as: Any) -> None:
    person = chain.person(national_number="119900012345")
    chain.warrant(person, caution="مسلح وخطير")
    field = api_as("field_unit")
    reply = field.get("wanted/check", q="محمد عبد الله الفيتوري", purpose="checkpoint")
    assert reply.status_code == 200, reply.content
    answer = reply.json()
    assert answer["wanted"] is True and answer["matches"][0]["caution"] == "مسلح وخطير"
    assert "person_id" not in answer["matches"][0] and "name" not in answer["matches"][0]
    by_number = field.get("wanted/check", national_number="119900012345", purpose="checkpoint")
    assert by_number.json()["wanted"] is True
    assert field.get("wanted/check", q="سالم مفتاح", purpose="checkpoint").json() == {
        "wanted": False, "matches": []}
    one_name = field.get("wanted/check", q="محمد", purpose="checkpoint")
    assert one_name.status_code == 422 and one_name.json()["field"] == "q"
    assert field.get("persons", q="محمد", purpose="x y z").status_code == 403
    assert AuditEntry.objects.filter(action="wanted.check").count() == 3


def test_a_withdrawn_warrant_leaves_the_wanted_list_and_its_name_is_forgotten_later(
    chain: Chain, api_as: Any
) -> None:
    person = chain.person(national_number="119900012346")
    warrant = chain.warrant(person)
    field = api_as("field_unit")
    assert field.get("wanted/check", q="محمد الفيتوري", purpose="checkpoint").json()["wanted"]
    withdrawn = chain.prosecutor.post(f"warrants/{warrant['id']}/withdraw",
                                      {"reason": "صدر حكم بالبراءة"})
    assert withdrawn.status_code == 200
    force_index_refresh()
    assert not field.get("wanted/check", q="محمد الفيتوري",
                         purpose="checkpoint").json()["wanted"]
    assert not field.get("wanted/check", national_number="119900012346",
                         purpose="checkpoint").json()["wanted"]
    entry = WantedEntry.objects.get()
    assert not entry.active and entry.name
    # Retention: a month later the field posts forget the name; the reference stays.
    assert do_blank_ended_wanted(now() - timedelta(days=30)) == 0
    assert do_blank_ended_wanted(now() + timedelta(minutes=1)) == 1
    entry.refresh_from_db()
    assert (entry.name, entry.national_number, entry.name_keys) == ("", "", "")
    assert entry.reference == warrant["reference"]


def test_a_corrected_name_is_checked_under_its_new_spelling(chain: Chain, api_as: Any) -> None:
    person = chain.person()
    chain.warrant(person)
    field = api_as("field_unit")
    assert not field.get("wanted/check", q="خليفة الزوي", purpose="checkpoint").json()["wanted"]
    fixed = chain.records.patch(f"persons/{person['id']}",
                                {"first_name": "خليفة", "family_name": "الزوي"})
    assert fixed.status_code == 200, fixed.content
    force_index_refresh()
    assert field.get("wanted/check", q="خليفة عبدالله الزوي",
                     purpose="checkpoint").json()["wanted"]
    found = chain.records.get("persons", q="Khalifa Zway", purpose="check").json()
    assert found["items"][0]["id"] == person["id"]


def test_a_referral_not_acknowledged_in_time_is_flagged(chain: Chain,
                                                        settings: Any) -> None:
    person = chain.person()
    sent = chain.records.post("referrals", {"person_id": person["id"],
                                            "prosecution": "bng-pros", "offences": ["fraud"]})
    assert sent.status_code == 201 and sent.json()["overdue"] is False
    assert chain.records.get("referrals", overdue="true").json() == []
    settings.REFERRAL_ACK_HOURS = 0.0001  # a third of a second
    time.sleep(0.5)
    late = chain.prosecutor.get("referrals", overdue="true").json()
    assert [r["id"] for r in late] == [sent.json()["id"]] and late[0]["overdue"] is True


def test_a_paper_sentence_keeps_the_day_it_was_received(chain: Chain) -> None:
    person = chain.person()
    body = {"court": "bng-court", "executing_agency": chain.police.code,
            "case_number": "2026/301", "judgment_date": "2026-09-01",
            "person_id": person["id"], "kind": "fine", "fine_lyd": "250.500",
            "received_at": (now() - timedelta(days=40)).isoformat()}
    sentence = chain.records.post("sentences", body)
    assert sentence.status_code == 201, sentence.content
    assert sentence.json()["overdue"] is True and sentence.json()["fine_lyd"] == "250.500"
    overdue = chain.records.get("sentences", overdue="true").json()
    assert [s["id"] for s in overdue] == [sentence.json()["id"]]
    early = chain.records.post("sentences", {**body, "case_number": "2026/302",
                                             "received_at": "2026-08-01T10:00:00+02:00"})
    assert early.status_code == 422 and early.json()["field"] == "received_at"


def test_the_state_security_offences_are_configuration(chain: Chain, settings: Any) -> None:
    person = chain.person()
    settings.STATE_SECURITY_OFFENCES = ["theft"]  # a prosecution reading it otherwise
    body = chain.arrest(person).json()
    assert body["custody"]["offence_class"] == "state_security"
    assert body["custody"]["limit_hours"] == 168


def test_a_prosecutor_starts_on_the_persons_page(chain: Chain) -> None:
    from django.test import Client

    from opsroom.accounts.middleware_2fa import SECOND_FACTOR

    client = Client()
    client.force_login(chain.prosecutor.user)
    session = client.session
    session[SECOND_FACTOR] = True  # signed in with the code
    session.save()
    reply = client.get("/")
    assert reply.status_code == 302 and reply["Location"] == "/records/persons/"
    assert client.get("/records/persons/").status_code == 200
