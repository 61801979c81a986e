"""The incident types a Benghazi security operations room meets, as reference data.

Pure Python so the simulator, the tests and the CAP/ACLED exporters can read it without a
database; opsroom.incidents.reference copies it into the IncidentType table after migrate.
CAP categories are OASIS CAP 1.2 <category> values; ACLED types are ACLED's event and
sub-event types where one genuinely fits (crime without a political dimension has none).
"""

from __future__ import annotations

from dataclasses import dataclass

CAP_CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
                  "Transport", "Infra", "CBRNE", "Other")
CAPABILITIES = ("police", "armed_response", "medical", "fire", "rescue", "eod", "traffic",
                "investigation", "narcotics", "family_protection")
ACLED_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians",
                     "Protests", "Riots", "Strategic developments")


@dataclass(frozen=True)
class IncidentTypeSpec:
    code: str
    name_ar: str
    name_en: str
    cap_category: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    default_priority: int
    required_capabilities: tuple[str, ...]
    sim_weight: float  # relative frequency in the demo's call mix


T = IncidentTypeSpec
INCIDENT_TYPES: tuple[IncidentTypeSpec, ...] = (
    T("armed_clash", "اشتباك مسلح", "Armed clash", "Security", "Battles", "Armed clash",
      1, ("armed_response",), 0.8),
    T("shooting", "إطلاق نار", "Shooting", "Security", "Violence against civilians", "Attack",
      1, ("armed_response",), 2.5),
    # Celebratory gunfire injures bystanders, but it is not political violence.
    T("celebratory_gunfire", "إطلاق نار عشوائي في مناسبة", "Celebratory gunfire", "Safety",
      None, None, 3, ("police",), 2.0),
    T("explosion", "انفجار", "Explosion", "Security", "Explosions/Remote violence",
      "Remote explosive/landmine/IED", 1, ("eod", "armed_response"), 0.4),
    T("suspicious_object", "جسم مشبوه", "Suspicious object / possible IED", "Security",
      None, None, 1, ("eod",), 1.0),
    # Post-conflict Benghazi still finds shells and mines in cleared districts.
    T("unexploded_ordnance", "مخلفات حرب غير منفجرة", "Unexploded ordnance", "CBRNE",
      None, None, 2, ("eod",), 1.2),
    T("kidnapping", "خطف", "Kidnapping / abduction", "Security", "Violence against civilians",
      "Abduction/forced disappearance", 1, ("armed_response", "investigation"), 0.6),
    T("armed_robbery", "سطو مسلح", "Armed robbery", "Security", None, None,
      1, ("armed_response",), 1.5),
    T("robbery", "سرقة", "Robbery / theft", "Safety", None, None, 3, ("police",), 6.0),
    T("vehicle_theft", "سرقة سيارة", "Vehicle theft", "Safety", None, None, 3, ("police",), 3.0),
    T("burglary", "سطو على منزل", "Burglary", "Safety", None, None, 3, ("police",), 3.5),
    T("drug_dealing", "ترويج مخدرات", "Drug dealing", "Safety", None, None,
      3, ("narcotics",), 2.0),
    T("drug_den", "وكر لتعاطي المخدرات", "Drug den", "Safety", None, None,
      3, ("narcotics",), 0.8),
    T("weapons_found", "العثور على أسلحة", "Weapons found / weapons cache", "Security",
      None, None, 2, ("police", "eod"), 0.8),
    T("illegal_checkpoint", "بوابة غير شرعية", "Illegal checkpoint", "Security",
      "Strategic developments", "Non-violent transfer of territory", 2, ("armed_response",),
      0.3),
    T("traffic_accident_injury", "حادث مرور بإصابات", "Traffic accident with injuries",
      "Transport", None, None, 2, ("traffic", "medical"), 8.0),
    T("traffic_accident", "حادث مرور بأضرار مادية", "Traffic accident, damage only",
      "Transport", None, None, 4, ("traffic",), 9.0),
    T("building_fire", "حريق مبنى", "Building fire", "Fire", None, None,
      1, ("fire",), 2.0),
    T("vehicle_fire", "حريق سيارة", "Vehicle fire", "Fire", None, None, 2, ("fire",), 1.5),
    T("missing_person", "شخص مفقود", "Missing person", "Rescue", None, None,
      2, ("investigation",), 1.5),
    T("domestic_violence", "عنف أسري", "Domestic violence", "Safety", None, None,
      2, ("family_protection",), 2.5),
    T("assault", "اعتداء بالضرب", "Assault", "Safety", None, None, 2, ("police",), 4.0),
    T("homicide", "جريمة قتل / العثور على جثة", "Homicide / body found", "Security",
      "Violence against civilians", "Attack", 1, ("investigation", "police"), 0.4),
    T("public_disorder", "إخلال بالأمن العام / شغب", "Public disorder / riot", "Security",
      "Riots", "Mob violence", 2, ("armed_response",), 0.8),
    T("protest", "تجمع أو وقفة احتجاجية", "Protest / public gathering", "Security",
      "Protests", "Peaceful protest", 3, ("police",), 0.8),
    # An armed dispute between families: recorded by what happened, never by who they are.
    T("armed_dispute", "نزاع مسلح بين أطراف", "Armed dispute", "Security",
      "Riots", "Violent demonstration", 1, ("armed_response",), 1.0),
    T("human_smuggling", "تهريب بشر / هجرة غير شرعية", "Human smuggling / trafficking",
      "Security", None, None, 2, ("investigation", "police"), 0.6),
    T("smuggling", "تهريب بضائع أو وقود", "Smuggling of goods or fuel", "Safety", None, None,
      3, ("police",), 0.7),
    T("medical_emergency", "حالة طبية طارئة", "Medical emergency", "Health", None, None,
      2, ("medical",), 5.0),
    T("drowning", "غرق / إنقاذ بحري", "Drowning / sea rescue", "Rescue", None, None,
      1, ("rescue",), 0.5),
    T("building_collapse", "انهيار مبنى", "Building collapse", "Rescue", None, None,
      1, ("rescue", "fire"), 0.3),
    T("flooding", "سيول وفيضانات", "Flooding", "Met", None, None, 1, ("rescue",), 0.2),
    T("infrastructure_sabotage", "تخريب مرافق عامة", "Sabotage of public infrastructure",
      "Infra", None, None, 2, ("police",), 0.6),
    T("extortion", "ابتزاز", "Extortion", "Safety", None, None, 3, ("investigation",), 0.8),
    T("fraud", "احتيال", "Fraud / cyber fraud report", "Safety", None, None,
      4, ("investigation",), 1.2),
    T("nuisance", "إزعاج عام", "Noise or nuisance complaint", "Safety", None, None,
      4, ("police",), 3.0),
    T("suspicious_activity", "نشاط مشبوه", "Suspicious activity", "Security", None, None,
      3, ("police",), 3.0),
)

BY_CODE: dict[str, IncidentTypeSpec] = {spec.code: spec for spec in INCIDENT_TYPES}


def get(code: str) -> IncidentTypeSpec:
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown incident type {code!r}") from None
