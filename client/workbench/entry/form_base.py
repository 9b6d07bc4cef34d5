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
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient, ApiError, ServerUnreachable
from client.core.labels import status_name
from client.core.ops import QueryOp
from client.core.reference import ReferenceCache
from client.login.controller import LoginController
from client.widgets.code_picker import CodePicker
from client.widgets.errors import describe
from client.widgets.look import set_state
from client.widgets.money_edit import MoneyEdit
from client.workbench.entry.batch_import import BatchImport
from client.workbench.entry.local_drafts import LocalDraftStore
from client.workbench.entry.pending import Action, PendingRequest
from common.enums import DocumentKind, Language
from common.errors import render_message
from common.rules.document_actions import EDITABLE
from common.rules.documents import draft_violations, large_amounts, submission_violations
from common.rules.passwords import Violation
from common.schemas.documents import DocumentOut, DraftIn

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000


def language_of(api: ApiClient | None) -> Language:
    return api.transport.language if api is not None else Language.ZH_CN


class DoubleEntryDialog(QDialog):
    """二次核对: each large amount typed again, compared before anything is sent."""

    def __init__(self, amounts: list[tuple[str, Decimal]], names: list[str], parent: QWidget):
        super().__init__(parent)
        self.setObjectName("doubleEntryDialog")
        self.setWindowTitle(self.tr("大额二次核对"))
        self.expected = [amount for _, amount in amounts]
        self.edits: list[MoneyEdit] = []
        form = QFormLayout()
        for name in names:
            edit = MoneyEdit(self, allow_negative=True)
            edit.setObjectName(f"confirm_{len(self.edits)}")
            self.edits.append(edit)
            form.addRow(self.tr("再次输入{name}:").format(name=name), edit)
        self.error_label = QLabel()
        set_state(self.error_label, "error")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("以下金额达到核对标准,请不看原值再输入一遍:")))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def typed(self) -> list[Decimal]:
        return [edit.value() or Decimal("0") for edit in self.edits]

    def _check(self) -> None:
        if self.typed() != self.expected:
            self.error_label.setText(self.tr("两次输入的金额不一致,请核对原始凭据"))
            return
        self.accept()


class EntryForm(QWidget):
    """Subclasses build their fields and implement ``draft``, ``show_draft``, ``clear``."""

    submitted = Signal(object)  # DocumentOut
    FORM_KEY = "entry"

    def __init__(
        self,
        api: Callable[[], ApiClient | None],
        login: LoginController,
        reference: ReferenceCache,
    ) -> None:
        super().__init__()
        self._api = api
        self._login = login
        self.reference = reference
        self.document: DocumentOut | None = None
        self.dirty = False
        self.busy = False
        self.pending: PendingRequest | None = None
        self.dialog: QDialog | None = None
        self.field_errors: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("docDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate.currentDate())
        self.unit_picker = CodePicker()
        self.unit_picker.setObjectName("unitPicker")
        self.message = QLabel()
        self.message.setObjectName("entryMessage")
        self.message.setWordWrap(True)
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
        self.batch = BatchImport(self, DocumentKind(self.FORM_KEY), api, self._say_from_import)
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

    def add_field(self, form: QFormLayout, field: str, label: QLabel, widget: QWidget) -> None:
        """A row with the field's error shown right next to it."""
        error = QLabel()
        error.setObjectName(f"error_{field}")
        set_state(error, "error")
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        row.addWidget(error)
        form.addRow(label, row)
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
        language = language_of(self._api())
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
        set_state(self.message, "error" if error else "ok")
        self.message.setText(text)

    def _failed(self, error: Exception, retry: Callable[[str], None] | None = None) -> None:
        self.busy = False
        if self._login.report_failure(error):
            self.keep_locally()
            return
        if isinstance(error, ApiError) and error.code == "document.possible_duplicate" and retry:
            self._ask_duplicate_reason(error, retry)
            return
        if isinstance(error, ApiError) and "field" in error.params:
            fields = error.params.get("fields") or [error.params["field"]]
            self.show_errors([(str(f), error.message) for f in fields])  # says it too
            return
        self.say(describe(error), error=True)

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
        if self.busy or not self._editable():
            return
        if self.pending is not None:
            self._resolve_pending()
            return
        draft = self.draft()
        problems = draft_violations(draft, reversal=self._is_reversal())
        if problems:
            self.show_errors(problems)
            return
        current = self.document
        sent = draft.model_dump(mode="json")
        if current is None:
            request = PendingRequest(Action.CREATE, sent)
        else:
            request = PendingRequest(
                Action.UPDATE, sent, document_id=current.id, version=current.version
            )
        self._run(request, lambda document: self._saved(document, sent))

    def _saved(self, document: DocumentOut, sent: dict[str, Any]) -> None:
        self.document = document
        self._settle(sent)
        self.say(self.tr("草稿已保存(第 {version} 版)").format(version=document.version))

    def _settle(self, sent: dict[str, Any]) -> None:
        """The server has ``sent``; what was typed while it was on its way stays dirty."""
        self.dirty = self._draft_json() != sent
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
        if self.busy or not self._editable():
            return
        if self.pending is not None:
            self._resolve_pending()
            return
        draft = self.draft()
        problems = submission_violations(draft, reversal=self._is_reversal())
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

        api = self._api()
        return field_name(field, chinese=language_of(api) is Language.ZH_CN)

    def _send(self, draft: DraftIn, confirmed: list[Decimal], reason: str) -> None:
        """Submit what is on screen: a new document in one request; a saved one is
        first saved if it changed (a step of its own, so its new version is kept
        whatever the submission's answer), then submitted."""
        current = self.document
        sent = draft.model_dump(mode="json")
        amounts = [str(amount) for amount in confirmed]

        def retry(why: str) -> None:
            self._send(draft, confirmed, why)

        if current is None:
            request = PendingRequest(
                Action.CREATE_AND_SUBMIT, sent, duplicate_reason=reason, confirmed=amounts
            )
            self._run(request, lambda document: self._submitted(document, sent), retry)
            return

        def submission(of: DocumentOut) -> PendingRequest:
            return PendingRequest(
                Action.SUBMIT,
                sent,
                document_id=of.id,
                version=of.version,
                duplicate_reason=reason,
                confirmed=amounts,
            )

        if not self.dirty:
            self._run(submission(current), lambda doc: self._submitted(doc, sent), retry)
            return

        def then_submit(saved: DocumentOut) -> None:
            self.document = saved
            self._settle(sent)
            self._run(submission(saved), lambda doc: self._submitted(doc, sent), retry)

        update = PendingRequest(
            Action.UPDATE, sent, document_id=current.id, version=current.version
        )
        self._run(update, then_submit)

    def _run(
        self,
        request: PendingRequest,
        success: Callable[[DocumentOut], None],
        retry: Callable[[str], None] | None = None,
    ) -> None:
        """Send ``request`` in the background. Without an answer it stays pending,
        and the next save or submit sends it again, with its key, before anything else."""
        api = self._api()
        if api is None:
            return
        self.busy = True
        self.clear_errors()
        self.keep_locally()

        def answered(document: DocumentOut) -> None:
            self.busy = False
            self.pending = None
            success(document)

        def failed(error: Exception) -> None:
            self.busy = False
            if isinstance(error, ServerUnreachable):
                self.pending = request
                self.dirty = True
                self.keep_locally()
                self.say(
                    self.tr(
                        "服务器没有答复,不能确定是否已保存。输入已保留在本机;"
                        "网络恢复后再次点击保存或提交,将先确认上次的结果,不会重复"
                    ),
                    error=True,
                )
                return
            self.pending = None
            self._failed(error, retry)

        QueryOp(parent=self, op=lambda: request.send(api), success=answered, failure=failed).run()

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
        if self._draft_json() != sent:  # typed on while it was on its way: keep that
            self.document = document
            self.dirty = True
            self.keep_locally()
            self.say(
                self.tr("已提交,编号 {number};提交之后的修改没有提交,仍在屏幕上").format(
                    number=document.number or ""
                ),
                error=True,
            )
            return
        self.store().clear()
        self.document = None
        self.clear()
        self.dirty = False

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
            self.document = None
            self.pending = None
            self.clear()
            self.clear_errors()
            self.store().clear()
            self.dirty = False
            self.message.clear()

        self._confirm_discard(fresh)

    def edit(self, document: DocumentOut) -> None:
        """Open a saved draft or a returned item for editing (asking first if the
        screen holds unsaved typing)."""
        self._confirm_discard(lambda: self._open(document))

    def _open(self, document: DocumentOut) -> None:
        self.document = document
        self.pending = None
        self.clear_errors()
        self.show_draft(document.to_draft())
        self.dirty = False
        self.store().clear()
        label = document.number or self.tr("未编号")
        if self._editable():
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

    def _editable(self) -> bool:
        return self.document is None or self.document.status in EDITABLE

    def _is_reversal(self) -> bool:
        return self.document is not None and self.document.reverses_id is not None

    # -- local copy ---------------------------------------------------------
    def store(self) -> LocalDraftStore:
        me = self._login.auth.me
        return LocalDraftStore(
            self._login.monitor.address.key, me.username if me else "", self.FORM_KEY
        )

    def has_unsaved_input(self) -> bool:
        """Typing not yet saved to the server (an unanswered request counts too)."""
        return self.dirty or self.pending is not None

    def drop_unsaved_input(self) -> None:
        """The user chose to throw the typing away: the kept copy goes too."""
        if self._login.auth.me is not None:
            self.store().clear()
        self.dirty = False

    def keep_locally(self) -> None:
        if not (self.dirty or self.pending) or self._login.auth.me is None:
            return
        try:
            state: dict[str, Any] = {
                "draft": self.draft().model_dump(mode="json"),
                "document_id": self.document.id if self.document else None,
                "version": self.document.version if self.document else None,
                "pending": self.pending.to_json() if self.pending else None,
            }
            self.store().save(state)
        except (OSError, ValueError) as exc:
            log.warning("could not keep the draft locally: %s", exc)

    def _offer_local_copy(self) -> None:
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
        self.dirty = True
        pending = state.get("pending")
        self.pending = PendingRequest.from_json(pending) if pending else None
        if state.get("document_id") is not None:
            self._reload_document(int(state["document_id"]), state.get("version"))
        self.say(self.tr("已恢复上次未保存的输入,请核对后保存或提交"))

    def _reload_document(self, document_id: int, version: int | None) -> None:
        """The document the copy belongs to, at the version the copy was typed on:
        if someone saved it since, saving the copy is refused as stale, not
        written over their change."""
        api = self._api()
        if api is None:
            return

        def got(document: DocumentOut) -> None:
            if version is not None:
                document = document.model_copy(update={"version": int(version)})
            self.document = document

        QueryOp(parent=self, op=lambda: api.documents.get(document_id), success=got).run()

    def _reference_loaded(self) -> None:
        me = self._login.auth.me
        self.unit_picker.set_entries(self.reference.units(set(me.unit_ids) if me else None))
        self.fill_pickers()
        if me is not None and self.unit_picker.current_id is None and me.unit_ids:
            self.unit_picker.set_current(me.unit_ids[0])
        self._offer_local_copy()
