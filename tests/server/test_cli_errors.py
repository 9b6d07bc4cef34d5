"""Bad input on ``countersign-server`` answers with one line in Chinese and English
and a non-zero exit, never a traceback: missing files, a backup without its
manifest, a configuration file that does not exist, bad settings, a data
directory that is a file or holds no database, an unknown restore plan, a port
in use, a data directory a server already runs on. A real fault still prints
one line, and its traceback goes to the log file that line names."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import server.__main__ as cli
from common.errors import DomainError
from server.cli_support import claim_data_dir
from tests.support.live_server import free_port

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "server"]


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the embedded database and the options given here."""
    for name in list(os.environ):
        if name.startswith("COUNTERSIGN_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the command; it must fail with exactly one error line and no traceback."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert code != 0, (out, err)
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.startswith("错误:")]
    assert len(lines) == 1, err
    assert " | Error: " in lines[0]  # Chinese, then English, on the one line
    return lines[0]


def test_verify_backup_of_a_missing_file_or_one_without_its_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    missing = tmp_path / "countersign-20261130-220000.dump"
    line = refused(capsys, "verify-backup", str(missing), "--data-dir", str(data))
    assert "文件不存在" in line and f"No such file: {missing}" in line

    missing.write_bytes(b"PGDMP not really")
    line = refused(capsys, "verify-backup", str(missing), "--data-dir", str(data))
    assert "备份清单不存在" in line and "manifest is missing" in line
    assert "countersign-20261130-220000.manifest.json" in line


def test_the_issue_case_as_a_process_prints_one_line(tmp_path: Path) -> None:
    """As an operator sees it: the real process, its exit code and its output."""
    dump = tmp_path / "countersign-x.dump"
    dump.write_bytes(b"PGDMP")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERSIGN_")}
    done = subprocess.run(
        [*CLI, "verify-backup", str(dump), "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.strip().count("\n") == 0 and "manifest is missing" in done.stderr


def test_bad_settings_name_the_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = str(tmp_path / "data")
    line = refused(
        capsys, "--config", str(tmp_path / "nowhere.toml"), "migrate", "--data-dir", data
    )
    assert "配置文件不存在" in line and "nowhere.toml" in line

    line = refused(capsys, "run", "--data-dir", data, "--port", "70000")
    assert "设置“port”" in line and "Setting 'port'" in line and "65535" in line

    toml = tmp_path / "bad.toml"
    toml.write_text('db_pool_size = "many"\n')
    line = refused(capsys, "--config", str(toml), "migrate", "--data-dir", data)
    assert "Setting 'db_pool_size'" in line

    monkeypatch.setenv("COUNTERSIGN_SHUTDOWN_GRACE_S", "0")
    line = refused(capsys, "migrate", "--data-dir", data)
    assert "Setting 'shutdown_grace_s'" in line and "greater than or equal to 1" in line


def test_a_wrong_data_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a directory")
    line = refused(capsys, "migrate", "--data-dir", str(a_file))
    assert "数据目录不可用" in line and "not a directory" in line

    empty = tmp_path / "typo"
    for command in ("verify-audit", "backup"):
        line = refused(capsys, command, "--data-dir", str(empty))
        assert "没有数据库" in line and f"no database in the data directory {empty}" in line
    line = refused(capsys, "restore", "--plan", "7", "--data-dir", str(empty))
    assert "is the path right?" in line
    assert not (empty / "pgdata").exists()  # no empty cluster made at a mistyped path


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli-errors") / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERSIGN_")}
    subprocess.run(
        [*CLI, "migrate", "--data-dir", str(data)], check=True, capture_output=True, env=env
    )
    return data


def test_an_unknown_restore_plan(migrated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "restore", "--plan", "424242", "--data-dir", str(migrated))
    assert "424242" in line


@pytest.fixture
def running(migrated: Path) -> Iterator[int]:
    """A real server on the migrated data directory; its port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERSIGN_")}
    process = subprocess.Popen(
        [*CLI, "run", "--data-dir", str(migrated), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 90
    for line in process.stdout:
        if "listening on https://" in line:
            break
        assert time.monotonic() < deadline, "the server did not start"
    try:
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)


def test_a_server_already_running_on_the_port_or_the_data_directory(
    migrated: Path, running: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    line = refused(capsys, "run", "--data-dir", str(other), "--port", str(running))
    assert "已被占用" in line and f"127.0.0.1:{running} is already in use" in line
    assert not (other / "pgdata").exists()  # refused before anything started

    line = refused(capsys, "run", "--data-dir", str(migrated), "--port", str(free_port()))
    assert "已有服务器在运行" in line and re.search(r"\(process \d+\)", line)
    line = refused(capsys, "demo", "--data-dir", str(migrated), "--port", str(free_port()))
    assert "already running on the data directory" in line
    assert (migrated / "pgdata" / "PG_VERSION").exists()  # demo erased nothing


def test_an_unexpected_fault_prints_one_line_and_logs_its_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("a fault nobody expected")

    monkeypatch.setattr(cli, "cmd_verify_audit", broken)
    data = tmp_path / "data"
    line = refused(capsys, "verify-audit", "--data-dir", str(data))
    log = data / "logs" / "countersign-server.log"
    assert "RuntimeError" in line and str(log) in line
    written = log.read_text()
    assert "Traceback" in written and "a fault nobody expected" in written


def _claim(data: Path, go: Any, held: Any, results: Any) -> None:
    """One process's claim, released at the same instant as the others'."""
    go.wait()
    try:
        claim_data_dir(data)
        results.put("won")
    except DomainError as refused:
        results.put(refused.code)
    held.wait()  # the winner holds the directory until every claim is answered


@pytest.mark.skipif(sys.platform == "win32", reason="forks the claiming processes")
def test_processes_claiming_one_data_directory_at_once_leave_exactly_one_owner(
    tmp_path: Path,
) -> None:
    forks = multiprocessing.get_context("fork")
    for round_ in range(24):
        data = tmp_path / f"data{round_}"
        data.mkdir()
        if round_ % 2:  # a server killed long ago: its lock names a process gone
            (data / "server.lock").write_text("999999 1700000000.0\n")
        go, held, results = forks.Barrier(3), forks.Barrier(3), forks.Queue()
        claims = [forks.Process(target=_claim, args=(data, go, held, results)) for _ in range(3)]
        for claim in claims:
            claim.start()
        said = sorted(results.get(timeout=30) for _ in claims)
        for claim in claims:
            claim.join(timeout=30)
        assert said == ["cli.server_running"] * 2 + ["won"], (round_, said)
