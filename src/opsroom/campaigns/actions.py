"""Every write of the campaigns app. Each action is one transaction that writes the change,
its counters and its audit entry, and publishes on commit; a refused request writes
nothing and the error names the field.

An item's chain of custody is only ever appended to (``do_record_custody``); a handover in
amnesty mode never holds a person.
"""

from __future__ import annotations

import base64
import io
import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.audit.actions import do_audit
from opsroom.campaigns import codes
from opsroom.campaigns.models import (
    TARGET_KEYS,
    WEAPON_CATEGORIES,
    Attendance,
    Campaign,
    CampaignKind,
    CollectionPoint,
    Condition,
    Course,
    CourseSession,
    CustodyEvent,
    CustodyStep,
    Handover,
    Item,
    ItemCategory,
    ItemPhoto,
    MeasureUnit,
    Operation,
    OperationStatus,
    OperationTarget,
    PointKind,
    ReceiptCounter,
    Result,
    Seizure,
    SerialMark,
    Substance,
    Tally,
)
from opsroom.campaigns.serials import serial_key
from opsroom.core.bus import publish_record
from opsroom.core.clock import now, to_city_time
from opsroom.core.errors import Conflict, Forbidden, InvalidInput
from opsroom.core.ids import stable_id
from opsroom.core.models import create_replicated
from opsroom.core.replication import batched
from opsroom.core.text import check_name, check_text, looks_empty
from opsroom.dispatch.actions import commit_to_operation, release_from_operation
from opsroom.dispatch.models import Unit
from opsroom.geo.models import District
from opsroom.geo.queries import district_id_at
from opsroom.records.actions import do_grant_capacity, do_refer
from opsroom.records.models import Arrest, JudicialCapacity, Person, Search, Warrant, WarrantKind

log = logging.getLogger(__name__)
MAX_SKEW = timedelta(minutes=5)
MAX_ITEMS = 200  # in one handover: a cache larger than this is a seizure, not a handover
THUMB_PX = 240
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class SerialConflict(Conflict):
    """A serial already handed in: the 409 names the earlier receipt."""

    def __init__(self, message: str, field: str, receipt: str) -> None:
        super().__init__(message, field=field)
        self.receipt = receipt

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "receipt_number": self.receipt}


# ---- shared checks -------------------------------------------------------------------------

def _check_time(moment: datetime, field: str) -> datetime:
    if moment > now() + MAX_SKEW:
        raise InvalidInput("this time is in the future", field=field)
    return moment


def _required_name(text: str, field: str) -> str:
    return check_name(text.strip(), field)


def iso_week(moment: datetime) -> str:
    year, week, _ = to_city_time(moment).isocalendar()
    return f"{year}-W{week:02d}"


def _districts(codes_given: Iterable[str], field: str = "districts") -> list[str]:
    found = []
    for i, code in enumerate(dict.fromkeys(codes_given)):
        district = District.objects.filter(code=code).first()
        if district is None:
            raise InvalidInput(f"unknown district {code!r}", field=f"{field}.{i}")
        found.append(str(district.id))
    return found


def _check_hours(hours: Mapping[Any, Any]) -> dict[str, list[list[str]]]:
    clean: dict[str, list[list[str]]] = {}
    for day, spans in hours.items():
        if day not in WEEKDAYS:
            raise InvalidInput(f"days are {', '.join(WEEKDAYS)}", field=f"hours.{day}")
        clean[day] = []
        for i, span in enumerate(spans):
            field = f"hours.{day}.{i}"
            if not isinstance(span, (list, tuple)) or len(span) != 2:
                raise InvalidInput('a span is ["HH:MM", "HH:MM"]', field=field)
            try:
                opens, closes = (time.fromisoformat(str(v)) for v in span)
            except ValueError:
                raise InvalidInput('a span is ["HH:MM", "HH:MM"]', field=field) from None
            if opens.tzinfo is not None or closes.tzinfo is not None:  # "08:00Z"
                raise InvalidInput("a span is in city time, with no offset", field=field)
            if closes <= opens:
                raise InvalidInput("a span closes after it opens", field=field)
            clean[day].append([opens.strftime("%H:%M"), closes.strftime("%H:%M")])
    return clean


def is_open(point: CollectionPoint, moment: datetime) -> bool:
    local = to_city_time(moment)
    spans = point.hours.get(WEEKDAYS[local.weekday()], [])
    clock = local.strftime("%H:%M")
    return point.active and any(a <= clock < b for a, b in spans)


def _publish(kind: str, record: Any, action: str, agency_id: object,
             data: dict[str, Any]) -> None:
    publish_record(kind, record, action, agency_id, data)


# ---- campaigns and collection points ---------------------------------------------------------

@transaction.atomic
def do_create_campaign(actor: User, *, kind: str, name_ar: str, name_en: str,
                       starts_on: date, ends_on: date | None = None,
                       districts: Iterable[str] = (), targets: Mapping[str, int] | None = None,
                       amnesty: bool = False, synthetic: bool = False) -> Campaign:
    if kind not in CampaignKind.values:
        raise InvalidInput(f"the kinds are {', '.join(CampaignKind.values)}", field="kind")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput("must not be before starts_on", field="ends_on")
    clean_targets: dict[str, int] = {}
    for key, value in (targets or {}).items():
        if key not in TARGET_KEYS:
            raise InvalidInput(f"the targets are {', '.join(TARGET_KEYS)}",
                               field=f"targets.{key}")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 10**9:
            raise InvalidInput("a target is a whole number above 0", field=f"targets.{key}")
        clean_targets[key] = value
    if amnesty and kind != CampaignKind.WEAPONS:
        raise InvalidInput("amnesty applies to a weapons collection", field="amnesty")
    assert actor.agency is not None
    campaign = Campaign.objects.create(
        kind=kind, name_ar=_required_name(name_ar, "name_ar"),
        name_en=_required_name(name_en, "name_en"), starts_on=starts_on, ends_on=ends_on,
        districts=_districts(districts), targets=clean_targets, amnesty=amnesty,
        owner_agency=actor.agency, created_by=actor, synthetic=synthetic)
    do_audit(actor, "campaign.create", "campaign", campaign.id,
             detail={"kind": kind, "amnesty": amnesty, "targets": clean_targets})
    _publish("campaign", campaign, "created", None, {"id": str(campaign.id)})
    return campaign


@transaction.atomic
def do_create_point(actor: User, *, code: str, name_ar: str, name_en: str, kind: str,
                    lat: float, lon: float, hours: Mapping[Any, Any],
                    agency: Agency | None = None, synthetic: bool = False) -> CollectionPoint:
    if kind not in PointKind.values:
        raise InvalidInput(f"the kinds are {', '.join(PointKind.values)}", field="kind")
    if not (-90 <= lat <= 90):
        raise InvalidInput("latitude must be between -90 and 90", field="lat")
    if not (-180 <= lon <= 180):
        raise InvalidInput("longitude must be between -180 and 180", field="lon")
    code = _required_name(code, "code")
    if CollectionPoint.objects.filter(code=code).exists():
        raise Conflict("a collection point has this code", field="code")
    owner = agency or actor.agency
    assert owner is not None
    district_id = district_id_at(lat, lon)
    point = CollectionPoint.objects.create(
        code=code, name_ar=_required_name(name_ar, "name_ar"),
        name_en=_required_name(name_en, "name_en"), kind=kind, agency=owner, lat=lat, lon=lon,
        district_id=district_id, hours=_check_hours(hours), synthetic=synthetic)
    do_audit(actor, "collection_point.create", "collection_point", point.id,
             detail={"code": code, "agency": owner.code})
    _publish("collection_point", point, "created", None, {"id": str(point.id)})
    return point


# ---- handovers -------------------------------------------------------------------------------

def _next_receipt(year: int) -> str:
    site = settings.SITE_CODE
    counter_id = stable_id("receipt_counter", f"{site}:{year}")
    # Locked and read in one statement; made (once a year) when it is not there yet.
    counter = ReceiptCounter.objects.select_for_update().filter(id=counter_id).first()
    if counter is None:
        ReceiptCounter.objects.get_or_create(id=counter_id,
                                             defaults={"site": site, "year": year})
        counter = ReceiptCounter.objects.select_for_update().get(id=counter_id)
    counter.last += 1
    counter.bump()
    counter.save(update_fields=["last", "version", "updated_at"])
    return codes.receipt_number(site, year, counter.last)


def add_to_tally(campaign: Campaign, district_id: object, week: str,
                 counts: Mapping[str, int]) -> None:
    """This site's counters for a district and week (its own rows only: see Tally)."""
    site = settings.SITE_CODE
    ids = {measure: stable_id("tally", f"{campaign.id}:{site}:{district_id}:{week}:{measure}")
           for measure, count in counts.items() if count}
    # The rows already there, locked and read in one statement (in id order, so that two
    # writers lock them in the same order); the others are made.
    rows = {row.id: row for row in
            Tally.objects.select_for_update().filter(id__in=list(ids.values())).order_by("id")}
    for measure, row_id in ids.items():
        count = counts[measure]
        row = rows.get(row_id)
        if row is None:
            row, created = Tally.objects.get_or_create(
                id=row_id, defaults={"campaign": campaign, "site": site,
                                     "district_id": district_id, "week": week,
                                     "measure": measure, "count": count})
            if created:
                continue
            row = Tally.objects.select_for_update().get(id=row_id)
        row.count += count
        row.bump()
        row.save(update_fields=["count", "version", "updated_at"])


def item_counts(items: Iterable[Item]) -> Counter[str]:
    """The counters some items add to: items, and the quantity per category. Weapons and
    rounds of ammunition are sums of categories, made when read (queries.with_derived):
    two counter rows fewer to write at every handover."""
    counts: Counter[str] = Counter()
    for item in items:
        counts["items"] += 1
        counts[f"cat:{item.category}"] += item.quantity
    return counts


def _clean_item(i: int, values: Mapping[str, Any]) -> dict[str, Any]:
    field = f"items.{i}"
    category = values.get("category")
    if category not in ItemCategory.values:
        raise InvalidInput(f"the categories are {', '.join(ItemCategory.values)}",
                           field=f"{field}.category")
    condition = values.get("condition") or Condition.UNKNOWN
    if condition not in Condition.values:
        raise InvalidInput(f"the conditions are {', '.join(Condition.values)}",
                           field=f"{field}.condition")
    quantity = values.get("quantity", 1)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 10**6:
        raise InvalidInput("a quantity is a whole number from 1", field=f"{field}.quantity")
    serial = check_name(str(values.get("serial") or "").strip(), f"{field}.serial",
                        required=False)
    # Folding can lengthen a serial ("ﷺ" is 18 letters): its key must fit its column.
    if len(serial_key(serial)) > 60:
        raise InvalidInput("this serial number is too long", field=f"{field}.serial")
    if category in WEAPON_CATEGORIES and serial and quantity != 1:
        raise InvalidInput("a weapon with a serial number is one item", field=f"{field}.quantity")
    reason = check_text(str(values.get("duplicate_reason") or "").strip(),
                        f"{field}.duplicate_reason")
    return {
        "category": category, "condition": condition, "quantity": quantity,
        "make_model": check_name(str(values.get("make_model") or "").strip(),
                                 f"{field}.make_model", required=False),
        "calibre": check_name(str(values.get("calibre") or "").strip(), f"{field}.calibre",
                              required=False),
        "serial": serial, "serial_key": serial_key(serial), "duplicate_reason": reason,
    }


def check_serials(cleaned: list[dict[str, Any]]) -> None:
    """A serial handed in before (here, or anywhere sync has brought) is refused with the
    earlier receipt, unless the officer gives a reason for a deliberate duplicate."""
    seen: dict[str, int] = {}
    for i, item in enumerate(cleaned):
        key = item["serial_key"]
        if not key:
            if item["duplicate_reason"]:
                raise InvalidInput("only a serial number can be a duplicate",
                                   field=f"items.{i}.duplicate_reason")
            continue
        if key in seen:
            raise InvalidInput(f"the same serial as item {seen[key] + 1}",
                               field=f"items.{i}.serial")
        seen[key] = i
    if not seen:
        return
    earlier = {m.serial_key: m for m in SerialMark.objects.filter(serial_key__in=list(seen))
               .order_by("at")}
    for key, i in seen.items():
        mark = earlier.get(key)
        item = cleaned[i]
        if mark is None:
            if item["duplicate_reason"]:
                raise InvalidInput("this serial was not handed in before",
                                   field=f"items.{i}.duplicate_reason")
            continue
        if not item["duplicate_reason"]:
            raise SerialConflict(
                f"serial {item['serial']} was handed in on receipt {mark.receipt_number}; "
                "confirm a deliberate duplicate with a reason",
                field=f"items.{i}.serial", receipt=mark.receipt_number)
        if len(item["duplicate_reason"]) < 10:
            raise InvalidInput("say why this is a deliberate duplicate",
                               field=f"items.{i}.duplicate_reason")


def _officer_of(actor: User, officer: User | None) -> User:
    if officer is None:
        return actor
    if officer.agency_id != actor.agency_id or not officer.is_active:
        raise InvalidInput("the receiving officer is an active user of your agency",
                           field="officer")
    return officer


@transaction.atomic
@batched
def do_record_handover(actor: User, *, campaign: Campaign, point: CollectionPoint,
                       items: list[Mapping[str, Any]], handed_at: datetime | None = None,
                       officer: User | None = None, person: Person | None = None,
                       notes: str = "", synthetic: bool = False) -> Handover:
    moment = _check_time(handed_at or now(), "handed_at")
    if campaign.kind != CampaignKind.WEAPONS:
        raise InvalidInput("this campaign does not collect weapons", field="campaign_id")
    local_day = to_city_time(moment).date()
    if local_day < campaign.starts_on or (campaign.ends_on and local_day > campaign.ends_on):
        raise InvalidInput("the campaign is not running on this day", field="handed_at")
    if point.agency_id != actor.agency_id:
        raise InvalidInput("this collection point belongs to another agency", field="point")
    if not point.active:
        raise InvalidInput("this collection point is closed", field="point")
    if campaign.amnesty and person is not None:
        raise InvalidInput("this campaign is in amnesty mode: no person is recorded",
                           field="person_id")
    if not campaign.amnesty and person is None:
        raise InvalidInput("who handed the items over (a person's record)", field="person_id")
    if not items:
        raise InvalidInput("at least one item", field="items")
    if len(items) > MAX_ITEMS:
        raise InvalidInput(f"at most {MAX_ITEMS} items in one handover", field="items")
    cleaned = [_clean_item(i, values) for i, values in enumerate(items)]
    check_serials(cleaned)
    receiver = _officer_of(actor, officer)
    number = _next_receipt(to_city_time(moment).year)
    week = iso_week(moment)
    handover = Handover.objects.create(
        campaign=campaign, point=point, agency_id=point.agency_id, handed_at=moment,
        officer=receiver, person=person, amnesty=campaign.amnesty, receipt_number=number,
        verification_code=codes.verification_code(number), district_id=point.district_id,
        week=week, notes=check_text(notes.strip(), "notes"), created_by=actor,
        synthetic=synthetic)
    made = create_replicated(Item, [
        Item(handover=handover, agency_id=point.agency_id, location=point.name_ar,
             synthetic=synthetic, **values) for values in cleaned])
    create_replicated(CustodyEvent, [
        CustodyEvent(item=item, step=CustodyStep.RECEIVED, at=moment, officer=receiver,
                     location=point.name_ar) for item in made])
    marks = [SerialMark(serial_key=item.serial_key, item_id=item.id, receipt_number=number,
                        category=item.category, at=moment,
                        deliberate=bool(item.duplicate_reason))
             for item in made if item.serial_key]
    if marks:
        create_replicated(SerialMark, marks)
    handover.new_items = made  # the reply shows them without reading them back
    counts = item_counts(made)
    counts["handovers"] = 1
    add_to_tally(campaign, point.district_id, week, counts)
    duplicates = [{"serial": i.serial, "reason": i.duplicate_reason}
                  for i in made if i.duplicate_reason]
    # No person in the detail: the audit says a person was recorded, the record says who.
    do_audit(actor, "handover.create", "handover", handover.id,
             detail={"receipt": number, "items": len(made), "amnesty": campaign.amnesty,
                     "person": bool(person)})
    for duplicate in duplicates:
        do_audit(actor, "serial.duplicate_confirmed", "handover", handover.id,
                 detail={"receipt": number, **duplicate})
    _publish("handover", handover, "created", point.agency_id,
             {"id": str(handover.id), "receipt_number": number,
              "campaign_id": str(campaign.id), "items": len(made)})
    return handover


# ---- custody -------------------------------------------------------------------------------

# Which step may follow which: an item is stored once received, moves between stores or
# hands, and is destroyed once; nothing follows destruction.
NEXT_STEPS: dict[str, frozenset[str]] = {
    CustodyStep.RECEIVED: frozenset({CustodyStep.STORED, CustodyStep.TRANSFERRED}),
    CustodyStep.STORED: frozenset({CustodyStep.STORED, CustodyStep.TRANSFERRED,
                                   CustodyStep.DESTROYED}),
    CustodyStep.TRANSFERRED: frozenset({CustodyStep.STORED, CustodyStep.TRANSFERRED,
                                        CustodyStep.DESTROYED}),
    CustodyStep.DESTROYED: frozenset(),
}


def _witnesses(names: Iterable[str], needed: int, actor: User) -> list[str]:
    clean = []
    for i, name in enumerate(names):
        text = check_name(str(name).strip(), f"witnesses.{i}")
        if text in clean:
            raise InvalidInput("each witness once", field=f"witnesses.{i}")
        if text in (actor.username, actor.get_full_name()):
            raise InvalidInput("the officer is not a witness of his own act",
                               field=f"witnesses.{i}")
        clean.append(text)
    if len(clean) < needed:
        raise InvalidInput(f"this step needs {needed} witness{'es' if needed > 1 else ''}",
                           field="witnesses")
    return clean


@transaction.atomic
def do_record_custody(actor: User, item: Item, *, step: str, location: str = "",
                      to_whom: str = "", witnesses: Iterable[str] = (), record_ref: str = "",
                      note: str = "", at: datetime | None = None) -> CustodyEvent:
    item = Item.objects.select_for_update().get(id=item.id)
    if step not in CustodyStep.values or step == CustodyStep.RECEIVED:
        raise InvalidInput("the steps after receipt are stored, transferred and destroyed",
                           field="step")
    if step not in NEXT_STEPS[item.custody]:
        raise Conflict(f"an item {item.custody} cannot be {step}", field="step")
    moment = _check_time(at or now(), "at")
    last = item.custody_events.order_by("-at").first()
    if last is not None and moment < last.at:
        raise InvalidInput("the chain of custody is in order of time: this is before its "
                           "last step", field="at")
    location = check_text(location.strip(), "location")
    to_whom = check_name(to_whom.strip(), "to_whom", required=False)
    record_ref = check_name(record_ref.strip(), "record_ref", required=False)
    if step == CustodyStep.STORED:
        if looks_empty(location):
            raise InvalidInput("where it is stored", field="location")
        names = _witnesses(witnesses, 0, actor)
    elif step == CustodyStep.TRANSFERRED:
        if looks_empty(to_whom):
            raise InvalidInput("to whom it is transferred", field="to_whom")
        names = _witnesses(witnesses, 1, actor)
    else:
        if looks_empty(record_ref):
            raise InvalidInput("the destruction record's reference", field="record_ref")
        names = _witnesses(witnesses, 2, actor)
    event = CustodyEvent.objects.create(
        item=item, step=step, at=moment, officer=actor, location=location, to_whom=to_whom,
        witnesses=names, record_ref=record_ref, note=check_text(note.strip(), "note"))
    item.custody = step
    item.location = location or to_whom or item.location
    item.bump()
    item.save()
    do_audit(actor, f"item.custody.{step}", "item", item.id,
             detail={"location": location, "to": to_whom, "witnesses": names,
                     "record": record_ref})
    return event


@transaction.atomic
def do_add_photo(actor: User, item: Item, data: bytes) -> ItemPhoto:
    """Resized here, re-encoded as JPEG (which drops the camera's metadata, its place
    included), and kept by the project: never sent to any outside service."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > 60_000_000:
                raise InvalidInput("the image is too large", field="data")
            image = opened.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise InvalidInput("not an image (JPEG or PNG)", field="data") from None
    if item.photos.count() >= 10:
        raise Conflict("an item has at most 10 photos", field="data")
    image.thumbnail((settings.PHOTO_MAX_PX, settings.PHOTO_MAX_PX))
    full = io.BytesIO()
    image.save(full, "JPEG", quality=82, optimize=True)
    thumb_image = image.copy()
    thumb_image.thumbnail((THUMB_PX, THUMB_PX))
    thumb = io.BytesIO()
    thumb_image.save(thumb, "JPEG", quality=70)
    photo = ItemPhoto.objects.create(
        item=item, width=image.width, height=image.height, image=full.getvalue(),
        thumbnail=base64.b64encode(thumb.getvalue()).decode(), taken_by=actor)
    do_audit(actor, "item.photo", "item", item.id, detail={"photo": str(photo.id),
                                                            "bytes": len(full.getvalue())})
    return photo


# ---- refusal: weapons found in a search and not handed over -------------------------------

@transaction.atomic
def do_refer_refusal(actor: User, search: Search, prosecution: Agency | None,
                     summary: str = "") -> Any:
    """One action: the search's person and its weapons go to the prosecution the order
    names (OPSROOM_REFUSAL_PROSECUTION) for refusing to hand weapons over."""
    if prosecution is None and settings.REFUSAL_PROSECUTION:
        prosecution = Agency.objects.filter(code=settings.REFUSAL_PROSECUTION).first()
    if prosecution is None or prosecution.kind != AgencyKind.PROSECUTION:
        raise InvalidInput("the prosecution office to refer to", field="prosecution")
    if search.person is None:
        raise InvalidInput("the search names no person to refer", field="search_id")
    weapons = [item for item in search.items.all()
               if item.category in ("weapon", "ammunition")]
    if not weapons:
        raise InvalidInput("the search found no weapons or ammunition", field="search_id")
    text = check_text(summary.strip(), "summary")
    listed = "; ".join(f"{i.quantity} × {i.description}" for i in weapons)
    referral = do_refer(actor, person=search.person, prosecution=prosecution,
                        offence_codes=["refusing_weapons_handover", "weapons_possession"],
                        items=weapons,
                        summary=(f"{text}\n" if text else "") +
                        f"Search {search.id} at {search.place}: {listed}")
    do_audit(actor, "search.refusal_referred", "search", search.id,
             detail={"referral": str(referral.id), "prosecution": prosecution.code,
                     "items": len(weapons)})
    return referral


# ---- raids on drug dens ----------------------------------------------------------------------

def _operation_data(operation: Operation) -> dict[str, Any]:
    # Nothing of a raid on the stream: the live event only says something changed, and
    # the screens of those allowed re-read it (audited).
    return {"id": str(operation.id), "status": operation.status}


def _users(usernames: Iterable[str], agency_id: object, field: str) -> list[User]:
    found = []
    for i, name in enumerate(dict.fromkeys(usernames)):
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None or user.agency_id != agency_id:
            raise InvalidInput("an active user of the owning agency", field=f"{field}.{i}")
        found.append(user)
    return found


def _check_target_warrant(warrant: Warrant | None, no_warrant_reason: str, moment: datetime,
                          field: str) -> str:
    if warrant is None:
        reason = check_text(no_warrant_reason.strip(), f"{field}.no_warrant_reason")
        if len(reason) < 20:
            raise InvalidInput("a target without a search warrant needs the reason one is "
                               "not needed (a public place, caught in the act)",
                               field=f"{field}.no_warrant_reason")
        return reason
    if warrant.kind not in (WarrantKind.SEARCH, WarrantKind.SEIZURE):
        raise InvalidInput("a search or seizure warrant", field=f"{field}.warrant_id")
    if warrant.status != "issued":
        raise InvalidInput(f"this warrant is {warrant.status}", field=f"{field}.warrant_id")
    if warrant.valid_until is not None and warrant.valid_until <= moment:
        raise InvalidInput("this warrant ends before the operation", field=f"{field}.warrant_id")
    return ""


@transaction.atomic
def do_plan_operation(actor: User, *, campaign: Campaign, code: str, planned_at: datetime,
                      commander: User | None, members: Iterable[str] = (),
                      units: Iterable[Unit] = (), targets: Sequence[Mapping[str, Any]],
                      synthetic: bool = False) -> Operation:
    assert actor.agency is not None
    code = _required_name(code, "code")
    if Operation.objects.filter(owner_agency=actor.agency, code=code).exists():
        raise Conflict("an operation of your agency has this code", field="code")
    if commander is None or commander.agency_id != actor.agency_id or not commander.is_active:
        raise InvalidInput("the commander is an active user of your agency", field="commander")
    people = _users(members, actor.agency_id, "members")
    unit_list = list(units)
    for i, unit in enumerate(unit_list):
        if unit.agency_id != actor.agency_id:
            raise InvalidInput("a unit of your agency", field=f"units.{i}")
    if not targets:
        raise InvalidInput("at least one target place", field="targets")
    operation = Operation.objects.create(
        campaign=campaign, code=code, owner_agency=actor.agency, planned_at=planned_at,
        commander=commander, members=[str(p.id) for p in people],
        units=list(dict.fromkeys(str(u.id) for u in unit_list)), created_by=actor,
        synthetic=synthetic)
    for i, values in enumerate(targets):
        field = f"targets.{i}"
        place = check_text(str(values.get("place") or "").strip(), f"{field}.place")
        if looks_empty(place):
            raise InvalidInput("the target place", field=f"{field}.place")
        lat, lon = values.get("lat"), values.get("lon")
        reason = _check_target_warrant(values.get("warrant"),
                                       str(values.get("no_warrant_reason") or ""), planned_at,
                                       field)
        OperationTarget.objects.create(
            operation=operation, place=place, lat=lat, lon=lon,
            district_id=district_id_at(lat, lon) if lat is not None and lon is not None
            else None, warrant=values.get("warrant"),
            notes=f"{reason}" if reason else "")
    do_audit(actor, "operation.plan", "operation", operation.id,
             detail={"code": code, "targets": len(targets), "units": len(operation.units),
                     "members": len(people)})
    _publish("operation", operation, "created", actor.agency_id, _operation_data(operation))
    return operation


OPERATION_STEPS: dict[str, frozenset[str]] = {
    OperationStatus.PLANNED: frozenset({OperationStatus.BRIEFED, OperationStatus.ABORTED}),
    OperationStatus.BRIEFED: frozenset({OperationStatus.UNDER_WAY, OperationStatus.ABORTED}),
    OperationStatus.UNDER_WAY: frozenset({OperationStatus.COMPLETED, OperationStatus.ABORTED}),
    OperationStatus.COMPLETED: frozenset(),
    OperationStatus.ABORTED: frozenset(),
}


@transaction.atomic
def do_advance_operation(actor: User, operation: Operation, status: str,
                         reason: str = "") -> Operation:
    operation = Operation.objects.select_for_update(of=("self",)).select_related(
        "campaign").get(id=operation.id)
    if status not in OperationStatus.values:
        raise InvalidInput(f"the statuses are {', '.join(OperationStatus.values)}",
                           field="status")
    if status not in OPERATION_STEPS[operation.status]:
        raise Conflict(f"an operation {operation.status} cannot become {status}",
                       field="status")
    reason = check_text(reason.strip(), "reason")
    if status == OperationStatus.ABORTED and len(reason) < 10:
        raise InvalidInput("why the operation is aborted", field="reason")
    moment = now()
    units = list(Unit.objects.filter(id__in=operation.units).order_by("call_sign"))
    if status == OperationStatus.BRIEFED:
        operation.briefed_at = moment
    elif status == OperationStatus.UNDER_WAY:
        for target in operation.targets.all():
            if target.warrant is not None and target.warrant.status != "issued":
                raise Conflict(f"the warrant for {target.place} is {target.warrant.status}",
                               field="status")
        operation.started_at = moment
        for unit in units:
            commit_to_operation(actor, unit, operation.code)
    else:
        operation.ended_at = moment
        operation.abort_reason = reason if status == OperationStatus.ABORTED else ""
        for unit in units:
            release_from_operation(actor, unit)
    was = operation.status
    operation.status = status
    operation.bump()
    operation.save()
    if status == OperationStatus.COMPLETED:
        add_to_tally(operation.campaign, None, iso_week(moment), {"operations": 1})
    do_audit(actor, "operation.status", "operation", operation.id,
             detail={"from": was, "to": status, "reason": reason})
    _publish("operation", operation, "status", operation.owner_agency_id,
             _operation_data(operation))
    return operation


def _seizures(values: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    clean = []
    for i, seizure in enumerate(values):
        field = f"seizures.{i}"
        if seizure.get("substance") not in Substance.values:
            raise InvalidInput(f"the substances are {', '.join(Substance.values)}",
                               field=f"{field}.substance")
        if seizure.get("unit") not in MeasureUnit.values:
            raise InvalidInput(f"the units are {', '.join(MeasureUnit.values)}",
                               field=f"{field}.unit")
        try:
            quantity = Decimal(str(seizure.get("quantity")))
        except InvalidOperation:
            raise InvalidInput("a quantity", field=f"{field}.quantity") from None
        if not quantity.is_finite() or not Decimal("0") < quantity < Decimal("1e9"):
            raise InvalidInput("a quantity above 0", field=f"{field}.quantity")
        clean.append({"substance": seizure["substance"], "unit": seizure["unit"],
                      "quantity": quantity.quantize(Decimal("0.001")),
                      "note": check_text(str(seizure.get("note") or "").strip(),
                                         f"{field}.note")})
    return clean


@transaction.atomic
def do_record_outcome(actor: User, operation: Operation, target: OperationTarget, *,
                      den_closed: bool = False, arrests: Iterable[Arrest] = (),
                      referred: int = 0, seizures: Iterable[Mapping[str, Any]] = (),
                      items: list[Mapping[str, Any]] | None = None,
                      notes: str = "") -> OperationTarget:
    operation = Operation.objects.select_for_update(of=("self",)).select_related(
        "campaign").get(id=operation.id)
    if operation.status not in (OperationStatus.UNDER_WAY, OperationStatus.COMPLETED):
        raise Conflict("outcomes are recorded once the operation is under way",
                       field="status")
    target = OperationTarget.objects.select_for_update().get(id=target.id)
    if target.done:
        raise Conflict("this target's outcome is recorded: add to it in notes of a new "
                       "record, not by changing it", field="target_id")
    if not 0 <= referred <= 1000:
        raise InvalidInput("a number of people", field="referred")
    arrest_list = list(arrests)
    clean_seizures = _seizures(seizures)
    cleaned = [_clean_item(i, values) for i, values in enumerate(items or [])]
    check_serials(cleaned)
    moment = now()
    for seizure in clean_seizures:
        Seizure.objects.create(target=target, **seizure)
    made = []
    for values in cleaned:
        item = Item(target=target, agency_id=operation.owner_agency_id, location=target.place,
                    synthetic=operation.synthetic, **values)
        item.save()
        made.append(item)
        CustodyEvent.objects.create(item=item, step=CustodyStep.RECEIVED, at=moment,
                                    officer=actor, location=target.place,
                                    note=f"found on operation {operation.code}")
        if item.serial_key:
            SerialMark.objects.create(serial_key=item.serial_key, item_id=item.id,
                                      receipt_number=f"OP {operation.code}",
                                      category=item.category, at=moment,
                                      deliberate=bool(item.duplicate_reason))
    target.done = True
    target.den_closed = den_closed
    target.arrest_ids = [str(a.id) for a in arrest_list]
    target.referred = referred
    target.notes = "\n".join(t for t in (target.notes, check_text(notes.strip(), "notes")) if t)
    target.outcome_at = moment
    target.bump()
    target.save()
    counts = item_counts(made)
    counts.update({"dens": int(den_closed), "arrests": len(arrest_list),
                   "seizures": len(clean_seizures), "referred": referred})
    add_to_tally(operation.campaign, target.district_id, iso_week(moment), counts)
    do_audit(actor, "operation.outcome", "operation", operation.id,
             detail={"target": str(target.id), "den_closed": den_closed,
                     "arrests": len(arrest_list), "seizures": len(clean_seizures),
                     "items": len(made), "referred": referred})
    _publish("operation", operation, "outcome", operation.owner_agency_id,
             _operation_data(operation))
    return target


# ---- training of judicial police officers ----------------------------------------------------

@transaction.atomic
def do_create_course(actor: User, *, code: str, title_ar: str, title_en: str,
                     validity_days: int = 0, synthetic: bool = False) -> Course:
    code = _required_name(code, "code")
    if Course.objects.filter(code=code).exists():
        raise Conflict("a course has this code", field="code")
    if not 0 <= validity_days <= 3 * 365:
        raise InvalidInput("at most three years", field="validity_days")
    assert actor.agency is not None
    course = Course.objects.create(code=code, title_ar=_required_name(title_ar, "title_ar"),
                                   title_en=_required_name(title_en, "title_en"),
                                   validity_days=validity_days, agency=actor.agency,
                                   synthetic=synthetic)
    do_audit(actor, "course.create", "course", course.id, detail={"code": code})
    return course


@transaction.atomic
def do_add_session(actor: User, course: Course, *, number: int, starts_on: date,
                   ends_on: date, place: str = "", trainers: Iterable[str] = ()
                   ) -> CourseSession:
    if not 1 <= number <= 10_000:
        raise InvalidInput("a session number from 1", field="number")
    if ends_on < starts_on:
        raise InvalidInput("must not be before starts_on", field="ends_on")
    if course.sessions.filter(number=number).exists():
        raise Conflict(f"session {number} of this course exists", field="number")
    names = [check_name(str(t).strip(), f"trainers.{i}") for i, t in enumerate(trainers)]
    if not names:
        raise InvalidInput("who trains", field="trainers")
    session = CourseSession.objects.create(course=course, number=number, starts_on=starts_on,
                                           ends_on=ends_on, trainers=names,
                                           place=check_text(place.strip(), "place"))
    do_audit(actor, "course.session", "course", course.id, detail={"number": number})
    return session


@transaction.atomic
def do_enrol(actor: User, session: CourseSession, officer: User | None) -> Attendance:
    if officer is None or not officer.is_active:
        raise InvalidInput("an active user", field="officer")
    if session.attendances.filter(officer=officer).exists():
        raise Conflict("already enrolled in this session", field="officer")
    attendance = Attendance.objects.create(session=session, officer=officer, recorded_by=actor)
    do_audit(actor, "course.enrol", "user", officer.id,
             detail={"course": session.course.code, "session": session.number})
    return attendance


@transaction.atomic
def do_record_result(actor: User, attendance: Attendance, result: str,
                     score: int | None = None) -> Attendance:
    attendance = Attendance.objects.select_for_update().select_related(
        "session__course").get(id=attendance.id)
    if result not in Result.values or result == Result.ENROLLED:
        raise InvalidInput("passed, failed or absent", field="result")
    if score is not None and not 0 <= score <= 100:
        raise InvalidInput("a score from 0 to 100", field="score")
    if attendance.capacity_id is not None:
        raise Conflict("a capacity was renewed on this result: it stands", field="result")
    if to_city_time(now()).date() < attendance.session.ends_on and result != Result.ABSENT:
        raise Conflict("results are recorded when the session has ended", field="result")
    attendance.result, attendance.score, attendance.recorded_by = result, score, actor
    attendance.bump()
    attendance.save()
    do_audit(actor, "course.result", "user", attendance.officer_id,
             detail={"course": attendance.session.course.code,
                     "session": attendance.session.number, "result": result, "score": score})
    return attendance


@transaction.atomic
def do_renew_capacity(actor: User, attendance: Attendance) -> JudicialCapacity:
    """A judicial user confirms that passing the course renews the officer's capacity for
    the course's validity, counted from the end of the session."""
    attendance = Attendance.objects.select_for_update().select_related(
        "session__course", "officer").get(id=attendance.id)
    course = attendance.session.course
    if attendance.result != Result.PASSED:
        raise Conflict("only a passed course renews a capacity", field="attendance_id")
    if not course.validity_days:
        raise Conflict("this course renews no capacity", field="attendance_id")
    if attendance.capacity_id is not None:
        raise Conflict("a capacity was already renewed on this result", field="attendance_id")
    if actor.agency is None or actor.agency.kind not in (AgencyKind.PROSECUTION,
                                                          AgencyKind.COURT):
        raise Forbidden("only a prosecution office or a court grants this capacity")
    ends = datetime.combine(attendance.session.ends_on, time(23, 59),
                            tzinfo=now().tzinfo) + timedelta(days=course.validity_days)
    current = JudicialCapacity.objects.filter(
        Q(revoked_at__isnull=True), officer=attendance.officer,
        valid_until__gt=now()).order_by("-valid_until").first()
    if ends <= now():
        raise Conflict("this result's validity has already run out", field="attendance_id")
    start = current.valid_until if current is not None and current.valid_until < ends else now()
    capacity = do_grant_capacity(actor, attendance.officer, ends, start)
    attendance.capacity = capacity
    attendance.bump()
    attendance.save()
    do_audit(actor, "course.capacity_renewed", "user", attendance.officer_id,
             detail={"course": course.code, "session": attendance.session.number,
                     "until": ends.isoformat()})
    return capacity


# ---- sync: duplicates that met when the links came back ---------------------------------------

def announce_synced_serials(mark_ids: set[str]) -> None:
    """Serial marks from another site: a serial handed in at two sites while they were cut
    off is now known twice; the audit of this site says so once (both items show as
    duplicates on every screen, which reads the registry)."""
    marks = [m for m in SerialMark.objects.filter(id__in=list(mark_ids)) if not m.deliberate]
    # Every mark of those serials in one read (a catch-up brings thousands of marks).
    known: dict[str, list[SerialMark]] = {}
    for mark in SerialMark.objects.filter(
            serial_key__in={m.serial_key for m in marks}).order_by("at"):
        known.setdefault(mark.serial_key, []).append(mark)
    for mark in marks:
        others = [o for o in known.get(mark.serial_key, []) if o.id != mark.id]
        if others:
            do_audit(None, "serial.duplicate_detected", "item", mark.item_id,
                     detail={"receipt": mark.receipt_number,
                             "earlier": [o.receipt_number for o in others[:5]]})


# ---- retention ---------------------------------------------------------------------------------

def do_trim_destroyed_photos(cutoff: datetime) -> int:
    """Retention: the full photo of an item destroyed before the cutoff is dropped (its
    thumbnail stays with the destruction record)."""
    trimmed = 0
    destroyed = CustodyEvent.objects.filter(step=CustodyStep.DESTROYED, at__lt=cutoff)
    for photo in ItemPhoto.objects.filter(item__custody_events__in=destroyed).exclude(
            image=b"").iterator(chunk_size=200):
        photo.image = b""
        photo.bump()
        photo.save()
        trimmed += 1
    return trimmed
