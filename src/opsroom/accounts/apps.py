from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from opsroom.core.replication import ReplicatedKind, register_kinds
from opsroom.core.retention import RetentionRule, register_retention

# Password hashes and second-factor secrets stay where the user enrolled.
USER_LOCAL = frozenset({"password", "last_login", "is_superuser", "is_staff", "totp_secret",
                        "totp_confirmed_at", "totp_last_step"})


class AccountsConfig(AppConfig):
    name = "opsroom.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Django imports every apps.py before any model; ready() is where models may load.
        from opsroom.accounts.backoff import drop_failed_logins
        from opsroom.accounts.queries import forget_agencies

        for signal in (post_save, post_delete):
            signal.connect(forget_agencies, sender="accounts.Agency",
                           dispatch_uid="accounts-agencies-by-kind")

        register_retention(RetentionRule("failed_logins", 1, drop_failed_logins))
        # Timeline events at every site name their actor, so agencies and users travel.
        register_kinds([
            ReplicatedKind("agency", "accounts.Agency"),
            ReplicatedKind("user", "accounts.User", local_fields=USER_LOCAL),
        ])
