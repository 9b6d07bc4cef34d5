"""The one look (resources/styles/countersign.qss): widgets say what state they are
in, the stylesheet says how that looks. No colours in code; tests read the state.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from client.widgets.fonts import install_cjk_font
from resources import STYLES_DIR

STYLESHEET = STYLES_DIR / "countersign.qss"

# The same colours for what a stylesheet cannot reach: table cells, charts, print.
ERROR = QColor("#c0392b")  # refusals, overdue, negative amounts
OK = QColor("#1e8449")
WARN = QColor("#b9770e")
MUTED = QColor("#7f8c8d")
AMBER = QColor("#d4ac0d")  # the yellow traffic light
INK = QColor("#333333")  # labels drawn on charts
HIGHLIGHT = QColor("#ffe58f")  # the words found, in the manual's page and results


def apply_look(app: QApplication) -> None:
    """Once per application (both windows call it; a second call changes nothing):
    the shipped Chinese font and the stylesheet."""
    install_cjk_font()
    sheet = STYLESHEET.read_text(encoding="utf-8")
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


def _set(widget: QWidget, name: str, value: str | None) -> None:
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)  # a property the stylesheet matches on is read at polish
    style.polish(widget)


def set_state(widget: QWidget, state: str | None) -> None:
    """error | ok | warn | muted | marked | alarm | pending | settled, or None."""
    _set(widget, "state", state)


def state_of(widget: QWidget) -> str | None:
    value = widget.property("state")
    return str(value) if value else None


def hint_label(name: str = "") -> QLabel:
    """The grey, wrapping line under a page or form that says how it works."""
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    set_state(label, "muted")
    return label


def set_look(widget: QWidget, look: str) -> None:
    """title | page-title | strong | tile | badge."""
    _set(widget, "look", look)
