"""What every page is given: the server (while there is one), background calls
with one default failure path, the login, the reference data and the bus on
which changes are announced (ARCHITECTURE.md rules 10 and 11).

A page calls ``self.context.run(self, op, success, say=self.say_error)``: the
operation runs off the Qt thread, a lost session brings the login back, a stale
second factor is asked for again (on pages that can ask, see
:class:`AsksFreshCode`) and the call retried, and anything else is shown in the
user's words on the page's message line, or in the window's status bar when
the page has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QObject

from client.api import ApiClient, ApiError
from client.core.changes import ChangeBus
from client.core.i18n import current_language
from client.core.ops import QueryOp
from client.core.reference import ReferenceCache
from client.core.settings import ClientSettings
from client.login.controller import LoginController
from client.widgets.errors import describe
from common.enums import Language

T = TypeVar("T")

FRESH_CODE_REQUIRED = "auth.fresh_code_required"


@runtime_checkable
class AsksFreshCode(Protocol):
    """A page that can ask for a fresh TOTP code and then retry (the console's)."""

    def ask_fresh_code(self, retry: Callable[[], object]) -> None: ...


@dataclass(frozen=True)
class PageContext:
    api: Callable[[], ApiClient | None]
    login: LoginController
    changes: ChangeBus
    reference: ReferenceCache
    tell: Callable[[str], None]  # the status bar, for a page without a message line
    settings: ClientSettings | None = None  # this computer's (the scanner folder)
    save_settings: Callable[[], None] | None = None

    def run(
        self,
        parent: QObject,
        op: Callable[[ApiClient], T],
        success: Callable[[T], None],
        *,
        say: Callable[[str], None] | None = None,
        failure: Callable[[Exception], object] | None = None,
    ) -> bool:
        """Run ``op`` in the background; False (and nothing run) while there is no
        connection. On failure, ``failure`` runs first for the page's own
        clean-up, also when the session ended (returning True when it has told
        the user itself); then a lost session brings the login back, and any
        other refusal is said with ``say`` (or in the status bar). A stale second
        factor is asked for and the call retried, without ``failure``."""
        api = self.api()
        if api is None:
            return False

        def failed(error: Exception) -> None:
            if (
                isinstance(error, ApiError)
                and error.code == FRESH_CODE_REQUIRED
                and isinstance(parent, AsksFreshCode)
            ):
                retry = lambda: self.run(parent, op, success, say=say, failure=failure)  # noqa: E731
                parent.ask_fresh_code(retry)
                return
            told = failure is not None and failure(error) is True  # in the page's own words
            if self.login.report_failure(error) or told:
                return
            (say or self.tell)(describe(error))

        QueryOp(parent=parent, op=lambda: op(api), success=success, failure=failed).run()
        return True

    def language(self) -> Language:
        """The language the server answers in (the UI's, see ConnectionMonitor)."""
        api = self.api()
        return api.transport.language if api is not None else current_language()

    def report(self, error: Exception, *, say: Callable[[str], None] | None = None) -> None:
        """The default failure path, for work not started by ``run`` (a list
        loading page after page): a lost session brings the login back,
        anything else is said in the user's words."""
        if not self.login.report_failure(error):
            (say or self.tell)(describe(error))

    def quietly(
        self,
        parent: QObject,
        op: Callable[[ApiClient], T],
        success: Callable[[T], None],
        *,
        failure: Callable[[Exception], None] | None = None,
    ) -> bool:
        """For background work the user did not ask for (polls, lookups as one
        types): a lost session still brings the login back; anything else goes
        only to ``failure``, the next poll or keystroke tries again."""
        api = self.api()
        if api is None:
            return False

        def failed(error: Exception) -> None:
            if not self.login.report_failure(error) and failure is not None:
                failure(error)

        QueryOp(parent=parent, op=lambda: op(api), success=success, failure=failed).run()
        return True
