from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.access import agency_stream_rule
from opsroom.accounts.roles import Cap
from opsroom.core.replication import set_capture
from opsroom.core.retention import RetentionRule, register_retention
from opsroom.core.streams import register_stream_rule


class SyncConfig(AppConfig):
    name = "opsroom.sync"
    label = "sync"
    verbose_name = _("Sync between sites")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Django imports every apps.py before any model; ready() is where models may load.
        from opsroom.sync import actions, capture

        # Every save of a replicated row writes its outbox entry in the same transaction.
        set_capture(capture)
        # A site cut off or back, and "many changes arrived, reload", carry no record.
        register_stream_rule("site", agency_stream_rule(Cap.SITES_READ, shared=True))
        register_stream_rule("sync", agency_stream_rule(Cap.INCIDENT_READ, shared=True))
        # Outbox entries JetStream has acknowledged (unsent ones are never deleted).
        register_retention(RetentionRule("sync_outbox", 30, actions.drop_sent_outbox))
