"""How freshly the person behind a request proved who they are.

A caller's details are shown only on an explicit read with a stated purpose, and only to
someone who proved who they are recently: a console session whose last sign-in (or
re-confirmation at /login/confirm/) is younger than OPSROOM_REAUTH_SECONDS, or an API
token created with the ``caller`` scope (a token cannot re-confirm, so an integration that
needs callers is given one on purpose, and that grant is audited). Every path to a
caller's details asks the same question through ``proof_of``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from opsroom.core.errors import Forbidden, OpsError

AUTH_AT = "opsroom_auth_at"  # session: when the user last proved who they are
CALLER_SCOPE = "caller"


class ReconfirmationNeeded(OpsError):
    status = 401


@dataclass(frozen=True)
class Proof:
    fresh: bool
    refusal: OpsError | None = None

    def require(self) -> None:
        if not self.fresh:
            raise self.refusal or ReconfirmationNeeded("confirm it is you first",
                                                       field="purpose")


def note_proof(request: HttpRequest) -> None:
    """The user has just proved who they are (signed in, or re-confirmed)."""
    request.session[AUTH_AT] = time.time()


def session_is_fresh(request: HttpRequest) -> bool:
    at = float(request.session.get(AUTH_AT) or 0) if hasattr(request, "session") else 0.0
    return time.time() - at < settings.REAUTH_SECONDS


def proof_of(request: HttpRequest) -> Proof:
    token: Any = getattr(request, "api_token", None)
    if token is not None:
        if CALLER_SCOPE in (token.scopes or ()):
            return Proof(True)
        return Proof(False, Forbidden(
            "this token may not read callers' details: an integration that needs them is "
            "given a token with the 'caller' scope", field="purpose"))
    if session_is_fresh(request):
        return Proof(True)
    return Proof(False, ReconfirmationNeeded(
        "a caller's details need a recent sign-in: confirm it is you at /login/confirm/",
        field="purpose"))
