from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.access import agency_stream_rule
from opsroom.accounts.roles import Cap
from opsroom.core.replication import ReplicatedKind, register_kinds
from opsroom.core.streams import register_stream_rule


class RoadsConfig(AppConfig):
    name = "opsroom.roads"
    label = "roads"
    verbose_name = _("Roads")

    def ready(self) -> None:
        # A closed road or no-go area changes every agency's routes: every site and every
        # agency's stream carries closures.
        register_stream_rule("closure", agency_stream_rule(Cap.UNIT_READ, shared=True))
        register_kinds([ReplicatedKind("closure", "roads.RoadClosure")])
