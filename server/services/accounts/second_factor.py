"""TOTP (RFC 6238) codes and recovery codes.

A code is accepted for the time steps now-1, now, now+1 and only for a step later
than the last one accepted for that user. The caller holds the user's row lock
(SELECT … FOR UPDATE), so two requests racing with one code are serialised and
the second finds the step already used.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

import pyotp
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.crypto import SecretBox
from server.db.models import RecoveryCode, User

ISSUER = "Countersign"
STEP_SECONDS = 30
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    """The time step (±1) whose code equals ``code``, compared in constant time."""
    code = code.strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def accept_totp(user: User, code: str, *, box: SecretBox, now: dt.datetime) -> bool:
    """True, and the step is used up, when ``code`` is valid and not replayed."""
    if user.totp_secret is None:
        return False
    secret = box.open(user.totp_secret, user_id=user.id).decode()
    step = matching_step(secret, code, now)
    if step is None or step <= user.totp_last_step:
        return False
    user.totp_last_step = step
    return True


def looks_like_recovery_code(code: str) -> bool:
    compact = code.strip().upper().replace("-", "")
    return len(compact) == 10 and all(c in _RECOVERY_ALPHABET for c in compact)


def _normalise_recovery(code: str) -> str:
    return code.strip().upper().replace("-", "")


def issue_recovery_codes(session: Session, user: User, *, box: SecretBox) -> list[str]:
    """Replace the user's recovery codes with ten new ones, returned once; the
    database keeps only their keyed hashes."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=box.keyed_hash(raw)))
    session.flush()
    return codes


def accept_recovery_code(
    session: Session, user: User, code: str, *, box: SecretBox, now: dt.datetime
) -> bool:
    """Each recovery code works once."""
    row = session.scalar(
        select(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == box.keyed_hash(_normalise_recovery(code)),
            RecoveryCode.used_at.is_(None),
        )
        .with_for_update()
    )
    if row is None:
        return False
    row.used_at = now
    return True


def forget(session: Session, user: User) -> None:
    """Admin reset: the user enrols again at the next login."""
    user.totp_secret = None
    user.totp_pending = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
