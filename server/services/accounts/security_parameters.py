"""The security parameters (DOMAIN.md security rules) and which way weakens each.

One place for the list: a change of any of these needs a fresh code (as every
parameter change does, server/api/deps.py ``FreshAdmin``), and a change that
weakens one — a longer fresh-code window or session, more tries before a lock,
a shorter or laxer password rule, four eyes off, fewer amounts typed twice or
duplicates found, larger exports without an alert, fewer backups kept, approving
without opening the attachments — waits for a second
administrator while four eyes is on (server/services/operations/system_parameters.py). A
change that strengthens one applies at once: whoever could weaken alone could
switch off the very checks that would catch them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Weaker(StrEnum):
    HIGHER = "higher"  # a larger number is laxer (a longer window, more tries)
    LOWER = "lower"  # a smaller number is laxer (a shorter password, less history)
    OFF = "off"  # false is laxer (a rule switched off)


WEAKER_WHEN: dict[str, Weaker] = {
    "password_policy.min_length": Weaker.LOWER,
    "password_policy.max_length": Weaker.LOWER,  # no room for long passphrases
    "password_policy.require_letter": Weaker.OFF,
    "password_policy.require_digit": Weaker.OFF,
    "password_policy.require_special": Weaker.OFF,
    "password_policy.history": Weaker.LOWER,
    "password_policy.max_age_days": Weaker.HIGHER,
    "lockout_threshold": Weaker.HIGHER,
    "wrong_codes_per_ticket": Weaker.HIGHER,
    "ticket_minutes": Weaker.HIGHER,
    "fresh_code_minutes": Weaker.HIGHER,
    "client_idle_lock_minutes": Weaker.HIGHER,
    "session_idle_minutes": Weaker.HIGHER,
    "session_absolute_hours": Weaker.HIGHER,
    "four_eyes": Weaker.OFF,
    # controls that are not logins: loosening one lets something pass unseen
    "double_entry_threshold": Weaker.HIGHER,  # fewer amounts typed twice (二次核对)
    "duplicate_window_days": Weaker.LOWER,  # fewer duplicates found (判重)
    "attachments_opened_before_approval": Weaker.OFF,  # approving unseen scans
    "alert_export_rows": Weaker.HIGHER,  # larger exports raise no alert
    "backup_keep_daily": Weaker.LOWER,  # lowering deletes backups at the next run
    "backup_keep_weekly": Weaker.LOWER,
}


def weakens(key: str, before: Any, after: Any) -> bool:
    """Whether changing ``key`` from ``before`` to ``after`` makes it laxer."""
    rule = WEAKER_WHEN.get(key)
    if rule is None or before == after:
        return False
    if rule is Weaker.OFF:
        return bool(before) and not bool(after)
    # money travels as exact text ("100000.00"): compare amounts, not strings
    old, new = Decimal(str(before)), Decimal(str(after))
    return new > old if rule is Weaker.HIGHER else new < old


def weakened(changes: Mapping[str, tuple[Any, Any]]) -> list[str]:
    """The keys among ``changes`` (key -> (before, after)) that a change weakens."""
    return sorted(key for key, (before, after) in changes.items() if weakens(key, before, after))
