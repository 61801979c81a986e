from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from opsroom.core.clock import now
from opsroom.sync import registry


class OutboxEntry(models.Model):
    """One committed change to a replicated row, written in the same transaction.

    The sync agent gives unsent rows a batch number, publishes the batch to JetStream under
    a message id made from that number, and stamps ``sent_at`` only once JetStream has
    acknowledged it: a crash in between re-publishes the same batch under the same id,
    which JetStream de-duplicates.
    """

    seq = models.BigAutoField(primary_key=True)
    change_id = models.CharField(max_length=120)
    origin_site = models.CharField(max_length=32)
    kind = models.CharField(max_length=32)
    record_id = models.CharField(max_length=64)
    hlc = models.BigIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(default=now)
    batch = models.BigIntegerField(null=True)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["seq"], condition=models.Q(sent_at__isnull=True),
                         name="outbox_unsent"),
            models.Index(fields=["batch"], name="outbox_batch"),
        ]


class SiteRole(models.TextChoices):
    HUB = "hub", _("Operations room (hub)")
    DIRECTORATE = "directorate", _("Directorate")
    STATION = "station", _("Police station")
    FIELD_POST = "field_post", _("Field post")


class Site(models.Model):
    """A known site: whose bundles we accept (its Ed25519 public key) and what it may know."""

    code = models.CharField(_("site code"), max_length=32, primary_key=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=SiteRole.choices)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("agency"))
    # The operations room oversees every agency, so it receives everything.
    receives_all = models.BooleanField(_("receives every agency's records"), default=False)
    public_key = models.CharField(_("public key"), max_length=64, blank=True)
    added_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def needs(self, audience: list[str] | None, kind: str | None = None) -> bool:
        """Whether this site keeps a change for ``audience`` of table ``kind``."""
        if self.receives_all:
            return True
        roles = registry.site_roles_of(kind) if kind else None
        if roles is not None and self.role not in roles:
            return False
        return audience is None or str(self.agency_id) in audience


class SiteState(models.Model):
    """What this node last heard of a site (itself included)."""

    site = models.CharField(max_length=32, primary_key=True)
    last_contact = models.DateTimeField(null=True)
    backlog = models.PositiveIntegerField(default=0)
    lag_s = models.FloatField(null=True)
    applied = models.BigIntegerField(default=0)
    silent_alerted = models.BooleanField(default=False)


class PendingChange(models.Model):
    """A remote change whose parent row has not arrived yet (say, a timeline event before its
    incident): kept, and applied as soon as the parent is here. Nothing is dropped."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=32)
    record_id = models.CharField(max_length=64)
    body = models.TextField()
    reason = models.CharField(max_length=300)
    received_at = models.DateTimeField(default=now)


class SettleDecision(models.TextChoices):
    KEEP_EXISTING = "keep_existing", _("Keep the record here; set the arriving one aside")
    KEEP_REFUSED = "keep_refused", _("Set the record here aside; keep the arriving one")
    KEEP_BOTH = "keep_both", _("Keep both, renaming the arriving one")
    # Nobody decided here: a settlement made at another site arrived and the clash went away.
    APPLIED = "applied", _("Applied once the clash went away")


class RejectedChange(models.Model):
    """A remote change that cannot be applied (a duplicate call sign made at two sites, say):
    kept with the reason and shown for a supervisor to settle (opsroom.sync.settling). A
    settled one is kept, with who settled it, when, how and why."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=32)
    record_id = models.CharField(max_length=64)
    origin_site = models.CharField(max_length=32)
    body = models.TextField()
    error = models.TextField()
    received_at = models.DateTimeField(default=now)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("settled by"))
    decision = models.CharField(_("decision"), max_length=16, blank=True,
                                choices=SettleDecision.choices)
    reason = models.TextField(_("reason"), blank=True)
    # The record it clashed with when it was settled (a row of the same kind).
    settled_with = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["received_at", "id"],
                                condition=models.Q(settled_at__isnull=True),
                                name="rejected_unsettled")]


class ImportedBundle(models.Model):
    digest = models.CharField(max_length=64, primary_key=True)
    origin_site = models.CharField(max_length=32)
    changes = models.PositiveIntegerField()
    applied = models.PositiveIntegerField()
    imported_at = models.DateTimeField(default=now)


class SyncCursor(models.Model):
    """Where a reader stopped: batch numbers given, export high-water marks."""

    name = models.CharField(max_length=64, primary_key=True)
    value = models.BigIntegerField(default=0)
