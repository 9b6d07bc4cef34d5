"""The query screen's filters (DOMAIN.md "Query, statistics and export"): kind,
status, dates, amounts, unit (with the units below it), words, and under 更多条件
the budget item, the voucher account, the maker and the reviewer; the sort; and
the filters in words, for the printed list.

The pickers offer what a search can find, not what an entry may use: retired
units and codes still name old documents, and a unit brings its whole subtree
(the server's rule), so every unit in the user's scope is offered. Items and
accounts are offered at the leaf level only, the level documents are entered at.
People are offered as the server names them (see people_filters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from client.core.labels import kind_name, status_name
from client.core.reference import PickEntry, ReferenceCache
from client.widgets.code_picker import CodePicker
from client.widgets.icons import retip
from client.widgets.money_edit import MoneyEdit
from client.workbench.query.people_filters import PeopleFilters, PersonPicker
from common.enums import DocumentKind, DocumentStatus
from common.money import format_money
from common.schemas.search import DocumentQuery, PersonOut, SortKey

NO_DATE = QDate(2000, 1, 1)  # shown as "不限"
SORTS = [
    (SortKey.DOC_DATE, True),
    (SortKey.DOC_DATE, False),
    (SortKey.AMOUNT, True),
    (SortKey.AMOUNT, False),
    (SortKey.UPDATED_AT, True),
    (SortKey.UPDATED_AT, False),
]


def sort_key(sort: SortKey, descending: bool) -> str:
    return f"{sort.value}:{'desc' if descending else 'asc'}"


class FilterBar(QWidget):
    """Filter widgets and the buttons that act on them; the page does the calls."""

    submitted = Signal()  # Enter in the words field, or on a code chosen in a picker
    sort_changed = Signal()  # the user chose another order
    people_wanted = Signal(str)  # typed in a person picker: ask the server who matches

    def __init__(self, reference: ReferenceCache, scope: Callable[[], set[int] | None]) -> None:
        super().__init__()
        self.setObjectName("queryFilters")
        self.reference = reference
        self._scope = scope
        self._names: dict[str, dict[int, str]] = {"unit": {}, "item": {}, "account": {}}
        self.kind = QComboBox()
        self.kind.setObjectName("queryKind")
        self.kind.addItem("", None)
        for kind in DocumentKind:
            self.kind.addItem(kind_name(kind), kind)
        self.status = QComboBox()
        self.status.setObjectName("queryStatus")
        self.status.addItem("", None)
        for status in DocumentStatus:
            self.status.addItem(status_name(status), status)
        self.date_from, self.date_to = self._date_edit(), self._date_edit()
        self.amount_min, self.amount_max = MoneyEdit(), MoneyEdit()
        for edit in (self.amount_min, self.amount_max):
            edit.setMaximumWidth(140)
        self.unit = self._picker("queryUnit")
        self.item = self._picker("queryItem")
        self.account = self._picker("queryAccount")
        self.people = PeopleFilters(self)
        self.people.edited.connect(self._count_more)
        self.people.entered.connect(self.submitted)
        self.people.wanted.connect(self.people_wanted)
        self.maker, self.reviewer = self.people.maker, self.people.reviewer
        self.text = QLineEdit()
        self.text.setObjectName("queryText")
        self.text.setClearButtonEnabled(True)
        self.text.setMaxLength(100)
        self.text.returnPressed.connect(self.submitted)
        self.sort = QComboBox()
        self.sort.setObjectName("querySort")
        for key, descending in SORTS:
            self.sort.addItem("", sort_key(key, descending))
        self.sort.currentIndexChanged.connect(lambda _index: self.sort_changed.emit())
        self.search_button = QPushButton()
        self.search_button.setObjectName("querySearch")
        self.search_button.setDefault(True)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("queryReset")
        self.more_button = QToolButton()
        self.more_button.setObjectName("queryMore")
        self.more_button.setCheckable(True)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setAutoRaise(True)
        self.more_button.toggled.connect(self._show_more)
        self.print_button = QPushButton()
        self.print_button.setObjectName("queryPrint")
        self.export_button = QPushButton()
        self.export_button.setObjectName("queryExport")
        names = ["kind", "status", "date", "amount", "unit", "text", "item", "account", "sort"]
        self.captions = {name: QLabel() for name in names}
        self.to_labels = [QLabel(), QLabel()]
        self._lay_out()
        self._show_more(False)
        self.retranslate()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(" ")
        edit.setDate(NO_DATE)
        return edit

    def _picker(self, name: str) -> CodePicker:
        picker = CodePicker()
        picker.setObjectName(name)
        picker.setClearButtonEnabled(True)
        picker.setMinimumWidth(220)
        picker.textChanged.connect(lambda _text: self._count_more())
        picker.entered.connect(self.submitted)  # Enter on a chosen code searches
        return picker

    def _lay_out(self) -> None:
        """Two rows that are always there, a third under 更多条件, then the buttons
        (with the order, print and export on the right): about 700 px at least,
        980 at most, however wide the window."""
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        c = self.captions
        for row, (first, second, third) in enumerate(
            (
                (("kind", self.kind), ("date", self.date_from, self.date_to), ("unit", self.unit)),
                (
                    ("status", self.status),
                    ("amount", self.amount_min, self.amount_max),
                    ("text", self.text),
                ),
            )
        ):
            grid.addWidget(c[first[0]], row, 0)
            grid.addWidget(first[1], row, 1)
            grid.addWidget(c[second[0]], row, 2)
            grid.addWidget(second[1], row, 3)
            grid.addWidget(self.to_labels[row], row, 4)
            grid.addWidget(second[2], row, 5)
            grid.addWidget(c[third[0]], row, 6)
            grid.addWidget(third[1], row, 7)
        grid.addWidget(c["item"], 2, 0)
        grid.addWidget(self.item, 2, 1, 1, 5)
        grid.addWidget(c["account"], 2, 6)
        grid.addWidget(self.account, 2, 7)
        grid.addWidget(self.people.captions["maker"], 3, 0)
        maker = QHBoxLayout()
        maker.addWidget(self.maker, 1)
        maker.addWidget(self.people.mine)
        grid.addLayout(maker, 3, 1, 1, 5)
        grid.addWidget(self.people.captions["reviewer"], 3, 6)
        grid.addWidget(self.reviewer, 3, 7)
        grid.setColumnStretch(7, 1)
        buttons = QHBoxLayout()
        left: list[QWidget] = [self.search_button, self.reset_button, self.more_button]
        right: list[QWidget] = [c["sort"], self.sort, self.print_button, self.export_button]
        for widget in left:
            buttons.addWidget(widget)
        buttons.addStretch(1)
        for widget in right:
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        self.setMaximumWidth(980)  # wide screens keep the filters together on the left

    def _more_widgets(self) -> list[QWidget]:
        c = self.captions
        return [c["item"], self.item, c["account"], self.account, *self.people.widgets()]

    def _show_more(self, shown: bool) -> None:
        for widget in self._more_widgets():
            widget.setVisible(shown)
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._count_more()

    def _count_more(self) -> None:
        """A folded section says how many of its filters are set, so none is forgotten."""
        count = sum(1 for picker in (self.item, self.account) if picker.text().strip())
        count += self.people.count()
        text = self.tr("更多条件")
        if count and not self.more_button.isChecked():
            text = self.tr("更多条件({count})").format(count=count)
        self.more_button.setText(text)
        retip(self.more_button)

    def retranslate(self) -> None:
        self.kind.setItemText(0, self.tr("全部类别"))
        self.status.setItemText(0, self.tr("全部状态"))
        captions = {
            "kind": self.tr("类别"),
            "status": self.tr("状态"),
            "date": self.tr("日期"),
            "amount": self.tr("金额"),
            "unit": self.tr("单位"),
            "text": self.tr("摘要或对方"),
            "item": self.tr("收支项目"),
            "account": self.tr("会计科目"),
            "sort": self.tr("排序"),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
        for label in self.to_labels:
            label.setText(self.tr("至"))
        self.unit.setPlaceholderText(self.tr("全部单位(可输入编码、名称或拼音首字母)"))
        self.unit.setToolTip(self.tr("选中的单位连同其下属单位"))
        self.item.setPlaceholderText(self.tr("全部项目"))
        self.account.setPlaceholderText(self.tr("全部科目(只对凭证)"))
        self.people.retranslate()
        self.text.setPlaceholderText(self.tr("词语之间用空格分开,顺序不限"))
        for index, (key, descending) in enumerate(SORTS):
            self.sort.setItemText(index, self.sort_name(key, descending))
        self.search_button.setText(self.tr("查询"))
        self.reset_button.setText(self.tr("清空条件"))
        self.print_button.setText(self.tr("打印…"))
        self.export_button.setText(self.tr("导出 Excel…"))
        self._count_more()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def sort_name(self, key: SortKey, descending: bool) -> str:
        return {
            (SortKey.DOC_DATE, True): self.tr("日期从新到旧"),
            (SortKey.DOC_DATE, False): self.tr("日期从旧到新"),
            (SortKey.AMOUNT, True): self.tr("金额从大到小"),
            (SortKey.AMOUNT, False): self.tr("金额从小到大"),
            (SortKey.UPDATED_AT, True): self.tr("最近修改的在前"),
            (SortKey.UPDATED_AT, False): self.tr("最早修改的在前"),
        }[(key, descending)]

    # -- reference data -----------------------------------------------------
    def reference_loaded(self) -> None:
        """Fill the pickers; a remembered choice that is no longer offered is dropped."""
        data = self.reference.data
        if data is None:
            return
        units = [PickEntry(u.id, u.code, u.name) for u in self.reference.units(self._scope())]
        items = [PickEntry(i.id, i.code, i.name, i.is_leaf) for i in data.items]
        accounts = [PickEntry(a.id, a.code, a.name, a.is_leaf) for a in data.accounts]
        for name, picker, entries in (
            ("unit", self.unit, units),
            ("item", self.item, items),
            ("account", self.account, accounts),
        ):
            self._names[name] = {e.id: e.label for e in entries}
            picker.set_entries(entries)
            if picker.current_id is not None and picker.current_id not in self._names[name]:
                picker.set_current(None)

    # -- the query ----------------------------------------------------------
    def unresolved(self) -> str | None:
        """The caption of a picker holding text that names nothing, if any: searching
        without that filter would look like searching with it."""
        for name, picker in (("unit", self.unit), ("item", self.item), ("account", self.account)):
            if picker.text().strip() and picker.current_id is None:
                return self.captions[name].text()
        return self.people.unresolved()

    def query(self) -> DocumentQuery:
        def day(edit: QDateEdit) -> dt.date | None:
            value = edit.date()
            return None if value == NO_DATE else dt.date(value.year(), value.month(), value.day())

        key, descending = self.current_sort()
        return DocumentQuery(
            kind=self.kind.currentData(),
            statuses=[self.status.currentData()] if self.status.currentData() else [],
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            unit_id=self._chosen(self.unit),
            item_id=self._chosen(self.item),
            account_id=self._chosen(self.account),
            maker_id=self._chosen(self.maker),
            reviewer_id=self._chosen(self.reviewer),
            amount_min=self.amount_min.value(),
            amount_max=self.amount_max.value(),
            text=self.text.text().strip(),
            sort=key,
            descending=descending,
        )

    @staticmethod
    def _chosen(picker: CodePicker | PersonPicker) -> int | None:
        """A choice not shown (its name not yet loaded) is not searched by: the
        filters searched are the filters the user sees."""
        return picker.current_id if picker.text().strip() else None

    def current_sort(self) -> tuple[SortKey, bool]:
        return SORTS[max(self.sort.currentIndex(), 0)]

    def show_query(self, query: DocumentQuery, people: list[PersonOut] | None = None) -> None:
        """Put the query on screen; ``people`` names its maker and reviewer."""
        self.kind.setCurrentIndex(max(self.kind.findData(query.kind), 0))
        status = query.statuses[0] if query.statuses else None
        self.status.setCurrentIndex(max(self.status.findData(status), 0))
        for edit, value in ((self.date_from, query.date_from), (self.date_to, query.date_to)):
            edit.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
        self.amount_min.set_value(query.amount_min)
        self.amount_max.set_value(query.amount_max)
        self.unit.set_current(query.unit_id)
        self.item.set_current(query.item_id)
        self.account.set_current(query.account_id)
        self.people.show(query, people or [])
        self.text.setText(query.text)
        self.set_sort(query.sort, query.descending, announce=False)
        more = (query.item_id, query.account_id, query.maker_id, query.reviewer_id)
        if any(chosen is not None for chosen in more):
            self.more_button.setChecked(True)

    def set_sort(self, key: SortKey, descending: bool, *, announce: bool = True) -> None:
        index = max(self.sort.findData(sort_key(key, descending)), 0)
        if announce:
            self.sort.setCurrentIndex(index)
            return
        blocker = QSignalBlocker(self.sort)
        self.sort.setCurrentIndex(index)
        blocker.unblock()

    def describe(self, query: DocumentQuery) -> list[tuple[str, str]]:
        """The filters in words, as the bar names them (for the printed list)."""
        c = {name: label.text() for name, label in self.captions.items()}
        found: list[tuple[str, str]] = []
        if query.kind is not None:
            found.append((c["kind"], kind_name(query.kind)))
        if query.statuses:
            found.append((c["status"], "、".join(status_name(s) for s in query.statuses)))
        dates = self._dates(query.date_from, query.date_to)
        if dates:
            found.append((c["date"], dates))
        amounts = self._amounts(query.amount_min, query.amount_max)
        if amounts:
            found.append((c["amount"], amounts))
        for name, chosen in (
            ("unit", query.unit_id),
            ("item", query.item_id),
            ("account", query.account_id),
        ):
            if chosen is not None:
                label = self._names[name].get(chosen, f"#{chosen}")
                if name == "unit":
                    label = self.tr("{unit}(含下属单位)").format(unit=label)
                found.append((c[name], label))
        found += self.people.describe(query)
        if query.text:
            found.append((c["text"], self.tr("含“{words}”").format(words=query.text)))
        found.append((c["sort"], self.sort_name(query.sort, query.descending)))
        return found

    def _dates(self, low: dt.date | None, high: dt.date | None) -> str:
        if low is not None and high is not None:
            return self.tr("{low} 至 {high}").format(low=low.isoformat(), high=high.isoformat())
        if low is not None:
            return self.tr("自 {low} 起").format(low=low.isoformat())
        if high is not None:
            return self.tr("截至 {high}").format(high=high.isoformat())
        return ""

    def _amounts(self, low: Decimal | None, high: Decimal | None) -> str:
        if low is not None and high is not None:
            return self.tr("{low} 至 {high}").format(low=format_money(low), high=format_money(high))
        if low is not None:
            return self.tr("不低于 {low}").format(low=format_money(low))
        if high is not None:
            return self.tr("不超过 {high}").format(high=format_money(high))
        return ""
