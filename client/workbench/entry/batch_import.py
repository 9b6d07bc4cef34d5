"""批量录入 from the entry screens: save the template, import a filled-in file.

Reading the file and sending it run in the background; when the server refuses
the file, the row-by-row report is written next to it and offered to open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from client.api import ApiError, ServerUnreachable
from client.api.documents import new_key
from client.core.ops import QueryOp
from client.importing.excel import ImportFileError, read_rows, write_report, write_template
from client.shell.page_context import PageContext
from common.enums import DocumentKind, Language
from common.schemas.imports import ImportProblem, ImportResultOut

EXCEL_FILES = "Excel (*.xlsx)"


class BatchImport(QObject):
    def __init__(
        self,
        owner: QWidget,
        kind: DocumentKind,
        context: PageContext,
        say: Callable[[str, bool], None],
    ) -> None:
        super().__init__(owner)
        self.owner, self.kind, self.context, self._say = owner, kind, context, say
        self.report: Path | None = None
        # A file whose import got no answer is sent again with the same key, so
        # importing it again never makes its drafts twice.
        self.unanswered: dict[Path, str] = {}

    def _language(self) -> Language:
        api = self.context.api()
        return api.transport.language if api is not None else Language.ZH_CN

    def save_template(self) -> None:
        name = self.tr("批量录入模板") + f"-{self.kind.value}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(
            self.owner, self.tr("保存模板"), name, "Excel (*.xlsx)"
        )
        if chosen:
            self.write_template(Path(chosen))

    def write_template(self, path: Path) -> None:
        language = self._language()
        QueryOp(
            parent=self,
            op=lambda: write_template(self.kind, path, language),
            success=lambda _: self._say(self.tr("模板已保存:{path}").format(path=path), False),
            failure=lambda error: self._say(str(error), True),
        ).run()

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.owner, self.tr("选择要导入的文件"), "", "Excel (*.xlsx)"
        )
        if chosen:
            self.run(Path(chosen))

    def run(self, path: Path) -> None:
        key = self.unanswered.setdefault(path, new_key())
        language = self._language()  # the file's problems are said in the UI language
        if self.context.run(
            self,
            lambda api: api.documents.import_rows(
                self.kind, read_rows(self.kind, path, language), key=key
            ),
            lambda result: self._imported(path, result),
            say=lambda text: self._say(text, True),
            failure=lambda error: self._refused(path, error),
        ):
            self._say(self.tr("正在导入…"), False)

    def _imported(self, path: Path, result: ImportResultOut) -> None:
        self.unanswered.pop(path, None)
        self._say(self.tr("已导入 {count} 张草稿,请核对后提交").format(count=result.created), False)

    def _refused(self, path: Path, error: Exception) -> bool:
        """What only an import says (True); any other refusal is said as usual."""
        if isinstance(error, ServerUnreachable):
            self._say(
                self.tr("服务器没有答复,不能确定是否已导入;网络恢复后请再次导入同一文件,不会重复"),
                True,
            )
            return True
        self.unanswered.pop(path, None)
        if isinstance(error, ImportFileError):
            self._say(self.tr("文件不是有效的导入模板:{reason}").format(reason=error), True)
            return True
        if not (isinstance(error, ApiError) and error.code == "import.rejected"):
            return False
        problems = [ImportProblem.model_validate(p) for p in error.params.get("problems", [])]
        suffix = self.tr("错误报告")
        report = path.with_name(f"{path.stem}-{suffix}.xlsx")
        language = self._language()

        def written(_: object) -> None:
            self.report = report
            self._say(f"{error.message}\n{report}", True)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(report)))

        QueryOp(
            parent=self,
            op=lambda: write_report(self.kind, path, problems, report, language),
            success=written,
            failure=lambda failure: self._say(f"{error.message} ({failure})", True),
        ).run()
        return True
