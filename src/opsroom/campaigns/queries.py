"""Reads of the campaigns app that are more than a fetch: the nearest open collection
points by road, a campaign's progress, the public figures, the serial registry and the
check of a receipt. Sensitive reads (a raid, a receipt's check) are audited here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.models import User
from opsroom.audit.actions import do_audit
from opsroom.campaigns import codes
from opsroom.campaigns.access import visible_points
from opsroom.campaigns.actions import is_open
from opsroom.campaigns.models import (
    TARGET_KEYS,
    WEAPON_CATEGORIES,
    Campaign,
    CollectionPoint,
    Handover,
    ItemCategory,
    SerialMark,
    Tally,
)
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput, NotFound
from opsroom.geo.models import District
from opsroom.roads.queries import (
    OFF_ROAD_SPEED_M_S,
    active_closures,
    ensure_covered,
    from_point,
    path_length_m,
    require_network,
)

_VERIFY_HINT = _("Any police directorate can check this receipt, even without a network: "
                 "give the receipt number and the verification code.")


# ---- nearest open points, by road ------------------------------------------------------------

@dataclass(frozen=True)
class NearPoint:
    point: CollectionPoint
    eta_s: float
    distance_m: float
    open_now: bool


def nearest_points(user: User, lat: float, lon: float, limit: int = 3,
                   at: datetime | None = None, open_only: bool = True) -> list[NearPoint]:
    """One forward road search from the citizen's position to every active point; the
    fastest ``limit`` that are open now (or at ``at``), with road time and distance."""
    moment = at or now()
    points = [p for p in visible_points(user).filter(active=True)
              if not open_only or is_open(p, moment)]
    if not points:
        raise NotFound("no collection point is open at this time")
    loaded = require_network()
    graph = loaded.graph
    _, snap = graph.snap(lat, lon)
    ensure_covered(loaded, float(snap), "lat")
    weights = loaded.weights(active_closures())
    nodes, point_snap = graph.snap([p.lat for p in points], [p.lon for p in points])
    dist, predecessors = from_point(loaded, lat, lon, weights)
    eta = dist[nodes] + (point_snap + float(snap)) / OFF_ROAD_SPEED_M_S
    origin, _ = graph.snap(lat, lon)
    ranked = [i for i in np.argsort(eta) if np.isfinite(eta[i])][:limit]
    found = []
    for i in ranked:
        path = [int(nodes[i])]
        while path[-1] != int(origin):
            previous = int(predecessors[path[-1]])
            if previous < 0:
                break
            path.append(previous)
        road_m = path_length_m(loaded, path[::-1])
        found.append(NearPoint(points[i], round(float(eta[i]), 1),
                               round(road_m + float(point_snap[i]) + float(snap), 1),
                               is_open(points[i], moment)))
    if not found:
        raise NotFound("no open road leads to an open collection point")
    return found


# ---- progress ---------------------------------------------------------------------------------

def _tallies(campaign: Campaign) -> list[tuple[Any, str, str, int]]:
    rows = (Tally.objects.filter(campaign=campaign)
            .values_list("district_id", "week", "measure")
            .annotate(total=Sum("count")).order_by())
    return [(d, w, m, int(t)) for d, w, m, t in rows]


def _district_names() -> dict[str, tuple[str, str, str]]:
    return {str(i): (c, a, e) for i, c, a, e in
            District.objects.values_list("id", "code", "name_ar", "name_en")}


# Measures summed from the category counters when read, not counted on their own.
DERIVED = {
    "weapons": tuple(f"cat:{c}" for c in sorted(WEAPON_CATEGORIES)),
    "ammunition_rounds": (f"cat:{ItemCategory.AMMUNITION}",),
}


def with_derived(counts: dict[str, int]) -> dict[str, int]:
    out = {m: n for m, n in counts.items() if m not in DERIVED}
    for measure, parts in DERIVED.items():
        total = sum(out.get(p, 0) for p in parts)
        if total:
            out[measure] = total
    return out


def campaign_stats(campaign: Campaign) -> dict[str, Any]:
    """Progress against the targets, by district and by ISO week, from the counters of
    every site (summed: each site counts only its own)."""
    rows = _tallies(campaign)
    totals: dict[str, int] = defaultdict(int)
    by_district: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_week: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for district, week, measure, count in rows:
        totals[measure] += count
        key = str(district) if district else None
        by_district[key][measure] += count
        by_week[week][measure] += count
    totals = with_derived(totals)
    names = _district_names()
    targets = [{"key": key, "target": goal, "achieved": totals.get(key, 0),
                "percent": round(100 * totals.get(key, 0) / goal, 1)}
               for key, goal in campaign.targets.items() if key in TARGET_KEYS]
    districts = []
    for district_id, counts in sorted(by_district.items(), key=lambda kv: -kv[1].get("items", 0)):
        code, name_ar, name_en = names.get(district_id or "", ("", "", ""))
        districts.append({"district": code or None, "name_ar": name_ar, "name_en": name_en,
                          "counts": with_derived(counts)})
    return {
        "campaign_id": str(campaign.id), "kind": campaign.kind,
        "totals": dict(totals), "targets": targets, "by_district": districts,
        "by_week": [{"week": w, "counts": with_derived(c)} for w, c in sorted(by_week.items())],
        "categories": {c: totals.get(f"cat:{c}", 0) for c in ItemCategory.values},
        "synthetic": campaign.synthetic,
    }


def public_figures(campaign: Campaign) -> dict[str, Any]:
    """Items collected, by category, district and week: no names, no receipts, no points'
    stock, and no district-week with fewer than PUBLIC_MIN_COUNT items. Every total is
    summed from the published cells only, so a hidden cell cannot be found by subtracting
    one total from another."""
    cells: dict[tuple[str | None, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # Only the measures published, each district by its code: the rows are summed here
    # (one per site, district, week and measure), which costs less than a GROUP BY and a
    # conversion of every district id.
    rows = (Tally.objects.filter(Q(measure="items") | Q(measure__startswith="cat:"),
                                 campaign=campaign)
            .values_list("district__code", "week", "measure", "count").order_by())
    for code, week, measure, count in rows.iterator(chunk_size=5000):
        cells[(code, week)][measure] += count
    floor = settings.PUBLIC_MIN_COUNT
    names = {c: (c, a, e) for c, a, e in
             District.objects.values_list("code", "name_ar", "name_en")}
    published, hidden = [], 0
    by_category: dict[str, int] = defaultdict(int)
    by_district: dict[str, int] = defaultdict(int)
    by_week: dict[str, int] = defaultdict(int)
    for (district, week), counts in sorted(cells.items(), key=lambda kv: (kv[0][1],
                                                                          kv[0][0] or "")):
        items = counts.get("items", 0)
        if items < floor:
            hidden += 1
            continue
        code = district or "unknown"
        categories = {m.removeprefix("cat:"): n for m, n in counts.items()
                      if m.startswith("cat:")}
        published.append({"district": code, "week": week, "items": items,
                          "by_category": categories})
        by_district[code] += items
        by_week[week] += items
        for category, n in categories.items():
            by_category[category] += n
    return {
        "campaign": {"id": str(campaign.id), "name_ar": campaign.name_ar,
                     "name_en": campaign.name_en, "starts_on": campaign.starts_on.isoformat(),
                     "ends_on": campaign.ends_on.isoformat() if campaign.ends_on else None},
        "minimum_count": floor,
        "cells": published,
        "hidden_cells": hidden,
        "items": sum(by_district.values()),
        "by_category": dict(by_category),
        "by_district": [{"district": d, "name_ar": names.get(d, ("", "", ""))[1],
                         "name_en": names.get(d, ("", "", ""))[2], "items": n}
                        for d, n in sorted(by_district.items(), key=lambda kv: -kv[1])],
        "by_week": [{"week": w, "items": n} for w, n in sorted(by_week.items())],
        "synthetic": campaign.synthetic,
    }


# ---- serials -----------------------------------------------------------------------------------

def earlier_receipts(key: str, except_item: Any = None) -> list[str]:
    marks = SerialMark.objects.filter(serial_key=key).order_by("at")
    if except_item is not None:
        marks = marks.exclude(item_id=except_item)
    return [m.receipt_number for m in marks]


def duplicate_item_ids(item_ids: list[Any]) -> dict[str, list[str]]:
    """For the given items, the other receipts their serial was handed in on (an item is a
    flagged duplicate when this is not empty)."""
    mine = {str(m.item_id): m.serial_key for m in SerialMark.objects.filter(item_id__in=item_ids)}
    if not mine:
        return {}
    others: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for mark in SerialMark.objects.filter(serial_key__in=set(mine.values())).order_by("at"):
        others[mark.serial_key].append((str(mark.item_id), mark.receipt_number))
    return {item: [r for i, r in others[key] if i != item]
            for item, key in mine.items() if len(others[key]) > 1}


def flagged_duplicates(user: User, limit: int = 200) -> list[dict[str, Any]]:
    """Serials known more than once, among the items of the user's agency."""
    from django.db.models import Count

    from opsroom.campaigns.access import visible_items

    keys = list(SerialMark.objects.values("serial_key").annotate(n=Count("id"))
                .filter(n__gt=1).values_list("serial_key", flat=True)[:5000])
    items = list(visible_items(user).filter(serial_key__in=keys).select_related(
        "handover")[:limit])
    flags = duplicate_item_ids([i.id for i in items])
    return [{"item_id": str(i.id), "serial": i.serial, "category": i.category,
             "receipt_number": i.handover.receipt_number if i.handover else None,
             "also_on": flags.get(str(i.id), []), "deliberate": bool(i.duplicate_reason),
             "reason": i.duplicate_reason} for i in items]


# ---- receipts ---------------------------------------------------------------------------------

def verify_receipt(user: User, number: str, code: str) -> dict[str, Any]:
    """Genuine or not, from the code alone (any site, cut off or not); and what this site
    knows of the handover when sync has brought it. The check is audited."""
    number = number.strip().upper()
    if not 5 <= len(number) <= 48:
        raise InvalidInput("a receipt number such as BNG-OPS-2026-000123", field="number")
    if not code.strip():
        raise InvalidInput("the verification code printed on the receipt", field="code")
    genuine = codes.code_matches(number, code)
    answer: dict[str, Any] = {"receipt_number": number, "genuine": genuine,
                              "known_here": False}
    if genuine:
        handover = (Handover.objects.select_related("point", "campaign")
                    .filter(receipt_number=number).first())
        if handover is not None:
            answer.update({
                "known_here": True, "handed_at": handover.handed_at,
                "point_ar": handover.point.name_ar, "point_en": handover.point.name_en,
                "campaign_ar": handover.campaign.name_ar,
                "campaign_en": handover.campaign.name_en,
                "items": [{"category": i.category, "quantity": i.quantity, "serial": i.serial}
                          for i in handover.items.order_by("id")],
            })
    do_audit(user, "receipt.verify", "receipt", number,
             detail={"genuine": genuine, "known_here": answer["known_here"]})
    return answer


# ---- raids: every read audited ----------------------------------------------------------------

def read_operation(user: User, operation_id: object) -> Any:
    from opsroom.campaigns.access import access_operation

    operation = access_operation(user, operation_id)
    do_audit(user, "operation.read", "operation", operation.id,
             detail={"status": operation.status})
    return operation


def list_operations(user: User) -> list[Any]:
    from opsroom.campaigns.access import operations_list

    found = operations_list(user)
    do_audit(user, "operation.list", "operation", "",
             detail={"ids": [str(o.id) for o in found][:50], "count": len(found)})
    return found


# ---- the printed receipt ------------------------------------------------------------------------

def receipt_pdf(user: User, handover: Handover) -> bytes:
    """The bilingual receipt the citizen takes home (printing it is audited: a reprint is
    a second copy of a document)."""
    from django.utils import translation

    from opsroom.campaigns.models import Condition
    from opsroom.campaigns.receipt import ReceiptData, ReceiptItem, render_receipt
    from opsroom.core.clock import to_city_time

    def both(choices: Any, value: str) -> tuple[str, str]:
        labels = []
        for language in ("ar", "en"):
            with translation.override(language):
                labels.append(str(choices(value).label))
        return labels[0], labels[1]

    items = []
    for item in handover.items.order_by("id"):
        category_ar, category_en = both(ItemCategory, item.category)
        condition_ar, condition_en = both(Condition, item.condition)
        items.append(ReceiptItem(category_ar=category_ar, category_en=category_en,
                                 make_model=item.make_model, calibre=item.calibre,
                                 serial=item.serial, condition_ar=condition_ar,
                                 condition_en=condition_en, quantity=item.quantity))
    officer = handover.officer
    with translation.override("ar"):
        hint_ar = str(_VERIFY_HINT)
    with translation.override("en"):
        hint_en = str(_VERIFY_HINT)
    data = ReceiptData(
        receipt_number=handover.receipt_number, verification_code=handover.verification_code,
        handed_at_local=to_city_time(handover.handed_at), campaign_ar=handover.campaign.name_ar,
        campaign_en=handover.campaign.name_en, point_ar=handover.point.name_ar,
        point_en=handover.point.name_en,
        officer_name=officer.get_full_name() or officer.username,
        handed_by=None if handover.amnesty or handover.person is None
        else handover.person.full_name,
        amnesty=handover.amnesty, items=tuple(items), verify_hint_ar=hint_ar,
        verify_hint_en=hint_en, synthetic=handover.synthetic)
    pdf = render_receipt(data)
    do_audit(user, "receipt.print", "handover", handover.id,
             detail={"receipt": handover.receipt_number})
    return pdf
