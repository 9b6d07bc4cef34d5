"""``countersign-server`` as an operator uses it: real processes, real embedded PostgreSQL."""

from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from server.db.migrate import head_revision
from tests.support.live_server import free_port

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "server"]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # these tests are about the embedded database
    env.pop("COUNTERSIGN_CONFIG", None)
    return env


def _postgres_processes_for(data_dir: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = process.info["cmdline"] or []
        if process.info["name"] == "postgres" and str(data_dir) in " ".join(cmdline):
            found.append(process)
    return found


def test_migrate_and_create_admin_on_a_new_data_directory(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    migrate = subprocess.run(
        [*CLI, "migrate", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_environment(),
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr
    assert f"revision {head_revision()}" in migrate.stdout

    admin = subprocess.run(
        [*CLI, "create-admin", "chen.admin", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_environment(),
        check=False,
    )
    assert admin.returncode == 0, admin.stderr
    password = re.search(r"Initial password .*: (\S+)$", admin.stdout, re.MULTILINE)
    assert password is not None and len(password.group(1)) >= 12

    again = subprocess.run(
        [*CLI, "create-admin", "CHEN.ADMIN", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_environment(),
        check=False,
    )
    assert again.returncode == 2
    assert "已存在" in again.stderr and "already exists" in again.stderr
    assert _postgres_processes_for(data_dir) == []


def test_run_answers_health_over_https_and_sigterm_leaves_no_postgres(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [*CLI, "run", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_environment(),
    )
    try:
        fingerprint = None
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("Certificate SHA-256 fingerprint:"):
                fingerprint = line.split(":", 1)[1].strip()
            if "listening on https://" in line:
                break
            assert time.monotonic() - started < 60, "server did not start within 60 s"
        assert fingerprint is not None

        cert = data_dir / "tls" / "server.crt"
        context = ssl.create_default_context(cafile=str(cert))
        response = httpx.get(f"https://127.0.0.1:{port}/api/v1/health", verify=context, timeout=10)
        assert response.json()["status"] == "ok"
        assert time.monotonic() - started < 60
        assert _postgres_processes_for(data_dir), "the embedded PostgreSQL should be running"

        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        assert process.returncode == 0, output
        assert "Countersign server stopped." in output
    finally:
        if process.poll() is None:
            process.kill()
    deadline = time.monotonic() + 5
    while _postgres_processes_for(data_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _postgres_processes_for(data_dir) == []


def _wait_gone(data_dir: Path) -> list[psutil.Process]:
    deadline = time.monotonic() + 10
    while _postgres_processes_for(data_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _postgres_processes_for(data_dir)


def test_a_crash_recorded_by_pgserver_does_not_keep_postgres_alive_later(tmp_path: Path) -> None:
    """A server killed with SIGKILL leaves its pid in pgserver's handle list; the
    next clean stop must still stop PostgreSQL."""
    data_dir, port = tmp_path / "data", free_port()
    subprocess.run(
        [*CLI, "migrate", "--data-dir", str(data_dir)],
        check=True,
        capture_output=True,
        timeout=120,
        env=_environment(),
    )
    (data_dir / "pgdata" / ".handle_pids.json").write_text("[999999]")  # a dead process
    process = subprocess.Popen(
        [*CLI, "run", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_environment(),
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "listening on https://" in line:
            break
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    assert process.returncode == 0
    assert _wait_gone(data_dir) == []


def test_sigterm_while_starting_leaves_no_postgres(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", free_port()
    process = subprocess.Popen(
        [*CLI, "run", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_environment(),
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Data directory:"):
            break
    time.sleep(0.5)  # inside the database start (initdb takes longer than this)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode in (0, 128 + signal.SIGTERM)
    assert _wait_gone(data_dir) == []


def test_demo_refuses_to_erase_a_directory_it_did_not_make(tmp_path: Path) -> None:
    precious = tmp_path / "real-data"
    precious.mkdir()
    (precious / "ledger.txt").write_text("keep me")
    result = subprocess.run(
        [*CLI, "demo", "--data-dir", str(precious), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        env=_environment(),
        check=False,
    )
    assert result.returncode == 2
    assert "refusing to erase" in result.stderr
    assert (precious / "ledger.txt").read_text() == "keep me"


def test_backup_verify_and_a_damaged_file_from_the_command_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*CLI, *args, "--data-dir", str(data_dir)],
            capture_output=True,
            text=True,
            timeout=180,
            env=_environment(),
            check=False,
        )

    assert cli("migrate").returncode == 0  # backup refuses a data directory with no database
    made = cli("backup", "--verify")
    assert made.returncode == 0, made.stderr
    assert "Backup verified" in made.stdout
    [dump] = (data_dir / "backups").glob("countersign-*.dump")
    assert dump.with_suffix(".manifest.json").exists() and dump.with_suffix(".verify.json").exists()
    assert cli("verify-backup", str(dump)).returncode == 0
    data = bytearray(dump.read_bytes())
    data[-100] ^= 0xFF
    dump.write_bytes(bytes(data))
    damaged = cli("verify-backup", str(dump))
    assert damaged.returncode == 1 and "FAILED" in damaged.stdout
    assert _postgres_processes_for(data_dir) == []
