"""Offences a warrant, an arrest or a referral names, and the class that sets the custody
limit (opsroom.records.law). Codes are stable identifiers: rename a label, never a code.

Which offences are of the state-security class is configuration
(OPSROOM_STATE_SECURITY_OFFENCES): the crimes of Part 1 of Book 2 of the Penal Code, as the
prosecution reads them; the default is our reading, to confirm locally."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Offence:
    code: str
    name_ar: str
    name_en: str

    @property
    def custody_class(self) -> str:
        """ "general" or "state_security" (OPSROOM_STATE_SECURITY_OFFENCES)."""
        return ("state_security" if self.code in settings.STATE_SECURITY_OFFENCES
                else "general")


OFFENCES: tuple[Offence, ...] = (
    Offence("homicide", "القتل العمد", "Murder"),
    Offence("assault", "الاعتداء على الأشخاص", "Assault"),
    Offence("theft", "السرقة", "Theft"),
    Offence("armed_robbery", "السرقة بالإكراه", "Armed robbery"),
    Offence("kidnapping", "الخطف", "Kidnapping"),
    Offence("fraud", "الاحتيال", "Fraud"),
    Offence("drug_trafficking", "الاتجار بالمخدرات", "Drug trafficking"),
    Offence("drug_use", "تعاطي المخدرات", "Drug use"),
    Offence("weapons_possession", "حيازة سلاح دون ترخيص", "Unlicensed possession of a weapon"),
    Offence("refusing_weapons_handover", "الامتناع عن تسليم السلاح",
            "Refusing to hand over weapons"),
    Offence("smuggling", "التهريب", "Smuggling"),
    Offence("human_trafficking", "الاتجار بالبشر", "Human trafficking"),
    Offence("terrorism", "الإرهاب", "Terrorism"),
    Offence("armed_rebellion", "التمرد المسلح", "Armed rebellion"),
    Offence("state_security", "الجرائم الماسة بأمن الدولة",
            "Offences against the security of the state"),
    Offence("sentence_evasion", "التهرب من تنفيذ حكم", "Evading a sentence"),
)
BY_CODE = {offence.code: offence for offence in OFFENCES}


def custody_class(codes: list[str]) -> str:
    """The class of a list of offences: state security if one of them is."""
    return "state_security" if any(
        BY_CODE[c].custody_class == "state_security" for c in codes) else "general"
