"""Python's cycle collector, run only on the GUI thread.

Why: CPython runs the cyclic collector in whichever thread allocates past the
threshold. When that is a worker thread (an httpx call in a QThreadPool runnable)
and the garbage holds Qt wrappers, their C++ destructors run on that worker: Qt
takes its own locks while the worker holds the GIL, and the GUI thread, holding
one of those locks, waits for the GIL. Both wait forever. CI hung 80 minutes in
tests/client/test_admin_calendar.py this way. Automatic collection is therefore
switched off and a GUI-thread timer collects instead, with the same generation
thresholds Python would use, so every destructor runs on the thread that owns
the objects.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: how often the GUI thread looks at the allocation counts; a collection only
#: runs when Python itself would have run one
CHECK_INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """Disables automatic collection and collects from a GUI-thread timer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_when_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Collect once more and give collection back to Python as it was."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def collect_when_due(self) -> int:
        """Run the generation Python would run now; returns objects found unreachable."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        if counts[0] < thresholds[0]:
            return 0
        generation = 0
        if counts[1] >= thresholds[1]:
            generation = 1
            if counts[2] >= thresholds[2]:
                generation = 2
        return gc.collect(generation)


def install_gui_thread_collector(app: QCoreApplication) -> GuiThreadCollector:
    """Call once from the GUI thread right after the QApplication exists."""
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("the collector must be installed from the GUI thread")
    collector = GuiThreadCollector(app)
    collector.start()
    return collector
