"""Password hashing and initial passwords."""

from __future__ import annotations

import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

# argon2id with the RFC 9106 "low memory" profile (64 MiB, 3 passes, 4 lanes):
# above OWASP's minimum; the login issue measures and may tune it.
HASH_PARAMETERS = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
_HASHER = PasswordHasher(
    time_cost=HASH_PARAMETERS["time_cost"],
    memory_cost=HASH_PARAMETERS["memory_cost"],
    parallelism=HASH_PARAMETERS["parallelism"],
)

_SPECIALS = "!@#%*-_=+?"
# No 0/O, 1/l/I: the administrator reads the password out or writes it down.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI") + _SPECIALS


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def generate_initial_password(length: int = 16) -> str:
    """A random password that meets the default policy (letters, digits, a special).

    Shown once to the administrator; the user must change it at first login.
    """
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if (
            any(c.isalpha() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(c in _SPECIALS for c in candidate)
        ):
            return candidate
