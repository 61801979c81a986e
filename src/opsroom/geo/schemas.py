from __future__ import annotations

from ninja import Schema


class PlaceOut(Schema):
    kind: str
    code: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    district_code: str | None
    score: float
