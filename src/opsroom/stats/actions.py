"""The writes of statistics: a weekly report made and kept, the rollup recounted, old
reports trimmed. Every one is audited."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from datetime import date, datetime

from django.db import close_old_connections, transaction

from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.accounts.roles import ROLE_CAPS, Cap
from opsroom.audit.actions import do_audit
from opsroom.core.bus import Ref, publish_record
from opsroom.core.clock import now as clock_now
from opsroom.core.clock import to_city_time
from opsroom.core.errors import InvalidInput
from opsroom.stats import rollup
from opsroom.stats.access import city_scope
from opsroom.stats.compstat import Scope
from opsroom.stats.models import Lang, Report
from opsroom.stats.windows import last_full_week, week_period

log = logging.getLogger(__name__)


def check_week(week: str, today: date) -> None:
    """A report is about a week that has ended."""
    period = week_period(week)
    if period.start.year < 2000:
        raise InvalidInput("statistics start in 2000", field="week")
    if period.end > today:
        raise InvalidInput("this week has not ended yet", field="week")


@transaction.atomic
def do_make_report(actor: User | None, week: str, lang: str, scope: Scope) -> Report:
    """Render the CompStat report of ``week`` for ``scope`` and keep it."""
    from opsroom.stats.report import render_compstat_pdf  # WeasyPrint: loaded when needed

    if lang not in Lang.values:
        raise InvalidInput("the language is ar or en", field="lang")
    check_week(week, to_city_time(clock_now()).date())
    pdf, pages = render_compstat_pdf(week, lang, scope)
    report = Report.objects.create(
        week=week, lang=lang, agency_id=scope.agency_id, pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(), pages=pages, generated_by=actor)
    do_audit(actor, "stats.report.make", "stats_report", report.id,
             detail={"week": week, "lang": lang, "bytes": len(pdf),
                     "scope": str(scope.agency_id) if scope.agency_id else "all"})
    publish_record("stats_report", Ref(str(report.id)), "created", scope.agency_id,
                   {"week": week, "lang": lang})
    return report


def latest_report(week: str, lang: str, scope: Scope) -> Report | None:
    reports = Report.objects.filter(week=week, lang=lang)
    reports = (reports.filter(agency__isnull=True) if scope.agency_id is None
               else reports.filter(agency_id=scope.agency_id))
    return reports.order_by("-generated_at").first()


def do_rebuild_rollup(actor: User | None) -> int:
    counted = rollup.rebuild()
    do_audit(actor, "stats.rollup.rebuild", "stats_rollup", detail={"incidents": counted})
    return counted


def report_scopes() -> list[Scope]:
    """Whose weekly reports are made on schedule: the city's, and every agency whose users
    read statistics of their own incidents."""
    scopes = [city_scope()]
    roles = [role for role, caps in ROLE_CAPS.items() if Cap.STATS_READ in caps
             and Cap.READ_ALL_AGENCIES not in caps]
    agencies = (Agency.objects.filter(users__role__in=roles, users__is_active=True)
                .exclude(kind=AgencyKind.OPERATIONS_ROOM).distinct().order_by("code"))
    scopes += [Scope(a.id, a.name_ar, a.name_en) for a in agencies]
    return scopes


def do_weekly_reports(today: date) -> list[Report]:
    """The reports of the last full week that are not made yet (both languages, every
    scope): what `opsroom serve` runs every hour, and `opsroom stats report` by hand."""
    week = last_full_week(today)
    made = []
    for scope in report_scopes():
        for lang in Lang.values:
            if latest_report(week, lang, scope) is None:
                made.append(do_make_report(None, week, lang, scope))
    return made


def do_trim_reports(cutoff: datetime) -> int:
    """Retention: reports made before the cutoff (OPSROOM_STATS_REPORT_WEEKS by default)."""
    return Report.objects.filter(generated_at__lt=cutoff).delete()[0]


def start_weekly_reports(minutes: float) -> threading.Thread | None:
    """For `opsroom serve`: shortly after start and then every ``minutes``, make the last
    week's reports if they are missing (a server that was down on the day catches up)."""
    if minutes <= 0:
        return None

    def run() -> None:
        time.sleep(90)
        while True:
            try:
                close_old_connections()
                do_weekly_reports(to_city_time(clock_now()).date())
            except Exception:  # try again in an hour rather than stop serving
                log.exception("weekly CompStat reports failed")
            time.sleep(minutes * 60)

    thread = threading.Thread(target=run, name="compstat-reports", daemon=True)
    thread.start()
    return thread
