"""Campaign records as the API and the console show them."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from opsroom.campaigns.actions import is_open
from opsroom.campaigns.models import (
    Campaign,
    CollectionPoint,
    Course,
    CustodyEvent,
    Handover,
    Item,
    Operation,
)
from opsroom.campaigns.queries import duplicate_item_ids


def campaign_dict(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.id, "kind": campaign.kind, "name_ar": campaign.name_ar,
        "name_en": campaign.name_en, "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on, "districts": list(campaign.districts),
        "targets": dict(campaign.targets), "amnesty": campaign.amnesty,
        "owner_agency": campaign.owner_agency.code, "synthetic": campaign.synthetic,
    }


def point_dict(point: CollectionPoint) -> dict[str, Any]:
    return {
        "id": point.id, "code": point.code, "name_ar": point.name_ar, "name_en": point.name_en,
        "kind": point.kind, "agency": point.agency.code, "lat": point.lat, "lon": point.lon,
        "district": point.district.code if point.district else None, "hours": point.hours,
        "active": point.active, "open_now": is_open(point, timezone.now()),
    }


def custody_dict(event: CustodyEvent) -> dict[str, Any]:
    return {
        "id": event.id, "step": event.step, "at": event.at, "officer": event.officer.username,
        "location": event.location, "to_whom": event.to_whom, "witnesses": event.witnesses,
        "record_ref": event.record_ref, "note": event.note,
    }


def item_dict(item: Item, duplicates: dict[str, list[str]], receipt: str | None = None,
              chain: bool = False, photos: list[Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id, "category": item.category, "make_model": item.make_model,
        "calibre": item.calibre, "serial": item.serial, "condition": item.condition,
        "quantity": item.quantity, "custody": item.custody, "location": item.location,
        "duplicate_of": duplicates.get(str(item.id), []),
        "duplicate_reason": item.duplicate_reason, "handover_id": item.handover_id,
        "receipt_number": receipt, "photos": (photos if photos is not None
                   else [p.id for p in item.photos.all()]),
    }
    if chain:
        data["custody_events"] = [custody_dict(e) for e in
                                  item.custody_events.select_related("officer")]
    return data


def handover_dict(handover: Handover) -> dict[str, Any]:
    fresh = handover.new_items
    if fresh is None:
        prefetched = "items" in getattr(handover, "_prefetched_objects_cache", {})
        items = sorted(handover.items.all() if prefetched
                       else handover.items.prefetch_related("photos"), key=lambda i: i.id)
        duplicates = duplicate_item_ids([i.id for i in items])
    else:
        # Just recorded: no photos yet, and a serial known before is a confirmed duplicate.
        items = fresh
        duplicates = (duplicate_item_ids([i.id for i in items])
                      if any(i.duplicate_reason for i in items) else {})
    return {
        "id": handover.id, "receipt_number": handover.receipt_number,
        "verification_code": handover.verification_code, "campaign_id": handover.campaign_id,
        "point": handover.point.code, "handed_at": handover.handed_at,
        "officer": handover.officer.username, "person_id": handover.person_id,
        "amnesty": handover.amnesty,
        "district": handover.district.code if handover.district else None,
        "week": handover.week,
        "items": [item_dict(i, duplicates, handover.receipt_number,
                            photos=[] if fresh is not None else None) for i in items],
        "receipt_url": f"/api/v1/handovers/{handover.id}/receipt.pdf",
        "synthetic": handover.synthetic,
    }


def operation_dict(operation: Operation) -> dict[str, Any]:
    targets = []
    for target in operation.targets.select_related("district", "warrant").order_by("id"):
        targets.append({
            "id": target.id, "place": target.place, "lat": target.lat, "lon": target.lon,
            "district": target.district.code if target.district else None,
            "warrant_id": target.warrant_id,
            "warrant_reference": target.warrant.reference if target.warrant else None,
            "done": target.done, "den_closed": target.den_closed,
            "arrest_ids": target.arrest_ids, "referred": target.referred,
            "notes": target.notes,
            "seizures": [{"substance": s.substance, "quantity": float(s.quantity),
                          "unit": s.unit, "note": s.note} for s in target.seizures.all()],
            "items": [i.id for i in target.items.all()],
        })
    return {
        "id": operation.id, "code": operation.code, "campaign_id": operation.campaign_id,
        "owner_agency": operation.owner_agency.code, "planned_at": operation.planned_at,
        "commander": operation.commander.username, "members": operation.members,
        "units": operation.units, "status": operation.status,
        "briefed_at": operation.briefed_at, "started_at": operation.started_at,
        "ended_at": operation.ended_at, "abort_reason": operation.abort_reason,
        "targets": targets, "synthetic": operation.synthetic,
    }


def operation_summary(operation: Operation) -> dict[str, Any]:
    return {"id": operation.id, "code": operation.code, "campaign_id": operation.campaign_id,
            "planned_at": operation.planned_at, "status": operation.status,
            "commander": operation.commander.username,
            "targets": operation.targets.count()}


def course_dict(course: Course) -> dict[str, Any]:
    sessions = []
    for session in course.sessions.order_by("number"):
        sessions.append({
            "id": session.id, "number": session.number, "starts_on": session.starts_on,
            "ends_on": session.ends_on, "place": session.place, "trainers": session.trainers,
            "attendances": [{
                "id": a.id, "officer": a.officer.username,
                "officer_name": a.officer.get_full_name() or a.officer.username,
                "result": a.result, "score": a.score, "capacity_id": a.capacity_id,
            } for a in session.attendances.select_related("officer").order_by("officer__username")],
        })
    return {"id": course.id, "code": course.code, "title_ar": course.title_ar,
            "title_en": course.title_en, "validity_days": course.validity_days,
            "agency": course.agency.code, "sessions": sessions}
