"""Each site's Ed25519 key: it signs the bundles the site writes (opsroom.sync) and the
anchors of its audit chain (opsroom.audit). The private key lives in the data directory
(mode 0600), outside the database, is made on first use, and never leaves the site; other
sites know the public key (``opsroom sync site-add ... --public-key``)."""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from opsroom.core.errors import InvalidInput


def site_private_key() -> Ed25519PrivateKey:
    path = settings.DATA_DIR / "sync" / f"site-{settings.SITE_CODE}.ed25519"
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        return key
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.touch(mode=0o600)
    path.write_bytes(pem)
    return key


def public_key_text(key: Ed25519PrivateKey | None = None) -> str:
    raw = (key or site_private_key()).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def check_public_key(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise InvalidInput("a public key is 32 bytes in base64 (opsroom sync key prints one)",
                           field="public_key") from None


def sign(data: bytes) -> str:
    return base64.b64encode(site_private_key().sign(data)).decode()


def verify(public_key: str, signature: str, data: bytes) -> bool:
    try:
        check_public_key(public_key).verify(base64.b64decode(signature, validate=True), data)
    except (InvalidSignature, binascii.Error, ValueError, InvalidInput):
        return False
    return True
