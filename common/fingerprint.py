"""Certificate fingerprints as people compare them: SHA-256, colon-separated hex."""

from __future__ import annotations

import hashlib


def sha256_fingerprint(der: bytes) -> str:
    """'AB:CD:…' (32 pairs) of the DER encoding, the form browsers and openssl show."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))
