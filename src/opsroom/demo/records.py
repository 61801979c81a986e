"""The judicial chain in the Benghazi demo: synthetic persons, warrants, three people in
custody (one near the limit, so its alarms show), a home search, referrals and a queue of
sentences to implement.

Every person is made up from common Libyan names (opsroom.demo.names), flagged
``synthetic`` and shown as such; every reference carries "تجريبي" (demo). Everything is
written through the records actions, as an operator would, so the demo's audit trail and
timelines are real. Loading twice changes nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction

from opsroom.accounts.models import Agency, User
from opsroom.core.clock import now
from opsroom.demo.names import SyntheticPerson, persons
from opsroom.dispatch.models import Unit
from opsroom.records import actions
from opsroom.records.models import RIGHTS, Person, Warrant

PERSONS = 120
SEED = 1951  # the persons are the same at every load of a fresh database
DEMO = "تجريبي"


def _national_number(p: SyntheticPerson, rng: random.Random) -> str:
    return f"{'1' if p.sex == 'male' else '2'}{p.birth_year}{rng.randrange(10**7):07d}"


def _person(officer: User, p: SyntheticPerson, rng: random.Random, numbered: bool,
            **extra: Any) -> Person:
    values = {"first_name": p.first, "father_name": p.father, "grandfather_name": p.grandfather,
              "family_name": p.family, "latin_name": p.latin, "mother_name": p.mother,
              "sex": p.sex, "birth_year": p.birth_year,
              "national_number": _national_number(p, rng) if numbered else "", **extra}
    return actions.do_create_person(officer, values, synthetic=True)


def _load_persons(officer: User) -> list[Person]:
    rng = random.Random(SEED)
    people = persons(PERSONS, seed=SEED)
    made = [_person(officer, p, rng, numbered=i % 3 != 2) for i, p in enumerate(people)]
    # Three people recorded twice, written differently (as two stations would): the
    # records officer's list of possible duplicates shows them, to merge or not.
    for p in people[:3]:
        again = SyntheticPerson(p.first.replace("أ", "ا").replace("إ", "ا"), p.father,
                                "", p.family.removeprefix("ال"), "", p.mother, p.sex,
                                p.birth_year)
        made.append(_person(officer, again, rng, numbered=False,
                            notes="سُجّل في مركز شرطة البركة (بيانات تجريبية)"))
    return made


def _warrant(judge: User, kind: str, number: int, person: Person | None, offences: list[str],
             days: int = 90, **extra: Any) -> Warrant:
    return actions.do_issue_warrant(
        judge, kind=kind, reference=f"{DEMO}/{judge.agency.code}/2026/{number}",  # type: ignore[union-attr]
        person=person, offence_codes=offences, valid_until=now() + timedelta(days=days),
        **extra)


def _capacities(prosecutor: User, officers: list[User]) -> None:
    for officer in officers:
        actions.do_grant_capacity(prosecutor, officer, now() + timedelta(days=365),
                                  now() - timedelta(days=30))


@transaction.atomic
def load_records(agencies: dict[str, Agency], out: TextIO) -> None:
    if Person.objects.filter(synthetic=True).exists():
        return
    users = {u.username: u for u in User.objects.all()}
    records, prosecutor, anti_terror = users["records"], users["judicial"], users[
        "prosecutor-at"]
    judge, appeal = users["judge"], users["judge-appeal"]
    officers = [users[name] for name in ("records", "field1", "field2", "field4")]
    _capacities(prosecutor, officers)
    people = _load_persons(records)
    at = now()

    # Warrants: the wanted list every site carries, and one search warrant.
    wanted = [
        _warrant(prosecutor, "arrest", 101, people[0], ["armed_robbery"],
                 caution="مسلّح: يُرجّح أنه يحمل سلاحاً نارياً"),
        _warrant(prosecutor, "arrest", 102, people[1], ["drug_trafficking"]),
        _warrant(prosecutor, "arrest", 103, people[2], ["homicide"],
                 caution="خطِر: لا يُقترب منه دون دعم"),
        _warrant(anti_terror, "arrest", 201, people[3], ["terrorism"], days=180,
                 caution="مسلّح"),
        _warrant(anti_terror, "arrest", 202, people[4], ["refusing_weapons_handover"]),
        _warrant(prosecutor, "arrest", 104, people[5], ["fraud"]),
        _warrant(prosecutor, "summons", 105, people[6], ["assault"], days=14),
    ]
    actions.do_withdraw_warrant(prosecutor, wanted[5], "تمت التسوية أمام النيابة (بيانات تجريبية)")
    executed = _warrant(anti_terror, "arrest", 203, people[18], ["state_security"])
    search_warrant = _warrant(prosecutor, "search", 106, None, ["weapons_possession"], days=7,
                              place="الصابري، شارع الشريف، منزل رقم 14 (عنوان تجريبي)")

    # Three in custody: a state-security case caught in the act two days ago (7 days), a
    # theft this morning, and an armed robbery near its 48 hours (alarms at 75 and 90 %).
    field1, field2, field4 = users["field1"], users["field2"], users["field4"]
    unit = Unit.objects.filter(call_sign="OPS-P01").first()
    state_security = actions.do_record_arrest(
        records, person=people[7], arrested_at=at - timedelta(hours=50),
        place="الكيش، قرب السوق", officer=field1, basis="in_the_act",
        offence_codes=["state_security"], unit=unit,
        justification="ضُبط ينقل أسلحة متوسطة ومتفجرات لجماعة مسلحة خارج القانون (بيانات تجريبية)")
    this_morning = actions.do_record_arrest(
        records, person=people[8], arrested_at=at - timedelta(hours=10),
        place="البركة، سوق الخضار", officer=field2, basis="in_the_act",
        offence_codes=["theft"],
        justification="ضُبط متلبساً بسرقة محل تجاري أمام صاحبه وشاهدين (بيانات تجريبية)")
    near_limit = actions.do_record_arrest(
        records, person=people[9], arrested_at=at - timedelta(hours=44),
        place="الصابري، شارع عمرو بن العاص", officer=field1, basis="in_the_act",
        offence_codes=["armed_robbery"], unit=unit,
        justification="ضُبط عقب سطو مسلح على محل صرافة وبحوزته السلاح (بيانات تجريبية)")
    for arrest, hours in ((state_security, 49), (near_limit, 43)):
        for right in RIGHTS:
            actions.do_record_right(records, arrest, right, at - timedelta(hours=hours))
    actions.do_record_right(records, this_morning, "told_reason", at - timedelta(hours=9))
    actions.do_record_right(records, this_morning, "lawyer_offered", at - timedelta(hours=8))
    # A warrant executed just now: the person is handed over to the Anti-Terrorism
    # Prosecution at once, which acknowledges (that stops the police clock).
    on_warrant = actions.do_record_arrest(
        records, person=people[18], arrested_at=at - timedelta(minutes=2),
        place="سيدي حسين", officer=field4, basis="warrant", warrant=executed)
    actions.do_hand_over(records, on_warrant, agencies["bng-atp"])
    actions.do_acknowledge_arrest(anti_terror, on_warrant)
    # Earlier ones: handed over and acknowledged; released.
    earlier = actions.do_record_arrest(
        records, person=people[10], arrested_at=at - timedelta(days=6),
        place="الليثي القديم", officer=field4, basis="in_the_act", offence_codes=["assault"],
        justification="اعتداء بالضرب في الطريق العام أمام دورية (بيانات تجريبية)")
    actions.do_hand_over(records, earlier, agencies["bng-pros"])
    actions.do_acknowledge_arrest(prosecutor, earlier)
    released = actions.do_record_arrest(
        records, person=people[11], arrested_at=at - timedelta(days=3),
        place="الحميضة", officer=field2, basis="in_the_act", offence_codes=["drug_use"],
        justification="ضُبط في حالة تعاطٍ في مكان عام (بيانات تجريبية)")
    actions.do_release(records, released, "أفرجت عنه النيابة بضمان محل إقامته (بيانات تجريبية)")
    actions.do_check_custody()

    # A home search on the occupant's signed consent, with what was seized (the search
    # warrant above waits to be carried out).
    search = actions.do_record_search(
        records, place="الكيش، منزل عائلة المضبوط (عنوان تجريبي)",
        started_at=at - timedelta(hours=48), ended_at=at - timedelta(hours=47),
        officer=field1, basis="consent", consent_by=people[19].full_name, consent_signed=True,
        justification="بحثاً عن بقية الأسلحة بعد الضبط، بموافقة مكتوبة من صاحب المنزل",
        present=["ضابط الشرطة القضائية", "صاحب المنزل"], person=people[7], items=[
            {"category": "weapon", "description": "بندقية كلاشنكوف", "quantity": 2},
            {"category": "ammunition", "description": "ذخيرة عيار 7.62", "quantity": 120},
        ])
    assert search_warrant.place

    # Referrals: the state-security case to the Anti-Terrorism Prosecution (acknowledged),
    # the armed robbery to Benghazi's (not yet).
    sent = actions.do_refer(records, person=people[7], prosecution=agencies["bng-atp"],
                            offence_codes=["state_security"], arrests=[state_security],
                            items=list(search.items.all()),
                            summary="إحالة ملف القضية مع المضبوطات (بيانات تجريبية)")
    actions.do_acknowledge_referral(anti_terror, sent)
    actions.do_refer(records, person=people[9], prosecution=agencies["bng-pros"],
                     offence_codes=["armed_robbery"], arrests=[near_limit])

    # Sentences to implement: from the courts, and one received on paper 40 days ago (so
    # it waits in the supervisor's queue).
    room, station = agencies["bng-ops"], agencies["bng-ps-birka"]
    court, appeals = agencies["bng-court"], agencies["bng-appeal"]

    def sentence(actor: User, court_: Agency, where: Agency, case: int, person: Person,
                 days_ago: int, **kind: Any) -> Any:
        return actions.do_receive_sentence(
            actor, court=court_, executing_agency=where, case_number=f"{DEMO}/{case}/2026",
            judgment_date=(at - timedelta(days=days_ago + 20)).date(), person=person,
            received_at=at - timedelta(days=days_ago), **kind)

    sentence(records, court, room, 311, people[12], 40, kind="imprisonment", term_days=365)
    fine = sentence(judge, court, room, 312, people[13], 3, kind="fine",
                    fine_lyd=Decimal("500"))
    located = sentence(judge, court, room, 313, people[14], 6, kind="imprisonment",
                       term_days=90)
    sentence(judge, court, station, 314, people[15], 2, kind="other",
             measure="المنع من السفر لمدة سنة")
    sentence(appeal, appeals, room, 91, people[16], 1, kind="imprisonment", term_days=3 * 365)
    done = sentence(judge, court, room, 315, people[17], 12, kind="fine",
                    fine_lyd=Decimal("1200"))
    patrol = Unit.objects.filter(call_sign="OPS-P03").first()
    for s in (fine, located, done):
        actions.do_advance_sentence(records, s, "assigned", unit=patrol)
    actions.do_advance_sentence(records, located, "located", note="في منزله بالسلماني")
    actions.do_advance_sentence(records, done, "located")
    actions.do_advance_sentence(records, done, "executed", note="سُدّدت الغرامة بإيصال (تجريبي)")
    out.write(f"Records: {len(people)} SYNTHETIC persons, {Warrant.objects.count()} warrants, "
              "3 people in custody (one near its limit), 6 sentences to implement.\n")
