"""Receipt numbers and their verification codes.

A receipt number carries the site that gave it ("BNG-OPS-2026-000123"): two sites cut off
from each other never give the same number. Its verification code is a keyed hash
(HMAC-SHA256 under OPSROOM_RECEIPT_KEY, the same at every site) of the number, written in
12 characters of Crockford's base32: any directorate checks a receipt it has never seen,
even while cut off, and nobody without the key can make a code for a number of their own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings

_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
                           "0123456789ABCDEFGHJKMNPQRSTVWXYZ")
# What a reader may type for a Crockford character: O for 0, I and L for 1.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def receipt_number(site: str, year: int, sequence: int) -> str:
    return f"{site}-{year}-{sequence:06d}"


def verification_code(number: str) -> str:
    digest = hmac.new(settings.RECEIPT_KEY.encode(), number.strip().upper().encode(),
                      hashlib.sha256).digest()
    text = base64.b32encode(digest).decode().translate(_CROCKFORD)[:12]
    return "-".join(text[i:i + 4] for i in range(0, 12, 4))


def code_matches(number: str, code: str) -> bool:
    typed = code.strip().upper().translate(_READ_AS)
    expected = verification_code(number).replace("-", "")
    return hmac.compare_digest(typed.encode(), expected.encode())
