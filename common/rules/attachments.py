"""Source documents (原始凭证): the rules both sides apply to an attached file.

The client checks a file before it uploads it (for comfort); the server decides
(server/services/documents/attachments.py). What a file *is* is decided from its
bytes by the server alone, never from its name.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 200
# 附件张数 is typed as 0–999 (common/schemas/documents.py): the attached pages
# of one document must fit in it, so a file that would pass it is refused.
MAX_DOCUMENT_PAGES = 999
BYTES_PER_MB = 1024 * 1024  # the size parameter counts MiB, as file managers do
FALLBACK_NAME = "附件"


def clean_file_name(name: str) -> str:
    """The file's own name as kept and shown: no folder (a browser or a script may
    send a whole path, with / or \\), no control characters, at most
    MAX_NAME_LENGTH characters with the extension kept; "附件" when nothing is left."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) != "Cc").strip()
    if base in ("", ".", ".."):
        return FALLBACK_NAME
    if len(base) <= MAX_NAME_LENGTH:
        return base
    stem, dot, extension = base.rpartition(".")
    if dot and 0 < len(extension) <= 10 and stem:
        return stem[: MAX_NAME_LENGTH - len(extension) - 1] + "." + extension
    return base[:MAX_NAME_LENGTH]


def limit_bytes(max_mb: int) -> int:
    """The size parameter (MB) in bytes: a file of exactly this size is accepted."""
    return max_mb * BYTES_PER_MB


def pages_fit(attached_pages: int, new_pages: int) -> bool:
    """Whether one more file of ``new_pages`` keeps the document's pages countable."""
    return attached_pages + new_pages <= MAX_DOCUMENT_PAGES


def count_below_pages(declared: int, attached_pages: int) -> bool:
    """附件张数 is the attached pages plus any paper pages kept outside: a count
    below the pages already attached is wrong (True), any count at or above is
    right (the difference is paper kept outside)."""
    return declared < attached_pages


def paper_reason_missing(declared: int, attached_pages: int, reason: str) -> bool:
    """A document with files that declares more pages than they hold names the paper
    kept outside (True: the reason is missing). Without files the typed count
    stands as before attachments existed."""
    return 0 < attached_pages < declared and not reason.strip()


def paper_pages(declared: int, attached_pages: int, reason: str) -> int:
    """The paper pages kept outside that a file added or removed leaves standing:
    those declared with a reason; none without one (the count follows the files)."""
    return max(declared - attached_pages, 0) if reason.strip() else 0
