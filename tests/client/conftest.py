"""Client tests collect Python's cycles on the GUI thread only, as the apps do.

The live servers run in threads of this same process: without this, one of them
could run the collector on Qt garbage and deadlock with the GUI thread
(client/core/gui_thread_gc.py says how).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from client.core.gui_thread_gc import GuiThreadCollector, install_gui_thread_collector


@pytest.fixture(scope="package", autouse=True)
def gui_thread_collector(qapp: QApplication) -> Iterator[GuiThreadCollector]:
    collector = install_gui_thread_collector(qapp)
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_after_each_test(gui_thread_collector: GuiThreadCollector) -> Iterator[None]:
    """A test's widgets in cycles go here, on the GUI thread, not in a later test's worker."""
    yield
    gc.collect()
