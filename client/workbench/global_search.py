"""The search box at the top right of the workbench (Ctrl+K): a document number
(记-0012, or just 12), a code of a unit, item or account, or words of a summary or
counterparty. The matches drop down under the box; choosing one opens the item,
or the query screen filtered by the unit, item or account."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from client.core.labels import kind_name
from client.core.reference import PickEntry, ReferenceCache
from client.shell.page_context import PageContext
from common.enums import ItemKind
from common.money import format_money
from common.schemas.search import DocumentQuery, SearchRowOut

SHOWN = 10
WIDTH = 320
_NUMBER = re.compile(r"^\s*(?:(?P<series>[^\s\-]{1,8})\s*-\s*)?(?P<digits>\d{1,8})\s*$")


def query_for(text: str) -> DocumentQuery | None:
    """What the typed text asks the server: a number (with its series when given)
    or words. None when there is nothing to look for."""
    text = text.strip()
    if not text:
        return None
    match = _NUMBER.match(text)
    if match:
        return DocumentQuery(number=int(match["digits"]), series=match["series"])
    return DocumentQuery(text=text[:100])


@dataclass(frozen=True)
class CodeMatch:
    """A unit, item or account whose code or name is the typed text."""

    field: str  # unit_id, item_id or account_id — a DocumentQuery filter
    entry: PickEntry


def code_matches(reference: ReferenceCache, text: str, scope: set[int] | None) -> list[CodeMatch]:
    """What the query screen can filter by: units in the user's scope, accounts and
    items that documents are entered against (the lowest level)."""
    text = text.strip()
    if not text:
        return []
    candidates = [("unit_id", e) for e in reference.units(scope)]
    candidates += [("account_id", e) for e in reference.accounts() if e.usable]
    candidates += [("item_id", e) for kind in ItemKind for e in reference.items(kind) if e.usable]
    return [CodeMatch(field, e) for field, e in candidates if text in (e.code, e.name)][:SHOWN]


class GlobalSearch(QLineEdit):
    document_chosen = Signal(int)
    filter_chosen = Signal(object)  # a DocumentQuery for the query screen

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("globalSearch")
        self.setClearButtonEnabled(True)
        self.setFixedWidth(WIDTH)
        self.context = context
        self._reference = context.reference
        self._asked = 0  # answers to an earlier text are dropped
        self.popup = QListWidget()
        self.popup.setObjectName("globalSearchResults")
        self.popup.setWindowFlags(Qt.WindowType.Popup)
        self.popup.setMinimumWidth(460)
        self.popup.itemActivated.connect(self._chosen)
        self.popup.installEventFilter(self)
        self.returnPressed.connect(self.search)
        self.retranslate()

    def sizeHint(self) -> QSize:
        """The menu bar places its corner widget by the size hint alone."""
        return QSize(WIDTH, super().sizeHint().height())

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("单据号、编码、往来单位或摘要 (Ctrl+K)"))

    def search(self) -> None:
        text = self.text()
        query = query_for(text)
        if query is None:
            return
        self._asked += 1
        asked = self._asked
        me = self.context.login.auth.me
        codes = code_matches(self._reference, text, set(me.unit_ids) if me else set())

        def show(rows: list[SearchRowOut]) -> None:
            if asked == self._asked:
                self._show(codes, rows)

        self.context.run(
            self,
            lambda api: api.search.documents(query, limit=SHOWN).rows,
            show,
            say=self._show_note,
            failure=lambda _error: asked != self._asked,  # an earlier text's: dropped
        )

    def _show(self, codes: list[CodeMatch], rows: list[SearchRowOut]) -> None:
        self.popup.clear()
        names = {
            "unit_id": self.tr("预算单位"),
            "account_id": self.tr("会计科目"),
            "item_id": self.tr("收支科目"),
        }
        for match in codes:
            item = QListWidgetItem(
                self.tr("{what} {code} {name} — 查询其单据").format(
                    what=names[match.field], code=match.entry.code, name=match.entry.name
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, match)
            self.popup.addItem(item)
        for row in rows:
            text = "  ".join(
                part
                for part in (
                    row.number or self.tr("(未编号)"),
                    kind_name(row.kind),
                    row.doc_date.isoformat(),
                    format_money(row.amount),
                    row.counterparty,
                    row.summary,
                )
                if part
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.popup.addItem(item)
        if not codes and not rows:
            self._show_note(self.tr("没有找到与“{text}”相符的单据").format(text=self.text()))
            return
        self._open_popup()

    def _show_note(self, text: str) -> None:
        self.popup.clear()
        note = QListWidgetItem(text)
        note.setFlags(Qt.ItemFlag.NoItemFlags)
        self.popup.addItem(note)
        self._open_popup()

    def _open_popup(self) -> None:
        rows = max(1, self.popup.count())
        height = self.popup.sizeHintForRow(0) * min(rows, SHOWN) + 8
        self.popup.resize(max(self.width(), self.popup.minimumWidth()), height)
        below = self.mapToGlobal(QPoint(self.width() - self.popup.width(), self.height()))
        self.popup.move(below)
        self.popup.show()
        self.popup.setCurrentRow(0)
        self.popup.setFocus()

    def _chosen(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if value is None:
            return
        self.popup.hide()
        if isinstance(value, CodeMatch):
            self.filter_chosen.emit(DocumentQuery(**{value.field: value.entry.id}))
        else:
            self.document_chosen.emit(int(value))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the list chooses (the popup would otherwise swallow it)."""
        if watched is self.popup and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.popup.currentItem()
                if current is not None:
                    self._chosen(current)
                return True
        return super().eventFilter(watched, event)
