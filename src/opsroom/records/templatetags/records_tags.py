"""How a person's timeline reads to an officer, in the active language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from opsroom.records import offences

register = template.Library()

RECORD_KINDS = {
    "created": _("Record created"),
    "updated": _("Record corrected"),
    "document": _("Identity document added"),
    "merged": _("Merged"),
    "merged_into": _("Merged into another record"),
    "merged_from": _("Another record merged in"),
    "merge_undone": _("Merge undone"),
    "warrant": _("Warrant issued"),
    "warrant_executed": _("Warrant executed"),
    "warrant_withdrawn": _("Warrant withdrawn"),
    "warrant_expired": _("Warrant expired"),
    "arrested": _("Arrested"),
    "arrest_right": _("A right recorded"),
    "arrest_handover": _("Handed over to the prosecution"),
    "arrest_acknowledge": _("Received by the prosecution"),
    "arrest_release": _("Released"),
    "searched": _("Home searched"),
    "referred": _("Referred to a prosecution office"),
    "referral_acknowledged": _("Referral acknowledged"),
    "sentence": _("Sentence received"),
    "sentence_assigned": _("Sentence assigned to a unit"),
    "sentence_located": _("Person located"),
    "sentence_executed": _("Sentence executed"),
    "sentence_unable": _("Sentence could not be executed"),
    "sentence_suspended": _("Sentence suspended by the court"),
}


@register.filter
def record_kind(kind: str) -> str:
    return str(RECORD_KINDS.get(kind, kind))


@register.filter
def offence_names(codes: list[str]) -> str:
    """Offence codes as their names in the reader's language."""
    arabic = get_language() == "ar"
    found = [offences.BY_CODE.get(code) for code in codes]
    return "، ".join((o.name_ar if arabic else o.name_en) if o else code
                     for o, code in zip(found, codes, strict=True))
