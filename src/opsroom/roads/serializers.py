from __future__ import annotations

from typing import Any

from opsroom.core.clock import now
from opsroom.roads.models import RoadClosure


def closure_dict(closure: RoadClosure) -> dict[str, Any]:
    moment = now()
    return {
        "id": closure.id,
        "kind": closure.kind,
        "geometry": closure.geometry,
        "reason": closure.reason,
        "agency": closure.agency.code,
        "valid_from": closure.valid_from,
        "valid_until": closure.valid_until,
        "active": closure.valid_from <= moment
        and (closure.valid_until is None or closure.valid_until > moment),
        "version": closure.version,
    }
