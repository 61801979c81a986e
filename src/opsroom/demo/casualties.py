"""Civilian harm in the Benghazi demo: the clashes of 7 October 2026 and the two days after,
as eight SYNTHETIC harm events, and the telecommunications outage that followed.

The clashes and the outage are what the UN Support Mission spoke of ("unverified accounts
of civilian casualties and a significant disruption in communication networks"); every
figure, source, text and person here is invented. Events, sources, victims and outages are
flagged ``synthetic``; every description, archived text and note says "تجريبي" (demo);
victims carry made-up given names only (no family name, so no real family is pointed at),
or none ("unknown"), or an alias.

Everything is written through opsroom.casualties.actions, as protection officers would:
one officer records an event with its sources and victims, the other reviews it (takes
the lock, moves the state with the reason; a self-review would be refused), so the
demo's reviews are signed, chained and in the audit log like any other. The reviews are
dated when the demo is loaded; the events, sources and outages keep their October dates
(city time). Loading twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TextIO

from django.db import transaction

from opsroom.accounts.models import Agency, User
from opsroom.accounts.roles import Role
from opsroom.casualties import actions
from opsroom.casualties.models import HarmEvent, Source, State
from opsroom.core.clock import city_zone, now, to_city_time

OPS, MONITOR = "bng-ops", "unsmil"
DEMO = "تجريبي"
# The second protection officer (the one reviews need: never the recorder) and a user of
# the UN mission, who reads only what the sharing agreement gives. The loader makes them
# with the other demo users and prints their logins.
USERS: list[tuple[str, str, str]] = [
    ("protection2", OPS, Role.PROTECTION),
    ("monitor", MONITOR, Role.MONITOR),
]
RECORDERS = ("protection", "protection2")
# The last moment the demo's October records speak of: a clock before it (a machine with a
# wrong date) would make them "in the future", and the actions would refuse them.
LAST_MOMENT = datetime(2026, 10, 10, 12, 0, tzinfo=city_zone())
# A field post of the operations room in As-Sabri that went silent with the mobile network
# (invented: the demo registers no sync sites).
SILENT_SITE = "BNG-FP-SABRI"


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of October 2026 in city time (Africa/Tripoli)."""
    return datetime(2026, 10, day, hour, minute, tzinfo=city_zone())


def _range(low: int, high: int, best: int | None = None) -> dict[str, int]:
    return {"min": low, "max": high, "best": low if best is None else best}


def _archive(text: str) -> str:
    # Every archived copy says what it is, in both languages, before its invented text.
    return (f"[نص تجريبي — ليس وثيقة حقيقية / SYNTHETIC demo text, not a real document]\n"
            f"{text}\n")


@dataclass(frozen=True)
class SourcePlan:
    key: str
    kind: str
    description: str
    received_at: datetime
    grade: str  # the Admiralty grading, "B2"
    text: str  # the archived copy (marked synthetic by _archive)
    organisation: str = ""
    claims: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)
    claim: str = ""


@dataclass(frozen=True)
class VictimPlan:
    outcome: str
    name: str = ""  # empty: unknown
    alias: str = ""
    age: int | None = None
    age_band: str | None = None
    sex: str = "unknown"
    civilian_status: str = "unknown"
    cause: str = "unknown"
    perpetrator: str = ""
    attributed_by: str = ""  # the key of the source that attributes it
    # The recorder looked at the likely duplicates shown and says this is someone else.
    not_a_duplicate: bool = False


@dataclass(frozen=True)
class ReviewPlan:
    state: str
    reason: str


Step = SourcePlan | VictimPlan | ReviewPlan


@dataclass(frozen=True)
class EventPlan:
    key: str
    recorder: str  # the other protection officer reviews it
    values: Mapping[str, Any]
    steps: tuple[Step, ...]


EVENTS: tuple[EventPlan, ...] = (
    EventPlan("sabri-clash", "protection", {
        "event_date": date(2026, 10, 7), "time_precision": 1,
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "مجموعة مسلحة (كما نسبتها المصادر)",
        "actor2": "قوة أمنية (كما نسبتها المصادر)", "civilian_targeting": False,
        "location": "الصابري، محيط سوق الحوت", "lat": 32.1364, "lon": 20.0770,
        "geo_precision": 2, "district": "BNG-D12",
        "killed": _range(3, 5, 4), "injured": _range(9, 14, 11),
        "notes": f"اشتباكات بالأسلحة المتوسطة في شوارع الصابري مساء 7 أكتوبر، قتلى وجرحى "
                 f"بين المارة ({DEMO})"}, (
        SourcePlan("witness", "witness", f"أحد سكان الحي، بالهاتف إلى الغرفة ({DEMO})",
                   _at(7, 21, 40), "C3",
                   "سمعت إطلاق نار كثيفاً من السادسة مساءً، ورأيت ثلاثة أشخاص على الأقل "
                   "ممددين قرب السوق وعدداً من الجرحى تنقلهم سيارات خاصة.",
                   claims={"killed": (3, 5), "injured": (8, None)},
                   claim="ثلاثة قتلى على الأقل وثمانية جرحى أو أكثر"),
        SourcePlan("media", "media", f"تقرير على موقع قناة محلية ({DEMO})",
                   _at(8, 8, 15), "D3",
                   "مقتل خمسة مدنيين وإصابة اثني عشر في اشتباكات الصابري الليلة الماضية.",
                   organisation=f"قناة محلية (اسم {DEMO})",
                   claims={"killed": (5, 5), "injured": (12, 12)},
                   claim="خمسة قتلى واثنا عشر جريحاً"),
        ReviewPlan(State.CORROBORATED, "شاهد وتقرير إعلامي مستقلان يتفقان على سقوط قتلى بين "
                                   "المارة؛ ننتظر سجل المستشفى قبل التحقق"),
        SourcePlan("hospital", "hospital_record",
                   f"قائمة قسم الطوارئ بمستشفى الجلاء ليلة 7 أكتوبر ({DEMO})",
                   _at(8, 13, 0), "B2",
                   "وصل إلى الطوارئ من الصابري: 4 وفيات بطلقات نارية، 11 مصاباً (منهم طفلة).",
                   organisation="مستشفى الجلاء",
                   claims={"killed": (4, 4), "injured": (11, 11)},
                   claim="أربع وفيات وأحد عشر مصاباً"),
        VictimPlan("killed", "مفتاح سالم", age=27, sex="male", civilian_status="civilian",
                   cause="gunfire", perpetrator="غير معروف (لا تنسبه القائمة لطرف)",
                   attributed_by="hospital"),
        VictimPlan("killed", "حسين عمر", age=34, sex="male", civilian_status="civilian",
                   cause="gunfire"),
        VictimPlan("killed", age_band="adult", sex="male", cause="gunfire"),
        VictimPlan("injured", "عبدالسلام فرج", age=52, sex="male",
                   civilian_status="civilian", cause="gunfire"),
        VictimPlan("injured", "مريم علي", age=9, sex="female", civilian_status="civilian",
                   cause="gunfire", perpetrator="مجموعة مسلحة (حسب الشاهد)",
                   attributed_by="witness"),
        VictimPlan("injured", alias="أبو يوسف", age_band="older", sex="male",
                   civilian_status="civilian", cause="gunfire"),
        ReviewPlan(State.VERIFIED, "سجل المستشفى (B2) يثبت أربع وفيات وأحد عشر مصاباً، وهو مستقل "
                               "عن الشاهد والتقرير الإعلامي"),
    )),
    EventPlan("hussein-shelling", "protection2", {
        "event_date": date(2026, 10, 7), "time_precision": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "غير معروف (لا تنسب المصادر القصف لطرف)", "civilian_targeting": False,
        "location": "سيدي حسين، حي سكني", "lat": 32.1090, "lon": 20.0737,
        "geo_precision": 2, "district": "BNG-D23",
        "killed": _range(1, 2, 2), "injured": _range(5, 8, 6),
        "notes": f"قذائف سقطت على منازل في سيدي حسين ليلة 7 أكتوبر ({DEMO})"}, (
        SourcePlan("hospital", "hospital_record",
                   f"قائمة الجرحى والوفيات بمركز بنغازي الطبي ({DEMO})", _at(8, 10, 30), "B2",
                   "من سيدي حسين: وفاتان بشظايا، ستة مصابين.",
                   organisation="مركز بنغازي الطبي",
                   claims={"killed": (2, 2), "injured": (6, 6)}, claim="وفاتان وستة مصابين"),
        SourcePlan("ngo", "ngo", f"تقرير فريق ميداني لمنظمة إغاثة ({DEMO})", _at(8, 18, 0),
                   "B2", "زار الفريق ثلاثة منازل أصابتها القذائف؛ وثّق وفاتين وخمسة مصابين على "
                         "الأقل.",
                   organisation=f"منظمة إغاثة محلية (اسم {DEMO})",
                   claims={"killed": (2, 2), "injured": (5, None)},
                   claim="وفاتان وخمسة مصابين على الأقل"),
        SourcePlan("official", "official_statement", f"بيان وزارة الصحة ({DEMO})",
                   _at(9, 11, 0), "B3", "حصيلة أولية: وفاة واحدة على الأقل وعدد من الجرحى.",
                   organisation="وزارة الصحة",
                   claims={"killed": (1, None), "injured": (5, 8)},
                   claim="وفاة على الأقل، وخمسة إلى ثمانية جرحى"),
        VictimPlan("killed", "سعاد محمود", age=41, sex="female", civilian_status="civilian",
                   cause="shelling"),
        VictimPlan("killed", "رمضان عياد", age=67, sex="male", civilian_status="civilian",
                   cause="shelling"),
        VictimPlan("injured", "هدى رمضان", age=15, sex="female", civilian_status="civilian",
                   cause="shelling"),
        VictimPlan("injured", age_band="child", sex="male", civilian_status="civilian",
                   cause="shelling"),
        ReviewPlan(State.VERIFIED, "سجل المستشفى وتقرير المنظمة الميداني (كلاهما B2) مستقلان "
                               "ويتفقان على وفاتين"),
    )),
    EventPlan("keesh-attack", "protection", {
        "event_date": date(2026, 10, 7), "time_precision": 1,
        "event_type": "Violence against civilians", "sub_event_type": "Attack",
        "actor1": "مسلحون مجهولون (كما نسبهم الشهود)", "actor2": "مدنيون",
        "civilian_targeting": True,
        "location": "الكيش، قرب بوابة تفتيش", "lat": 32.0959, "lon": 20.0694,
        "geo_precision": 1, "district": "BNG-D06",
        "killed": _range(1, 1), "injured": _range(2, 3, 2),
        "notes": f"إطلاق نار على سيارة مدنية عند بوابة تفتيش ({DEMO})"}, (
        SourcePlan("witness", "witness", f"سائق كان في السيارة التالية ({DEMO})",
                   _at(7, 23, 10), "C3",
                   "أطلق مسلحون النار على السيارة التي أمامي؛ مات السائق وجُرح راكبان.",
                   claims={"killed": (1, 1), "injured": (2, 3)},
                   claim="قتيل وجريحان أو ثلاثة"),
        SourcePlan("family", "family", f"شقيق أحد الجريحين ({DEMO})", _at(8, 9, 30), "C3",
                   "أخي جُرح في السيارة وصديقه السائق توفي في المكان.",
                   claims={"killed": (1, 1), "injured": (2, 2)}, claim="قتيل وجريحان"),
        VictimPlan("killed", "طارق عادل", age=29, sex="male", civilian_status="civilian",
                   cause="gunfire", perpetrator="مسلحون مجهولون (حسب الشاهد)",
                   attributed_by="witness"),
        # The same name as a man injured in As-Sabri the same evening: the form shows him
        # as a likely duplicate, and the recorder, who sees a different age, says so.
        VictimPlan("injured", "عبد السلام فرج", age=23, sex="male",
                   civilian_status="civilian", cause="gunfire", not_a_duplicate=True),
        VictimPlan("injured", age_band="adult", sex="male", civilian_status="civilian",
                   cause="gunfire"),
        ReviewPlan(State.CORROBORATED, "الشاهد والأسرة مستقلان ويتفقان؛ لا مصدر مصنّف B2 أو أفضل "
                                   "بعد للتحقق"),
    )),
    EventPlan("lahoum-explosion", "protection2", {
        "event_date": date(2026, 10, 8), "time_precision": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Remote explosive/landmine/IED",
        "actor1": "غير معروف", "civilian_targeting": False,
        "location": "سوق اللحوم", "lat": 32.1115, "lon": 20.1242, "geo_precision": 3,
        "district": "BNG-D25", "killed": _range(0, 3, 1), "injured": _range(2, 6, 4),
        "notes": f"انفجار عبوة قرب مقهى؛ المصادر تختلف في عدد القتلى ({DEMO})"}, (
        SourcePlan("official", "official_statement", f"بيان مديرية الأمن ({DEMO})",
                   _at(8, 16, 0), "B3",
                   "انفجار عبوة محلية الصنع دون خسائر في الأرواح، وإصابتان طفيفتان.",
                   organisation="مديرية أمن بنغازي",
                   claims={"killed": (0, 0), "injured": (2, 2)},
                   claim="لا قتلى، وإصابتان طفيفتان"),
        SourcePlan("media", "media", f"منشور صفحة أخبار محلية ({DEMO})", _at(8, 17, 20),
                   "D3", "ثلاثة قتلى وستة جرحى في انفجار سوق اللحوم.",
                   organisation=f"صفحة أخبار محلية (اسم {DEMO})",
                   claims={"killed": (3, 3), "injured": (6, 6)},
                   claim="ثلاثة قتلى وستة جرحى"),
        VictimPlan("injured", age_band="adult", sex="male", cause="explosive"),
        VictimPlan("injured", age_band="unknown", cause="explosive"),
        ReviewPlan(State.DISPUTED, "البيان الرسمي ينفي سقوط قتلى، والصفحة الإخبارية تقول ثلاثة؛ "
                               "لا سجل مستشفى بعد يفصل بينهما"),
    )),
    EventPlan("birka-clash", "protection", {
        "event_date": date(2026, 10, 8), "time_precision": 1,
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "مجموعة مسلحة (كما نسبتها المصادر)",
        "actor2": "مجموعة مسلحة أخرى (كما نسبتها المصادر)", "civilian_targeting": False,
        "location": "البركة، شارع عشرين", "lat": 32.0987, "lon": 20.0901,
        "geo_precision": 2, "district": "BNG-D02",
        "killed": _range(0, 1, 1), "injured": _range(3, 5, 4),
        "notes": f"تبادل لإطلاق النار في البركة ظهر 8 أكتوبر ({DEMO})"}, (
        SourcePlan("witness", "witness", f"صاحب محل في الشارع ({DEMO})", _at(8, 15, 5),
                   "C3", "تبادل إطلاق نار نحو نصف ساعة؛ رأيت مسلحاً يسقط وجرحى من المارة.",
                   claims={"killed": (1, 1), "injured": (3, None)},
                   claim="قتيل من المسلحين وثلاثة جرحى على الأقل"),
        SourcePlan("media", "media", f"نشرة إذاعة محلية ({DEMO})", _at(8, 20, 0), "C3",
                   "إصابة خمسة أشخاص في تبادل لإطلاق النار بالبركة.",
                   organisation=f"إذاعة محلية (اسم {DEMO})",
                   claims={"injured": (5, 5)}, claim="خمسة جرحى"),
        VictimPlan("killed", alias="مسلح لم يُعرف اسمه", age_band="adult", sex="male",
                   civilian_status="non_civilian", cause="gunfire"),
        VictimPlan("injured", "فاطمة سعيد", age=30, sex="female", civilian_status="civilian",
                   cause="gunfire"),
        ReviewPlan(State.CORROBORATED, "شاهد وإذاعة محلية مستقلان يتفقان على الجرحى؛ عدد القتلى "
                                   "من شاهد واحد"),
    )),
    EventPlan("sabri-protest", "protection2", {
        "event_date": date(2026, 10, 9), "time_precision": 1,
        "event_type": "Protests", "sub_event_type": "Peaceful protest",
        "actor1": "محتجون (سكان الصابري)", "civilian_targeting": False,
        "location": "الصابري، الساحة", "lat": 32.1330, "lon": 20.0800,
        "geo_precision": 2, "district": "BNG-D12",
        "notes": f"وقفة سلمية تطالب بوقف القتال وإعادة شبكات الاتصالات ({DEMO})"}, (
        SourcePlan("media", "media", f"تقرير قناة محلية ({DEMO})", _at(9, 17, 0), "C2",
                   "العشرات في وقفة سلمية بالصابري يطالبون بإعادة الاتصالات.",
                   organisation=f"قناة محلية (اسم {DEMO})", claims={"killed": (0, 0)},
                   claim="وقفة سلمية دون إصابات"),
        SourcePlan("social", "social_post", f"صور أرسلها أحد المشاركين ({DEMO})",
                   _at(9, 18, 30), "C3", "صور للوقفة ولافتات «أعيدوا الاتصالات».",
                   claim="وقفة سلمية"),
        ReviewPlan(State.CORROBORATED, "تقرير القناة وصور أحد المشاركين مستقلان"),
    )),
    EventPlan("hussein-missing", "protection", {
        "event_date": date(2026, 10, 8), "time_precision": 2,
        "event_type": "Violence against civilians",
        "sub_event_type": "Abduction/forced disappearance",
        "actor1": "مجموعة مسلحة (كما نسبتها الأسرة)", "civilian_targeting": True,
        "location": "سيدي حسين", "lat": 32.1120, "lon": 20.0760, "geo_precision": 3,
        "district": "BNG-D23", "missing": _range(1, 1),
        "notes": f"شاب مفقود منذ الاشتباكات، بحسب أسرته ({DEMO})"}, (
        SourcePlan("family", "family", f"بلاغ الأسرة إلى الغرفة ({DEMO})", _at(9, 10, 0),
                   "C3", "خرج ابننا مساء الثامن ولم يعد؛ قال جيران إن مسلحين أوقفوه.",
                   claims={"missing": (1, 1)}, claim="مفقود واحد"),
        VictimPlan("missing", "أيمن عبدالحميد", age=19, sex="male",
                   civilian_status="civilian", cause="abduction",
                   perpetrator="مجموعة مسلحة (حسب الأسرة)", attributed_by="family"),
    )),
    EventPlan("laithi-claim", "protection2", {
        "event_date": date(2026, 10, 9), "time_precision": 1,
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "actor1": "غير معروف (المنشور لا يسمّي طرفاً)", "civilian_targeting": False,
        "location": "الليثي القديم", "lat": 32.0871, "lon": 20.1365, "geo_precision": 3,
        "district": "BNG-D20", "killed": _range(6, 6),
        "notes": f"منشور يتحدث عن ضربة بطائرة مسيّرة وستة قتلى ({DEMO})"}, (
        SourcePlan("social", "social_post", f"منشور أعاد أحد المتطوعين إرساله ({DEMO})",
                   _at(9, 9, 0), "F6", "ضربة بمسيّرة على الليثي: ستة شهداء (مع صورة).",
                   claims={"killed": (6, 6)}, claim="ستة قتلى في ضربة بمسيّرة"),
        SourcePlan("civil-defence", "official_statement",
                   f"بلاغ غرفة الدفاع المدني ({DEMO})", _at(9, 14, 0), "B2",
                   "لم تُسجَّل أي ضربة ولا أي بلاغ عن قتلى في الليثي القديم يوم 9 أكتوبر.",
                   organisation="الدفاع المدني بنغازي",
                   claims={"killed": (0, 0), "injured": (0, 0)}, claim="لا ضربة ولا قتلى"),
        ReviewPlan(State.REJECTED, "الدفاع المدني (B2) والمستشفيات لا تسجّل ضربة ولا قتلى، والصورة "
                               "المرفقة بالمنشور منشورة منذ 2014 (بحث عكسي عن الصورة)"),
    )),
)


@dataclass(frozen=True)
class OutagePlan:
    operator: str
    districts: tuple[str, ...]
    services: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime
    source: str
    notes: str = ""


CLASH_DISTRICTS = ("BNG-D12", "BNG-D23", "BNG-D06", "BNG-D25", "BNG-D02")
MOBILE = ("mobile_voice", "sms", "mobile_data")
OUTAGES: tuple[OutagePlan, ...] = (
    OutagePlan("libyana", CLASH_DISTRICTS, MOBILE, _at(7, 19, 40), _at(9, 1, 40),
               f"بيان شركة ليبيانا وبلاغات المواطنين إلى الغرفة ({DEMO})",
               f"محطات إرسال بلا كهرباء في مناطق الاشتباك ({DEMO})"),
    OutagePlan("almadar", CLASH_DISTRICTS[:3], MOBILE, _at(7, 20, 15), _at(9, 2, 15),
               f"بلاغات المواطنين ودوريات الغرفة ({DEMO})"),
    OutagePlan("ltt", CLASH_DISTRICTS[:2], ("internet",), _at(7, 21, 0), _at(8, 16, 0),
               f"إعلان شركة ليبيا للاتصالات والتقنية ({DEMO})",
               f"انقطاع كابل الألياف بين الصابري وسيدي حسين ({DEMO})"),
)


def _grade(text: str) -> tuple[str, int]:
    return text[0], int(text[1:])


def _source(officer: User, event: HarmEvent, plan: SourcePlan) -> Source:
    reliability, credibility = _grade(plan.grade)
    values: dict[str, Any] = {
        "kind": plan.kind, "description": plan.description,
        "organisation": plan.organisation, "received_at": plan.received_at,
        "reliability": reliability, "credibility": credibility, "claim": plan.claim,
        "archive_text": _archive(plan.text), "archive_name": f"{plan.key}.txt"}
    for figure, (low, high) in plan.claims.items():
        values[f"{figure}_min"], values[f"{figure}_max"] = low, high
    return actions.do_add_source(officer, event, values, synthetic=True)


def _victim(officer: User, event: HarmEvent, plan: VictimPlan,
            sources: Mapping[str, Source]) -> None:
    values: dict[str, Any] = {
        "name": plan.name, "alias": plan.alias, "age": plan.age, "age_band": plan.age_band,
        "sex": plan.sex, "civilian_status": plan.civilian_status, "outcome": plan.outcome,
        "cause": plan.cause, "perpetrator": plan.perpetrator,
        "attribution_source": sources[plan.attributed_by].id if plan.attributed_by else None}
    if plan.not_a_duplicate:
        # As the form does: ask first, look at who is shown, then save saying who it is not.
        shown = actions.likely_duplicates(event, plan.name, plan.alias)
        values["distinct_from"] = [str(d.victim.id) for d in shown]
    actions.do_add_victim(officer, event, values, synthetic=True)


def _event(users: Mapping[str, User], plan: EventPlan) -> HarmEvent:
    recorder = users[plan.recorder]
    reviewer = users[next(u for u in RECORDERS if u != plan.recorder)]
    event = actions.do_record_event(recorder, plan.values, synthetic=True)
    sources: dict[str, Source] = {}
    for step in plan.steps:
        if isinstance(step, SourcePlan):
            sources[step.key] = _source(recorder, event, step)
        elif isinstance(step, VictimPlan):
            _victim(recorder, event, step, sources)
        else:
            # A review as the queue does it: hold the event, then move it with the reason.
            actions.do_take_lock(reviewer, event)
            actions.do_review(reviewer, event, step.state, step.reason)
    return event


def _outages(officer: User, agency: Agency) -> int:
    for plan in OUTAGES:
        actions.do_record_outage(officer, {
            "districts": list(plan.districts), "operator": plan.operator,
            "services": list(plan.services), "starts_at": plan.starts_at,
            "ends_at": plan.ends_at, "source": plan.source, "notes": plan.notes},
            synthetic=True)
    # As sync's site health would on a site gone silent: a proposal (no operator, no
    # districts yet) left for a person to confirm or dismiss.
    actions.do_propose_outage(SILENT_SITE, _at(7, 19, 35), agency, synthetic=True)
    return len(OUTAGES)


@transaction.atomic
def load_casualties(agencies: dict[str, Agency], out: TextIO) -> None:
    if HarmEvent.objects.filter(synthetic=True).exists():
        return
    if now() < LAST_MOMENT:
        out.write("Civilian harm: the demo's clashes of 7 October 2026 are not loaded "
                  f"before {to_city_time(LAST_MOMENT):%Y-%m-%d} (this clock says "
                  f"{to_city_time(now()):%Y-%m-%d}).\n")
        return
    users = {u.username: u for u in User.objects.filter(username__in=RECORDERS)}
    events = [_event(users, plan) for plan in EVENTS]
    protection = users["protection"]
    # The operations room's agreement with the UN mission: the default terms (corroborated
    # and verified events, victims without their names, no sources).
    actions.do_create_agreement(protection, {
        "monitor": MONITOR, "starts_on": date(2026, 10, 1),
        "reference": f"UNSMIL/BNG-OPS/2026/1 ({DEMO})"})
    outages = _outages(protection, agencies[OPS])
    states = {state: 0 for state in State.values}
    for event in HarmEvent.objects.filter(pk__in=[e.pk for e in events]):
        states[event.state] += 1
    counted = ", ".join(f"{n} {state}" for state, n in states.items() if n)
    victims = sum(e.victims.count() for e in events)
    sources = Source.objects.filter(event__in=events).count()
    out.write(f"Civilian harm: {len(events)} SYNTHETIC events of the clashes of 7 October 2026 "
              f"({counted}), {sources} sources, {victims} victims; {outages} telecom "
              f"outages and 1 proposal to confirm; a sharing agreement with {MONITOR}.\n")
