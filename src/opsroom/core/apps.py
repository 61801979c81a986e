from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from opsroom.core.retention import RetentionRule, register_retention, retention_days


class CoreConfig(AppConfig):
    name = "opsroom.core"
    label = "core"

    def ready(self) -> None:
        # Django imports every apps.py before any model; ready() is where models may load.
        from opsroom.core.retention_actions import drop_change_events

        # Only reconnecting screens read the live stream's change rows.
        register_retention(RetentionRule("change_events", 7, drop_change_events))
        checks.register(check_retention_days)


def check_retention_days(**kwargs: object) -> list[checks.CheckMessage]:
    """OPSROOM_RETENTION_DAYS may name only kinds some app keeps (checked by migrate and
    at start-up, once every app has registered its rules)."""
    try:
        retention_days()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="opsroom.E001")]
    return []
