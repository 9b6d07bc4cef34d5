"""The Chinese font: the one the client ships (resources/fonts, Noto Sans CJK SC,
OFL) is registered with Qt at start, so that screens, prints and PDFs show Chinese
on a machine with no Chinese font of its own (a fresh Linux install; Windows has
its own, which Qt also uses). Without any, a PDF of a voucher silently has no
Chinese text at all — hence the warning at start."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from resources import RESOURCE_DIR

log = logging.getLogger(__name__)

FONTS_DIR = RESOURCE_DIR / "fonts"
BUNDLED_CJK_FONT = FONTS_DIR / "NotoSansCJKsc-Regular-GBK.otf"
# the family the printed documents name (voucher, query list, report): the shipped one
PRINT_FAMILY = "Noto Sans CJK SC"

_registered: list[int] = []


def install_cjk_font() -> bool:
    """Register the shipped font once per process; False when it could not be
    loaded (a damaged or missing file)."""
    if _registered:
        return _registered[0] != -1
    font_id = QFontDatabase.addApplicationFont(str(BUNDLED_CJK_FONT))
    _registered.append(font_id)
    if font_id == -1:
        log.warning("the shipped Chinese font %s could not be loaded", BUNDLED_CJK_FONT)
        return False
    log.info("Chinese font: %s", ", ".join(QFontDatabase.applicationFontFamilies(font_id)))
    return True


def chinese_font_families() -> list[str]:
    """Every font Qt can draw Simplified Chinese with, shipped or the machine's."""
    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
