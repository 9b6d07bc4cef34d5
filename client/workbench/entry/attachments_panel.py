"""What an entry screen does with its attachments strip (attachment_strip.py).

- A file added (picker, drop, scanner folder) is first copied into the local
  spool (attachment_spool.py), off the Qt thread, then uploaded — at once when
  the document exists on the server, otherwise right after its first save. A new
  document is not saved behind the clerk's back just because a file was
  dropped: its fields may not be complete yet, and a save is theirs to make.
- Uploads go one at a time, with progress and a cancel; the copy goes once
  the server has answered. No answer (a dropped line): the copy stays, and it
  is sent again, with the same key, at the next save or the next start.
- A submission waits until every file is on the server (the form asks
  :meth:`waiting`): once submitted, the files are frozen with the document.
- Taking a stored file off asks for the reason the server records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QWidget

from client.api import ApiClient, ApiError, ServerUnreachable
from client.api.attachments import UploadCancelled
from client.core.ops import QueryOp
from client.shell.page_context import PageContext
from client.widgets.attachment_strip import AttachmentStrip
from client.widgets.thumbnails import render_thumbnail
from client.workbench.entry.attachment_spool import AttachmentSpool, SpooledFile
from client.workbench.entry.scanner_folder import ScannedFile, new_scans
from client.workbench.entry.scanner_offer import ScannerOfferDialog
from common.rules.document_actions import EDITABLE
from common.schemas.attachments import AttachmentListedOut, AttachmentOut
from common.schemas.documents import DocumentOut

log = logging.getLogger(__name__)

FILE_FILTER = "PDF / JPEG / PNG / TIFF / OFD (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.ofd)"


@dataclass
class Entry:
    """One file on the strip: kept here (``spooled``), on the server (``stored``), or both
    for a moment."""

    name: str
    spooled: SpooledFile | None = None
    stored: AttachmentOut | None = None
    size: int = 0


class AttachmentsPanel(QObject):
    # the pages of the stored files; True when the server has just set 附件张数 to them
    pages_changed = Signal(int, bool)
    moved = Signal(int)  # bytes of the upload in hand sent so far (from the worker)

    def __init__(
        self, owner: QWidget, context: PageContext, form_key: str, say: Callable[[str, bool], None]
    ) -> None:
        super().__init__(owner)
        self.owner, self.context, self.form_key, self._say = owner, context, form_key, say
        self.strip = AttachmentStrip()
        self.entries: dict[int, Entry] = {}
        self.document_id: int | None = None
        self.editable = True
        self.queue: list[int] = []
        self.uploading: int | None = None
        self._cancel = False
        self._next_key = 0
        self.dialog: QDialog | None = None
        # seams: what the file picker returns (tests replace it)
        self.choose_files: Callable[[], list[Path]] = self._ask_files
        self.moved.connect(self._show_sent, Qt.ConnectionType.QueuedConnection)
        self.strip.files_dropped.connect(self.add_files)
        self.strip.add_clicked.connect(lambda: self.add_files(self.choose_files()))
        self.strip.scanner_clicked.connect(self.offer_scans)
        self.strip.remove_clicked.connect(self.remove)
        self.strip.cancel_clicked.connect(self.cancel)

    # -- where the files live --------------------------------------------------
    def spool(self) -> AttachmentSpool:
        me = self.context.login.auth.me
        address = self.context.login.monitor.address.key
        return AttachmentSpool(address, me.username if me else "", self.form_key)

    def waiting(self) -> int:
        """Files on the strip not yet on the server."""
        return sum(1 for entry in self.entries.values() if entry.stored is None)

    def pages(self) -> int:
        return sum(e.stored.pages for e in self.entries.values() if e.stored is not None)

    def _key(self) -> int:
        self._next_key += 1
        return self._next_key

    # -- adding ------------------------------------------------------------------
    def _ask_files(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self.owner, self.tr("添加附件"), "", FILE_FILTER)
        return [Path(name) for name in names]

    def add_files(self, paths: list[Path]) -> None:
        """Keep each file here first (a crash loses none), then upload it."""
        if not self.editable:
            return
        spool, document_id = self.spool(), self.document_id
        for path in paths:
            key = self._key()
            self.entries[key] = Entry(path.name)
            self.strip.put(key, path.name, self.tr("正在读取…"))

            def keep(
                source: Path = path,
            ) -> tuple[SpooledFile, int, QImage | None]:
                kept = spool.keep(source, document_id)
                return kept, kept.path.stat().st_size, render_thumbnail(kept.path)

            QueryOp(
                parent=self,
                op=keep,
                success=self._kept_as(key),
                failure=self._unreadable_as(key, path.name),
            ).run()

    def _kept_as(self, key: int) -> Callable[[tuple[SpooledFile, int, QImage | None]], None]:
        return lambda found: self._kept(key, *found)

    def _unreadable_as(self, key: int, name: str) -> Callable[[Exception], None]:
        return lambda error: self._unreadable(key, name, error)

    def _kept(self, key: int, spooled: SpooledFile, size: int, image: QImage | None) -> None:
        entry = self.entries.get(key)
        if entry is None:
            return
        entry.spooled, entry.size = spooled, size
        self.strip.set_thumbnail(key, image)
        if self.document_id is not None and self.editable:
            self._enqueue(key)
        else:
            self.strip.put(key, entry.name, self.tr("保存草稿后上传"))

    def _unreadable(self, key: int, name: str, error: Exception) -> None:
        self.entries.pop(key, None)
        self.strip.take(key)
        self._say(self.tr("不能读取文件“{name}”:{error}").format(name=name, error=error), True)

    def offer_scans(self) -> None:
        """从扫描文件夹添加: the folder's files after the last offer, to tick."""
        settings = self.context.settings
        if settings is None or not settings.scanner_folder:
            self._say(self.tr("请先在“设置 → 扫描文件夹”中选择扫描仪保存文件的文件夹"), True)
            return
        folder, after = Path(settings.scanner_folder), settings.scanner_offered_until
        QueryOp(
            parent=self,
            op=lambda: new_scans(folder, after),
            success=self._offer,
            failure=lambda error: self._say(str(error), True),
        ).run()

    def _offer(self, scans: list[ScannedFile]) -> None:
        if not scans:
            self._say(self.tr("扫描文件夹中没有新文件"), False)
            return
        dialog = ScannerOfferDialog(scans, self.owner)
        self.dialog = dialog

        def done(result: int) -> None:
            self.dialog = None
            if result != QDialog.DialogCode.Accepted:
                return
            settings = self.context.settings
            if settings is not None and self.context.save_settings is not None:
                settings.scanner_offered_until = max(scan.modified for scan in scans)
                self.context.save_settings()
            self.add_files(dialog.chosen())

        dialog.finished.connect(done)
        dialog.open()

    # -- uploading ----------------------------------------------------------------
    def _enqueue(self, key: int) -> None:
        if key not in self.queue and key != self.uploading:
            self.queue.append(key)
            self.strip.put(key, self.entries[key].name, self.tr("等待上传"))
        self._next()

    def _next(self) -> None:
        if self.uploading is not None or not self.queue or self.document_id is None:
            return
        key = self.queue.pop(0)
        entry = self.entries.get(key)
        if entry is None or entry.spooled is None:
            self._next()
            return
        spooled, document_id, spool = entry.spooled, self.document_id, self.spool()
        self.uploading, self._cancel = key, False

        def send(api: ApiClient) -> AttachmentOut:
            try:
                out = api.attachments.add(
                    document_id, spooled.path, key=spooled.key, name=spooled.name,
                    progress=self._progress,
                )  # fmt: skip
            except (ApiError, UploadCancelled):
                spool.done(spooled)  # answered (or given up): nothing left to send again
                raise
            spool.done(spooled)
            return out

        self.strip.show_progress(entry.name, 0, entry.size)
        started = self.context.run(
            self,
            send,
            lambda out: self._stored(key, out),
            say=lambda text: self._say(text, True),
            failure=lambda error: self._not_stored(key, error),
        )
        if not started:
            self.uploading = None
            self.strip.hide_progress()

    def _progress(self, sent: int) -> bool:
        """On the worker: tell the screen (by signal) and whether to go on."""
        self.moved.emit(sent)
        return not self._cancel

    @Slot(int)
    def _show_sent(self, sent: int) -> None:
        entry = self.entries.get(self.uploading) if self.uploading is not None else None
        if entry is not None:
            self.strip.show_progress(entry.name, sent, entry.size)

    def _stored(self, key: int, out: AttachmentOut) -> None:
        self._finished_one()
        entry = self.entries.get(key)
        if entry is None:
            return
        entry.stored, entry.spooled = out, None
        self.strip.put(key, out.name, self.tr("已上传 · {pages} 页").format(pages=out.pages))
        self.pages_changed.emit(self.pages(), True)
        self._next()

    def _not_stored(self, key: int, error: Exception) -> bool:
        self._finished_one()
        entry = self.entries.get(key)
        told = False
        if entry is not None and isinstance(error, ServerUnreachable):
            self.strip.put(key, entry.name, self.tr("未上传:已保存在本机,保存时重试"))
            self.strip.tell(
                self.tr("服务器没有答复,附件已保存在本机,下次保存或启动时会再次上传"),
                error=True,
            )
            told = True
        elif entry is not None:
            self.entries.pop(key, None)
            self.strip.take(key)
            if isinstance(error, UploadCancelled):
                self._say(self.tr("已取消上传“{name}”").format(name=entry.name), False)
                told = True
        self._next()
        return told

    def _finished_one(self) -> None:
        self.uploading = None
        self.strip.hide_progress()

    def cancel(self) -> None:
        self._cancel = True

    def retry(self) -> None:
        """Send again what is kept here and not on the server (after a save)."""
        if self.document_id is None or not self.editable:
            return
        for key, entry in list(self.entries.items()):
            spooled = entry.spooled
            mine = spooled is not None and spooled.document_id in (None, self.document_id)
            if entry.stored is None and mine:  # not another slip's
                self._enqueue(key)

    # -- removing -----------------------------------------------------------------
    def remove(self, key: int) -> None:
        entry = self.entries.get(key)
        if entry is None or not self.editable:
            return
        if key == self.uploading:
            self.cancel()
            return
        if entry.stored is None:
            self.entries.pop(key)
            self.strip.take(key)
            if key in self.queue:
                self.queue.remove(key)
            if entry.spooled is not None:
                spool, spooled = self.spool(), entry.spooled
                QueryOp(parent=self, op=lambda: spool.done(spooled), success=lambda _: None).run()
            return
        self._ask_reason(key, entry.stored)

    def _ask_reason(self, key: int, stored: AttachmentOut) -> None:
        dialog = QInputDialog(self.owner)
        dialog.setObjectName("attachmentReasonDialog")
        dialog.setWindowTitle(self.tr("删除附件"))
        dialog.setLabelText(self.tr("删除“{name}”的原因:").format(name=stored.name))
        self.dialog = dialog

        def done(result: int) -> None:
            self.dialog = None
            reason = dialog.textValue().strip()
            if result == QDialog.DialogCode.Accepted and reason:
                self.context.run(
                    self,
                    lambda api: api.attachments.delete(stored.id, reason=reason),
                    lambda _none: self._removed(key),
                    say=lambda text: self._say(text, True),
                )

        dialog.finished.connect(done)
        dialog.open()

    def _removed(self, key: int) -> None:
        self.entries.pop(key, None)
        self.strip.take(key)
        self.pages_changed.emit(self.pages(), True)

    # -- following the form's document ---------------------------------------------
    def follow(self, document: DocumentOut | None) -> None:
        """The form's document: the same one saved again (waiting files go up), another
        one opened (its files are listed), or none (a blank form)."""
        if document is not None and document.id == self.document_id:
            self.editable = document.status in EDITABLE
            self.strip.set_changeable(self.editable)
            self.retry()
            return
        self.reset(keep_for=document.id if document is not None else None)
        if document is None:
            return
        self.document_id = document.id
        self.editable = document.status in EDITABLE
        self.strip.set_changeable(self.editable)
        self.retry()  # files kept here for this document (after a crash) go up
        self.context.run(
            self,
            lambda api: api.attachments.listing(document.id),
            lambda rows: self._listed(document.id, rows),
            say=lambda text: self._say(text, True),
        )

    def saved(self, document: DocumentOut) -> None:
        """The first save of a new document: the files waiting for it belong to it."""
        if self.document_id is None:
            self.document_id = document.id
            spool = self.spool()
            QueryOp(
                parent=self, op=lambda: spool.assign(document.id), success=lambda _: self.retry()
            ).run()
            return
        self.follow(document)

    def _listed(self, document_id: int, rows: list[AttachmentListedOut]) -> None:
        if document_id != self.document_id:
            return
        for row in rows:
            key = self._key()
            self.entries[key] = Entry(row.name, stored=row, size=row.size)
            self.strip.put(key, row.name, self.tr("{pages} 页").format(pages=row.pages))
        self.pages_changed.emit(self.pages(), False)

    def reset(self, *, keep_for: int | None = None) -> None:
        """A blank strip (a new slip, another document); an upload in hand stops.
        Files kept here for document ``keep_for`` (restored after a crash) stay."""
        if self.uploading is not None:
            self.cancel()
        kept = {
            key: entry
            for key, entry in self.entries.items()
            if keep_for is not None
            and entry.stored is None
            and entry.spooled is not None
            and entry.spooled.document_id == keep_for
        }
        for key in self.strip.item_keys():
            if key not in kept:
                self.strip.take(key)
        self.entries = kept
        self.queue.clear()
        self.document_id = None
        self.editable = True
        self.strip.tell("")
        self.strip.set_changeable(True)
        self.pages_changed.emit(0, False)

    def discard(self) -> None:
        """The clerk threw the slip away: its waiting files go from this computer too."""
        spool = self.spool()
        self.reset()
        QueryOp(parent=self, op=spool.clear, success=lambda _: None).run()

    def restore(self) -> None:
        """Files kept here from the last session, offered again (uploaded once their
        document is saved or open)."""
        spool = self.spool()
        known = {e.spooled.key for e in self.entries.values() if e.spooled is not None}

        def kept() -> list[tuple[SpooledFile, int, QImage | None]]:
            return [
                (entry, entry.path.stat().st_size, render_thumbnail(entry.path))
                for entry in spool.entries()
                if entry.key not in known
            ]

        QueryOp(parent=self, op=kept, success=self._restored).run()

    def _restored(self, found: list[tuple[SpooledFile, int, QImage | None]]) -> None:
        known = {e.spooled.key for e in self.entries.values() if e.spooled is not None}
        found = [row for row in found if row[0].key not in known]
        for spooled, size, image in found:
            key = self._key()
            self.entries[key] = Entry(spooled.name, spooled=spooled, size=size)
            self.strip.put(key, spooled.name, self.tr("上次未上传"))
            self.strip.set_thumbnail(key, image)
        if found:
            self.strip.tell(
                self.tr("有 {count} 个附件上次没有上传,保存草稿后将继续上传").format(
                    count=len(found)
                )
            )
        self.retry()
