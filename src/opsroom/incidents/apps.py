from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "opsroom.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from opsroom.incidents.reference import forget_incident_types, sync_incident_types

        post_migrate.connect(sync_incident_types, sender=self)
        post_save.connect(forget_incident_types, sender="incidents.IncidentType")
        post_delete.connect(forget_incident_types, sender="incidents.IncidentType")
