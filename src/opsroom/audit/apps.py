from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from opsroom.audit.access import anchor_stream_rule
from opsroom.core.replication import ReplicatedKind, register_kinds
from opsroom.core.retention import observe_retention
from opsroom.core.streams import register_stream_rule


class AuditConfig(AppConfig):
    name = "opsroom.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # Django imports every apps.py before any model; ready() is where models may load.
        from opsroom.audit.actions import do_audit_retention

        register_stream_rule("audit_anchor", anchor_stream_rule)
        # Every site holds every site's anchors: a rewritten history contradicts them.
        register_kinds([ReplicatedKind("audit_anchor", "audit.AuditAnchor", append_only=True)])
        observe_retention(do_audit_retention)
