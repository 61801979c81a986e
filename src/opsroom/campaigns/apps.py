from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.access import agency_stream_rule
from opsroom.accounts.roles import Cap
from opsroom.core.replication import ReplicatedKind, register_announcer, register_kinds
from opsroom.core.retention import RetentionRule, register_retention
from opsroom.core.streams import register_stream_rule


def _owned(*fields: str) -> Any:
    def audience(row: Any) -> list[str] | None:
        return list(dict.fromkeys(str(getattr(row, f)) for f in fields if getattr(row, f)))

    return audience


def _of_parent(parent: str, field: str) -> Any:
    def audience(row: Any) -> list[str] | None:
        owner = getattr(row, parent)
        value = getattr(owner, field) if owner is not None else None
        return [str(value)] if value else []

    return audience


# Sites that take part in campaigns: every role but the field post (a checkpoint keeps the
# serial registry and the receipts' check, not the handovers).
TAKES_PART = frozenset({"hub", "directorate", "station"})


class CampaignsConfig(AppConfig):
    name = "opsroom.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from opsroom.accounts.queries import agency_ids_of_kinds
        from opsroom.campaigns import access, actions

        def shared(name: str, label: str, roles: frozenset[str] | None = TAKES_PART,
                   announce: Any = None) -> ReplicatedKind:
            # Reference data every campaign site keeps: the campaigns, their points and
            # courses, the counters and the serial registry.
            return ReplicatedKind(name, label, _campaign_sites,
                                  agency_kinds=access.CAMPAIGN_AGENCY_KINDS, site_roles=roles,
                                  announce=announce)

        def _campaign_sites(_row: Any = None) -> list[str]:
            return agency_ids_of_kinds(access.CAMPAIGN_AGENCY_KINDS)

        def owned(name: str, label: str, scope: str, audience: Any,
                  append_only: bool = False, local: frozenset[str] = frozenset()
                  ) -> ReplicatedKind:
            return ReplicatedKind(name, label, audience, scope=scope, site_roles=TAKES_PART,
                                  append_only=append_only, local_fields=local)

        register_kinds([
            shared("campaign", "campaigns.Campaign"),
            shared("collection_point", "campaigns.CollectionPoint"),
            shared("tally", "campaigns.Tally"),
            shared("receipt_counter", "campaigns.ReceiptCounter"),
            # Every site, field posts too: a serial is checked wherever a weapon turns up.
            # A mark that arrives is about itself: its announcer audits a serial now known
            # twice (without ``announce`` sync never calls it).
            shared("serial_mark", "campaigns.SerialMark", roles=None,
                   announce=lambda _fields, mark_id: ("serial_mark", mark_id)),
            shared("course", "campaigns.Course"),
            shared("course_session", "campaigns.CourseSession"),
            owned("handover", "campaigns.Handover", "agency_id", _owned("agency_id")),
            owned("item", "campaigns.Item", "agency_id", _owned("agency_id")),
            owned("custody_event", "campaigns.CustodyEvent", "item__agency_id",
                  _of_parent("item", "agency_id"), append_only=True),
            # The full image stays at the site that took it; the thumbnail travels.
            owned("item_photo", "campaigns.ItemPhoto", "item__agency_id",
                  _of_parent("item", "agency_id"), local=frozenset({"image"})),
            # A raid travels only to the sites of its own agency.
            owned("operation", "campaigns.Operation", "owner_agency_id",
                  _owned("owner_agency_id")),
            owned("operation_target", "campaigns.OperationTarget",
                  "operation__owner_agency_id", _of_parent("operation", "owner_agency_id")),
            owned("seizure", "campaigns.Seizure", "target__operation__owner_agency_id",
                  lambda row: [str(row.target.operation.owner_agency_id)]),
            shared("attendance", "campaigns.Attendance"),
        ])
        # It audits (a duplicate found through sync), so it runs after any catch-up.
        register_announcer("serial_mark", actions.announce_synced_serials, always=True)
        register_retention(RetentionRule("destroyed_item_photos", 730,
                                         actions.do_trim_destroyed_photos))
        register_stream_rule("handover", agency_stream_rule(Cap.CAMPAIGN_READ))
        register_stream_rule("campaign", agency_stream_rule(Cap.CAMPAIGN_READ, shared=True))
        register_stream_rule("collection_point",
                             agency_stream_rule(Cap.CAMPAIGN_READ, shared=True))
        # A raid's events reach only the owning agency's supervisors: even "an operation
        # changed" tells a dispatcher that one is planned.
        register_stream_rule("operation", agency_stream_rule(Cap.CAMPAIGN_MANAGE))
