"""The strip's small pictures: every one the same size (so the names under them
line up), the picture kept in proportion and outlined; none for what cannot be drawn."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor

from client.widgets.thumbnails import EDGE, THUMB, render_thumbnail
from tests.client.test_attachments_screens import png, two_page_pdf


def test_a_page_and_a_wide_picture_get_pictures_of_one_size(tmp_path: Path) -> None:
    page = render_thumbnail(two_page_pdf(tmp_path / "发票.pdf"))
    wide = render_thumbnail(png(tmp_path / "收据.png"))  # 320 × 200
    assert page is not None and wide is not None
    assert page.size() == THUMB and wide.size() == THUMB
    # the wide picture fills the width, centred: 60 px high, 18 px free above it
    assert wide.pixelColor(48, 5).alpha() == 0
    assert wide.pixelColor(0, 18) == EDGE and wide.pixelColor(48, 48) == QColor(200, 40, 40)
    # the white A4 page keeps its outline on a white strip
    assert page.pixelColor(48, 0) == EDGE and page.pixelColor(48, 48) == QColor("white")


def test_what_cannot_be_drawn_has_no_picture(tmp_path: Path) -> None:
    broken = tmp_path / "坏的.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    assert render_thumbnail(broken) is None
    assert render_thumbnail(tmp_path / "电子发票.ofd") is None
