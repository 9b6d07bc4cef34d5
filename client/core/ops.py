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
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")

_in_flight: set[_Relay] = set()


class _Relay(QObject):
    """Lives in the main thread; the worker only emits its signals."""

    finished = Signal(object, object)  # result, error


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
        relay = _Relay()
        _in_flight.add(relay)
        relay.finished.connect(lambda result, error: self._deliver(relay, result, error))
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
