"""The campaigns pages of the console. Thin: reads go through opsroom.campaigns.access and
its queries (every list and read of a raid is audited there); writes go from the pages'
forms to the JSON API, like every other console page, so they get the API's validation,
permissions and audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from opsroom.accounts.access import sees_every_agency
from opsroom.accounts.roles import Cap
from opsroom.campaigns import queries
from opsroom.campaigns.access import (
    access_campaign,
    access_course,
    access_target,
    is_owning_supervisor,
    require_receipt_check,
    visible_campaigns,
    visible_courses,
    visible_points,
)
from opsroom.campaigns.actions import MAX_ITEMS, OPERATION_STEPS
from opsroom.campaigns.models import (
    Attendance,
    CampaignKind,
    Condition,
    ItemCategory,
    MeasureUnit,
    Operation,
    OperationStatus,
    Result,
    Substance,
)
from opsroom.campaigns.training import expiring_capacities
from opsroom.core.access import require
from opsroom.core.clock import now, to_city_time
from opsroom.core.errors import Forbidden, NotFound
from opsroom.core.feed import current_seq
from opsroom.core.pages import live_page_basics, read_or_403
from opsroom.dispatch.models import Unit

# The counters a campaign's tables show, by its kind; the first target (or the second of
# these) is the one charted by week.
MEASURES_BY_KIND: dict[str, tuple[str, ...]] = {
    CampaignKind.WEAPONS: ("handovers", "weapons", "items", "ammunition_rounds"),
    CampaignKind.DRUG_DENS: ("operations", "dens", "arrests", "seizures"),
    CampaignKind.OTHER: ("operations", "arrests", "seizures", "items"),
}
# What the button that moves an operation to a status says.
STEP_WORDS: dict[str, Any] = {
    OperationStatus.PLANNED: gettext_lazy("Planned"),
    OperationStatus.BRIEFED: gettext_lazy("Mark as briefed"),
    OperationStatus.UNDER_WAY: gettext_lazy("Start the operation"),
    OperationStatus.COMPLETED: gettext_lazy("Mark as completed"),
    OperationStatus.ABORTED: gettext_lazy("Abort the operation"),
}
# Who handed weapons over is looked up with this purpose (the search is audited with it).
PERSON_PURPOSE = "weapons handover"


def boot(user: Any, **extra: Any) -> dict[str, Any]:
    """What the pages' scripts start from: the live badge, and the words they write."""
    return {
        **live_page_basics(user, current_seq()),
        "labels": {"category": dict(ItemCategory.choices), "condition": dict(Condition.choices)},
        "words": {"connected": _("Live"), "reconnecting": _("Reconnecting…"),
                  "saved": _("Saved"), "error": _("Error"), **extra},
    }


def _allowed(check: Callable[..., Any], *args: Any) -> bool:
    """Whether an access function lets the user do this (for showing a button; the API
    checks again)."""
    try:
        check(*args)
    except (Forbidden, NotFound):
        return False
    return True


def _user(request: HttpRequest) -> Any:
    return request.user


# ---- campaigns ------------------------------------------------------------------------------

@require_GET
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    campaigns = list(read_or_403(visible_campaigns, user)[:100])
    return render(request, "campaigns/list.html", {
        "rows": [(c, queries.campaign_stats(c)) for c in campaigns], "boot": boot(user),
        "may_hand_over": user.can(Cap.HANDOVER_WRITE)})


def _measures(kind: str, stats: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    shown = MEASURES_BY_KIND.get(kind, MEASURES_BY_KIND[CampaignKind.OTHER])
    targets = [t["key"] for t in stats["targets"]]
    charted = next((k for k in targets if k in shown), shown[1])
    return shown, charted


@require_GET
@login_required
def campaign_detail(request: HttpRequest, campaign_id: UUID) -> HttpResponse:
    user = _user(request)
    try:
        campaign = read_or_403(access_campaign, user, campaign_id)
    except NotFound:
        raise Http404 from None
    stats = queries.campaign_stats(campaign)
    shown, charted = _measures(campaign.kind, stats)
    categories = [(label, stats["categories"].get(value, 0))
                  for value, label in ItemCategory.choices
                  if stats["categories"].get(value, 0)]
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "stats": stats, "measures": shown, "charted": charted,
        "categories": categories if campaign.kind == CampaignKind.WEAPONS else [],
        "public_min": settings.PUBLIC_MIN_COUNT, "boot": boot(user)})


# ---- the handover form ------------------------------------------------------------------------

@require_GET
@login_required
def handover_form(request: HttpRequest) -> HttpResponse:
    """The collection point's form: running weapons campaigns, the points of the user's
    agency, who hands the items over (nobody in amnesty mode), and the items."""
    user = _user(request)
    read_or_403(require, user, Cap.HANDOVER_WRITE)
    today = to_city_time(now()).date()
    campaigns = read_or_403(visible_campaigns, user).filter(
        kind=CampaignKind.WEAPONS, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)).order_by("amnesty", "-starts_on")
    points = visible_points(user).filter(agency_id=user.agency_id, active=True)
    return render(request, "campaigns/handover.html", {
        "campaigns": list(campaigns), "points": list(points),
        "categories": ItemCategory.choices, "conditions": Condition.choices,
        "default_condition": Condition.UNKNOWN, "max_items": MAX_ITEMS,
        "may_record_person": user.can(Cap.PERSON_WRITE),
        "boot": {**boot(
            user,
            searching=_("Searching…"), no_match=_("Nobody of that name is recorded."),
            choose=_("Choose"), item=_("Item"), remove=_("Remove item"),
            known=_("This serial was handed in before, on receipt:"),
            duplicate=_("This serial was handed in before, on receipt {receipt}. If it is "
                        "deliberately the same weapon again, give the reason below and save "
                        "again."),
            born=_("born"), synthetic=_("synthetic"), need_person=_(
                "Choose who hands the items over (search by name)."),
            too_many=_("At most %(n)s items in one handover.") % {"n": MAX_ITEMS}),
            "purpose": PERSON_PURPOSE, "max_items": MAX_ITEMS}})


# ---- the receipt check -----------------------------------------------------------------------

@require_GET
@login_required
def receipt_check(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    read_or_403(require_receipt_check, user)
    return render(request, "campaigns/verify.html", {
        "number": request.GET.get("number", "")[:48], "boot": boot(
            user, genuine=_("Genuine receipt"),
            not_genuine=_("Not genuine: this code does not match this receipt number."),
            not_here=_("Genuine receipt, but this handover has not reached this site yet: "
                       "its items will show once sync brings it. Compare them with the paper "
                       "then."),
            campaign=_("Campaign"), point=_("Collection point"), handed_at=_("Handed over at"),
            category=_("Category"), quantity=_("Quantity"), serial=_("Serial number"),
            items=_("Items"))})


# ---- raids on drug dens ---------------------------------------------------------------------

def _call_signs(operations: list[Operation]) -> dict[str, str]:
    ids = {u for op in operations for u in op.units}
    return {str(i): c for i, c in Unit.objects.filter(id__in=ids).values_list("id", "call_sign")}


def _steps(user: Any, operation: Operation) -> list[tuple[str, str]]:
    """The statuses the user may move the operation to (abort apart: it needs a reason)."""
    if not (is_owning_supervisor(user, operation) or operation.commander_id == user.id):
        return []
    following = OPERATION_STEPS[operation.status]
    return [(value, str(STEP_WORDS[value])) for value in OperationStatus.values
            if value in following]


def _operation_row(user: Any, operation: Operation, signs: dict[str, str]) -> dict[str, Any]:
    steps = _steps(user, operation)
    return {"op": operation, "targets": list(operation.targets.all()),
            "units": [signs.get(u, u) for u in operation.units],
            "steps": [s for s in steps if s[0] != OperationStatus.ABORTED],
            "may_abort": any(s[0] == OperationStatus.ABORTED for s in steps)}


@require_GET
@login_required
def operations_board(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    operations = read_or_403(queries.list_operations, user)  # audited
    prefetch_related_objects(operations, "targets")
    signs = _call_signs(operations)
    return render(request, "campaigns/operations.html", {
        "rows": [_operation_row(user, op, signs) for op in operations], "boot": boot(user)})


@require_GET
@login_required
def operation_detail(request: HttpRequest, operation_id: UUID) -> HttpResponse:
    user = _user(request)
    try:
        operation = read_or_403(queries.read_operation, user, operation_id)  # audited
    except NotFound:
        raise Http404 from None
    prefetch_related_objects([operation], "targets__seizures", "targets__district",
                             "targets__warrant", "targets__items")
    row = _operation_row(user, operation, _call_signs([operation]))
    may_record = bool(row["targets"]) and operation.status in (
        OperationStatus.UNDER_WAY, OperationStatus.COMPLETED) and _allowed(
        access_target, user, operation, row["targets"][0].id)
    return render(request, "campaigns/operation.html", {
        **row, "may_record": may_record, "substances": Substance.choices,
        "units_of_measure": MeasureUnit.choices, "seizure_rows": range(3),
        "categories": ItemCategory.choices, "conditions": Condition.choices,
        "item_rows": range(3),
        "boot": boot(user)})


# ---- training --------------------------------------------------------------------------------

@require_GET
@login_required
def courses(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    found = list(read_or_403(visible_courses, user).prefetch_related(Prefetch(
        "sessions__attendances",
        queryset=Attendance.objects.select_related("officer", "capacity").order_by(
            "officer__username")))[:100])
    expiring = None
    if user.can(Cap.CAMPAIGN_MANAGE) or sees_every_agency(user):
        expiring = expiring_capacities(user, settings.CAPACITY_WARN_DAYS)
    return render(request, "campaigns/courses.html", {
        "courses": [(c, _allowed(access_course, user, c.id, True)) for c in found],
        "may_renew": user.can(Cap.CAPACITY_GRANT), "expiring": expiring,
        "warn_days": settings.CAPACITY_WARN_DAYS, "today": to_city_time(now()).date(),
        "results": [(v, label) for v, label in Result.choices if v != Result.ENROLLED],
        "boot": boot(user)})
