"""The words of a PDF page as a reader copying them would get them: for the
self-test (a printed voucher must carry its Chinese text) and for tests."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtPdf import QPdfDocument

# Glyphs a CJK font shares with a radical: a PDF's text layer may give the radical.
# NFKC folds the Kangxi radicals (⽀ → 支); these of the supplement it leaves.
_RADICALS = str.maketrans({"\u2ec6": "角", "\u2ed1": "长", "\u2ec5": "见", "\u2ee2": "马"})


def pdf_text(path: Path, page: int = 0) -> str:
    """The page's text, radicals folded back into the characters they stand for;
    raises OSError when the file is not a readable PDF."""
    document = QPdfDocument()
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_:
        raise OSError(f"{path}: not a readable PDF ({error.name})")
    try:
        return unicodedata.normalize("NFKC", document.getAllText(page).text()).translate(_RADICALS)
    finally:
        document.close()
