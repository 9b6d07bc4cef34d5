"""The frozen client, built as IT builds it (`installers/build.py client`), works
on a machine with no Python and no Chinese font of its own: its self-test passes
against a running server, and the Linux archive carries the menu entries and the
install script that presets the server for every user."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.support.live_server import LiveServer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dist")
    env = dict(os.environ, COUNTERSIGN_DIST=str(target))
    done = subprocess.run(
        [sys.executable, "installers/build.py", "client"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "self-test passed" in done.stdout
    return target


def font_less(tmp_path: Path) -> dict[str, str]:
    """A machine whose fontconfig knows no font, and whose Python is not ours."""
    (tmp_path / "no-fonts").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?>\n<fontconfig><dir>{tmp_path / "no-fonts"}</dir>'
        f"<cachedir>{tmp_path / 'font-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    env["PATH"] = "/usr/bin:/bin"
    return env | {
        "FONTCONFIG_FILE": str(config),
        "QT_QPA_PLATFORM": "offscreen",
        "COUNTERSIGN_CLIENT_HOME": str(tmp_path / "home"),
        "COUNTERSIGN_MACHINE_CONFIG": str(tmp_path / "machine"),
    }


def test_the_frozen_programs_pass_their_self_test_against_the_server(
    dist: Path, live_server: LiveServer, tmp_path: Path
) -> None:
    env = font_less(tmp_path)
    for program in ("countersign", "countersign-admin"):
        done = subprocess.run(
            [str(dist / "countersign" / program), "--self-test", "--server", live_server.url],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.startswith(f"{program} ")
        assert "ok   voucher pdf" in done.stdout
        assert f"ok   server: {live_server.url}" in done.stdout


def test_the_linux_archive_installs_menu_entries_and_presets_the_server(dist: Path) -> None:
    (archive,) = dist.glob("countersign-*-linux-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        top = names[0].split("/")[0]
        assert f"{top}/countersign/countersign" in names
        assert f"{top}/countersign/countersign-admin" in names
        entry = tar.extractfile(f"{top}/countersign-admin.desktop")
        assert entry is not None
        text = entry.read().decode("utf-8")
        install = tar.extractfile(f"{top}/install.sh")
        assert install is not None
        script = install.read().decode("utf-8")
    assert "Name[zh_CN]=系统管理后台" in text
    assert "Exec=@TARGET@/countersign-admin" in text
    assert "/etc/countersign/provisioning.ini" in script
    assert "--self-test" in script
