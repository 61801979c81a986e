"""Text an operator reads must look like what it is.

Unicode's bidirectional controls (embeddings, overrides, isolates: U+202A–U+202E and
U+2066–U+2069) reorder what follows them on screen: a call sign or a name holding U+202E
reads backwards, and a note can show one thing and say another. They are refused in every
field. Identifiers and names (call signs, agency, place and person names) also refuse the
other invisible characters (bidi marks, zero-width characters, the BOM, the soft hyphen),
which make two different names look alike. A required text made only of invisible
characters and spaces is empty, and refused as empty.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from opsroom.core.errors import InvalidInput

REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
INVISIBLE = REORDERING | frozenset("\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff\u00ad")


def _first(text: str, characters: frozenset[str]) -> str | None:
    return next((ch for ch in text if ch in characters), None)


def looks_empty(text: str) -> bool:
    return all(ch.isspace() or ch in INVISIBLE for ch in text)


def text_problem(text: str) -> str | None:
    """Why free text (a note, a description, a reason) is refused, or None."""
    found = _first(text, REORDERING)
    if found:
        return (f"U+{ord(found):04X} (a bidirectional control) is not allowed: it changes "
                "how the text reads on screen")
    return None


def name_problem(text: str) -> str | None:
    """Why an identifier or a name is refused, or None."""
    found = _first(text, INVISIBLE)
    if found:
        return (f"U+{ord(found):04X} (an invisible character) is not allowed in a name or a "
                "code: it makes different names look alike")
    return None


def check_text(text: str, field: str, required: bool = False) -> str:
    problem = text_problem(text)
    if problem:
        raise InvalidInput(problem, field=field)
    if required and looks_empty(text):
        raise InvalidInput("the text is empty", field=field)
    return text


def check_name(text: str, field: str, required: bool = True) -> str:
    problem = name_problem(text)
    if problem:
        raise InvalidInput(problem, field=field)
    if required and looks_empty(text):
        raise InvalidInput("a name is required", field=field)
    return text


def validate_name(value: str) -> None:
    """A model field validator: the admin's forms refuse what the actions refuse."""
    found = _first(value, INVISIBLE)
    if found:
        raise ValidationError(
            gettext("%(char)s (an invisible character) is not allowed in a name or a code: "
                    "it makes different names look alike") % {"char": f"U+{ord(found):04X}"},
            code="invisible")


def validate_text(value: str) -> None:
    found = _first(value, REORDERING)
    if found:
        raise ValidationError(
            gettext("%(char)s (a bidirectional control) is not allowed: it changes how the "
                    "text reads on screen") % {"char": f"U+{ord(found):04X}"},
            code="reordering")
