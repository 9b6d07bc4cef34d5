"""Pick a code (account, budget item, unit) by typing its code, its name or the
pinyin initials of its name (“bgf” finds 办公费)."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin
from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from client.core.reference import PickEntry
from client.widgets.look import set_state


def initials(name: str) -> str:
    """拼音首字母 of a name; other characters are kept as they are, lower-cased."""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()


class CodePicker(QLineEdit):
    """A line edit with a popup of matching usable entries; ``current_id`` is the choice."""

    picked = Signal(object)  # int | None
    entered = Signal()  # Enter pressed with a code chosen: the form moves on
    unknown = Signal(str)  # left with text that names no usable entry: why it is red

    LIMIT = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[PickEntry] = []
        self._known: dict[int, PickEntry] = {}
        self._keys: list[tuple[str, str, str]] = []
        self._by_label: dict[str, PickEntry] = {}
        self.current_id: int | None = None
        self._model = QStringListModel(self)
        self.picker = QCompleter(self._model, self)
        self.picker.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.picker.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self.picker)
        self.picker.activated.connect(self._choose_label)
        self.textEdited.connect(self._search)
        self.editingFinished.connect(self._settle)
        self.returnPressed.connect(self._enter)

    def set_entries(self, entries: list[PickEntry]) -> None:
        self._known = {e.id: e for e in entries}  # a saved draft may name a retired code
        self._entries = [e for e in entries if e.usable]
        self._keys = [(e.code, e.name.lower(), initials(e.name)) for e in self._entries]
        self._by_label = {e.label: e for e in self._entries}
        self.set_current(self.current_id)

    def matches(self, text: str) -> list[PickEntry]:
        """Codes starting with the text first, then names and initials containing it."""
        needle = text.strip().lower()
        if not needle:
            return self._entries[: self.LIMIT]
        by_code, by_name = [], []
        for entry, (code, name, letters) in zip(self._entries, self._keys, strict=True):
            if code.startswith(needle):
                by_code.append(entry)
            elif needle in name or needle in letters:
                by_name.append(entry)
        return (by_code + by_name)[: self.LIMIT]

    def _search(self, text: str) -> None:
        self.current_id = None
        self._model.setStringList([e.label for e in self.matches(text)])
        self.picker.complete()

    def _choose_label(self, label: str) -> None:
        entry = self._by_label.get(label)
        self.current_id = entry.id if entry else None
        set_state(self, None)
        self.setToolTip("")
        self.setText(label)
        self.picked.emit(self.current_id)

    def _enter(self) -> None:
        """Enter takes the exact code or the only match; then the form moves on.
        (With the list open, the completer hands Enter to this widget directly.)"""
        popup = self.picker.popup()
        if popup is not None:
            popup.hide()
        self._settle()
        if self.current_id is not None:
            self.entered.emit()

    def _settle(self) -> None:
        """Leaving the field: an exact code, or the only match, is taken."""
        if self.current_id is not None:
            return
        text = self.text().strip()
        found = [e for e in self._entries if e.code == text.split(" ")[0]] or (
            self.matches(text) if text else []
        )
        if len(found) == 1 or (found and found[0].code == text.split(" ")[0]):
            self._choose_label(found[0].label)
        elif text:
            problem = self.tr("“{text}”不是可用的编码或名称,请从列表中选择").format(text=text)
            set_state(self, "marked")
            self.setToolTip(problem)
            self.unknown.emit(problem)

    def set_current(self, entry_id: int | None) -> None:
        self.current_id = entry_id
        entry = self._known.get(entry_id) if entry_id is not None else None
        self.setText(entry.label if entry else "")
