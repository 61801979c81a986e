from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from opsroom.core.errors import OpsError
from opsroom.core.streams import AgencyTest


def _report_rule(user: Any) -> AgencyTest | None:
    """Reports of the user's own scope: the city's (no agency) or the agency's."""
    from opsroom.stats.access import access_scope

    if not user.can("stats.read"):
        return None
    try:
        scope = access_scope(user)
    except OpsError:
        return None
    own = None if scope.agency_id is None else str(scope.agency_id)

    def same_scope(agency_id: str | None) -> bool:
        return agency_id == own

    return same_scope


class StatsConfig(AppConfig):
    name = "opsroom.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from django.conf import settings
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from opsroom.core.retention import RetentionRule, register_retention
        from opsroom.core.streams import register_stream_rule
        from opsroom.stats import actions, rollup

        # A report made reaches the analysts' page of its scope. The rollup and the reports
        # are derived from the incidents a site holds, so nothing here is replicated: each
        # site counts what it holds (docs/stats.md).
        register_stream_rule("stats_report", _report_rule)
        register_retention(RetentionRule("compstat_reports", settings.STATS_REPORT_WEEKS * 7,
                                         actions.do_trim_reports))

        connection_created.connect(rollup.add_sqlite_functions,
                                   dispatch_uid="opsroom.stats.sqlite_functions")
        post_migrate.connect(rollup.ensure, sender=self, dispatch_uid="opsroom.stats.rollup")
