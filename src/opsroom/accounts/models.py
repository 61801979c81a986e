from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.roles import Role, role_can
from opsroom.core.clock import now
from opsroom.core.ids import uuid7
from opsroom.core.models import Replicated, ReplicatedModel, current_site_code
from opsroom.core.text import validate_name


class AgencyKind(models.TextChoices):
    OPERATIONS_ROOM = "operations_room", _("Operations room")
    DIRECTORATE = "directorate", _("Security directorate")
    POLICE_STATION = "police_station", _("Police station")
    EMERGENCY_RESPONSE = "emergency_response", _("Emergency response unit")
    CRIMINAL_INVESTIGATION = "criminal_investigation", _("Criminal investigation")
    ANTI_NARCOTICS = "anti_narcotics", _("Anti-narcotics")
    JUDICIAL_POLICE = "judicial_police", _("Judicial police")
    PROSECUTION = "prosecution", _("Prosecution")
    COURT = "court", _("Court")
    HOSPITAL = "hospital", _("Hospital")
    CIVIL_DEFENCE = "civil_defence", _("Civil defence")
    MONITOR = "monitor", _("Monitor")


class Agency(ReplicatedModel):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=200, validators=[validate_name])
    name_en = models.CharField(_("English name"), max_length=200, validators=[validate_name])
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_en}"


class User(Replicated, AbstractUser):
    # The same replication columns as ReplicatedModel (AbstractUser cannot also inherit it):
    # timeline events at every site name their actor, so users travel with them.
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    origin_site = models.CharField(max_length=32, default=current_site_code, editable=False)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)
    hlc = models.BigIntegerField(default=0, editable=False)
    clocks = models.JSONField(default=dict, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", null=True, verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=[("ar", "العربية"), ("en", "English")], default="ar"
    )
    arabic_digits = models.BooleanField(_("Arabic-Indic digits"), default=False)
    # Two-factor authentication (TOTP, RFC 6238): the shared secret (base32), when the user
    # proved they hold it, and the last time step used (a code works once).
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    totp_last_step = models.BigIntegerField(default=0, editable=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def bump(self) -> None:
        self.version += 1
        self.updated_at = now()

    def can(self, cap: str) -> bool:
        return self.is_active and self.agency_id is not None and role_can(self.role, cap)


def hash_token(raw: str) -> str:
    # Tokens are 256 random bits, so a fast hash is safe at rest and keeps every request cheap.
    return hashlib.sha256(raw.encode()).hexdigest()


TOKEN_SCOPES = ("read", "write", "device", "caller")


def default_scopes() -> list[str]:
    return ["read", "write"]


class FailedLogin(models.Model):
    """A failed sign-in (key ``user:<name>``) or an unknown API token (key ``addr:<ip>``):
    enough of them within the window and further attempts are refused for a while."""

    key = models.CharField(max_length=200, db_index=True)
    at = models.DateTimeField(default=now, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")


class ApiToken(models.Model):
    PREFIX = "ops_"

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # read: GET only; write: any call the user's role allows; device: a field device's
    # own unit status and position (plus reads of it). See opsroom.accounts.auth.
    scopes = models.JSONField(_("scopes"), default=default_scopes)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user.username}: {self.name or self.id}"

    @classmethod
    def new_raw(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
