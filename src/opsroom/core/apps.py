from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "opsroom.core"
    label = "core"
