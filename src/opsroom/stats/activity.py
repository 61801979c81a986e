"""What the police did, compared the same way as crime: arrests made, warrants executed,
sentences implemented, weapons collected and drug dens closed, in each period of a window.

Counts only: no person, no record leaves this module. Volumes are small (hundreds a week,
not thousands a day), so these are counted from their own tables, on their own clocks:
an arrest on its time of arrest, a warrant when executed, a sentence when it was closed as
executed, a weapon when it was handed in (a weapon is one of campaigns' WEAPON_CATEGORIES,
times its quantity), a den when its raid's outcome was recorded as closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, Sum

from opsroom.campaigns.models import WEAPON_CATEGORIES, Item, OperationTarget
from opsroom.records.models import Arrest, Sentence, SentenceStatus, Warrant, WarrantStatus
from opsroom.stats.compstat import Row, Scope
from opsroom.stats.significance import compare
from opsroom.stats.windows import Period, Window


@dataclass(frozen=True)
class Measure:
    code: str
    name_ar: str
    name_en: str
    count: Callable[[Period, Scope], int]


def _arrests(period: Period, scope: Scope) -> int:
    start, end = period.utc_bounds()
    rows = Arrest.objects.filter(arrested_at__gte=start, arrested_at__lt=end)
    if scope.agency_id is not None:
        rows = rows.filter(holding_agency_id=scope.agency_id)
    return rows.count()


def _warrants(period: Period, scope: Scope) -> int:
    start, end = period.utc_bounds()
    rows = Warrant.objects.filter(status=WarrantStatus.EXECUTED, executed_at__gte=start,
                                  executed_at__lt=end)
    if scope.agency_id is not None:
        # The issuing prosecution's, or executed by an arrest of the agency's.
        rows = rows.filter(Q(issuing_agency_id=scope.agency_id)
                           | Q(arrests__holding_agency_id=scope.agency_id)).distinct()
    return rows.count()


def _sentences(period: Period, scope: Scope) -> int:
    start, end = period.utc_bounds()
    rows = Sentence.objects.filter(status=SentenceStatus.EXECUTED, closed_at__gte=start,
                                   closed_at__lt=end)
    if scope.agency_id is not None:
        rows = rows.filter(executing_agency_id=scope.agency_id)
    return rows.count()


def _weapons(period: Period, scope: Scope) -> int:
    start, end = period.utc_bounds()
    rows = Item.objects.filter(handover__isnull=False, category__in=WEAPON_CATEGORIES,
                               handover__handed_at__gte=start, handover__handed_at__lt=end)
    if scope.agency_id is not None:
        rows = rows.filter(agency_id=scope.agency_id)
    return int(rows.aggregate(total=Sum("quantity"))["total"] or 0)


def _dens(period: Period, scope: Scope) -> int:
    start, end = period.utc_bounds()
    rows = OperationTarget.objects.filter(den_closed=True, outcome_at__gte=start,
                                          outcome_at__lt=end)
    if scope.agency_id is not None:
        rows = rows.filter(operation__owner_agency_id=scope.agency_id)
    return rows.count()


MEASURES = (
    Measure("arrests", "عمليات القبض", "Arrests made", _arrests),
    Measure("warrants_executed", "أوامر منفذة", "Warrants executed", _warrants),
    Measure("sentences_implemented", "أحكام منفذة", "Sentences implemented", _sentences),
    Measure("weapons_collected", "أسلحة جمعت", "Weapons collected", _weapons),
    Measure("dens_closed", "أوكار أغلقت", "Drug dens closed", _dens),
)


def activity(window: Window, scope: Scope) -> list[Row]:
    rows = []
    for measure in MEASURES:
        current, previous, last_year = (measure.count(p, scope) for p in
                                        (window.current, window.previous, window.last_year))
        rows.append(Row(
            key=measure.code, name_ar=measure.name_ar, name_en=measure.name_en,
            current=current, previous=previous, last_year=last_year,
            vs_previous=compare(current, previous, window.current.days, window.previous.days),
            vs_last_year=compare(current, last_year, window.current.days,
                                 window.last_year.days)))
    return rows
