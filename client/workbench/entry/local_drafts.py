"""What is being typed, kept on this computer every few seconds (DOMAIN.md: nothing
typed is ever lost) and offered back after a crash or a dropped connection.

One file per server, user and form, in the user's own profile directory, readable
by that user only. It is removed once the server has the document.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import platformdirs


def drafts_dir() -> Path:
    override = os.environ.get("COUNTERSIGN_CLIENT_HOME")
    base = Path(override) if override else Path(platformdirs.user_data_dir("countersign", False))
    return base / "drafts"


class LocalDraftStore:
    def __init__(self, server_key: str, username: str, form: str) -> None:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", f"{server_key}-{username}-{form}")
        self.path = drafts_dir() / f"{safe}.json"

    def save(self, state: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False)
        os.replace(temporary, self.path)  # never half a file after a crash

    def load(self) -> dict[str, Any] | None:
        try:
            loaded: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return loaded

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
