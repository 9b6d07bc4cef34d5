"""A second-factor secret that does not open for its account (issue 15 item 8).

Each secret is sealed with its user's id (server/crypto.py), so ciphertext
copied onto another account's row — by someone who could write to the database —
does not decrypt there. That is tampering, not a user's mistake: the step is
refused with a 401 like a wrong code's, which says only that the authenticator
cannot be checked (nothing about the stored secret or another account); it is
written to the operation log as ``auth.secret_tampered`` and shown to
administrators and auditors as a 告警 (server/services/operations/alerts.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from sqlalchemy.orm import Session

from common.errors import DomainError
from server.crypto import SecretMismatch
from server.db.models import User
from server.services.core import audit
from server.services.core.audit import Origin

log = logging.getLogger(__name__)

TAMPERED = "auth.secret_tampered"
SecretField = Literal["totp_secret", "totp_pending"]


@contextmanager
def refused_if_tampered(
    session: Session,
    user: User,
    *,
    field: SecretField,
    step: str,
    origin: Origin,
    now: dt.datetime,
) -> Iterator[None]:
    """Run a check that opens ``user``'s ``field``; if it does not open, log the
    tampering and refuse (committed, so the log row survives the refusal).
    A failure to open does not count toward the account lock: it is not the
    person at the keyboard who got something wrong."""
    try:
        yield
    except SecretMismatch:
        log.warning("second-factor secret of user %s (%s) does not open", user.id, field)
        audit.user_event(
            session, user, TAMPERED, origin=origin, at=now, after={"field": field, "step": step}
        )
        raise DomainError("auth.second_factor_unusable", status=401, commit=True) from None
