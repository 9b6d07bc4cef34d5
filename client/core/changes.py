"""What a change touched, announced once for every screen that shows it (as
Anki's OpChanges): a mutation says which kinds of data it changed, and each
page decides whether to refresh, instead of every mutation knowing every page.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, Signal


class Changed(Enum):
    DOCUMENTS = "documents"  # a document made, saved, submitted, recalled, deleted, reversed
    REVIEWS = "reviews"  # a decision: the lists and their counts moved
    # the admin console: a four-eyes request filed on one page is decided on
    # 双人复核, and the decision changes what the page it came from shows
    REQUESTS = "requests"  # a request filed, decided or withdrawn
    PERIODS = "periods"  # a month closed or reopened
    USERS = "users"  # an account, its roles or its second factor
    BACKUPS = "backups"  # a restore started or ended
    PARAMETERS = "parameters"  # the system parameters


class ChangeBus(QObject):
    """One per window; ``changed`` carries a frozenset of :class:`Changed`."""

    changed = Signal(object)

    def announce(self, *kinds: Changed) -> None:
        self.changed.emit(frozenset(kinds))
