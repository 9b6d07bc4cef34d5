"""Cycles made and dropped on a worker thread are collected on the GUI thread."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from pytestqt.qtbot import QtBot

from client.core.gui_thread_gc import GuiThreadCollector


class _Cycle:
    """Records, when collected, the thread the collector ran on."""

    finalised_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.finalised_on.append(threading.current_thread().name)


def test_cycles_dropped_by_a_worker_are_collected_on_the_gui_thread(
    qtbot: QtBot, gui_thread_collector: GuiThreadCollector
) -> None:
    assert not gc.isenabled()
    _Cycle.finalised_on.clear()
    threshold = gc.get_threshold()[0]

    def churn() -> None:
        # far past the threshold that would make Python collect right here
        for _ in range(threshold * 20):
            _Cycle()

    worker = threading.Thread(target=churn, name="worker")
    worker.start()
    worker.join()
    assert _Cycle.finalised_on == []  # nothing collected on the worker

    qtbot.waitUntil(lambda: len(_Cycle.finalised_on) >= threshold * 20, timeout=10_000)
    assert set(_Cycle.finalised_on) == {threading.main_thread().name}
