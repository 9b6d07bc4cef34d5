"""The query screen's filters, remembered per user on this computer."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from pydantic import ValidationError

from client.core.settings import settings_dir
from common.schemas.search import DocumentQuery


def _path(username: str, directory: Path | None) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", username)
    digest = hashlib.sha256(username.encode()).hexdigest()[:12]  # 张三 and 李四 differ
    return (directory or settings_dir()) / "filters" / f"{safe}-{digest}.json"


def load(username: str, directory: Path | None = None) -> DocumentQuery:
    """The user's last filters, or none if there are none (or they no longer fit)."""
    path = _path(username, directory)
    try:
        return DocumentQuery.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return DocumentQuery()


def save(username: str, query: DocumentQuery, directory: Path | None = None) -> None:
    path = _path(username, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(query.model_dump(mode="json"), ensure_ascii=False), "utf-8")
