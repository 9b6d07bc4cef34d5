"""Encryption at rest for second-factor secrets (and the SMTP password), and token hashing.

The key comes from the server's settings (``secret_key``) or a key file made on
first start in the data directory (mode 0600) — never from the database, so a
copy of the database alone does not reveal any TOTP secret. The user's id is
bound into each ciphertext (AES-GCM associated data): a secret copied onto
another user's row does not decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILE = "secret.key"
_NONCE = 12


class SecretMismatch(ValueError):
    """A sealed secret that does not open for this user under this key: copied
    from another user's row, altered, or sealed under another key."""


class SecretBox:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the secret key must be 32 bytes")
        self._aead = AESGCM(key)
        # A separate key for keyed hashes, derived so the two uses never share one.
        self._mac_key = hmac.digest(key, b"countersign:keyed-hash", "sha256")

    def seal(self, plaintext: bytes, *, user_id: int) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, plaintext, _bound_to(user_id))

    def open(self, sealed: bytes, *, user_id: int) -> bytes:
        try:
            return self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], _bound_to(user_id))
        except InvalidTag as exc:
            raise SecretMismatch("secret does not belong to this user or key") from exc

    def seal_setting(self, plaintext: bytes, *, name: str) -> bytes:
        """A server setting's secret (the SMTP password), bound to the setting's name."""
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, plaintext, _setting(name))

    def open_setting(self, sealed: bytes, *, name: str) -> bytes:
        try:
            return self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], _setting(name))
        except InvalidTag as exc:
            raise SecretMismatch("setting secret does not open under this key") from exc

    def keyed_hash(self, value: str) -> bytes:
        """HMAC-SHA256 under the server key: low-entropy secrets (recovery codes)
        stored this way cannot be brute-forced from a copy of the database alone."""
        return hmac.digest(self._mac_key, value.encode(), "sha256")


def _bound_to(user_id: int) -> bytes:
    return f"countersign:totp:user:{user_id}".encode()


def _setting(name: str) -> bytes:
    return f"countersign:setting:{name}".encode()


def load_or_create_key(data_dir: Path, configured: str | None) -> bytes:
    """The configured base64 key, else the key file (created once, 0600)."""
    if configured:
        key = base64.b64decode(configured)
        if len(key) != 32:
            raise ValueError("secret_key must be 32 bytes, base64-encoded")
        return key
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(base64.b64encode(secrets.token_bytes(32)).decode())
    return base64.b64decode(path.read_text().strip())


def new_token() -> str:
    """An opaque bearer token (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> bytes:
    """What the database stores instead of a token."""
    return hashlib.sha256(token.encode()).digest()
