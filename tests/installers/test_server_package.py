"""The offline server package (`installers/build.py server`) installs on a server
with no network at all and serves: the wheelhouse holds every wheel, per
platform, with that platform's own dependencies (the Windows service framework
on Windows, uvloop only on Linux) and no desktop libraries."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from client.api.tls import ServerAddress, fetch_presented_certificate
from tests.support.live_server import free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="the Linux bundle and install.sh"),
]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "installers/build.py", "server"],
        cwd=ROOT,
        env=dict(os.environ, COUNTERSIGN_DIST=str(target)),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (folder,) = target.glob("countersign-server-*/")
    assert (target / f"{folder.name}.zip").exists()
    return folder


def wheels(package: Path, platform: str) -> set[str]:
    return {
        path.name.split("-")[0].lower() for path in (package / "wheels" / platform).glob("*.whl")
    }


def test_each_platform_gets_its_own_wheels_and_no_desktop_libraries(package: Path) -> None:
    linux, windows = wheels(package, "linux"), wheels(package, "windows")
    for both in (linux, windows):
        assert {"countersign", "fastapi", "sqlalchemy", "psycopg2_binary", "pgserver"} <= both
        assert not {"pyside6", "pyside6_essentials", "qtawesome", "keyring"} & both
    assert "pywin32" in windows and "pywin32" not in linux
    assert "uvloop" in linux and "uvloop" not in windows
    assert all(
        "win_amd64" in p.name or "none-any" in p.name or "abi3-win" in p.name
        for p in (package / "wheels" / "windows").glob("*.whl")
    )


def offline(tmp_path: Path) -> dict[str, str]:
    """No index, no configuration, and a proxy that refuses: pip cannot reach out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    return env | {
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "PATH": f"{Path(sys.base_prefix) / 'bin'}:/usr/bin:/bin",
    }


def install(
    package: Path, prefix: Path, data_dir: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The package's install script, as IT runs it on the server."""
    return subprocess.run(
        [str(package / "install.sh"), "--prefix", str(prefix), "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_it_installs_with_no_network_and_the_server_serves(package: Path, tmp_path: Path) -> None:
    env = offline(tmp_path)
    prefix = tmp_path / "countersign-server"
    data_dir = tmp_path / "data"
    done = install(package, prefix, data_dir, env)
    assert done.returncode == 0, done.stdout + done.stderr
    version = package.name.removeprefix("countersign-server-")
    assert f"installed: {prefix}/{version}/bin/countersign-server" in done.stdout
    assert "service install --data-dir" in done.stdout  # what to do next
    target = prefix / "current"
    assert target.resolve() == prefix / version
    installed = subprocess.run(
        [str(target / "bin" / "python"), "-c", "import PySide6"], capture_output=True
    )
    assert installed.returncode != 0  # a server carries no Qt

    # what IT gives the silent client install, known before the first start
    printed = subprocess.run(
        [str(target / "bin" / "countersign-server"), "fingerprint", "--data-dir",
         str(data_dir)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    fingerprint = printed.stdout.strip()
    assert len(fingerprint) == 95

    port = free_port()
    server = subprocess.Popen(
        [str(target / "bin" / "countersign-server"), "run", "--data-dir", str(data_dir),
         "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    assert server.stdout is not None
    output: list[str] = []
    listening = threading.Event()

    def read() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            output.append(line)
            if "listening on https://" in line:
                listening.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert listening.wait(180), "".join(output)
        health = httpx.get(f"https://127.0.0.1:{port}/api/v1/health", verify=False, timeout=30)
        assert health.status_code == 200
        assert health.json()["status"] == "ok"
        presented = fetch_presented_certificate(ServerAddress.parse(f"https://127.0.0.1:{port}"))
        assert presented.fingerprint == fingerprint
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        reader.join(timeout=5)

    # the same package again over the installed one and its data: the installer's
    # upgrade step checks the database and keeps the version in use
    again = install(package, prefix, data_dir, env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"upgrading from {version} to {version}" in again.stdout
    assert f"upgraded: {prefix}/current -> {version}" in again.stdout
