"""Reads of the training of judicial police officers: an officer's record, and the
capacities about to run out (for supervisors, to send officers on a course in time)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q

from opsroom.accounts.access import sees_every_agency
from opsroom.accounts.models import User
from opsroom.accounts.roles import Cap
from opsroom.campaigns.models import Attendance, Result
from opsroom.core.access import require
from opsroom.core.clock import now
from opsroom.records.models import JudicialCapacity


def current_capacity(officer: User) -> JudicialCapacity | None:
    return (JudicialCapacity.objects.filter(Q(revoked_at__isnull=True), officer=officer,
                                            valid_from__lte=now(), valid_until__gt=now())
            .order_by("-valid_until").first())


def training_record(officer: User) -> dict[str, Any]:
    capacity = current_capacity(officer)
    courses = []
    for attendance in (Attendance.objects.filter(officer=officer)
                       .select_related("session__course", "capacity")
                       .order_by("-session__ends_on")):
        session = attendance.session
        courses.append({
            "course": session.course.code, "title_ar": session.course.title_ar,
            "title_en": session.course.title_en, "session": session.number,
            "ends_on": session.ends_on, "result": attendance.result, "score": attendance.score,
            "renewed_until": attendance.capacity.valid_until if attendance.capacity else None,
        })
    return {"officer": officer.username,
            "capacity_until": capacity.valid_until if capacity else None, "courses": courses}


def expiring_capacities(user: User, days: int) -> list[dict[str, Any]]:
    """Capacities of the supervisor's agency (every agency's for oversight) ending within
    ``days``, with no later capacity to follow them."""
    if not (user.can(Cap.CAMPAIGN_MANAGE) or sees_every_agency(user)):
        require(user, Cap.CAMPAIGN_MANAGE)
    moment = now()
    ending = (JudicialCapacity.objects.filter(revoked_at__isnull=True, valid_until__gt=moment,
                                              valid_until__lte=moment + timedelta(days=days))
              .select_related("officer__agency").order_by("valid_until"))
    if not sees_every_agency(user):
        ending = ending.filter(officer__agency=user.agency)
    found = []
    for capacity in ending[:500]:
        later = JudicialCapacity.objects.filter(
            officer=capacity.officer, revoked_at__isnull=True,
            valid_until__gt=capacity.valid_until).exists()
        if later:
            continue
        passed = Attendance.objects.filter(officer=capacity.officer, result=Result.PASSED,
                                           capacity__isnull=True,
                                           session__course__validity_days__gt=0).exists()
        officer = capacity.officer
        found.append({"officer": officer.username,
                      "officer_name": officer.get_full_name() or officer.username,
                      "agency": officer.agency.code if officer.agency else "",
                      "valid_until": capacity.valid_until,
                      "days_left": max(0, (capacity.valid_until - moment).days),
                      "passed_course": passed})
    return found
