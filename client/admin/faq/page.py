"""常见问题 in the console: the questions users ask again and again, answered once,
in each language; users find them with the manual's search (帮助 → 使用手册)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from client.admin.page_base import AdminPage, ask_yes_no, lay_out_list_page, page_title
from client.core.i18n import LANGUAGE_NAMES
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable
from client.widgets.local_time import local_time
from client.widgets.look import hint_label
from client.widgets.rows_model import RowsModel
from common.enums import Language
from common.schemas.faq import FaqIn, FaqOut


def split_tags(text: str) -> list[str]:
    """Tags as typed: separated by commas (either width), 、 or spaces."""
    for mark in (",", "、", ";", ";"):
        text = text.replace(mark, ",")
    return [tag.strip() for tag in text.replace(" ", ",").split(",") if tag.strip()]


class FaqModel(RowsModel[FaqOut]):
    COLUMNS = ("language", "question", "tags", "updated")

    def titles(self) -> dict[str, str]:
        return {
            "language": self.tr("语言"),
            "question": self.tr("问题"),
            "tags": self.tr("标签"),
            "updated": self.tr("最后修改"),
        }

    def text(self, row: FaqOut, column: str) -> str:
        if column == "language":
            return LANGUAGE_NAMES[row.language]
        if column == "question":
            return row.question
        if column == "tags":
            return "、".join(row.tags)
        return f"{row.updated_by} {local_time(row.updated_at)}"


class FaqPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("faqMessage")
        self._generation = 0
        self.title = page_title("faqTitle")
        self.language = QComboBox()
        self.language.setObjectName("faqLanguage")
        for language, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, language.value)
        self.question = QLineEdit()
        self.question.setObjectName("faqQuestion")
        self.question.setMaxLength(300)
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("faqAnswer")
        self.answer.setMaximumHeight(110)
        self.tags = QLineEdit()
        self.tags.setObjectName("faqTags")
        form_box = QWidget()
        form = QFormLayout(form_box)
        self.captions: dict[str, QLabel] = {}
        for key, widget in (
            ("language", self.language),
            ("question", self.question),
            ("answer", self.answer),
            ("tags", self.tags),
        ):
            self.captions[key] = QLabel()
            form.addRow(self.captions[key], widget)
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("add", self.add),
            ("save", self.save),
            ("delete", self.delete),
            ("refresh", self.refresh),
        ):
            button = QPushButton()
            button.setObjectName(f"faq_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = FaqModel()
        self.table = ListTable(self.model, "faqTable", stretch=1)
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.hint = hint_label()
        lay_out_list_page(
            self,
            left=[self.title],
            table=self.table,
            actions=[self.buttons[k] for k in ("add", "save", "delete", "refresh")],
            message=self.message,
            hint=self.hint,
            above=[form_box],
        )
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("常见问题"))
        for key, caption in (
            ("language", self.tr("语言")),
            ("question", self.tr("问题")),
            ("answer", self.tr("答案")),
            ("tags", self.tr("标签")),
        ):
            self.captions[key].setText(caption)
        self.tags.setPlaceholderText(self.tr("以逗号分隔,如:凭证, 冲销"))
        self.buttons["add"].setText(self.tr("新增"))
        self.buttons["save"].setText(self.tr("保存修改"))
        self.buttons["delete"].setText(self.tr("删除"))
        self.buttons["refresh"].setText(self.tr("刷新"))
        self.table.retranslate()
        self.model.retranslate()
        self.hint.setText(
            self.tr(
                "常见问题与使用手册一起被搜索(帮助 → 使用手册),用户只看到其界面语言的条目。"
                "选中一行可修改或删除;每次修改都记入操作日志。"
            )
        )

    def clear(self) -> None:
        self._generation += 1
        self.model.set_rows([])
        self.message.clear()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation

        def loaded(found: list[FaqOut]) -> None:
            if generation == self._generation:
                self.model.set_rows(found)

        self.run(lambda api: api.faq.every(), loaded)

    def _chosen(self) -> None:
        chosen = self.table.selected()
        if chosen is None:
            return
        self.language.setCurrentIndex(self.language.findData(chosen.language.value))
        self.question.setText(chosen.question)
        self.answer.setPlainText(chosen.answer)
        self.tags.setText(", ".join(chosen.tags))

    def entered(self) -> FaqIn | None:
        question, answer = self.question.text().strip(), self.answer.toPlainText().strip()
        if len(question) < 2 or len(answer) < 2:
            self.say_error(self.tr("请填写问题与答案"))
            return None
        return FaqIn(
            language=Language(self.language.currentData()),
            question=question,
            answer=answer,
            tags=split_tags(self.tags.text()),
        )

    def add(self) -> None:
        entry = self.entered()
        if entry is None:
            return

        def added(found: FaqOut) -> None:
            self.say(self.tr("已新增:{question}").format(question=found.question))
            self.refresh()

        self.run(lambda api: api.faq.create(entry), added)

    def save(self) -> None:
        chosen, entry = self.table.selected(), self.entered()
        if chosen is None or entry is None:
            if chosen is None:
                self.say_error(self.tr("请先在列表中选中要修改的条目"))
            return
        entry_id = chosen.id

        def saved(found: FaqOut) -> None:
            self.say(self.tr("已保存:{question}").format(question=found.question))
            self.refresh()

        self.run(lambda api: api.faq.update(entry_id, entry), saved)

    def delete(self) -> None:
        chosen = self.table.selected()
        if chosen is None:
            return
        entry_id, question = chosen.id, chosen.question

        def deleted(_: None) -> None:
            self.say(self.tr("已删除:{question}").format(question=question))
            self.refresh()

        self.pending_confirm = ask_yes_no(
            self,
            "faqDeleteConfirm",
            self.tr("删除常见问题"),
            self.tr("删除“{question}”?").format(question=question),
            on_yes=lambda: self.run(lambda api: api.faq.delete(entry_id), deleted),
            on_closed=self._confirm_closed,
        )
