"""One look: colours live in resources/styles/countersign.qss (and client/widgets/
look.py for what a stylesheet cannot reach); widgets carry states, and a state
really changes how the widget is drawn."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from client.widgets import look
from client.widgets.look import apply_look, set_state, state_of

CLIENT = Path(__file__).resolve().parents[2] / "client"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
ALLOWED = {"look.py", "report_chart.py"}  # the palette, and the chart series' colours


def test_no_colour_is_written_in_the_client_code_outside_the_palette() -> None:
    found = [
        f"{path.relative_to(CLIENT)}: {match}"
        for path in CLIENT.rglob("*.py")
        if path.name not in ALLOWED
        for match in HEX.findall(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
    setters = [p for p in CLIENT.rglob("*.py") if "setStyleSheet(" in p.read_text()]
    assert {p.name for p in setters} <= ALLOWED  # every other widget takes a state


def test_an_error_state_draws_the_label_red(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app)
    label = QLabel("金额必须大于零")
    qtbot.addWidget(label)
    label.show()
    plain = label.palette().color(QPalette.ColorRole.WindowText)
    set_state(label, "error")
    assert state_of(label) == "error"
    qtbot.waitUntil(
        lambda: label.palette().color(QPalette.ColorRole.WindowText) == look.ERROR, timeout=2000
    )
    set_state(label, None)
    assert state_of(label) is None
    assert label.palette().color(QPalette.ColorRole.WindowText) == plain
    assert QColor("#c0392b") == look.ERROR
