from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "opsroom.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from opsroom.incidents.reference import sync_incident_types

        post_migrate.connect(sync_incident_types, sender=self)
