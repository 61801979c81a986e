"""The incident type registry is well-formed reference data. Plain pytest, no Django."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from opsroom.incidents import registry
from opsroom.incidents.registry import (
    ACLED_EVENT_TYPES,
    BY_CODE,
    CAP_CATEGORIES,
    CAPABILITIES,
    INCIDENT_TYPES,
    IncidentTypeSpec,
)

# ACLED's sub-event types under each event type (ACLED codebook, 2023-2024 editions).
ACLED_SUB_EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack",
                                   "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}

# Every type the brief names, by the code that covers it.
REQUIRED_CODES = {
    "armed_clash", "shooting", "celebratory_gunfire", "explosion", "suspicious_object",
    "unexploded_ordnance", "kidnapping", "armed_robbery", "robbery", "vehicle_theft",
    "burglary", "drug_dealing", "drug_den", "weapons_found", "illegal_checkpoint",
    "traffic_accident_injury", "traffic_accident", "building_fire", "vehicle_fire",
    "missing_person", "domestic_violence", "assault", "homicide", "public_disorder",
    "protest", "armed_dispute", "human_smuggling", "medical_emergency", "drowning",
    "building_collapse", "flooding", "infrastructure_sabotage", "extortion", "fraud",
    "nuisance", "suspicious_activity",
}

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
LATIN_LETTER = re.compile(r"[A-Za-z]")

ids = [spec.code for spec in INCIDENT_TYPES]


def test_at_least_25_types() -> None:
    assert len(INCIDENT_TYPES) >= 25


def test_every_entry_is_a_spec() -> None:
    assert all(isinstance(spec, IncidentTypeSpec) for spec in INCIDENT_TYPES)


def test_codes_are_unique() -> None:
    codes = [spec.code for spec in INCIDENT_TYPES]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("spec", INCIDENT_TYPES, ids=ids)
def test_code_is_snake_case(spec: IncidentTypeSpec) -> None:
    assert SNAKE_CASE.match(spec.code), spec.code


@pytest.mark.parametrize("spec", INCIDENT_TYPES, ids=ids)
def test_arabic_name_is_arabic_without_latin(spec: IncidentTypeSpec) -> None:
    assert ARABIC_LETTER.search(spec.name_ar), spec.name_ar
    assert not LATIN_LETTER.search(spec.name_ar), spec.name_ar
    assert spec.name_ar == spec.name_ar.strip()


@pytest.mark.parametrize("spec", INCIDENT_TYPES, ids=ids)
def test_english_name_is_present(spec: IncidentTypeSpec) -> None:
    assert spec.name_en.strip() and spec.name_en == spec.name_en.strip()


def test_names_are_unique() -> None:
    assert len({spec.name_ar for spec in INCIDENT_TYPES}) == len(INCIDENT_TYPES)
    assert len({spec.name_en for spec in INCIDENT_TYPES}) == len(INCIDENT_TYPES)


@pytest.mark.parametrize("spec", INCIDENT_TYPES, ids=ids)
def test_cap_category_is_valid(spec: IncidentTypeSpec) -> None:
    assert spec.cap_category in CAP_CATEGORIES


@pytest.mark.parametrize("spec", INCIDENT_TYPES, ids=ids)
def test_acled_event_type_is_valid_or_none(spec: IncidentTypeSpec) -> None:
    assert spec.acled_event_type is None or spec.acled_event_type in ACLED_EVENT_TYPES


@pytest.mark.parametrize("spec", INCIDENT_TYPES, ids=ids)
def test_acled_sub_event_only_with_its_event_type(spec: IncidentTypeSpec) -> None:
    if spec.acled_event_type is None:
        assert spec.acled_sub_event_type is None
    elif spec.acled_sub_event_type is not None:
        assert spec.acled_sub_event_type in ACLED_SUB_EVENT_TYPES[spec.acled_event_type]


def test_known_sub_event_table_covers_every_event_type() -> None:
    assert set(ACLED_SUB_EVENT_TYPES) == set(ACLED_EVENT_TYPES)


@pytest.mark.parametrize("spec", INCIDENT_TYPES, ids=ids)
def test_priority_is_1_to_4(spec: IncidentTypeSpec) -> None:
    assert type(spec.default_priority) is int and 1 <= spec.default_priority <= 4


@pytest.mark.parametrize("spec", INCIDENT_TYPES, ids=ids)
def test_capabilities_are_valid_non_empty_and_distinct(spec: IncidentTypeSpec) -> None:
    caps = spec.required_capabilities
    assert isinstance(caps, tuple) and caps
    assert set(caps) <= set(CAPABILITIES)
    assert len(caps) == len(set(caps))


@pytest.mark.parametrize("spec", INCIDENT_TYPES, ids=ids)
def test_sim_weight_is_positive(spec: IncidentTypeSpec) -> None:
    assert isinstance(spec.sim_weight, float) and spec.sim_weight > 0


def test_the_briefs_types_are_all_present() -> None:
    assert set(BY_CODE) >= REQUIRED_CODES, REQUIRED_CODES - set(BY_CODE)


def test_call_mix_is_realistic() -> None:
    w = {code: spec.sim_weight for code, spec in BY_CODE.items()}
    rare = ("explosion", "armed_clash", "flooding", "building_collapse")
    common = ("traffic_accident", "traffic_accident_injury", "robbery", "dispute")
    assert max(w[c] for c in rare) < min(w[c] for c in common)


def test_a_few_mappings_the_room_relies_on() -> None:
    assert BY_CODE["armed_clash"].acled_event_type == "Battles"
    assert BY_CODE["armed_clash"].default_priority == 1
    assert BY_CODE["explosion"].default_priority == 1
    assert BY_CODE["building_fire"].cap_category == "Fire"
    assert BY_CODE["medical_emergency"].cap_category == "Health"
    assert BY_CODE["traffic_accident"].cap_category == "Transport"
    assert BY_CODE["unexploded_ordnance"].cap_category in ("CBRNE", "Security")
    assert BY_CODE["flooding"].cap_category in ("Met", "Env")
    assert BY_CODE["building_collapse"].cap_category in ("Rescue", "Infra")
    assert BY_CODE["traffic_accident"].acled_event_type is None
    assert BY_CODE["building_fire"].acled_event_type is None


def test_by_code_matches_the_tuple() -> None:
    assert list(BY_CODE) == [spec.code for spec in INCIDENT_TYPES]
    assert all(BY_CODE[spec.code] is spec for spec in INCIDENT_TYPES)


def test_get_returns_the_spec() -> None:
    assert registry.get("kidnapping") is BY_CODE["kidnapping"]


def test_get_unknown_code_raises_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="no_such_type"):
        registry.get("no_such_type")


def test_specs_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        BY_CODE["shooting"].default_priority = 4  # type: ignore[misc]


def test_registry_does_not_import_django() -> None:
    tree = ast.parse(Path(registry.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not {name for name in imported if name.split(".")[0] == "django"}


def test_every_type_is_in_exactly_one_compstat_group() -> None:
    from opsroom.incidents.registry import TYPE_GROUPS

    placed = [code for group in TYPE_GROUPS for code in group.types]
    assert sorted(placed) == sorted(spec.code for spec in INCIDENT_TYPES)
    assert len({group.code for group in TYPE_GROUPS}) == len(TYPE_GROUPS)
    for group in TYPE_GROUPS:
        assert group.name_ar and group.name_en
