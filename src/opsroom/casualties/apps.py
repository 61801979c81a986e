from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from opsroom.core.replication import ReplicatedKind, register_kinds
from opsroom.core.retention import RetentionRule, register_retention
from opsroom.core.streams import AgencyTest, every_agency, register_stream_rule


def _of_event(row: Any) -> list[str]:
    return [str(row.event.agency_id)]


def _harm_rule(user: Any) -> AgencyTest | None:
    # Those who read harm receive every event's changes; a monitor never does (what it is
    # given goes through the ledger, not the live stream).
    return every_agency if user.can("harm.read") else None


def _outage_rule(user: Any) -> AgencyTest | None:
    if not user.can("outage.read") or user.role == "monitor":
        return None
    return every_agency


class CasualtiesConfig(AppConfig):
    name = "opsroom.casualties"
    label = "casualties"
    verbose_name = _("Civilian harm")

    def ready(self) -> None:
        from opsroom.casualties import actions
        from opsroom.core.bus import bus

        def owned(name: str, label: str, scope: str, audience: Any,
                  append_only: bool = False, local: frozenset[str] = frozenset()
                  ) -> ReplicatedKind:
            # The recording agency's sites keep its events; the operations room's site (and
            # the hub) receives every agency's, so a post's events reach the room.
            return ReplicatedKind(name, label, audience, scope=scope,
                                  append_only=append_only, local_fields=local)

        register_kinds([
            # A review's lock is about the people at one site: it never travels.
            owned("harm_event", "casualties.HarmEvent", "agency_id",
                  lambda row: [str(row.agency_id)],
                  local=frozenset({"locked_by", "locked_until"})),
            owned("harm_source", "casualties.Source", "event__agency_id", _of_event,
                  append_only=True),
            owned("harm_victim", "casualties.Victim", "event__agency_id", _of_event),
            owned("harm_review", "casualties.Review", "event__agency_id", _of_event,
                  append_only=True),
            owned("harm_agreement", "casualties.SharingAgreement", "granted_by_id",
                  lambda row: [str(row.granted_by_id)]),
            owned("harm_ledger", "casualties.LedgerEntry", "monitor_id",
                  lambda row: [str(row.monitor_id)], append_only=True),
            # Every site: the board's map shows where the phones are down.
            ReplicatedKind("outage", "casualties.Outage"),
        ])
        register_stream_rule("harm_event", _harm_rule)
        register_stream_rule("outage", _outage_rule)
        register_retention(RetentionRule("dismissed_outage_proposals", 365,
                                         actions.do_trim_dismissed_outages))
        # A site gone silent (opsroom.sync's site health) is proposed as an outage.
        bus.subscribe(actions.on_change)
