"""Checks of the operation log viewer's filters, run by the client before it
asks and by the server as the authority. Each violation names the field."""

from __future__ import annotations

import re

from common.rules.passwords import Violation
from common.schemas.audit_log import AuditLogFilters

# an action or a node of the action tree ("user", "user.", "login.failed"),
# optionally a plain prefix ending in "*" ("login.fail*")
_ACTION = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*\.?\*?")


def normal_action(action: str) -> str:
    """Actions are lower case; what the user typed is compared that way."""
    return action.strip().lower()


def filter_violations(filters: AuditLogFilters) -> list[Violation]:
    found: list[Violation] = []
    if (
        filters.date_from is not None
        and filters.date_to is not None
        and filters.date_to < filters.date_from
    ):
        found.append(
            Violation(
                "audit_log.dates_reversed",
                {
                    "field": "date_to",
                    "date_from": filters.date_from.isoformat(),
                    "date_to": filters.date_to.isoformat(),
                },
            )
        )
    action = normal_action(filters.action)
    if action and not _ACTION.fullmatch(action):
        found.append(Violation("audit_log.action_invalid", {"field": "action", "action": action}))
    return found
