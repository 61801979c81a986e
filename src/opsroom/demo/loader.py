"""The Benghazi demo: geography, agencies, users and units. Idempotent: a second load changes
nothing and prints no passwords; ``--reset-passwords`` prints new ones."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from importlib import resources
from typing import Any, TextIO

from django.db import transaction

from opsroom.accounts.actions import (
    do_create_agency,
    do_create_user,
    do_enrol_totp_for_demo,
    do_set_password,
)
from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.accounts.roles import Role, role_needs_totp
from opsroom.demo.campaigns import USERS as CAMPAIGN_USERS
from opsroom.demo.campaigns import load_campaigns
from opsroom.demo.casualties import USERS as CASUALTY_USERS
from opsroom.demo.casualties import load_casualties
from opsroom.demo.history import load_history
from opsroom.demo.records import load_records
from opsroom.dispatch.actions import do_create_unit
from opsroom.dispatch.models import Unit, UnitKind
from opsroom.geo.actions import do_load_geography
from opsroom.geo.models import CityBoundary, District, Place, PlaceKind
from opsroom.roads.actions import do_load_synthetic_roads
from opsroom.roads.models import RoadNetwork
from opsroom.roads.synthetic import generate

OPS = "bng-ops"
STATION = "bng-ps-birka"

AGENCIES: list[tuple[str, str, str, str]] = [
    (OPS, "غرفة العمليات الأمنية بنغازي", "Benghazi Security Operations Room",
     AgencyKind.OPERATIONS_ROOM),
    ("bng-sd", "مديرية أمن بنغازي", "Benghazi Security Directorate", AgencyKind.DIRECTORATE),
    (STATION, "مركز شرطة البركة", "Al-Birka Police Station", AgencyKind.POLICE_STATION),
    ("bng-eru", "وحدة الاستجابة للطوارئ", "Emergency Response Unit",
     AgencyKind.EMERGENCY_RESPONSE),
    ("bng-cid", "إدارة البحث الجنائي", "Criminal Investigation Department",
     AgencyKind.CRIMINAL_INVESTIGATION),
    ("bng-an", "إدارة مكافحة المخدرات", "Anti-Narcotics Department", AgencyKind.ANTI_NARCOTICS),
    ("bng-jp", "الشرطة القضائية", "Judicial Police", AgencyKind.JUDICIAL_POLICE),
    ("bng-pros", "نيابة بنغازي", "Benghazi Prosecution Office", AgencyKind.PROSECUTION),
    ("bng-atp", "نيابة مكافحة الإرهاب", "Anti-Terrorism Prosecution", AgencyKind.PROSECUTION),
    ("bng-court", "محكمة بنغازي الابتدائية", "Benghazi Court of First Instance",
     AgencyKind.COURT),
    ("bng-appeal", "محكمة استئناف بنغازي", "Benghazi Court of Appeal", AgencyKind.COURT),
    ("bng-jalaa", "مستشفى الجلاء", "Al-Jalaa Hospital", AgencyKind.HOSPITAL),
    ("bng-cd", "الدفاع المدني بنغازي", "Benghazi Civil Defence", AgencyKind.CIVIL_DEFENCE),
    ("unsmil", "بعثة الأمم المتحدة للدعم في ليبيا", "UN Support Mission in Libya",
     AgencyKind.MONITOR),
]

USERS: list[tuple[str, str, str]] = [
    ("calltaker", OPS, Role.CALLTAKER),
    ("dispatcher", OPS, Role.DISPATCHER),
    ("supervisor", OPS, Role.SUPERVISOR),
    ("records", OPS, Role.RECORDS),
    # Judicial users sit in their own agencies: the prosecution offices and the courts.
    ("judicial", "bng-pros", Role.JUDICIAL),
    ("prosecutor-at", "bng-atp", Role.JUDICIAL),
    ("judge", "bng-court", Role.JUDICIAL),
    ("judge-appeal", "bng-appeal", Role.JUDICIAL),
    ("analyst", OPS, Role.ANALYST),
    ("protection", OPS, Role.PROTECTION),
    ("inspector", OPS, Role.INSPECTOR),
    ("admin", OPS, Role.ADMIN),
    ("dispatcher2", STATION, Role.DISPATCHER),
    ("field1", OPS, Role.FIELD_UNIT),
    ("field2", OPS, Role.FIELD_UNIT),
    ("field3", OPS, Role.FIELD_UNIT),
    ("field4", STATION, Role.FIELD_UNIT),
    *CAMPAIGN_USERS,  # the records officers of the directorate's and the station's points
    *CASUALTY_USERS,  # the second protection officer (who reviews) and the UN mission's monitor
]

CAPABILITIES_BY_KIND: dict[str, list[str]] = {
    UnitKind.PATROL: ["police"],
    UnitKind.RAPID_RESPONSE: ["police", "armed_response"],
    UnitKind.MOTORCYCLE: ["police", "traffic"],
    UnitKind.TRAFFIC: ["traffic", "police"],
    UnitKind.AMBULANCE: ["medical"],
    UnitKind.FIRE_ENGINE: ["fire", "rescue"],
    UnitKind.RESCUE: ["rescue", "medical"],
    UnitKind.EOD: ["eod"],
    UnitKind.INVESTIGATION: ["investigation", "police", "family_protection"],
    UnitKind.NARCOTICS: ["narcotics", "police", "armed_response"],
}


@dataclass(frozen=True)
class UnitPlan:
    prefix: str
    kind: str
    count: int
    agency: str
    base: str  # the kind of place the unit starts from


UNITS: list[UnitPlan] = [
    UnitPlan("OPS-P", UnitKind.PATROL, 14, OPS, PlaceKind.POLICE_STATION),
    UnitPlan("ERU-", UnitKind.RAPID_RESPONSE, 5, OPS, PlaceKind.SECURITY_DIRECTORATE),
    UnitPlan("TRF-", UnitKind.TRAFFIC, 3, OPS, PlaceKind.POLICE_STATION),
    UnitPlan("MC-", UnitKind.MOTORCYCLE, 2, OPS, PlaceKind.POLICE_STATION),
    UnitPlan("AMB-", UnitKind.AMBULANCE, 6, OPS, PlaceKind.HOSPITAL),
    UnitPlan("FIRE-", UnitKind.FIRE_ENGINE, 3, OPS, PlaceKind.POLICE_STATION),
    UnitPlan("RSC-", UnitKind.RESCUE, 1, OPS, PlaceKind.HOSPITAL),
    UnitPlan("EOD-", UnitKind.EOD, 2, OPS, PlaceKind.SECURITY_DIRECTORATE),
    UnitPlan("CID-", UnitKind.INVESTIGATION, 2, OPS, PlaceKind.SECURITY_DIRECTORATE),
    UnitPlan("NAR-", UnitKind.NARCOTICS, 2, OPS, PlaceKind.SECURITY_DIRECTORATE),
    UnitPlan("BRK-P", UnitKind.PATROL, 4, STATION, PlaceKind.POLICE_STATION),
    UnitPlan("BRK-T", UnitKind.TRAFFIC, 1, STATION, PlaceKind.POLICE_STATION),
]
FIELD_UNITS = {"field1": "OPS-P01", "field2": "OPS-P02", "field3": "AMB-01", "field4": "BRK-P01"}


def read_geojson(name: str) -> Any:
    ref = resources.files("opsroom.geo").joinpath("data", "benghazi", name)
    return json.loads(ref.read_text(encoding="utf-8"))


def _new_password() -> str:
    return secrets.token_urlsafe(12)


def _load_agencies() -> dict[str, Agency]:
    for code, name_ar, name_en, kind in AGENCIES:
        if not Agency.objects.filter(code=code).exists():
            do_create_agency(None, code=code, name_ar=name_ar, name_en=name_en, kind=kind)
    return {agency.code: agency for agency in Agency.objects.all()}


def _load_users(agencies: dict[str, Agency], reset: bool) -> list[tuple[str, str, str]]:
    printed = []
    for username, agency_code, role in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = _new_password()
            do_create_user(None, username=username, password=password,
                           agency=agencies[agency_code], role=role)
            printed.append((username, role, password))
        elif reset:
            password = _new_password()
            do_set_password(None, user, password)
            printed.append((username, role, password))
    return printed


def _bases(kind: str) -> list[Place]:
    """Starting points inside the districts, spread across the city."""
    places = list(Place.objects.filter(kind=kind, district__isnull=False).order_by("code"))
    if not places:
        places = list(Place.objects.filter(district__isnull=False).order_by("code"))
    return places


def _load_units(agencies: dict[str, Agency]) -> int:
    created = 0
    station_base = _bases(PlaceKind.POLICE_STATION)
    for plan in UNITS:
        bases = _bases(plan.base)
        for i in range(1, plan.count + 1):
            call_sign = f"{plan.prefix}{i:02d}"
            if Unit.objects.filter(call_sign=call_sign).exists():
                continue
            # The station's own units start from one station; the room's spread city-wide.
            base = station_base[0] if plan.agency == STATION else bases[(i * 7) % len(bases)]
            field_username = next((u for u, cs in FIELD_UNITS.items() if cs == call_sign), None)
            do_create_unit(
                None, call_sign=call_sign, agency_id=agencies[plan.agency].id, kind=plan.kind,
                capabilities=CAPABILITIES_BY_KIND[plan.kind], lat=base.lat, lon=base.lon,
                field_user=User.objects.get(username=field_username) if field_username else None,
            )
            created += 1
    return created


@transaction.atomic
def load_synthetic_roads() -> RoadNetwork:
    """The demo's generated road network over the real boundary, districts and directorate."""
    boundary = CityBoundary.objects.get()
    centres = [(d.centroid_lat, d.centroid_lon) for d in District.objects.order_by("code")]
    hub = Place.objects.filter(kind="security_directorate").first()
    centre = (hub.lat, hub.lon) if hub else centres[0]
    graph = generate(boundary.geometry, centres, centre)
    return do_load_synthetic_roads(None, graph, "Benghazi — synthetic demo network")


def load_demo(out: TextIO, reset_passwords: bool = False) -> None:
    if not District.objects.exists():
        counts = do_load_geography(
            None, read_geojson("city.geojson"), read_geojson("districts.geojson"),
            read_geojson("places.geojson"),
        )
        out.write(f"Loaded Benghazi: {counts['districts']} districts (approximate boundaries), "
                  f"{counts['places']} places.\n")
    if not RoadNetwork.objects.filter(active=True).exists():
        network = load_synthetic_roads()
        out.write(f"Generated a SYNTHETIC road network over Benghazi: {network.node_count} "
                  f"nodes, {network.edge_count} segments (not real roads; see docs/roads.md).\n")
    agencies = _load_agencies()
    printed = _load_users(agencies, reset_passwords)
    units = _load_units(agencies)
    if units:
        out.write(f"Created {units} demo units.\n")
    load_records(agencies, out)
    load_campaigns(agencies, out)
    load_casualties(agencies, out)
    load_history(agencies, out)
    if printed:
        out.write("\nDemo logins (shown once; `opsroom demo load --reset-passwords` "
                  "makes new ones):\n")
        width = max(len(username) for username, _, _ in printed)
        for username, role, password in printed:
            out.write(f"  {username:<{width}} {role:<11} {password}\n")
        enrolled = [(u, r) for u, r, _ in printed if role_needs_totp(r)]
        if enrolled:
            out.write("\nThese roles also sign in with a code (TOTP). Add the key to an "
                      "authenticator app, or run `opsroom demo totp USERNAME` for the current "
                      "code:\n")
            for username, _ in enrolled:
                secret = do_enrol_totp_for_demo(User.objects.get(username=username))
                grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
                out.write(f"  {username:<{width}} {grouped}\n")
        out.write("\n")
    else:
        out.write("Demo already loaded.\n")
