"""The fresh-code prompt: every administrative change needs an authenticator
code at most ``fresh_code_minutes`` old (server/api/deps.py FreshAdmin); when
the server asks for one, a page opens this prompt, re-verifies and retries."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from client.shell.page_context import PageContext
from client.widgets.message_line import MessageLine


class CodePrompt(QDialog):
    """Asks for a fresh authenticator code before a sensitive change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("freshCodePrompt")
        self.setWindowTitle(self.tr("验证动态口令"))
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("freshCode")
        self.code_edit.setMaxLength(6)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("此操作需要重新验证,请输入身份验证器当前的 6 位动态口令:")))
        layout.addWidget(self.code_edit)
        layout.addWidget(buttons)


def ask_fresh_code(
    parent: QWidget, on_code: Callable[[str], None], on_closed: Callable[[], None]
) -> CodePrompt:
    """Open the code prompt; ``on_closed`` when it closes, then ``on_code`` with
    the code if the user gave one (the caller re-verifies and retries)."""
    prompt = CodePrompt(parent)

    def done(result: int) -> None:
        on_closed()
        prompt.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            on_code(prompt.code_edit.text().strip())

    prompt.finished.connect(done)
    prompt.open()
    return prompt


class AsksForFreshCode(QWidget):
    """A console page the page context can ask for a fresh code (AsksFreshCode):
    the prompt opens over the page, the code is re-verified, and the refused
    call runs again. ``pending_prompt`` is the prompt while it is open."""

    context: PageContext
    message: MessageLine
    pending_prompt: CodePrompt | None = None

    def ask_fresh_code(self, retry: Callable[[], object]) -> None:
        def verified(_: None) -> None:
            retry()

        def reverify(code: str) -> None:
            self.context.run(
                self, lambda api: api.auth.reverify(code), verified, say=self.message.say_error
            )

        self.pending_prompt = ask_fresh_code(self, reverify, self._prompt_closed)

    def _prompt_closed(self) -> None:
        self.pending_prompt = None
