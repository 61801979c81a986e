"""The incident types a Benghazi security operations room meets, as reference data.

Pure Python (no Django) so the simulator, the tests and the CAP/ACLED exporters can read it
without a database; opsroom.incidents.reference copies it into the IncidentType table after
every migrate. Codes are stable identifiers: rename a label, never a code.

CAP categories are OASIS CAP 1.2 <category> values. ACLED records political violence and
protest, not ordinary crime, so a type gets an ACLED event/sub-event type only when the
event itself is one ACLED codes; a theft, a murder or a shooting with no known political
actor has none, and an analyst adds the coding when an armed group turns out to be involved.

required_capabilities is what the first responding unit should have, kept to what one unit
of the room's fleet can carry; further units are the dispatcher's call.
"""

from __future__ import annotations

from dataclasses import dataclass

# OASIS CAP 1.2 <category> values.
CAP_CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
                  "Transport", "Infra", "CBRNE", "Other")
CAPABILITIES = ("police", "armed_response", "medical", "fire", "rescue", "eod", "traffic",
                "investigation", "narcotics", "family_protection")
ACLED_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians",
                     "Protests", "Riots", "Strategic developments")


@dataclass(frozen=True)
class IncidentTypeSpec:
    code: str  # snake_case, stable
    name_ar: str  # Modern Standard Arabic as a Libyan operations room writes it
    name_en: str
    cap_category: str  # one of CAP_CATEGORIES
    acled_event_type: str | None  # one of ACLED_EVENT_TYPES, or None
    acled_sub_event_type: str | None  # an ACLED sub-event type of that event type, or None
    default_priority: int  # 1 (highest) .. 4
    required_capabilities: tuple[str, ...]  # subset of CAPABILITIES
    sim_weight: float  # relative frequency in the demo simulator's call mix


_S = IncidentTypeSpec
INCIDENT_TYPES: tuple[IncidentTypeSpec, ...] = (
    # --- Armed violence -----------------------------------------------------------------
    _S("armed_clash", "اشتباك مسلح", "Armed clash", "Security",
       "Battles", "Armed clash", 1, ("armed_response",), 0.3),
    _S("shooting", "إطلاق نار", "Shooting / gunfire", "Security",
       None, None, 1, ("armed_response",), 1.5),
    _S("celebratory_gunfire", "إطلاق نار في الأفراح والمناسبات", "Celebratory gunfire",
       "Safety", None, None, 3, ("police",), 2.5),
    # Accidental gas explosions are gas_leak, so what remains here is most often a
    # planted device; the analyst corrects to Grenade, Shelling or Air/drone strike.
    _S("explosion", "انفجار", "Explosion", "Security",
       "Explosions/Remote violence", "Remote explosive/landmine/IED",
       1, ("armed_response",), 0.15),
    # Most suspicious objects prove harmless; only a device EOD confirms and defuses is an
    # ACLED "Disrupted weapons use", so the analyst codes it after the fact.
    _S("suspicious_object", "جسم مشبوه", "Suspicious object / possible IED", "Security",
       None, None, 1, ("eod",), 0.8),
    # Post-conflict Benghazi (2014-2017 fighting) still turns up shells, mortars and mines.
    # CBRNE because CAP files high-yield explosive hazards there; clearance is not an ACLED
    # event, a detonation that hurts someone is reported as an explosion.
    _S("unexploded_ordnance", "مخلفات حرب / ذخائر غير منفجرة",
       "Unexploded ordnance / explosive remnants of war", "CBRNE",
       None, None, 2, ("eod",), 1.0),
    _S("weapons_found", "العثور على أسلحة أو مخزن ذخيرة", "Weapons found / weapons cache",
       "Security", "Strategic developments", "Disrupted weapons use",
       2, ("police", "armed_response"), 0.6),
    # ACLED has no sub-event type for a checkpoint as such; it is coded once the group
    # manning it is known.
    _S("illegal_checkpoint", "بوابة غير شرعية", "Illegal checkpoint", "Security",
       None, None, 2, ("armed_response",), 0.3),
    _S("kidnapping", "خطف", "Kidnapping / abduction", "Security",
       "Violence against civilians", "Abduction/forced disappearance",
       1, ("armed_response",), 0.4),
    # Recorded by what happened, never by who the parties are. ACLED codes armed violence
    # between unorganised communal groups as mob violence, and as Battles only when named
    # identity militias fight.
    _S("armed_dispute", "شجار مسلح", "Armed dispute", "Security",
       "Riots", "Mob violence", 1, ("armed_response",), 1.2),
    _S("homicide", "جريمة قتل / العثور على جثة", "Murder / body found", "Security",
       None, None, 1, ("investigation",), 0.3),
    # --- Crime ---------------------------------------------------------------------------
    _S("armed_robbery", "سطو مسلح", "Armed robbery", "Security",
       None, None, 1, ("armed_response",), 1.0),
    _S("robbery", "سرقة", "Theft / robbery", "Safety",
       None, None, 3, ("police",), 6.0),
    _S("vehicle_theft", "سرقة سيارة", "Car theft", "Safety",
       None, None, 3, ("police",), 3.0),
    _S("burglary", "سطو على منزل أو محل تجاري", "Burglary", "Safety",
       None, None, 3, ("police",), 3.5),
    _S("assault", "اعتداء بالضرب", "Assault", "Safety",
       None, None, 2, ("police",), 4.0),
    _S("dispute", "مشاجرة", "Dispute / fight (unarmed)", "Safety",
       None, None, 3, ("police",), 5.0),
    _S("domestic_violence", "عنف أسري", "Domestic violence", "Safety",
       None, None, 2, ("family_protection",), 2.0),
    _S("sexual_assault", "اعتداء جنسي", "Sexual assault", "Safety",
       None, None, 2, ("family_protection",), 0.3),
    _S("missing_person", "شخص مفقود", "Missing person", "Rescue",
       None, None, 2, ("investigation",), 1.2),
    _S("drug_dealing", "ترويج المخدرات", "Drug dealing", "Safety",
       None, None, 3, ("narcotics",), 2.0),
    _S("drug_den", "وكر لتعاطي المخدرات", "Drug den", "Safety",
       None, None, 3, ("narcotics",), 0.7),
    _S("human_smuggling", "هجرة غير شرعية / اتجار بالبشر",
       "Migrant smuggling / human trafficking", "Security",
       None, None, 2, ("investigation",), 0.5),
    _S("smuggling", "تهريب وقود أو بضائع", "Smuggling of fuel or goods", "Safety",
       None, None, 3, ("police",), 0.6),
    _S("extortion", "ابتزاز", "Extortion", "Safety",
       None, None, 3, ("investigation",), 0.8),
    _S("fraud", "احتيال أو جريمة إلكترونية", "Fraud / cyber crime report", "Safety",
       None, None, 4, ("investigation",), 1.5),
    # Cable and transformer theft is the common case in Libya; it cuts whole districts.
    _S("infrastructure_sabotage", "اعتداء على شبكة الكهرباء والمرافق العامة",
       "Sabotage of electricity / public infrastructure", "Infra",
       None, None, 2, ("police",), 0.8),
    _S("suspicious_activity", "نشاط مشبوه", "Suspicious activity", "Security",
       None, None, 3, ("police",), 3.0),
    # --- Public order ----------------------------------------------------------------------
    _S("public_disorder", "أعمال شغب وإخلال بالنظام العام", "Public disorder / riot",
       "Security", "Riots", "Mob violence", 2, ("armed_response",), 0.5),
    _S("protest", "تجمع أو وقفة احتجاجية", "Peaceful protest / gathering", "Security",
       "Protests", "Peaceful protest", 3, ("police",), 0.8),
    _S("nuisance", "إزعاج وإقلاق للراحة العامة", "Noise / nuisance complaint", "Safety",
       None, None, 4, ("police",), 3.0),
    # --- Traffic -----------------------------------------------------------------------------
    _S("traffic_accident_injury", "حادث مرور بإصابات", "Traffic accident with injuries",
       "Transport", None, None, 2, ("medical",), 7.0),
    _S("traffic_accident", "حادث مرور بأضرار مادية", "Traffic accident, damage only",
       "Transport", None, None, 4, ("traffic",), 9.0),
    # --- Fire, rescue, health ----------------------------------------------------------------
    _S("building_fire", "حريق مبنى", "Building fire", "Fire",
       None, None, 1, ("fire",), 1.5),
    _S("vehicle_fire", "حريق سيارة", "Vehicle fire", "Fire",
       None, None, 2, ("fire",), 1.5),
    _S("gas_leak", "تسرب غاز أو انفجار أسطوانة غاز", "Gas leak / gas cylinder explosion",
       "Fire", None, None, 1, ("fire",), 1.0),
    _S("medical_emergency", "حالة طبية طارئة", "Medical emergency", "Health",
       None, None, 2, ("medical",), 5.0),
    _S("drowning", "غرق / إنقاذ بحري", "Drowning / sea rescue", "Rescue",
       None, None, 1, ("rescue",), 0.4),
    # Old-city and war-damaged buildings still come down, above all after heavy rain.
    _S("building_collapse", "انهيار مبنى", "Building collapse", "Rescue",
       None, None, 1, ("rescue",), 0.2),
    # Storm Daniel (Derna, September 2023): Met, since the warning and the cause are weather.
    _S("flooding", "سيول وفيضانات", "Flooding / flash flood", "Met",
       None, None, 1, ("rescue",), 0.1),
)

BY_CODE: dict[str, IncidentTypeSpec] = {spec.code: spec for spec in INCIDENT_TYPES}


@dataclass(frozen=True)
class TypeGroup:
    code: str
    name_ar: str
    name_en: str
    types: tuple[str, ...]


# The groups CompStat compares (opsroom.stats, docs/stats.md). Every type is in exactly one
# group (tests/incidents/test_registry.py); a group is what a directorate's weekly meeting
# reads, so it follows how the police count crime, not CAP's categories: celebratory
# gunfire and found weapons are weapons offences, a robbery with a weapon is violent.
TYPE_GROUPS: tuple[TypeGroup, ...] = (
    TypeGroup("violent", "جرائم العنف", "Violent crime",
              ("armed_clash", "shooting", "explosion", "kidnapping", "armed_dispute",
               "homicide", "armed_robbery", "assault", "domestic_violence",
               "sexual_assault")),
    TypeGroup("property", "جرائم الممتلكات", "Property crime",
              ("robbery", "vehicle_theft", "burglary", "extortion", "fraud",
               "infrastructure_sabotage")),
    TypeGroup("drugs", "المخدرات", "Drugs", ("drug_dealing", "drug_den")),
    TypeGroup("weapons", "الأسلحة والذخائر", "Weapons",
              ("celebratory_gunfire", "weapons_found", "suspicious_object",
               "unexploded_ordnance", "illegal_checkpoint")),
    TypeGroup("traffic", "المرور", "Traffic", ("traffic_accident_injury", "traffic_accident")),
    TypeGroup("fire_rescue", "الحرائق والإنقاذ", "Fire and rescue",
              ("building_fire", "vehicle_fire", "gas_leak", "drowning", "building_collapse",
               "flooding", "medical_emergency")),
    TypeGroup("other", "بلاغات أخرى", "Other calls",
              ("missing_person", "human_smuggling", "smuggling", "suspicious_activity",
               "public_disorder", "protest", "dispute", "nuisance")),
)
GROUP_BY_CODE: dict[str, TypeGroup] = {group.code: group for group in TYPE_GROUPS}
GROUP_OF_TYPE: dict[str, str] = {t: group.code for group in TYPE_GROUPS for t in group.types}


def get(code: str) -> IncidentTypeSpec:
    """The spec for ``code``; KeyError naming the code if there is none."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown incident type code {code!r}") from None
