"""Files added to an entry screen that the server has not acknowledged yet, kept on
this computer (DOMAIN.md: nothing typed is ever lost — nor anything attached).

A file is copied into the spool folder before it is sent, with the idempotency
key its upload uses, so an upload cut off by a crash or a dropped line is sent
again, with the same key, at the next start: never lost, never attached twice.
The copy goes once the server has answered (with the file, or with a refusal).

One folder per server, user and form, next to the local draft copy (local_drafts.py);
a manifest (``spool.json``) names the entries. Qt-free: the entry screen calls it
from background operations.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from client.api.documents import new_key
from client.workbench.entry.local_drafts import drafts_dir

_MANIFEST = "spool.json"
_lock = threading.Lock()  # uploads of one form finish on several pool threads


@dataclass(frozen=True)
class SpooledFile:
    """One kept file: its name as the user chose it, the copy, and its upload's key;
    ``document_id`` once the document exists on the server."""

    name: str
    copy: str
    key: str = field(default_factory=new_key)
    document_id: int | None = None

    @property
    def path(self) -> Path:
        return Path(self.copy)


class AttachmentSpool:
    def __init__(self, server_key: str, username: str, form: str) -> None:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", f"{server_key}-{username}-{form}")
        self.folder = drafts_dir() / f"{safe}-attachments"

    def keep(self, source: Path, document_id: int | None) -> SpooledFile:
        """Copy ``source`` into the spool (the original may move or vanish)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = SpooledFile(name=source.name, copy="", document_id=document_id)
        target = self.folder / f"{entry.key}{source.suffix.lower()}"
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
        entry = SpooledFile(entry.name, str(target), entry.key, document_id)
        with _lock:
            self._write([*self._read(), entry])
        return entry

    def entries(self) -> list[SpooledFile]:
        """What is still waiting, oldest first (a copy that vanished is dropped)."""
        with _lock:
            return [e for e in self._read() if e.path.exists()]

    def assign(self, document_id: int) -> list[SpooledFile]:
        """The document now exists: the waiting files belong to it."""
        with _lock:
            moved = [SpooledFile(e.name, e.copy, e.key, document_id) for e in self._read()]
            self._write(moved)
        return moved

    def done(self, entry: SpooledFile) -> None:
        """The server answered for ``entry``: its copy goes."""
        with _lock:
            self._write([e for e in self._read() if e.key != entry.key])
        entry.path.unlink(missing_ok=True)

    def clear(self) -> None:
        with _lock:
            for entry in self._read():
                entry.path.unlink(missing_ok=True)
            (self.folder / _MANIFEST).unlink(missing_ok=True)

    def _read(self) -> list[SpooledFile]:
        try:
            rows = json.loads((self.folder / _MANIFEST).read_text(encoding="utf-8"))
            return [SpooledFile(**row) for row in rows]
        except (OSError, ValueError, TypeError):
            return []

    def _write(self, entries: list[SpooledFile]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f"{_MANIFEST}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump([asdict(e) for e in entries], handle, ensure_ascii=False)
        os.replace(temporary, self.folder / _MANIFEST)  # never half a manifest
