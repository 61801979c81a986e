from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadsConfig(AppConfig):
    name = "opsroom.roads"
    label = "roads"
    verbose_name = _("Roads")
