"""Private keys of the platform's CAs, TSA and OCSP responder: encrypted PKCS#8 files under SAOLA_PKI_DIR.

Decrypting a key costs tens of milliseconds (PBKDF2), so decrypted keys are kept in this process,
keyed by file path and modification time: replacing a key file is picked up at once.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

from saola.signing.exceptions import PKINotReady

PrivateKey = rsa.RSAPrivateKey

_cache: dict[tuple[str, int], PrivateKey] = {}
_lock = threading.Lock()


def pki_dir() -> Path:
    return Path(settings.SAOLA_PKI_DIR)


def _passphrase() -> bytes:
    configured: str = settings.SAOLA_PKI_KEY_PASSPHRASE
    if configured:
        return configured.encode()
    # Embedded default: a passphrase derived from SECRET_KEY, so the files are useless without it.
    return hmac.new(settings.SECRET_KEY.encode(), b"saola.signing.pki", hashlib.sha256).hexdigest().encode()


def new_private_key() -> PrivateKey:
    """An RSA-2048 key, the size the special-use and public CAs in Vietnam issue."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def store_private_key(key: PrivateKey, *, name: str) -> str:
    """Write `key` encrypted to SAOLA_PKI_DIR/<name>.key.pem (owner-only); return the relative name."""
    directory = pki_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    relative = f"{name}.key.pem"
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_passphrase()),
    )
    path = directory / relative
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return relative


def load_private_key(relative: str) -> PrivateKey:
    """The decrypted key stored under `relative`; PKINotReady when the file is missing."""
    path = pki_dir() / relative
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError as exc:
        raise PKINotReady(extra={"key_file": relative}) from exc
    cache_key = (str(path), mtime)
    with _lock:
        cached = _cache.get(cache_key)
    if cached is not None:
        return cached
    key = serialization.load_pem_private_key(path.read_bytes(), password=_passphrase())
    if not isinstance(key, rsa.RSAPrivateKey):
        raise PKINotReady(extra={"key_file": relative})
    with _lock:
        _cache[cache_key] = key
    return key
