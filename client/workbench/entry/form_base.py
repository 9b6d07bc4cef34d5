"""What the three entry screens share: keyboard, saving, submitting, errors, local drafts.

Keyboard-first: Enter moves to the next field, Ctrl+S saves the draft,
Ctrl+Enter submits. The client checks early (common.rules.documents) for
comfort; the server decides. Whatever the answer, the input stays on screen, and
a copy is kept on this computer every few seconds until the server has it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from client.api import ApiClient, ApiError, outcome_unknown
from client.core.labels import status_name
from client.shell.page_context import PageContext
from client.widgets.code_picker import CodePicker
from client.widgets.look import set_state
from client.widgets.message_line import MessageLine
from client.workbench.entry.attachments_panel import AttachmentsPanel
from client.workbench.entry.batch_import import BatchImport
from client.workbench.entry.double_entry import DoubleEntryDialog
from client.workbench.entry.entry_state import EntryState, Submission
from client.workbench.entry.local_drafts import LocalDraftStore
from client.workbench.entry.pending import Action, PendingRequest
from common.enums import DocumentKind, Language
from common.errors import render_message
from common.rules.attachments import paper_pages
from common.rules.documents import draft_violations, large_amounts, submission_violations
from common.rules.passwords import Violation
from common.schemas.documents import DocumentOut, DraftIn

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000


def language_of(api: ApiClient | None) -> Language:
    return api.transport.language if api is not None else Language.ZH_CN


class EntryForm(QWidget):
    """Subclasses build their fields and implement ``draft``, ``show_draft``, ``clear``."""

    submitted = Signal(object)  # DocumentOut
    FORM_KEY = "entry"
    attachments: QSpinBox  # 附件张数, made by each form

    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.context = context
        self._login = login = context.login
        self.reference = reference = context.reference
        self.state = EntryState()
        self.dialog: QDialog | None = None
        self.field_errors: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        self.field_rows: dict[str, tuple[QFormLayout, QHBoxLayout]] = {}
        # 纸质附件说明: shown when 附件张数 is more than the attached files' pages
        self.paper_reason_edit = QLineEdit()
        self.paper_reason_edit.setObjectName("paperReason")
        self.paper_reason_edit.setMaxLength(200)
        self.attached_pages = 0
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("docDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate.currentDate())
        self.unit_picker = CodePicker()
        self.unit_picker.setObjectName("unitPicker")
        self.message = MessageLine("entryMessage")
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveDraft")
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("submitDocument")
        self.new_button = QPushButton()
        self.new_button.setObjectName("newDocument")
        self.template_button = QPushButton()
        self.template_button.setObjectName("saveTemplate")
        self.import_button = QPushButton()
        self.import_button.setObjectName("importFile")
        self.batch = BatchImport(self, DocumentKind(self.FORM_KEY), context, self._say_from_import)
        self.attachment_panel = AttachmentsPanel(
            self, context, self.FORM_KEY, self._say_from_import
        )
        self.attachment_panel.pages_changed.connect(self._attached_pages)
        self.template_button.clicked.connect(self.batch.save_template)
        self.import_button.clicked.connect(self.batch.choose_file)
        self.save_button.clicked.connect(self.save_draft)
        self.submit_button.clicked.connect(self.submit)
        self.new_button.clicked.connect(self.start_new)
        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.save_draft),
            (QKeySequence("Ctrl+Return"), self.submit),
            (QKeySequence("Ctrl+Enter"), self.submit),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.keep_locally)
        self.autosave.start()
        reference.loaded.connect(self._reference_loaded)
        login.auth.logged_in.connect(lambda _me: self._offer_local_copy())

    # -- where the screen stands (entry_state.py decides) ------------------
    @property
    def document(self) -> DocumentOut | None:
        return self.state.document

    @document.setter
    def document(self, document: DocumentOut | None) -> None:
        self.state.document = document

    @property
    def dirty(self) -> bool:
        return self.state.dirty

    @dirty.setter
    def dirty(self, dirty: bool) -> None:
        self.state.dirty = dirty

    @property
    def pending(self) -> PendingRequest | None:
        return self.state.pending

    # -- building blocks for subclasses ------------------------------------
    def button_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.submit_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.template_button)
        bar.addWidget(self.import_button)
        return bar

    def _say_from_import(self, text: str, error: bool) -> None:
        self.say(text, error=error)

    def retranslate_batch(self) -> None:
        self.template_button.setText(self.tr("下载导入模板"))
        self.import_button.setText(self.tr("批量导入…"))
        self.attachment_panel.strip.retranslate()

    def _attached_pages(self, pages: int, exact: bool) -> None:
        """附件张数 never falls below the attached pages; after a file is added or
        removed the server has set it (``exact``): to the pages, plus the paper
        pages kept outside when they have a reason — and so does the screen
        (without making the form differ from the server)."""
        spin = getattr(self, "attachments", None)
        if spin is None:
            return
        blocked = spin.blockSignals(True)
        if exact:
            paper = paper_pages(spin.value(), self.attached_pages, self.paper_reason_edit.text())
            spin.setMinimum(pages)
            spin.setValue(pages + paper)
            if paper == 0 and pages > 0:
                self.paper_reason_edit.clear()  # as the server did
        else:
            spin.setMinimum(pages)
        spin.blockSignals(blocked)
        self.attached_pages = pages
        self.show_paper_reason()

    def add_paper_reason(self, form: QFormLayout, label: QLabel) -> None:
        """The 纸质附件说明 row under 附件张数 (hidden until the count needs it)."""
        self.add_field(form, "paper_reason", label, self.paper_reason_edit)
        self.attachments.valueChanged.connect(self.show_paper_reason)
        self.show_paper_reason()

    def show_paper_reason(self) -> None:
        """Shown while 附件张数 is more than the attached pages (the paper kept outside
        needs saying what it is), or while it still holds words."""
        spin = getattr(self, "attachments", None)
        found = self.field_rows.get("paper_reason")
        if spin is None or found is None:
            return
        form, row = found
        needed = 0 < self.attached_pages < spin.value()
        form.setRowVisible(row, needed or bool(self.paper_reason_edit.text()))
        self.paper_reason_edit.setPlaceholderText(
            self.tr("另有 {extra} 张纸质附件未扫描:写明是什么、存放在哪里").format(
                extra=spin.value() - self.attached_pages
            )
            if needed
            else ""
        )

    def add_field(self, form: QFormLayout, field: str, label: QLabel, widget: QWidget) -> None:
        """A row with the field's error shown right next to it."""
        error = QLabel()
        error.setObjectName(f"error_{field}")
        set_state(error, "error")
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        row.addWidget(error)
        form.addRow(label, row)
        self.field_rows[field] = (form, row)
        self.field_errors[field] = error
        self.field_widgets[field] = widget
        self.watch(widget)

    def watch(self, widget: QWidget) -> None:
        """Typing makes the form dirty; Enter moves on to the next field."""
        widget.installEventFilter(self)
        if isinstance(widget, CodePicker):
            widget.entered.connect(self._next_field)
        for signal_name in ("textEdited", "dateChanged", "valueChanged", "currentIndexChanged"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(self._changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if isinstance(watched, CodePicker):
                    return False  # the picker settles its choice first, then says so
                self.focusNextChild()
                return True
        return super().eventFilter(watched, event)

    def _next_field(self) -> None:
        self.focusNextChild()

    def _changed(self, *_: object) -> None:
        self.dirty = True

    def doc_date(self) -> dt.date:
        day = self.date_edit.date().toPython()
        assert isinstance(day, dt.date)
        return day

    # -- to implement ----------------------------------------------------
    def draft(self) -> DraftIn:
        raise NotImplementedError

    def show_draft(self, draft: DraftIn) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def fill_pickers(self) -> None:
        """Give the code pickers their entries once reference data is in."""

    def title(self) -> str:
        raise NotImplementedError

    # -- errors -------------------------------------------------------------
    def show_errors(self, violations: list[Violation] | list[tuple[str, str]]) -> None:
        """(field, message) pairs, or violations rendered in the UI language."""
        self.clear_errors()
        language = language_of(self.context.api())
        pairs = [
            (v.params.get("field", ""), render_message(v.code, v.params, language))
            if isinstance(v, Violation)
            else v
            for v in violations
        ]
        if pairs:  # first, so nothing below can pick up the last success message
            self.say(pairs[0][1], error=True)
        for field, text in pairs:
            label = self.field_errors.get(field)
            if label is not None and not label.text():
                label.setText(text)
            self.mark_field(field)

    def mark_field(self, field: str) -> None:
        widget = self.field_widgets.get(field)
        if widget is not None:
            set_state(widget, "marked")

    def clear_errors(self) -> None:
        for label in self.field_errors.values():
            label.clear()
        for widget in self.field_widgets.values():
            set_state(widget, None)

    def say(self, text: str, *, error: bool = False) -> None:
        (self.message.say_error if error else self.message.say)(text)

    def _refused(self, error: Exception, retry: Callable[[str], None] | None = None) -> bool:
        """What only an entry screen does with a refusal (True when it said it):
        a possible duplicate asks for a reason and retries; a refused field is
        marked with its message. Anything else is said as on every page."""
        self.keep_locally()
        if isinstance(error, ApiError) and error.code == "document.possible_duplicate" and retry:
            self._ask_duplicate_reason(error, retry)
            return True
        if isinstance(error, ApiError) and "field" in error.params:
            fields = error.params.get("fields") or [error.params["field"]]
            self.show_errors([(str(f), error.message) for f in fields])  # says it too
            return True
        return False

    def _ask_duplicate_reason(self, error: ApiError, retry: Callable[[str], None]) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("duplicateReasonDialog")
        dialog.setWindowTitle(self.tr("疑似重复"))
        dialog.setLabelText(error.message)
        self.dialog = dialog

        def done(result: int) -> None:
            self.dialog = None
            reason = dialog.textValue().strip()
            if result == QDialog.DialogCode.Accepted and reason:
                retry(reason)
            else:
                self.say(error.message, error=True)

        dialog.finished.connect(done)
        dialog.open()

    # -- actions ------------------------------------------------------------
    def save_draft(self) -> None:
        if not self.state.may_act():
            return
        if self.pending is not None:
            self._resolve_pending()
            return
        draft = self.draft()
        problems = draft_violations(draft, reversal=self.state.is_reversal())
        if problems:
            self.show_errors(problems)
            return
        sent = draft.model_dump(mode="json")
        self._run(self.state.save_request(sent), lambda document: self._saved(document, sent))

    def _saved(self, document: DocumentOut, sent: dict[str, Any]) -> None:
        self._settle(document, sent)
        self.say(self.tr("草稿已保存(第 {version} 版)").format(version=document.version))

    def _settle(self, document: DocumentOut, sent: dict[str, Any]) -> None:
        """The server has ``sent``; what was typed while it was on its way stays dirty."""
        self.state.saved(document, sent, self._draft_json())
        self.attachment_panel.saved(document)
        if self.dirty:
            self.keep_locally()
        else:
            self.store().clear()

    def _draft_json(self) -> dict[str, Any] | None:
        try:
            return self.draft().model_dump(mode="json")
        except ValueError:
            return None

    def submit(self) -> None:
        if not self.state.may_act():
            return
        waiting = self.attachment_panel.waiting()
        if waiting:
            self.say(
                self.tr(
                    "还有 {count} 个附件没有上传到服务器:请先保存草稿,待附件上传完成后再提交"
                ).format(count=waiting),
                error=True,
            )
            return
        if self.pending is not None:
            self._resolve_pending()
            return
        draft = self.draft()
        problems = submission_violations(draft, reversal=self.state.is_reversal())
        if problems:
            self.show_errors(problems)
            return
        threshold = self.reference.double_entry_threshold
        large = large_amounts(draft, threshold)
        if not large:
            self._send(draft, [], "")
            return
        names = [self._field_label(f) for f, _ in large]
        dialog = DoubleEntryDialog(large, names, self)
        self.dialog = dialog

        def done(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                self._send(draft, dialog.typed(), "")

        dialog.finished.connect(done)
        dialog.open()

    def _field_label(self, field: str) -> str:
        from common.document_messages import field_name

        api = self.context.api()
        return field_name(field, language_of(api))

    def _send(self, draft: DraftIn, confirmed: list[Decimal], reason: str) -> None:
        """Submit what is on screen: a new document in one request; a saved one is
        first saved if it changed (a step of its own, so its new version is kept
        whatever the submission's answer), then submitted (entry_state.py)."""
        sent = draft.model_dump(mode="json")
        submission = Submission(sent, tuple(str(a) for a in confirmed), reason)

        def retry(why: str) -> None:
            self._send(draft, confirmed, why)

        def submitted(document: DocumentOut) -> None:
            self._submitted(document, sent)

        def then_submit(saved: DocumentOut) -> None:
            self._settle(saved, sent)
            self._run(submission.of(saved), submitted, retry)

        first = self.state.first_step(submission)
        if first.action is Action.UPDATE:
            self._run(first, then_submit)
        else:
            self._run(first, submitted, retry)

    def _run(
        self,
        request: PendingRequest,
        success: Callable[[DocumentOut], None],
        retry: Callable[[str], None] | None = None,
    ) -> None:
        """Send ``request`` in the background. Without an answer it stays pending,
        and the next save or submit sends it again, with its key, before anything else."""
        self.clear_errors()
        self.keep_locally()

        def answered(document: DocumentOut) -> None:
            self.state.answered()
            success(document)

        def failed(error: Exception) -> bool:
            if not outcome_unknown(error):
                self.state.refused()
                return self._refused(error, retry)
            self.state.unanswered(request)
            self.keep_locally()
            self.say(
                self.tr(
                    "服务器没有答复,不能确定是否已保存。输入已保留在本机;"
                    "网络恢复后再次点击保存或提交,将先确认上次的结果,不会重复"
                ),
                error=True,
            )
            return True

        if self.context.run(
            self,
            request.send,
            answered,
            say=self.message.say_error,
            failure=failed,
        ):
            self.state.sending()

    def _resolve_pending(self) -> None:
        """Send the unanswered request again, as it was; then the user goes on."""
        request = self.pending
        assert request is not None
        self.say(self.tr("正在确认上次未答复的请求…"))

        def settled(document: DocumentOut) -> None:
            if request.action.submits:
                self._submitted(document, request.draft)
            else:
                self._saved(document, request.draft)

        self._run(request, settled)

    def _submitted(self, document: DocumentOut, sent: dict[str, Any]) -> None:
        self.say(self.tr("已提交,编号 {number}").format(number=document.number or ""))
        self.submitted.emit(document)
        if self.state.submitted(document, sent, self._draft_json()):  # typed on meanwhile
            self.attachment_panel.follow(document)
            self.keep_locally()
            self.say(
                self.tr("已提交,编号 {number};提交之后的修改没有提交,仍在屏幕上").format(
                    number=document.number or ""
                ),
                error=True,
            )
            return
        self.store().clear()
        self.attachment_panel.reset()
        self.clear()

    def _confirm_discard(self, then: Callable[[], None]) -> None:
        """Unsaved typing is only thrown away when the user says so."""
        if not self.dirty:
            then()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.title(),
            self.tr("放弃当前未保存的输入?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("discardDialog")
        self.dialog = box

        def done(result: int) -> None:
            self.dialog = None
            if result == QMessageBox.StandardButton.Yes:
                then()

        box.finished.connect(done)
        box.open()

    def start_new(self) -> None:
        def fresh() -> None:
            self.clear()
            self.state.opened(None)
            self.clear_errors()
            self.store().clear()
            self.attachment_panel.discard()
            self.message.clear()

        self._confirm_discard(fresh)

    def edit(self, document: DocumentOut) -> None:
        """Open a saved draft or a returned item for editing (asking first if the
        screen holds unsaved typing)."""
        self._confirm_discard(lambda: self._open(document))

    def _open(self, document: DocumentOut) -> None:
        self.clear_errors()
        self.show_draft(document.to_draft())
        self.state.opened(document)
        self.attachment_panel.follow(document)
        self.store().clear()
        label = document.number or self.tr("未编号")
        if self.state.editable():
            self.say(
                self.tr("正在修改 {number}({status})").format(
                    number=label, status=status_name(document.status)
                )
            )
        else:
            self.say(
                self.tr("{number} 的状态为“{status}”,只能查看").format(
                    number=label, status=status_name(document.status)
                ),
                error=True,
            )

    # -- local copy ---------------------------------------------------------
    def store(self) -> LocalDraftStore:
        me = self._login.auth.me
        return LocalDraftStore(
            self._login.monitor.address.key, me.username if me else "", self.FORM_KEY
        )

    def has_unsaved_input(self) -> bool:
        """Typing not yet saved to the server (an unanswered request counts too)."""
        return self.state.has_unsaved_input() or self.attachment_panel.waiting() > 0

    def drop_unsaved_input(self) -> None:
        """The user chose to throw the typing away: the kept copy goes too."""
        if self._login.auth.me is not None:
            self.store().clear()
            self.attachment_panel.discard()
        self.dirty = False

    def keep_locally(self) -> None:
        if not self.state.has_unsaved_input() or self._login.auth.me is None:
            return
        try:
            self.store().save(self.state.kept_copy(self.draft().model_dump(mode="json")))
        except (OSError, ValueError) as exc:
            log.warning("could not keep the draft locally: %s", exc)

    def _offer_local_copy(self) -> None:
        if self._login.auth.me is not None:
            self.attachment_panel.restore()  # files not yet on the server, kept here
        state = self.store().load()
        if state is None or self.reference.data is None:
            return
        self.restore_local(state)

    def restore_local(self, state: dict[str, Any]) -> None:
        """Put a kept copy back on screen; the user saves or submits it as usual.
        An unanswered request comes back with it and is confirmed first."""
        from pydantic import TypeAdapter

        draft = TypeAdapter(DraftIn).validate_python(state["draft"])
        self.show_draft(draft)
        self.state.restored(state.get("pending"))
        if state.get("document_id") is not None:
            self._reload_document(int(state["document_id"]), state.get("version"))
        self.say(self.tr("已恢复上次未保存的输入,请核对后保存或提交"))

    def _reload_document(self, document_id: int, version: int | None) -> None:
        """The document the copy belongs to, at the version the copy was typed on:
        if someone saved it since, saving the copy is refused as stale, not
        written over their change."""

        def got(document: DocumentOut) -> None:
            if version is not None:
                document = document.model_copy(update={"version": int(version)})
            self.document = document
            self.attachment_panel.follow(document)

        self.context.run(
            self, lambda api: api.documents.get(document_id), got, say=self.message.say_error
        )

    def _reference_loaded(self) -> None:
        me = self._login.auth.me
        self.unit_picker.set_entries(self.reference.units(set(me.unit_ids) if me else None))
        self.fill_pickers()
        if me is not None and self.unit_picker.current_id is None and me.unit_ids:
            self.unit_picker.set_current(me.unit_ids[0])
        self._offer_local_copy()
