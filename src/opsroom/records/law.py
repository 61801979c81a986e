"""The legal limits the records app watches, as configuration with their sources.

Every limit is a setting (OPSROOM_CUSTODY_HOURS, OPSROOM_RIGHTS_HOURS,
OPSROOM_REFERRAL_ACK_HOURS, OPSROOM_SENTENCE_OPEN_DAYS), shown on screen with the source
cited here. Where we could not verify a figure against the primary text, ``verified`` is
False and the screen and docs/records.md say so: confirm it with the local prosecution
before relying on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Limit:
    key: str
    label: str
    hours: float
    source: str
    verified: bool
    local: bool = False  # a rule of this room, not of the law

    @property
    def duration(self) -> timedelta:
        return timedelta(hours=self.hours)


# Offence classes: how long a person arrested for an offence of the class may be held by
# the police before reaching the prosecution.
CUSTODY_SOURCES = {
    "general": (
        _("Code of Criminal Procedure (1953), article 26 (general rule). Not verified against "
          "the primary text: confirm the figure with the local prosecution."),
        False,
    ),
    "state_security": (
        _("Law No. 87 of 1974, adding a last paragraph to article 26 of the Code of Criminal "
          "Procedure, and Law No. 3 of 2013 (article 187 bis (b)): a person accused of one of "
          "the crimes of Part 1 of Book 2 of the Penal Code is sent to the competent "
          "prosecution within seven days of the arrest."),
        True,
    ),
}
CUSTODY_LABELS = {"general": _("Custody, most offences"),
                  "state_security": _("Custody, offences against the security of the state")}
CUSTODY_DEFAULT_HOURS = {"general": 48.0, "state_security": 168.0}
CUSTODY_CLASSES = tuple(CUSTODY_DEFAULT_HOURS)

# Alarms at these fractions of the limit, and when it is passed.
ALARM_STEPS = (0.75, 0.90, 1.0)


def custody_limit(offence_class: str) -> Limit:
    hours = dict(CUSTODY_DEFAULT_HOURS, **settings.CUSTODY_HOURS)[offence_class]
    source, verified = CUSTODY_SOURCES[offence_class]
    return Limit(offence_class, str(CUSTODY_LABELS[offence_class]), float(hours), str(source),
                 verified)


def rights_limit() -> Limit:
    return Limit("rights", str(_("Rights recorded")), float(settings.RIGHTS_HOURS), str(_(
        "Each right (the reason, a lawyer, the family, a medical check) is to be recorded "
        "within this time of the arrest.")), True, local=True)


def referral_limit() -> Limit:
    return Limit("referral", str(_("Referral acknowledged")), float(settings.REFERRAL_ACK_HOURS),
                 str(_("A referral not acknowledged by the prosecution within this time is "
                       "flagged.")), True, local=True)


def sentence_limit() -> Limit:
    return Limit("sentence", str(_("Sentence still open")),
                 float(settings.SENTENCE_OPEN_DAYS) * 24,
                 str(_("A sentence still open after this time goes to the supervisor's "
                       "queue.")), True, local=True)


def right_label(right: str) -> str:
    return str(RIGHT_LABELS.get(right, right))


RIGHT_LABELS = {"told_reason": _("told the reason"), "lawyer_offered": _("offered a lawyer"),
                "family_informed": _("family informed"), "medical_check": _("medical check")}


def alarm_text(step: str) -> str:
    """What an alarm says, in the reader's language."""
    if step == "overdue":
        return str(_("the custody limit has passed"))
    if step.startswith("right:"):
        return str(_("not recorded in time: %(right)s") % {"right": right_label(step[6:])})
    return str(_("%(percent)s%% of the custody limit") % {"percent": step})
