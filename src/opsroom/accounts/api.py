from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from opsroom.accounts.roles import ROLE_CAPS
from opsroom.accounts.schemas import MeOut
from opsroom.core.schemas import ERRORS

router = Router(tags=["accounts"])


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    return {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "agency": user.agency.code if user.agency else "",
        "language": user.language,
        "capabilities": sorted(ROLE_CAPS.get(user.role, frozenset())),
    }
