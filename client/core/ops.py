"""Background operations: the one way views call the server (ARCHITECTURE.md rule 10).

``QueryOp(parent=view, op=lambda: api.system.health(), success=view.show).run()``
runs ``op`` on the global QThreadPool and delivers the result or the error to the
main thread through a queued signal. Callbacks are dropped if ``parent`` was
destroyed meanwhile, so a closed view is never touched by a late answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

_in_flight: set[_Relay] = set()


class _Relay(QObject):
    """Lives in the main thread; the worker only emits its signals.

    The signal goes to a declared slot of this object, queued: with a lambda as
    the receiver PySide6 (PYSIDE-3124) may touch the callable from the emitting
    pool thread, and a client test run crashed there once (SIGSEGV in emit)."""

    finished = Signal(object, object)  # result, error

    def __init__(self, deliver: Callable[[_Relay, Any, Exception | None], None]) -> None:
        super().__init__()
        self._deliver = deliver
        self.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _finished(self, result: Any, error: Exception | None) -> None:
        self._deliver(self, result, error)


class _Worker(QRunnable):
    def __init__(self, op: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._op = op
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._op()
        except BaseException as exc:  # every outcome is reported, or callers wait forever
            self._relay.finished.emit(None, exc)
        else:
            self._relay.finished.emit(result, None)


class QueryOp(Generic[T]):
    def __init__(
        self,
        *,
        parent: QObject,
        op: Callable[[], T],
        success: Callable[[T], None],
        failure: Callable[[Exception], None] | None = None,
    ) -> None:
        self._parent = parent
        self._op = op
        self._success = success
        self._failure = failure

    def run(self) -> None:
        relay = _Relay(self._deliver)
        _in_flight.add(relay)
        QThreadPool.globalInstance().start(_Worker(self._op, relay))

    def _deliver(self, relay: _Relay, result: Any, error: Exception | None) -> None:
        _in_flight.discard(relay)
        relay.deleteLater()
        if not shiboken6.isValid(self._parent):
            return
        if error is None:
            self._success(result)
        elif self._failure is not None:
            self._failure(error)
        else:
            log.error("background operation failed", exc_info=error)


def operations_in_flight() -> int:
    """How many operations have not reported back yet (for tests and shutdown)."""
    return len(_in_flight)
