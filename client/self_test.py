"""``countersign --self-test [--server URL]``: what IT runs on a newly installed
desktop (and CI runs on the frozen bundle) to know the program works there before
a clerk tries it: the Qt platform starts, translations and the Chinese font load,
the icon font draws, a voucher prints to PDF with its Chinese text in it, and —
given a server — a TLS connection reaches it and it answers healthy.

Prints one line per check and exits 0 when all pass, 1 naming what failed.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QCoreApplication

from client.api import ServerAddress
from client.api.client import ApiClient
from client.api.tls import fetch_presented_certificate
from client.core.i18n import install_language
from client.core.provisioning import load_provisioning
from client.core.settings import SettingsStore
from client.widgets.fonts import chinese_font_families, install_cjk_font
from client.widgets.pdf_text import pdf_text
from common.enums import DEFAULT_LANGUAGE, Language
from common.version import __version__


class CheckFailed(Exception):
    """A check's refusal, in words IT can act on."""


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[], str]  # returns what it found; raises CheckFailed


def check_translations() -> str:
    """Every UI language's .qm is in the bundle and translates."""
    found = []
    for language in (lang for lang in Language if lang is not DEFAULT_LANGUAGE):
        if not install_language(language):
            raise CheckFailed(f"the translation countersign_{language.value}.qm is missing")
        words = QCoreApplication.translate("VoucherPrint", "记账凭证")
        if words == "记账凭证":
            raise CheckFailed(f"the {language.value} translation loads but does not translate")
        found.append(f"{language.value}: {words}")
    install_language(DEFAULT_LANGUAGE)
    return "记账凭证 → " + ", ".join(found)


def check_catalogues() -> str:
    """The messages' catalogues (resources/locale) are in the bundle, one a language."""
    from common import i18n

    code = "label.document_status.returned"
    found = {language: i18n.catalogue(language).get(code) for language in Language}
    missing = sorted(language.value for language, words in found.items() if not words)
    if missing:
        raise CheckFailed(f"the message catalogues are missing: {', '.join(missing)}")
    return " / ".join(str(words) for words in found.values())


def check_chinese_font() -> str:
    shipped = install_cjk_font()
    families = chinese_font_families()
    if not shipped and getattr(sys, "frozen", False):  # an installed bundle lacks a file
        raise CheckFailed("the font shipped with the program is missing or damaged")
    if not families:
        raise CheckFailed("no font can draw Chinese: printed documents would have no Chinese text")
    return ("shipped font loaded; " if shipped else "shipped font MISSING; ") + ", ".join(
        families[:3]
    )


def check_icons() -> str:
    import qtawesome

    icon = qtawesome.icon("mdi6.check-circle-outline")
    if icon.pixmap(24, 24).isNull():
        raise CheckFailed("the icon font (QtAwesome) does not draw")
    return "QtAwesome draws"


SAMPLE_VOUCHER = {
    "type": "记账凭证",
    "unit": "示范县财政局",
    "date": "2026-01-05",
    "number": "2026-01 记-0001",
    "attachments": 2,
    "maker": "张会计",
    "lines": [
        ("拨付教育经费", "1001 库存现金", Decimal("12345.60"), None),
        ("拨付教育经费", "2001 应付账款", None, Decimal("12345.60")),
    ],
}
EXPECTED_WORDS = ("记账凭证", "示范县财政局", "拨付教育经费", "壹万贰仟叁佰肆拾伍元陆角整")


def check_voucher_pdf() -> str:
    from client.workbench.entry.voucher_print import save_pdf

    with tempfile.TemporaryDirectory(prefix="countersign-self-test-") as folder:
        path = Path(folder) / "voucher.pdf"
        save_pdf(SAMPLE_VOUCHER, path)
        try:
            text = "".join(pdf_text(path).split())  # the title is printed letter-spaced
        except OSError as exc:
            raise CheckFailed(f"the voucher PDF was not written: {exc}") from exc
    missing = [word for word in EXPECTED_WORDS if word not in text]
    if missing:
        raise CheckFailed(f"the voucher PDF lacks {', '.join(missing)} (no usable Chinese font?)")
    return f"{len(text)} characters, Chinese included"


def server_check(url: str) -> Callable[[], str]:
    def run() -> str:
        try:
            address = ServerAddress.parse(url)
        except ValueError as exc:
            raise CheckFailed(str(exc)) from exc
        try:
            presented = fetch_presented_certificate(address)
        except Exception as exc:  # unreachable, not TLS: say what the socket said
            raise CheckFailed(f"no TLS connection to {address.url}: {exc}") from exc
        provisioned = load_provisioning()
        pin = SettingsStore().load().pin_for(address)
        if provisioned is not None and provisioned.address.key != address.key:
            raise CheckFailed(
                f"this computer is set up for {provisioned.address.url}, "
                f"so the programs will not connect to {address.url}"
            )
        if provisioned is not None:
            if not provisioned.matches(presented.fingerprint):
                raise CheckFailed(
                    f"{address.url} presents {presented.fingerprint}, "
                    f"not the provisioned {provisioned.fingerprint}"
                )
            trust = "provisioned certificate"
        elif pin is not None and pin.fingerprint != presented.fingerprint:
            raise CheckFailed(
                f"{address.url} presents {presented.fingerprint}, not the one this user "
                f"trusted ({pin.fingerprint})"
            )
        else:
            trust = "trusted certificate" if pin else f"certificate {presented.fingerprint}"
        api = ApiClient(address, pinned_pem=presented.pem, pinned_fingerprint=presented.fingerprint)
        try:
            health = api.system.health()
        except Exception as exc:
            raise CheckFailed(f"{address.url} did not answer: {exc}") from exc
        finally:
            api.close()
        if health.status != "ok":
            raise CheckFailed(f"{address.url} answers but is not healthy: {health.status}")
        return f"{address.url}: {trust}, server healthy"

    return run


def checks(server: str | None) -> list[Check]:
    found = [
        Check("translations", check_translations),
        Check("message catalogues", check_catalogues),
        Check("chinese font", check_chinese_font),
        Check("icons", check_icons),
        Check("voucher pdf", check_voucher_pdf),
    ]
    if server:
        found.append(Check("server", server_check(server)))
    return found


def run_self_test(app_name: str, server: str | None, out: TextIO) -> int:
    """Run every check (a failed one does not hide the next) and report."""
    failed = 0
    out.write(f"{app_name} {__version__} self-test\n")
    for check in checks(server):
        try:
            found = check.run()
        except CheckFailed as exc:
            failed += 1
            out.write(f"FAIL {check.name}: {exc}\n")
        else:
            out.write(f"ok   {check.name}: {found}\n")
    out.write("self-test passed\n" if not failed else f"self-test FAILED ({failed})\n")
    out.flush()
    return 0 if not failed else 1
