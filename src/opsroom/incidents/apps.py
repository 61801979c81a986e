from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.access import agency_stream_rule
from opsroom.accounts.roles import Cap
from opsroom.core.replication import ReplicatedKind, register_announcer, register_kinds
from opsroom.core.retention import RetentionRule, register_retention
from opsroom.core.streams import register_stream_rule


def _owner(row: Any) -> list[str] | None:
    return [str(row.owner_agency_id)]


def _incident_owner(row: Any) -> list[str] | None:
    return [str(row.incident.owner_agency_id)]


def _the_incident(fields: dict[str, Any], record_id: str) -> tuple[str, str]:
    return "incident", record_id


def _its_incident(fields: dict[str, Any], record_id: str) -> tuple[str, str]:
    return "incident", str(fields["incident_id"])


class IncidentsConfig(AppConfig):
    name = "opsroom.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        # Django imports every apps.py before any model; ready() is where models may load.
        from opsroom.incidents import actions, reference

        post_migrate.connect(reference.sync_incident_types, sender=self)
        post_save.connect(reference.forget_incident_types, sender="incidents.IncidentType")
        post_delete.connect(reference.forget_incident_types, sender="incidents.IncidentType")
        register_stream_rule("incident", agency_stream_rule(Cap.INCIDENT_READ))
        # A caller's phone number is hidden this long after the call, once the incident is
        # no longer open, and the name a while later.
        register_retention(RetentionRule("caller_phone", 90, actions.do_hide_caller_phones))
        register_retention(RetentionRule("caller_name", 365, actions.do_hide_caller_names))
        # Need to know: an incident and its timeline go to the sites of the owning agency.
        register_kinds([
            ReplicatedKind("incident", "incidents.Incident", _owner, scope="owner_agency_id",
                           announce=_the_incident),
            ReplicatedKind("incident_event", "incidents.IncidentEvent", _incident_owner,
                           scope="incident__owner_agency_id", announce=_its_incident),
        ])
        register_announcer("incident", actions.publish_synced)
