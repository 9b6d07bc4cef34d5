"""The Qt binding keeps Python's reference counts straight across signals.

PySide6 6.12.0 dropped a reference to True on every Signal.emit() from Python and
one to None on every queued slot's return; a workbench that ran long enough
(about 3,000 pages of a query, measured with bench/query_view_memory.py) died in
``bool_dealloc``/``none_dealloc``. pyproject.toml keeps that release out; this
test fails on any release that does it again. It counts in a fresh interpreter,
where nothing else is creating or freeing references to True and None meanwhile.
"""

from __future__ import annotations

import json
import subprocess
import sys

TIMES = 500

_COUNT = f"""
import json, sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
from client.core.ops import QueryOp

class Relay(QObject):
    value = Signal(object)

app = QCoreApplication([])
relay = Relay()
relay.value.connect(lambda _value: None)
holder, done = QObject(), []
true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
for _ in range({TIMES}):
    relay.value.emit(None)
for _ in range({TIMES}):
    QueryOp(parent=holder, op=lambda: None, success=done.append).run()
while len(done) < {TIMES}:
    app.processEvents()
print(json.dumps({{
    "true": sys.getrefcount(True) - true_before,
    "none": sys.getrefcount(None) - none_before,
}}))
"""


def test_signals_and_background_operations_do_not_drop_references() -> None:
    found = subprocess.run(
        [sys.executable, "-c", _COUNT],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
        check=True,
    )
    delta = json.loads(found.stdout.strip().splitlines()[-1])
    # A broken binding loses one per emit or more: hundreds, not a handful.
    assert delta["true"] > -TIMES // 10, delta
    assert delta["none"] > -TIMES // 10, delta
