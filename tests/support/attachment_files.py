"""Attachment files made with the real libraries (pypdf, Pillow, zipfile): the
scans a clerk attaches, for the tests of attachments, their archive and backups."""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter


def pdf_file(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_file(fmt: str, *, frames: int = 1, shade: int = 0) -> bytes:
    pictures = [Image.new("RGB", (60, 40), (shade, 10 * i, 200)) for i in range(frames)]
    out = io.BytesIO()
    if frames > 1:
        pictures[0].save(out, fmt, save_all=True, append_images=pictures[1:])
    else:
        pictures[0].save(out, fmt)
    return out.getvalue()


def zipped(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return out.getvalue()


def ofd_file(pages: int) -> bytes:
    """A minimal OFD: a zip with OFD.xml at its root naming Doc_0/Document.xml."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    listed = "".join(
        f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(pages)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.1" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {ns}><ofd:Pages>{listed}</ofd:Pages></ofd:Document>",
        )
    return out.getvalue()
