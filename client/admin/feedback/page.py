"""问题反馈 in the console: the users' reports, newest first, by state; the chosen
one in full beside the list (what they wrote, the picture of their window, the
log they agreed to send, the answers so far); an answer reaches the user's
messages, and a report is closed when there is nothing more to do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.admin.page_base import AdminPage, lay_out_list_page, page_title
from client.core.i18n import current_language
from client.core.labels import shown
from client.help import manual
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable
from client.widgets.local_time import local_time
from client.widgets.look import hint_label
from client.widgets.rows_model import RowsModel
from common.schemas.feedback import FeedbackAnswerIn, FeedbackDetailOut, FeedbackOut, FeedbackState

SUMMARY = 40  # characters of the description in the list
PICTURE_HEIGHT = 150


def screen_name(key: str) -> str:
    """The screen a report came from as its manual page calls it (凭证录入, not
    voucher); the key itself for a screen the manual does not know."""
    page_id = manual.contents().page_for_screen(key) if key else None
    if page_id is None:
        return key
    return manual.read_page(page_id, manual.manual_language(current_language().value)).title


class FeedbackModel(RowsModel[FeedbackOut]):
    COLUMNS = ("id", "state", "who", "screen", "at", "description", "extras")

    def titles(self) -> dict[str, str]:
        return {
            "id": self.tr("编号"),
            "state": self.tr("状态"),
            "who": self.tr("用户"),
            "screen": self.tr("界面"),
            "at": self.tr("时间"),
            "description": self.tr("描述"),
            "extras": self.tr("附带"),
        }

    def text(self, row: FeedbackOut, column: str) -> str:
        if column == "id":
            return str(row.id)
        if column == "state":
            return shown(row.state)
        if column == "who":
            return f"{row.display_name}({row.username})"
        if column == "screen":
            return screen_name(row.screen)
        if column == "at":
            return local_time(row.created_at)
        if column == "description":
            line = row.description.splitlines()[0] if row.description else ""
            return line if len(line) <= SUMMARY else line[: SUMMARY - 1] + "…"
        extras = []
        if row.has_screenshot:
            extras.append(self.tr("截图"))
        if row.has_log:
            extras.append(self.tr("日志"))
        return "、".join(extras)


class FeedbackPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("feedbackMessage")
        self._generation = 0
        self._detail_generation = 0
        self.detail: FeedbackDetailOut | None = None
        self.title = page_title("feedbackTitle")
        self.state = QComboBox()
        self.state.setObjectName("feedbackState")
        self.state.addItem("", "")  # all, newest first: an answered one stays in view
        self.state.addItem("", FeedbackState.OPEN.value)
        self.state.addItem("", FeedbackState.ANSWERED.value)
        self.state.addItem("", FeedbackState.CLOSED.value)
        self.state.currentIndexChanged.connect(self.refresh)
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("answer", lambda: self.answer(close=False)),
            ("answer_close", lambda: self.answer(close=True)),
            ("close", self.close_report),
            ("refresh", self.refresh),
        ):
            button = QPushButton()
            button.setObjectName(f"feedback_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = FeedbackModel()
        self.table = ListTable(self.model, "feedbackTable", stretch=5)
        self.table.selectionModel().selectionChanged.connect(self._chosen)

        self.description = QPlainTextEdit()
        self.description.setObjectName("feedbackDetailDescription")
        self.description.setReadOnly(True)
        self.original = QPixmap()  # as the user's window was; shown scaled to the box
        self.picture = QLabel()
        self.picture.setObjectName("feedbackScreenshot")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumHeight(PICTURE_HEIGHT)
        # the scaled picture follows the box, never the other way round
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.full_size = QPushButton()
        self.full_size.setObjectName("feedback_full_size")
        self.full_size.clicked.connect(self.show_full_size)
        self.full_view: QDialog | None = None
        picture_box = self.picture
        self.log = QPlainTextEdit()
        self.log.setObjectName("feedbackDetailLog")
        self.log.setReadOnly(True)
        self.replies = QPlainTextEdit()
        self.replies.setObjectName("feedbackReplies")
        self.replies.setReadOnly(True)
        self.answer_edit = QPlainTextEdit()
        self.answer_edit.setObjectName("feedbackAnswer")
        self.answer_edit.setMaximumHeight(90)
        self.captions = {key: QLabel() for key in ("description", "picture", "log", "replies")}
        self.captions["answer"] = QLabel()
        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 0, 0, 0)
        for key, widget in (
            ("description", self.description),
            ("picture", picture_box),
            ("log", self.log),
            ("replies", self.replies),
            ("answer", self.answer_edit),
        ):
            column.addWidget(self.captions[key])
            column.addWidget(widget, 2 if key == "picture" else 1)
        actions = QHBoxLayout()
        actions.addWidget(self.full_size)
        actions.addStretch(1)
        for key in ("answer", "answer_close", "close"):
            actions.addWidget(self.buttons[key])
        column.addLayout(actions)
        detail_area = QScrollArea()  # on a small screen the detail scrolls, the page fits
        detail_area.setObjectName("feedbackDetailArea")
        detail_area.setWidget(detail)
        detail_area.setWidgetResizable(True)
        detail_area.setFrameShape(QFrame.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_area)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.splitterMoved.connect(lambda *_: self._fit_picture())
        body = QVBoxLayout()
        body.addWidget(splitter)
        self.hint = hint_label()
        lay_out_list_page(
            self,
            left=[self.title],
            table=self.table,
            actions=[self.state, self.buttons["refresh"]],
            message=self.message,
            hint=self.hint,
            body=body,
        )
        context.login.auth.logged_out.connect(self.clear)
        self._show_detail(None)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("问题反馈"))
        names = {
            FeedbackState.OPEN.value: shown(FeedbackState.OPEN),
            FeedbackState.ANSWERED.value: shown(FeedbackState.ANSWERED),
            FeedbackState.CLOSED.value: shown(FeedbackState.CLOSED),
            "": self.tr("全部"),
        }
        for index in range(self.state.count()):
            self.state.setItemText(index, names[self.state.itemData(index)])
        for key, caption in (
            ("description", self.tr("问题描述")),
            ("picture", self.tr("窗口截图")),
            ("log", self.tr("程序日志(用户发送前已隐去令牌与密码)")),
            ("replies", self.tr("已答复")),
            ("answer", self.tr("答复")),
        ):
            self.captions[key].setText(caption)
        self.buttons["answer"].setText(self.tr("答复"))
        self.buttons["answer_close"].setText(self.tr("答复并关闭"))
        self.buttons["close"].setText(self.tr("关闭"))
        self.buttons["refresh"].setText(self.tr("刷新"))
        self.full_size.setText(self.tr("查看原图"))
        self.table.retranslate()
        self.model.retranslate()
        self.hint.setText(
            self.tr(
                "用户在客户端“帮助 → 问题反馈”或出错提示处发送的问题。"
                "答复会出现在该用户的消息提醒中;处理完毕后关闭。问题与答复都会保留,不能修改。"
            )
        )

    def clear(self) -> None:
        self._generation += 1
        self.model.set_rows([])
        self._show_detail(None)
        self.message.clear()

    def chosen_state(self) -> FeedbackState | None:
        value = self.state.currentData()
        return FeedbackState(value) if value else None

    def refresh(self) -> None:
        self._generation += 1
        generation, state = self._generation, self.chosen_state()
        keep = self.detail.id if self.detail is not None else None

        def loaded(found: list[FeedbackOut]) -> None:
            if generation != self._generation:
                return
            self.model.set_rows(found)
            if keep is None or not self.table.select_where(lambda row: row.id == keep):
                self._show_detail(None)

        self.run(lambda api: api.feedback.listing(state), loaded)

    def _chosen(self) -> None:
        chosen = self.table.selected()
        if chosen is None:
            self._show_detail(None)
            return
        self._detail_generation += 1
        generation, feedback_id = self._detail_generation, chosen.id

        def loaded(found: FeedbackDetailOut) -> None:
            if generation == self._detail_generation:  # only the one asked for last
                self._show_detail(found)

        self.run(lambda api: api.feedback.detail(feedback_id), loaded)

    def _show_detail(self, found: FeedbackDetailOut | None) -> None:
        self.detail = found
        self.description.setPlainText(found.description if found else "")
        self.original = QPixmap()
        if found is not None and found.screenshot:
            self.original.loadFromData(found.screenshot, "PNG")
        self._fit_picture()
        self.full_size.setEnabled(not self.original.isNull())
        self.log.setPlainText((found.log or self.tr("(未附日志)")) if found else "")
        self.replies.setPlainText(
            "\n\n".join(f"{local_time(r.created_at)} {r.author}:\n{r.body}" for r in found.replies)
            if found
            else ""
        )
        open_ = found is not None and found.state is not FeedbackState.CLOSED
        for key in ("answer", "answer_close", "close"):
            self.buttons[key].setEnabled(open_)
        self.answer_edit.setEnabled(open_)

    def _fit_picture(self) -> None:
        if self.original.isNull():
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.tr("(无截图)"))
            return
        box = self.picture.size()
        self.picture.setPixmap(
            self.original.scaled(
                max(box.width(), 80),
                max(box.height(), PICTURE_HEIGHT),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_picture()

    def show_full_size(self) -> None:
        """The user's window as it was, pixel for pixel, scrollable."""
        if self.original.isNull():
            return
        dialog = QDialog(self)
        dialog.setObjectName("feedbackFullSize")
        dialog.setWindowTitle(self.tr("窗口截图"))
        shown_picture = QLabel()
        shown_picture.setPixmap(self.original)
        area = QScrollArea()
        area.setWidget(shown_picture)
        QVBoxLayout(dialog).addWidget(area)
        dialog.resize(min(self.original.width() + 40, 1400), min(self.original.height() + 40, 900))
        self.full_view = dialog
        dialog.open()

    def answer(self, *, close: bool) -> None:
        if self.detail is None:
            return
        text = self.answer_edit.toPlainText().strip()
        if not text:
            self.say_error(self.tr("请填写答复"))
            return
        feedback_id, body = self.detail.id, FeedbackAnswerIn(body=text, close=close)

        def answered(found: FeedbackOut) -> None:
            self.say(self.tr("已答复问题反馈 {id}").format(id=found.id))
            self.answer_edit.clear()
            self.refresh()  # reselects it: the answer shows beside it

        self.run(lambda api: api.feedback.answer(feedback_id, body), answered)

    def close_report(self) -> None:
        if self.detail is None:
            return
        feedback_id = self.detail.id

        def closed(found: FeedbackOut) -> None:
            self.say(self.tr("已关闭问题反馈 {id}").format(id=found.id))
            self.refresh()

        self.run(lambda api: api.feedback.close(feedback_id), closed)
