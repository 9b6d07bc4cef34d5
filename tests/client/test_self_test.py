"""What IT runs on a newly installed desktop, and the promise behind it: Chinese
prints on a machine with no Chinese font of its own, because the client ships one.

These run the client as a separate program (as a desktop would) under a
fontconfig that knows no fonts at all — a fresh Linux machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from client.widgets.pdf_text import pdf_text
from tests.support.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]

PRINT_VOUCHER = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from client.widgets.look import apply_look
from client.self_test import SAMPLE_VOUCHER
from client.workbench.entry.voucher_print import save_pdf

app = QApplication([])
apply_look(app)  # what every window does first
save_pdf(SAMPLE_VOUCHER, Path(sys.argv[1]))
"""


@pytest.fixture
def no_system_fonts(tmp_path: Path, client_home: Path) -> dict[str, str]:
    """The environment of a machine whose fontconfig finds no font at all."""
    (tmp_path / "no-fonts").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        f"<dir>{tmp_path / 'no-fonts'}</dir><cachedir>{tmp_path / 'font-cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return dict(os.environ, FONTCONFIG_FILE=str(config), QT_QPA_PLATFORM="offscreen")


def provision(env: dict[str, str], url: str, fingerprint: str) -> None:
    """The machine's provisioning file, as the silent install writes it."""
    machine = Path(env["COUNTERSIGN_MACHINE_CONFIG"])
    machine.mkdir(parents=True, exist_ok=True)
    (machine / "provisioning.ini").write_text(
        f"[server]\nurl = {url}\nfingerprint = {fingerprint}\n", encoding="utf-8"
    )


def run_client(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_machine_has_no_font_yet_the_voucher_pdf_carries_its_chinese(
    no_system_fonts: dict[str, str], tmp_path: Path
) -> None:
    if shutil.which("fc-list"):
        listed = subprocess.run(
            ["fc-list"], env=no_system_fonts, capture_output=True, text=True, check=False
        )
        assert listed.stdout.strip() == "", "the test machine must look font-less"
    target = tmp_path / "voucher.pdf"
    done = run_client(no_system_fonts, "-c", PRINT_VOUCHER, str(target))
    assert done.returncode == 0, done.stderr
    text = "".join(pdf_text(target).split())
    for words in (
        "记账凭证",
        "示范县财政局",
        "拨付教育经费",
        "1001库存现金",
        "壹万贰仟叁佰肆拾伍元陆角整",
    ):
        assert words in text


def test_the_self_test_passes_on_a_font_less_machine_and_reaches_the_server(
    no_system_fonts: dict[str, str], live_server: LiveServer
) -> None:
    done = run_client(
        no_system_fonts, "-m", "client.workbench", "--self-test", "--server", live_server.url
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    for check in (
        "translations",
        "message catalogues",
        "chinese font",
        "icons",
        "voucher pdf",
        "server",
    ):
        assert any(line.startswith(f"ok   {check}:") for line in lines), done.stdout
    assert "Noto Sans CJK SC" in done.stdout
    assert f"{live_server.url}: certificate {live_server.fingerprint}" in done.stdout


def test_the_self_test_fails_on_a_server_that_is_not_the_provisioned_one(
    no_system_fonts: dict[str, str], live_server: LiveServer
) -> None:
    provision(no_system_fonts, live_server.url, ":".join(["AB"] * 32))
    done = run_client(
        no_system_fonts, "-m", "client.admin", "--self-test", "--server", live_server.url
    )
    assert done.returncode == 1
    assert f"FAIL server: {live_server.url} presents {live_server.fingerprint}" in done.stdout
    assert "not the provisioned AB:AB" in done.stdout
    assert done.stdout.splitlines()[-1] == "self-test FAILED (1)"


def test_the_self_test_names_an_unreachable_server(no_system_fonts: dict[str, str]) -> None:
    done = run_client(
        no_system_fonts, "-m", "client.workbench", "--self-test", "--server", "https://127.0.0.1:9"
    )
    assert done.returncode == 1
    assert "FAIL server: no TLS connection to https://127.0.0.1:9" in done.stdout


def test_the_self_test_fails_on_a_server_other_than_the_provisioned_one(
    no_system_fonts: dict[str, str], live_server: LiveServer
) -> None:
    provision(no_system_fonts, "https://finance-server:8443", live_server.fingerprint)
    done = run_client(
        no_system_fonts, "-m", "client.workbench", "--self-test", "--server", live_server.url
    )
    assert done.returncode == 1
    assert (
        "FAIL server: this computer is set up for https://finance-server:8443, "
        f"so the programs will not connect to {live_server.url}"
    ) in done.stdout
