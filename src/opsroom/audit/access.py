"""Who may read the audit trail. The audit app sits below accounts (every account change is
audited), so it names its capability itself; opsroom.accounts.roles grants it."""

from __future__ import annotations

from typing import Any

from opsroom.core.access import HasCapabilities, require
from opsroom.core.streams import AgencyTest, every_agency

# The inspector's access reports: who saw or changed what (each read itself audited).
AUDIT_READ = "audit.read"


def access_audit_reports(user: HasCapabilities) -> None:
    require(user, AUDIT_READ)


def anchor_stream_rule(user: Any) -> AgencyTest | None:
    """The chain's anchors belong to no agency: every auditor receives them."""
    return every_agency if user.can(AUDIT_READ) else None
