"""The manual's window: contents at the left, search above them, the page at the
right with the searched words highlighted and scrolled to; back and forward.

Pages are Markdown (resources/manual/<language>/<id>.md) rendered to HTML by
markdown-it-py into a QTextBrowser (no web engine); screenshots come from
resources/manual/images. Search runs in client/help/search.py over the pages
and, when given, the administrators' FAQ (``set_faq``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.help import manual
from client.help.search import HelpDocument, HelpIndex, SearchHit, faq_documents
from client.widgets import look
from client.widgets.icons import dress

HIGHLIGHT = look.HIGHLIGHT
SEARCH_DELAY_MS = 200
IMAGE_WIDTH = 760  # screenshots are 1280 wide; shown at a readable size


@dataclass(frozen=True)
class Shown:
    page_id: str
    hit: str


def _marked(html: str) -> str:
    """Qt's rich text knows no <mark>: a coloured background instead."""
    return html.replace("<mark>", f'<span style="background-color:{HIGHLIGHT.name()}">').replace(
        "</mark>", "</span>"
    )


class HelpWindow(QWidget):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("helpWindow")
        self.language = manual.manual_language(language)
        self.index = HelpIndex()
        self.faq: dict[str, HelpDocument] = {}
        self._faq_entries: list[Mapping[str, object]] = []
        self.history: list[Shown] = []
        self.position = -1
        self.current_page: str | None = None
        self.current_hit = ""

        self.back_button = QToolButton()
        self.back_button.setObjectName("helpBack")
        self.back_button.clicked.connect(self.back)
        self.forward_button = QToolButton()
        self.forward_button.setObjectName("helpForward")
        self.forward_button.clicked.connect(self.forward)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("helpSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _text: self.search_timer.start())
        self.search_edit.returnPressed.connect(self._search_now)
        self.results_label = QLabel()
        self.results_label.setObjectName("helpResultCount")
        self.results = QListWidget()
        self.results.setObjectName("helpResults")
        self.results.setWordWrap(True)
        self.results.currentItemChanged.connect(self._result_chosen)
        self.results.itemActivated.connect(lambda item: self._result_chosen(item, None))
        self.tree = QTreeWidget()
        self.tree.setObjectName("helpContents")
        self.tree.setHeaderHidden(True)
        self.tree.itemClicked.connect(self._tree_chosen)
        self.tree.itemActivated.connect(self._tree_chosen)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpPage")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        self.browser.setSearchPaths([str(manual.MANUAL_DIR)])

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.forward_button)
        top.addWidget(self.search_edit, 1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.results_label)
        column.addWidget(self.results, 1)
        column.addWidget(self.tree, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        for keys, slot in (
            (QKeySequence.StandardKey.Back, self.back),
            (QKeySequence.StandardKey.Forward, self.forward),
            (QKeySequence.StandardKey.Find, self._focus_search),
        ):
            QShortcut(keys, self).activated.connect(slot)
        self.resize(1100, 760)
        self._load()
        self.retranslate()

    # -- content -----------------------------------------------------------
    def _load(self) -> None:
        self.index = HelpIndex(manual.documents(self.language))
        self.index.add(self.faq.values())
        self.tree.clear()
        self.tree_items: dict[str, QTreeWidgetItem] = {}
        for section in manual.contents().sections:
            top = QTreeWidgetItem([section.title(self.language)])
            top.setData(0, Qt.ItemDataRole.UserRole, None)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(top)
            for entry in section.pages:
                page = manual.read_page(entry.id, self.language)
                item = QTreeWidgetItem([page.title])
                item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
                top.addChild(item)
                self.tree_items[entry.id] = item
        self.tree.expandAll()

    def set_language(self, language: str) -> None:
        wanted = manual.manual_language(language)
        if wanted == self.language:
            return
        self.language = wanted
        self.faq = {d.id: d for d in faq_documents(self._faq_entries, self.language)}
        self._load()
        self.retranslate()
        if self.current_page is not None:
            known = self.current_page in self.faq or self.current_page in self.tree_items
            page = self.current_page if known else manual.contents().first_page()
            self.show_page(page, remember=not known)
        if self.search_edit.text():
            self.run_search()

    def set_faq(self, entries: Iterable[Mapping[str, object]]) -> None:
        """The administrators' FAQ ({id, question, answer, tags, language}): searched
        and ranked with the pages, in the window's language."""
        self._faq_entries = list(entries)
        self.index.remove_kind("faq")
        self.faq = {d.id: d for d in faq_documents(self._faq_entries, self.language)}
        self.index.add(self.faq.values())

    # -- showing -----------------------------------------------------------
    def show_screen(self, key: str) -> str:
        """The page of the screen ``key`` (the contents' first page when none)."""
        found = manual.contents().page_for_screen(key) or manual.contents().first_page()
        self.show_page(found)
        return found

    def show_page(self, page_id: str, hit: str = "", *, remember: bool = True) -> None:
        if page_id in self.faq:
            document = self.faq[page_id]
            html = f"<h1>{_escape(document.title)}</h1>" + manual.render(document.body)
        else:
            page = manual.read_page(page_id, self.language)
            html = page.html()
        html = html.replace("<img ", f'<img width="{IMAGE_WIDTH}" ')
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(manual.MANUAL_DIR) + "/"))
        self.browser.setHtml(html)
        self.current_page, self.current_hit = page_id, hit
        if remember:
            del self.history[self.position + 1 :]
            self.history.append(Shown(page_id, hit))
            self.position = len(self.history) - 1
        self._highlight(hit)
        item = self.tree_items.get(page_id)
        if item is not None:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(item)
            self.tree.blockSignals(False)
        self._update_buttons()

    def highlighted(self) -> list[str]:
        """The texts highlighted on the page now (for tests and the curious)."""
        return [s.cursor.selectedText() for s in self.browser.extraSelections()]

    def _highlight(self, hit: str) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        document = self.browser.document()
        first: QTextCursor | None = None
        if hit:
            found = QTextCharFormat()
            found.setBackground(HIGHLIGHT)
            cursor = document.find(hit, 0)
            while not cursor.isNull() and len(selections) < 200:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = found
                selections.append(selection)
                first = first or QTextCursor(cursor)
                cursor = document.find(hit, cursor, QTextDocument.FindFlag(0))
        self.browser.setExtraSelections(selections)
        if first is not None:
            shown = QTextCursor(first)
            shown.clearSelection()
            self.browser.setTextCursor(shown)
            self.browser.ensureCursorVisible()
        else:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)

    # -- search ------------------------------------------------------------
    def _search_now(self) -> None:
        self.search_timer.stop()
        self.run_search()
        if self.results.count():
            self.results.setCurrentRow(0)

    def run_search(self) -> list[SearchHit]:
        query = self.search_edit.text().strip()
        hits = self.index.search(query) if query else []
        self.results.blockSignals(True)
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, (hit.id, hit.hit))
            item.setToolTip(hit.snippet)
            self.results.addItem(item)
            label = QLabel(
                f"<b>{_escape(hit.title)}</b>"
                + (self.tr("(常见问题)") if hit.kind == "faq" else "")
                + f"<br><span style='color:{look.MUTED.name()}'>{_marked(hit.snippet_html)}</span>"
            )
            label.setObjectName("helpResult")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            item.setSizeHint(label.sizeHint())
            self.results.setItemWidget(item, label)
        self.results.blockSignals(False)
        self.results.setVisible(bool(query))
        self.results_label.setVisible(bool(query))
        self.results_label.setText(
            self.tr("找到 {n} 个结果").format(n=len(hits)) if hits else self.tr("没有找到")
        )
        return hits

    def result_texts(self) -> list[str]:
        found = []
        for row in range(self.results.count()):
            widget = self.results.itemWidget(self.results.item(row))
            found.append(widget.text() if isinstance(widget, QLabel) else "")
        return found

    def _result_chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        page_id, hit = item.data(Qt.ItemDataRole.UserRole)
        self.show_page(page_id, hit)

    def _tree_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        page_id = item.data(0, Qt.ItemDataRole.UserRole)
        if page_id:
            self.show_page(page_id)

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        if target.endswith(".md"):
            self.show_page(target.rsplit("/", 1)[-1][:-3])

    # -- history -----------------------------------------------------------
    def back(self) -> None:
        if self.position > 0:
            self.position -= 1
            shown = self.history[self.position]
            self.show_page(shown.page_id, shown.hit, remember=False)

    def forward(self) -> None:
        if self.position < len(self.history) - 1:
            self.position += 1
            shown = self.history[self.position]
            self.show_page(shown.page_id, shown.hit, remember=False)

    def _update_buttons(self) -> None:
        self.back_button.setEnabled(self.position > 0)
        self.forward_button.setEnabled(self.position < len(self.history) - 1)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("使用手册") + " — Countersign")
        self.back_button.setText(self.tr("后退"))
        self.forward_button.setText(self.tr("前进"))
        self.search_edit.setPlaceholderText(self.tr("搜索手册,如:冲销、退回、结账"))
        self.results.setVisible(bool(self.search_edit.text().strip()))
        self.results_label.setVisible(bool(self.search_edit.text().strip()))
        dress(self)
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
