"""Serial numbers compared as an officer means them: "AK 47-1234", "ak471234" and
"ак٤٧١٢٣٤"-style input written with Arabic-Indic digits are one serial.

The key folds case, drops spaces, dashes, dots, slashes and invisible characters, and turns
Arabic-Indic and Eastern Arabic-Indic digits into ASCII ones. Letters are otherwise kept:
a serial is not a name, and "B" and "8" are different characters on a weapon.
"""

from __future__ import annotations

import unicodedata

from opsroom.core.text import INVISIBLE

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SEPARATORS = frozenset(" \t-‐‑‒–—―_./\\:·،")


def serial_key(serial: str) -> str:
    text = unicodedata.normalize("NFKC", serial).translate(_DIGITS).casefold()
    return "".join(ch for ch in text if ch not in _SEPARATORS and ch not in INVISIBLE
                   and not ch.isspace())
