"""The list table every list screen uses: a click on a header sorts by what the
column means (sizes as numbers), the filter box narrows and says how many match,
and the selected row is the row the user sees selected, however it is sorted."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.widgets.list_table import ListTable
from client.widgets.rows_model import RowsModel


@dataclass(frozen=True)
class File:
    name: str
    size: int


class FilesModel(RowsModel[File]):
    COLUMNS = ("name", "size")

    def titles(self) -> dict[str, str]:
        return {"name": "名称", "size": "大小"}

    def text(self, row: File, column: str) -> str:
        return row.name if column == "name" else f"{row.size:,}"

    def sort_key(self, row: File, column: str) -> object | None:
        return row.size if column == "size" else None


FILES = [File("甲-备份", 900), File("乙-备份", 12_000), File("丙-日志", 35)]


def shown_names(table: ListTable[File]) -> list[str]:
    return [table.view.index(row, 0).data() for row in range(table.view.rowCount())]


def test_sorting_filtering_and_the_selection_follow_the_rows(qtbot: QtBot) -> None:
    model = FilesModel()
    table = ListTable(model, "files")
    qtbot.addWidget(table)
    model.set_rows(list(FILES))
    assert shown_names(table) == ["甲-备份", "乙-备份", "丙-日志"]  # as the server sent them
    assert table.count_label.text() == "共 3 条"

    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert shown_names(table) == ["乙-备份", "甲-备份", "丙-日志"]  # 12,000 > 900 > 35
    table.select_shown(0)
    assert table.selected() == File("乙-备份", 12_000)

    table.filter_edit.setText("备份")
    assert shown_names(table) == ["乙-备份", "甲-备份"]
    assert table.count_label.text() == "筛选出 2 条 / 共 3 条"
    assert table.select_where(lambda f: f.size == 900)
    assert table.selected() == File("甲-备份", 900)
    assert not table.select_where(lambda f: f.name == "丙-日志")  # filtered out: not offered

    table.total = 3_000  # a long list still arriving
    table.show_count()
    assert table.count_label.text() == "共 3,000 条,已载入 3 条…"
