from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.access import agency_stream_rule
from opsroom.accounts.roles import Cap
from opsroom.core.clock import now
from opsroom.core.replication import ReplicatedKind, register_announcer, register_kinds
from opsroom.core.retention import RetentionRule, register_retention
from opsroom.core.streams import register_stream_rule


def _incident_owner(row: Any) -> list[str] | None:
    return [str(row.incident.owner_agency_id)]


def _unit_agency(row: Any) -> list[str] | None:
    return [str(row.unit.agency_id)]


def _the_unit(fields: dict[str, Any], record_id: str) -> tuple[str, str]:
    return "unit", record_id


def _its_incident(fields: dict[str, Any], record_id: str) -> tuple[str, str]:
    return "incident", str(fields["incident_id"])


def _release(fields: dict[str, Any]) -> dict[str, Any]:
    """An assignment set aside after a partition (opsroom.sync.settling): released now."""
    return {"released_at": now().isoformat()}


def _rename_out_of_service(fields: dict[str, Any]) -> dict[str, Any]:
    """A unit set aside after a partition: out of service, its call sign suffixed with the
    end of its id (random, so two units made in one millisecond differ) within 32."""
    suffix = "~" + str(fields["id"]).replace("-", "")[-6:]
    return {"status": "out_of_service",
            "call_sign": str(fields.get("call_sign") or "")[:32 - len(suffix)] + suffix}


class DispatchConfig(AppConfig):
    name = "opsroom.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        # Django imports every apps.py before any model; ready() is where models may load.
        from opsroom.dispatch import access, actions, serializers
        from opsroom.incidents import hooks

        # An incident's life moves its units (incidents knows nothing of units).
        hooks.on_status_requested(actions.refuse_moving_without_unit)
        hooks.on_status_changed(actions.release_units_of_ended)
        hooks.on_merged(actions.move_assignments)
        hooks.on_service_asked(access.unit_was_sent_to)
        hooks.add_extension(serializers.INCIDENT_UNITS)
        register_stream_rule("unit", agency_stream_rule(Cap.UNIT_READ))
        register_retention(RetentionRule("unit_positions", 30, actions.drop_old_positions))
        # Units are reference data every site needs (records everywhere point to them);
        # assignments and a unit's own timeline go to the sites of the owning agency.
        register_kinds([
            ReplicatedKind("unit", "dispatch.Unit", announce=_the_unit,
                           set_aside=_rename_out_of_service),
            ReplicatedKind("assignment", "dispatch.Assignment", _incident_owner,
                           scope="incident__owner_agency_id", announce=_its_incident,
                           set_aside=_release),
            ReplicatedKind("unit_event", "dispatch.UnitEvent", _unit_agency,
                           scope="unit__agency_id"),
        ])
        register_announcer("unit", actions.publish_synced)
