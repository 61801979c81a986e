from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "opsroom.sync"
    label = "sync"
    verbose_name = _("Sync between sites")
    default_auto_field = "django.db.models.BigAutoField"
