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

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="the Linux bundle and install.sh"),
]

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


def test_the_linux_archive_installs_menu_entries_and_presets_the_server(
    dist: Path, live_server: LiveServer, tmp_path: Path
) -> None:
    (archive,) = dist.glob("countersign-*-linux-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert all(member.uid == 0 and member.gid == 0 for member in tar.getmembers())
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    env = font_less(tmp_path)
    places = {
        "--target": tmp_path / "opt" / "countersign",
        "--applications": tmp_path / "applications",
        "--config-dir": tmp_path / "etc" / "countersign",
    }
    where = [str(part) for option, path in places.items() for part in (option, path)]

    refused = subprocess.run(
        [str(unpacked / "install.sh"), *where, "--server", live_server.url,
         "--fingerprint", "AB:CD"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "--fingerprint must be the server's SHA-256 fingerprint" in refused.stderr
    assert not places["--target"].exists()  # nothing installed

    done = subprocess.run(
        [str(unpacked / "install.sh"), *where, "--server", live_server.url,
         "--fingerprint", live_server.fingerprint.lower().replace(":", " ")],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout
    assert f"ok   server: {live_server.url}: provisioned certificate" in done.stdout
    entry = (places["--applications"] / "countersign-admin.desktop").read_text(encoding="utf-8")
    assert "Name[zh_CN]=系统管理后台" in entry
    assert f"Exec={places['--target']}/countersign-admin %U" in entry
    provisioning = (places["--config-dir"] / "provisioning.ini").read_text(encoding="utf-8")
    assert f"url = {live_server.url}" in provisioning
    program = places["--target"] / "countersign"
    assert program.stat().st_mode & 0o022 == 0  # nobody but its owner may change it
    if os.geteuid() == 0:
        assert program.stat().st_uid == 0
