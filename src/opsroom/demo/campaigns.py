"""Campaigns in the Benghazi demo: the expanded weapons collection running for ten weeks at
eight collection points, a small amnesty campaign, two raids of the drug dens campaign (one
planned and secret, one completed with its outcomes) and the 5th session of the judicial
police officers' course, with results, a renewed capacity and capacities about to run out.

Everything is written through opsroom.campaigns.actions, as officers would: each handover
by a records officer of the point's agency, with its receipt, counters, audit entry and
change row. Campaigns, points, handovers, items, raids and the course are flagged
``synthetic``; references and places carry "تجريبي" (demo); the persons who hand weapons
in are the records demo's synthetic persons. A fixed seed makes a fresh database the same
at every load (dates count back from the day it is loaded). Loading twice changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction

from opsroom.accounts.models import Agency, User
from opsroom.accounts.roles import Role
from opsroom.campaigns import actions
from opsroom.campaigns.models import (
    WEAPON_CATEGORIES,
    Campaign,
    CollectionPoint,
    Condition,
    CustodyStep,
    Handover,
    Item,
    ItemCategory,
    OperationStatus,
    Result,
)
from opsroom.campaigns.serials import serial_key
from opsroom.core.clock import city_zone, now, to_city_time
from opsroom.demo.names import FAMILY, MALE
from opsroom.dispatch.models import Unit, UnitStatus
from opsroom.geo.models import Place
from opsroom.records.actions import do_grant_capacity, do_issue_warrant
from opsroom.records.models import Arrest, Person

SEED = 1969  # the campaigns are the same at every load of a fresh database
DEMO = "تجريبي"
SD, BIRKA, OPS = "bng-sd", "bng-ps-birka", "bng-ops"

# The records officers who take handovers at the Security Directorate's points and at the
# Al-Birka station (the operations room's own `records` takes them at its two camps). The
# loader makes them with the other demo users and prints their logins.
USERS: list[tuple[str, str, str]] = [
    ("records-sd", SD, Role.RECORDS),
    ("records-birka", BIRKA, Role.RECORDS),
]
OFFICER_OF = {SD: "records-sd", BIRKA: "records-birka", OPS: "records"}

WEEKS = 10  # the expanded campaign started on the Monday nine ISO weeks before this one
# About 20 ms each on SQLite (a receipt number, 5-8 counters, the items, their custody
# and serial rows, each with its sync outbox row; the audit entry; the change row): 400
# keep the whole demo load within a few seconds more than before.
HANDOVERS = 370
AMNESTY_HANDOVERS = 30
# Handovers by the campaign's week: a slow start, a peak once the mosques and the radio
# have spread the word, a plateau.
RAMP = [0.35, 0.6, 0.9, 1.15, 1.3, 1.25, 1.15, 1.1, 1.0, 0.95]

_ALL = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS: dict[str, dict[str, list[list[str]]]] = {
    # The directorate keeps long hours; Friday opens after the prayer.
    "directorate": {**{d: [["08:00", "20:00"]] for d in _ALL}, "fri": [["14:00", "20:00"]]},
    # Stations: mornings, Saturday to Thursday, and two evenings.
    "station": {**{d: [["09:00", "15:00"]] for d in ("sat", "sun", "mon", "tue", "wed", "thu")},
                "sun": [["09:00", "15:00"], ["18:00", "21:00"]],
                "wed": [["09:00", "15:00"], ["18:00", "21:00"]], "fri": []},
    # The camps take handovers every day, in daylight.
    "camp": {d: [["08:00", "18:00"]] for d in _ALL},
}


@dataclass(frozen=True)
class PointPlan:
    code: str
    place: str  # the packaged place (opsroom.geo's Benghazi data) the point stands at
    name_ar: str
    name_en: str
    kind: str
    agency: str
    hours: str
    weight: float  # its share of the handovers
    offset: tuple[float, float] = (0.0, 0.0)  # a camp stands apart from the station
    amnesty: bool = False  # also takes the amnesty campaign's handovers


POINTS = [
    PointPlan("bng-sd-directorate", "osm-node-4599161095", "مديرية أمن بنغازي",
              "Benghazi Security Directorate", "directorate", SD, "directorate", 20,
              amnesty=True),
    PointPlan("bng-sd-souq-lahoum", "osm-node-6586375311", "مركز شرطة سوق اللحوم",
              "Souq al-Lahoum Police Station", "station", SD, "station", 12),
    PointPlan("bng-sd-qar-younis", "osm-node-6704329089", "مركز شرطة قاريونس",
              "Qar Younis Police Station", "station", SD, "station", 11),
    PointPlan("bng-sd-hawari", "osm-node-5163237123", "مركز شرطة الهواري",
              "Al-Hawari Police Station", "station", SD, "station", 10),
    PointPlan("bng-sd-sidi-mansour", "osm-node-5470978923", "مركز شرطة سيدي منصور",
              "Sidi Mansour Police Station", "station", SD, "station", 8),
    PointPlan("bng-birka-station", "osm-node-4273471794", "مركز شرطة البركة",
              "Al-Birka Police Station", "station", BIRKA, "station", 15, amnesty=True),
    PointPlan("bng-ops-camp-guwarsha", "osm-node-5196851323", "معسكر القوارشة (موقع تجريبي)",
              "Al-Guwarsha camp (demo site)", "camp", OPS, "camp", 12, (0.004, -0.003)),
    PointPlan("bng-ops-camp-benina", "osm-node-5163265721", "معسكر بنينا (موقع تجريبي)",
              "Benina camp (demo site)", "camp", OPS, "camp", 12, (-0.003, 0.004)),
]


@dataclass(frozen=True)
class Kind:
    """One kind of item handed in: how often, with a serial how often, in what lots."""

    category: str
    make_model: str
    calibre: str
    weight: float
    serial_share: float = 0.0
    serial_pattern: str = ""  # L a letter, d a digit
    lots: tuple[int, ...] = (1,)


KINDS = [
    Kind("assault_rifle", "AK-47", "7.62×39", 33, 0.9, "LL dddddd"),
    Kind("assault_rifle", "AKM", "7.62×39", 8, 0.9, "dddd LLdddd"),
    Kind("assault_rifle", "FN FAL", "7.62×51", 2.5, 0.9, "dddddd"),
    Kind("pistol", "Tokarev TT-33", "7.62×25", 9, 0.85, "LLdddd"),
    Kind("pistol", "Beretta 92", "9×19", 6, 0.95, "BERdddddZ"),
    Kind("pistol", "Browning Hi-Power", "9×19", 2, 0.9, "ddCddddd"),
    Kind("rifle", "SKS", "7.62×39", 3, 0.85, "LLddddd"),
    Kind("rifle", "Mosin-Nagant", "7.62×54R", 1.5, 0.8, "LLdddd"),
    Kind("rifle", "Baikal IZH-27", "12 gauge", 2.5, 0.7, "dddddddd"),
    Kind("machine_gun", "PKM", "7.62×54R", 3, 0.9, "dddd LLdddd"),
    Kind("machine_gun", "DShK", "12.7×108", 0.4, 0.9, "LLddd"),
    Kind("grenade_launcher", "RPG-7", "40 mm", 2, 0.7, "LLdddd"),
    Kind("grenade", "F1", "", 4, lots=(1, 1, 1, 2, 2, 3, 4)),
    Kind("grenade", "RGD-5", "", 2.5, lots=(1, 1, 2, 3)),
    Kind("ammunition", "", "7.62×39", 12,
         lots=(30, 30, 60, 90, 120, 150, 200, 240, 300, 440, 500)),
    Kind("ammunition", "", "7.62×54R", 3, lots=(50, 100, 100, 200, 250)),
    Kind("ammunition", "", "9×19", 3, lots=(30, 50, 50, 100, 150)),
    Kind("ammunition", "PG-7V", "40 mm", 0.8, lots=(1, 2, 2, 4, 6)),
    Kind("explosives", "TNT 200 g", "", 0.5, lots=(1, 2, 4, 10)),
    Kind("mine", "TM-62", "", 0.3),
]
ITEMS_PER_HANDOVER = ((1, 60), (2, 25), (3, 10), (4, 4), (5, 1))  # 1.6 on average
WEAPON_CONDITION = ((Condition.WORKING, 50), (Condition.DAMAGED, 28),
                    (Condition.UNSERVICEABLE, 17), (Condition.UNKNOWN, 5))
OTHER_CONDITION = ((Condition.UNKNOWN, 55), (Condition.WORKING, 35), (Condition.DAMAGED, 10))
NOTES = [
    "سلّمها ورثة المتوفى بعد حصر التركة",
    "عُثر عليها في مزرعة العائلة وسلّمها الابن الأكبر",
    "جاء بها بعد خطبة الجمعة عن الحملة",
    "سلّمها مع وعد بإحضار الذخيرة الباقية",
    "كانت مخبأة منذ 2014 في مخزن البيت",
]
DUPLICATE_REASONS = [
    "السلاح نفسه أُعيد بعد فحصه لدى المعمل الجنائي",
    "رقم تسلسلي مكرر من المصنع: سلاحان مختلفان بالرقم نفسه، والفرق في سنة الصنع",
]
CENTRAL_STORE = "مخزن الأسلحة المركزي — مديرية أمن بنغازي"


@dataclass
class HandoverPlan:
    point: PointPlan
    at: datetime
    items: list[Mapping[str, Any]]
    notes: str = ""
    person: Person | None = None


@dataclass
class World:
    rng: random.Random
    users: dict[str, User]
    points: dict[str, CollectionPoint] = field(default_factory=dict)
    serials: set[str] = field(default_factory=set)


def _pick(rng: random.Random, weighted: Iterable[tuple[Any, float]]) -> Any:
    pairs = list(weighted)
    return rng.choices([v for v, _ in pairs], [w for _, w in pairs])[0]


def _serial(world: World, pattern: str) -> str:
    while True:
        text = "".join(world.rng.choice("ABCDEGHKLMNPRTZ") if ch == "L" else
                       str(world.rng.randrange(10)) if ch == "d" else ch for ch in pattern)
        if serial_key(text) not in world.serials:
            world.serials.add(serial_key(text))
            return text


def _item(world: World, kind: Kind) -> dict[str, Any]:
    rng = world.rng
    weapon = kind.category in WEAPON_CATEGORIES
    values: dict[str, Any] = {
        "category": kind.category, "make_model": kind.make_model, "calibre": kind.calibre,
        "quantity": 1 if weapon else rng.choice(kind.lots),
        "condition": _pick(rng, WEAPON_CONDITION if weapon else OTHER_CONDITION)}
    if weapon and rng.random() < kind.serial_share:
        values["serial"] = _serial(world, kind.serial_pattern)
    return values


def _points(world: World, supervisor: User, agencies: dict[str, Agency]) -> None:
    places = {p.code: p for p in Place.objects.filter(code__in=[p.place for p in POINTS])}
    for plan in POINTS:
        place = places.get(plan.place)
        if place is None:  # the packaged places changed: the demo does without this one
            continue
        world.points[plan.code] = actions.do_create_point(
            supervisor, code=plan.code, name_ar=plan.name_ar, name_en=plan.name_en,
            kind=plan.kind, lat=round(place.lat + plan.offset[0], 6),
            lon=round(place.lon + plan.offset[1], 6), hours=HOURS[plan.hours],
            agency=agencies[plan.agency], synthetic=True)


def _moment(rng: random.Random, plan: PointPlan, days: list[date], weights: list[float],
            latest: datetime) -> datetime | None:
    """A time the point is open, on a day of the campaign drawn by its week's weight."""
    for _ in range(50):
        day = rng.choices(days, weights)[0]
        spans = HOURS[plan.hours].get(actions.WEEKDAYS[day.weekday()], [])
        if not spans:
            continue
        opens, closes = (time.fromisoformat(t) for t in rng.choice(spans))
        minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        start = datetime.combine(day, opens, tzinfo=city_zone())
        moment = start + timedelta(minutes=rng.randrange(minutes), seconds=rng.randrange(60))
        if moment <= latest:
            return moment
    return None


def _plans(world: World, campaign: Campaign, count: int, points: list[PointPlan],
           people: list[Person], ramp: list[float]) -> list[HandoverPlan]:
    rng = world.rng
    today = to_city_time(now()).date()
    latest = now() - timedelta(minutes=20)
    days = [campaign.starts_on + timedelta(days=i)
            for i in range((today - campaign.starts_on).days + 1)]
    weights = [ramp[min(len(ramp) - 1, (d - campaign.starts_on).days // 7)] for d in days]
    plans: list[HandoverPlan] = []
    while len(plans) < count:
        point = _pick(rng, ((p, p.weight) for p in points))
        moment = _moment(rng, point, days, weights, latest)
        if moment is None:
            continue
        n = _pick(rng, ITEMS_PER_HANDOVER)
        # Camps, where armed groups hand in what they held, see more of the heavy weapons.
        heavy = 3.0 if point.kind == "camp" else 1.0
        kinds = rng.choices(KINDS, [k.weight * (heavy if k.category in (
            "machine_gun", "grenade_launcher") else 1.0) for k in KINDS], k=n)
        items: list[Mapping[str, Any]] = [_item(world, kind) for kind in kinds]
        notes = rng.choice(NOTES) + f" ({DEMO})" if rng.random() < 0.08 else ""
        person = None if campaign.amnesty else rng.choice(people)
        plans.append(HandoverPlan(point, moment.astimezone(now().tzinfo), items, notes,
                                  person))
    plans.sort(key=lambda p: p.at)
    return plans


def _deliberate_duplicates(plans: list[HandoverPlan]) -> None:
    """Two serials handed in a second time, on purpose, each with the officer's reason."""
    early = [i for p in plans[: len(plans) // 3] for i in p.items if i.get("serial")]
    for k, (index, reason) in enumerate(zip((int(len(plans) * 0.8), int(len(plans) * 0.92)),
                                            DUPLICATE_REASONS, strict=True)):
        original = early[min(k * 7, len(early) - 1 - k)]
        plan = plans[index]
        plan.items.insert(0, {**original, "duplicate_reason": reason})


def _record(world: World, campaign: Campaign, plans: list[HandoverPlan]) -> list[Handover]:
    made = []
    for plan in plans:
        officer = world.users[OFFICER_OF[plan.point.agency]]
        made.append(actions.do_record_handover(
            officer, campaign=campaign, point=world.points[plan.point.code], items=plan.items,
            handed_at=plan.at, person=plan.person, notes=plan.notes, synthetic=True))
    return made


def _witnesses(rng: random.Random, count: int) -> list[str]:
    ranks = ["الملازم", "الملازم أول", "النقيب", "الرائد", "المساعد"]
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(ranks)} {rng.choice(MALE)[0]} {rng.choice(FAMILY)[0]}"
        if name not in names:
            names.append(name)
    return names


def _custody(world: World, handovers: list[Handover]) -> dict[str, int]:
    """Items older than a week along their chain of custody: some stored at the point, some
    of those taken to the central store, and the unserviceable ones there destroyed before
    two witnesses."""
    rng = world.rng
    latest = now() - timedelta(minutes=10)
    old = [h for h in handovers if h.handed_at < now() - timedelta(days=7)]
    items = list(Item.objects.filter(handover__in=old).select_related("handover__point")
                 .order_by("handover__handed_at", "id"))
    agency_of = {p.code: p.agency for p in POINTS}
    counts = {"stored": 0, "transferred": 0, "destroyed": 0}
    destruction = 0
    for item in items:
        if rng.random() > 0.12:
            continue
        handover = item.handover
        assert handover is not None
        officer = world.users[OFFICER_OF[agency_of[handover.point.code]]]
        at = min(handover.handed_at + timedelta(hours=rng.uniform(20, 70)), latest)
        actions.do_record_custody(officer, item, step=CustodyStep.STORED, at=at,
                                  location=f"مخزن {handover.point.name_ar}، الرف "
                                           f"{rng.randint(1, 12)}")
        counts["stored"] += 1
        if rng.random() > 0.4:
            continue
        at = min(at + timedelta(days=rng.uniform(2, 8)), latest)
        actions.do_record_custody(officer, item, step=CustodyStep.TRANSFERRED, at=at,
                                  location=CENTRAL_STORE, to_whom="أمين مخزن الأسلحة المركزي",
                                  witnesses=_witnesses(rng, 1),
                                  record_ref=f"محضر نقل {counts['transferred'] + 1}/2026 ({DEMO})")
        counts["transferred"] += 1
        dangerous = item.category in (ItemCategory.GRENADE, ItemCategory.EXPLOSIVES,
                                      ItemCategory.MINE)
        if item.condition != Condition.UNSERVICEABLE and not dangerous:
            continue
        at = min(at + timedelta(days=rng.uniform(1, 5)), latest)
        destruction += 1
        actions.do_record_custody(officer, item, step=CustodyStep.DESTROYED, at=at,
                                  location="ميدان الإتلاف، قنفودة" if dangerous else CENTRAL_STORE,
                                  witnesses=_witnesses(rng, 2),
                                  record_ref=f"محضر إتلاف {destruction}/2026 ({DEMO})",
                                  note="أُتلف بمعرفة فريق تفكيك المتفجرات" if dangerous else "")
        counts["destroyed"] += 1
    return counts


def _weapons(world: World, supervisor: User) -> tuple[Campaign, int, int]:
    today = to_city_time(now()).date()
    monday = today - timedelta(days=today.weekday())
    campaign = actions.do_create_campaign(
        supervisor, kind="weapons", name_ar="الحملة الموسعة لجمع السلاح",
        name_en="Expanded weapons collection campaign",
        starts_on=monday - timedelta(weeks=WEEKS - 1), ends_on=monday + timedelta(weeks=8, days=6),
        targets={"weapons": 5000, "handovers": 3000}, synthetic=True)
    amnesty = actions.do_create_campaign(
        supervisor, kind="weapons", name_ar="حملة العفو: سلّم سلاحك دون ذكر اسمك",
        name_en="Amnesty: hand in your weapon without giving a name",
        starts_on=monday - timedelta(weeks=3), ends_on=monday + timedelta(weeks=4, days=6),
        targets={"weapons": 400}, amnesty=True, synthetic=True)
    plans_at = [p for p in POINTS if p.code in world.points]
    # Who hands weapons in: the records demo's synthetic persons, leaving out the first
    # twenty (wanted, in custody or sentenced there).
    people = list(Person.objects.filter(synthetic=True).order_by("id")[20:120])
    amnesty_count = max(5, round(settings.DEMO_HANDOVERS * AMNESTY_HANDOVERS
                                 / (HANDOVERS + AMNESTY_HANDOVERS)))
    plans = _plans(world, campaign, settings.DEMO_HANDOVERS - amnesty_count, plans_at, people,
                   RAMP)
    _deliberate_duplicates(plans)
    handovers = _record(world, campaign, plans)
    amnesty_plans = _plans(world, amnesty, amnesty_count,
                           [p for p in plans_at if p.amnesty], [], [0.7, 1.0, 1.2, 1.0])
    _record(world, amnesty, amnesty_plans)
    custody = _custody(world, handovers)
    items = Item.objects.filter(handover__campaign__in=[campaign, amnesty]).count()
    return campaign, items, sum(custody.values())


def _warrant(judicial: User, number: int, place: str, days: int = 10) -> Any:
    assert judicial.agency is not None
    return do_issue_warrant(judicial, kind="search",
                            reference=f"{DEMO}/{judicial.agency.code}/2026/{number}",
                            person=None, place=place, offence_codes=["drug_trafficking"],
                            valid_until=now() + timedelta(days=days))


def _available_units(call_signs: Iterable[str]) -> list[Unit]:
    return list(Unit.objects.filter(call_sign__in=list(call_signs),
                                    status=UnitStatus.AVAILABLE).order_by("call_sign"))


def _drug_dens(world: World, supervisor: User, judicial: User) -> Campaign:
    records = world.users["records"]
    today = to_city_time(now()).date()
    dens = actions.do_create_campaign(
        supervisor, kind="drug_dens", name_ar="حملة إغلاق أوكار المخدرات",
        name_en="Drug dens campaign", starts_on=today - timedelta(days=40),
        ends_on=today + timedelta(days=80), targets={"dens": 40, "arrests": 60},
        synthetic=True)
    hamida = Place.objects.filter(code="osm-node-3278085921").first()
    laithi = Place.objects.filter(code="osm-node-3318826195").first()
    # Completed this morning: three places, two dens closed, what was seized and found.
    warrant = _warrant(judicial, 131, f"الحميضة، شقة في الطابق الثاني قرب السوق ({DEMO})", 3)
    done = actions.do_plan_operation(
        supervisor, campaign=dens, code="DEN-2026-07", planned_at=now() - timedelta(hours=6),
        commander=supervisor, members=[records.username],
        units=_available_units(["NAR-01", "NAR-02"]), synthetic=True, targets=[
            {"place": warrant.place, "warrant": warrant,
             "lat": hamida.lat if hamida else None, "lon": hamida.lon if hamida else None},
            {"place": f"الليثي القديم، مستودع مهجور خلف محطة الوقود ({DEMO})",
             "lat": laithi.lat if laithi else None, "lon": laithi.lon if laithi else None,
             "no_warrant_reason": "مستودع مهجور مفتوح لا يسكنه أحد، يدخله العامة"},
            {"place": f"البركة، مقهى شعبي في شارع عشرين ({DEMO})", "lat": 32.0935,
             "lon": 20.0876,
             "no_warrant_reason": "مقهى مفتوح للعامة، يُدخل إليه في ساعات عمله دون إذن"},
        ])
    for status in (OperationStatus.BRIEFED, OperationStatus.UNDER_WAY):
        done = actions.do_advance_operation(supervisor, done, status)
    targets = list(done.targets.order_by("id"))
    # The man arrested for drug use in Al-Hamida three days ago (the records demo) led to
    # the first den: his arrest is linked to its outcome.
    led = [a for a in Arrest.objects.filter(person__synthetic=True).order_by("arrested_at")
           if "drug_use" in a.offences][:1]
    actions.do_record_outcome(
        records, done, targets[0], den_closed=True, arrests=led, referred=2,
        seizures=[{"substance": "hashish", "quantity": Decimal("2.350"), "unit": "kg",
                   "note": "في أكياس معدّة للتوزيع"},
                  {"substance": "tramadol", "quantity": Decimal("1200"), "unit": "pills"}],
        items=[{"category": "pistol", "make_model": "Tokarev TT-33", "calibre": "7.62×25",
                "serial": _serial(world, "LLdddd"), "condition": "working"},
               {"category": "ammunition", "calibre": "7.62×25", "quantity": 40}],
        notes=f"دلّ عليه المقبوض عليه في الحميضة قبل ثلاثة أيام ({DEMO})")
    actions.do_record_outcome(
        records, done, targets[1], den_closed=True, referred=1,
        seizures=[{"substance": "captagon", "quantity": Decimal("3400"), "unit": "pills"},
                  {"substance": "hashish", "quantity": Decimal("640"), "unit": "g"}],
        items=[{"category": "assault_rifle", "make_model": "AK-47", "calibre": "7.62×39",
                "serial": _serial(world, "LL dddddd"), "condition": "damaged"}],
        notes=f"مخبأ تحت أرضية المستودع ({DEMO})")
    actions.do_record_outcome(
        records, done, targets[2], den_closed=False,
        notes=f"لم يُعثر على شيء؛ المكان تحت المراقبة ({DEMO})")
    actions.do_advance_operation(supervisor, done, OperationStatus.COMPLETED)
    # Planned for the day after tomorrow at dawn: secret until it ends. Only its commander
    # (the supervisor), the records officer named on it and the room's supervisors see it;
    # the dispatcher does not, not even that there is one.
    dawn = datetime.combine(today + timedelta(days=2), time(4, 30), tzinfo=city_zone())
    second = _warrant(judicial, 132, f"سيدي حسين، منزل بجوار المدرسة ({DEMO})", 7)
    actions.do_plan_operation(
        supervisor, campaign=dens, code="DEN-2026-09", planned_at=dawn.astimezone(now().tzinfo),
        commander=supervisor, members=[records.username], units=_available_units(["NAR-02"]),
        synthetic=True, targets=[
            {"place": second.place, "warrant": second, "lat": 32.1128, "lon": 20.0772},
            {"place": f"سيدي حسين، ساحة خلف سوق الخضار ({DEMO})", "lat": 32.1109,
             "lon": 20.0741,
             "no_warrant_reason": "ساحة عامة مفتوحة يتجمع فيها المروّجون ليلاً"},
        ])
    return dens


def _training(world: World, supervisor: User, judicial: User) -> int:
    """The 5th session of the judicial police officers' course, ended two weeks ago."""
    users = world.users
    at = now()
    # Capacities first: two granted on paper a year ago, about to run out.
    for username, left in (("records-sd", 9), ("records-birka", 24), ("field3", 15)):
        do_grant_capacity(judicial, users[username], at + timedelta(days=left),
                          at - timedelta(days=365 - left))
    today = to_city_time(at).date()
    course = actions.do_create_course(
        supervisor, code="jpo-duties", title_ar="واجبات مأموري الضبط القضائي",
        title_en="Duties of Judicial Police Officers", validity_days=365, synthetic=True)
    session = actions.do_add_session(
        supervisor, course, number=5, starts_on=today - timedelta(days=19),
        ends_on=today - timedelta(days=15), place=f"معهد تدريب الشرطة، بنغازي ({DEMO})",
        trainers=["العقيد سالم المسماري", "وكيل النيابة أحمد الفيتوري", "الرائد فرج العبيدي"])
    results = [("records-sd", Result.PASSED, 88), ("field3", Result.PASSED, 81),
               ("records", Result.PASSED, 92), ("records-birka", Result.FAILED, 47),
               ("field2", Result.FAILED, 58), ("field4", Result.ABSENT, None)]
    for username, result, score in results:
        attendance = actions.do_enrol(supervisor, session, users[username])
        attendance = actions.do_record_result(supervisor, attendance, result, score)
        if username == "records-sd":
            # The prosecution confirms the renewal; it follows on from the current one.
            actions.do_renew_capacity(judicial, attendance)
    return len(results)


@transaction.atomic
def load_campaigns(agencies: dict[str, Agency], out: TextIO) -> None:
    if Campaign.objects.filter(synthetic=True).exists():
        return
    users = {u.username: u for u in User.objects.all()}
    supervisor, judicial = users["supervisor"], users["judicial"]
    world = World(random.Random(SEED), users)
    _points(world, supervisor, agencies)
    campaign, items, custody = _weapons(world, supervisor)
    _drug_dens(world, supervisor, judicial)
    attendees = _training(world, supervisor, judicial)
    handovers = Handover.objects.filter(synthetic=True).count()
    out.write(f"Campaigns: {len(world.points)} collection points, {handovers} SYNTHETIC "
              f"handovers ({items} items, {custody} custody steps) in 2 weapons campaigns, "
              f"2 drug-den raids (one planned, secret), 1 course session with {attendees} "
              f"officers. Public figures: /public/campaigns/{campaign.id}\n")
