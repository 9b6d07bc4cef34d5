"""导出电子档案: a document with its attachments as one archival PDF (电子会计档案:
the document's page, then every attachment's pages), made by the server and
saved where the user chooses; the server logs it as an export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from client.shell.page_context import PageContext


def ask_target(owner: QWidget, name: str) -> str:
    """Where to save (tests replace this module function)."""
    chosen, _ = QFileDialog.getSaveFileName(
        owner, QCoreApplication.translate("ArchiveExport", "导出电子档案"), name, "PDF (*.pdf)"
    )
    return chosen


def export_archive(
    owner: QWidget,
    context: PageContext,
    *,
    document_id: int,
    number: str,
    say: Callable[[str], None],
    say_error: Callable[[str], None],
) -> bool:
    """Ask where, then download the archive PDF in the background; False when the
    user chose no file or there is no connection."""
    name = QCoreApplication.translate("ArchiveExport", "电子档案-{number}.pdf").format(
        number=number or document_id
    )
    target = ask_target(owner, name)
    if not target:
        return False
    path = Path(target)
    return context.run(
        owner,
        lambda api: api.documents.archive_pdf(document_id, path),
        lambda _size: say(
            QCoreApplication.translate("ArchiveExport", "电子档案已保存:{path}").format(path=path)
        ),
        say=say_error,
    )
