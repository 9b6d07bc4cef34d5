"""``countersign-server service``, as IT checks it: the systemd unit's content,
``service status`` before and after install, the refusals, uninstall; the log
file a running server writes in its data directory; and the Windows service's
run path, which holds no Windows call and so runs here too."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import server.__main__ as cli
from common.errors import DomainError
from server.cli_service import service_backend
from server.logfiles import server_log
from server.service_linux import UNIT_NAME, LinuxSystemd, unit_text
from server.service_spec import ServiceSpec
from tests.support.live_server import free_port
from tests.support.postgres import PostgresForTests, app_url_for

pytestmark = pytest.mark.usefixtures("only_cli_settings")

pwd = pytest.importorskip("pwd", reason="the systemd unit is Linux's; Windows has its own test")

ACCOUNT = "nobody"  # an unprivileged account every Linux has


@pytest.fixture
def units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A unit directory of the test's own: systemd is never told."""
    folder = tmp_path / "units"
    monkeypatch.setenv("COUNTERSIGN_SYSTEMD_DIR", str(folder))
    return folder


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _exec_start(unit: str) -> list[str]:
    [line] = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    return shlex.split(line.removeprefix("ExecStart="))


def test_install_status_and_uninstall_of_the_systemd_unit(
    units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "office data"  # a space, as Windows-minded IT may choose
    code, out, _ = run_cli(capsys, "service", "status")
    assert code == 3 and "Not installed" in out

    code, out, err = run_cli(
        capsys, "service", "install", "--data-dir", str(data_dir), "--user", ACCOUNT
    )
    assert code == 0, err
    unit = (units / UNIT_NAME).read_text()
    assert _exec_start(unit) == [
        sys.executable, "-P", "-m", "server", "run", "--data-dir", str(data_dir)
    ]  # fmt: skip
    assert f"User={ACCOUNT}\n" in unit
    assert "Restart=on-failure\n" in unit
    assert "WantedBy=multi-user.target\n" in unit
    for hardening in ("NoNewPrivileges=yes", "ProtectSystem=full", "PrivateTmp=yes"):
        assert hardening + "\n" in unit
    assert f'ReadWritePaths="{data_dir}"\n' in unit  # a list: quoted
    assert f"WorkingDirectory={data_dir}\n" in unit  # one path: systemd keeps quotes
    # no systemd here: says so, and what to run where it is
    assert "nothing was started" in out
    assert "systemctl daemon-reload && systemctl enable --now countersign-server" in out
    if os.geteuid() == 0:  # the service account owns its data (PostgreSQL insists)
        assert data_dir.stat().st_uid == pwd.getpwnam(ACCOUNT).pw_uid
        assert data_dir.stat().st_mode & 0o777 == 0o700

    code, out, _ = run_cli(capsys, "service", "status")
    assert code == 4  # installed, but whether it runs cannot be asked without systemd
    assert f"Installed: {units / UNIT_NAME}" in out
    assert f"Data directory: {data_dir}" in out
    assert "systemd not available" in out

    code, out, _ = run_cli(capsys, "service", "uninstall")
    assert code == 0 and not (units / UNIT_NAME).exists()
    assert f"The data directory {data_dir} is kept" in out and data_dir.is_dir()
    code, out, _ = run_cli(capsys, "service", "status")
    assert code == 3 and "Not installed" in out


def test_the_unit_command_line_is_one_the_server_accepts(
    units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--config goes before ``run`` (it is the program's option, not run's)."""
    config = tmp_path / "server.toml"
    config.write_text("port = 9443\n")
    data_dir = tmp_path / "data"
    code, _, err = run_cli(
        capsys,
        "service",
        "install",
        "--data-dir",
        str(data_dir),
        "--config",
        str(config),
        "--user",
        ACCOUNT,
    )
    assert code == 0, err
    words = _exec_start((units / UNIT_NAME).read_text())
    assert words[:4] == [sys.executable, "-P", "-m", "server"]
    args = cli.build_parser().parse_args(words[4:])
    assert args.command == "run"
    assert args.config_file == config and args.data_dir == data_dir


def test_install_refuses_root_and_a_missing_account_before_writing_anything(
    units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    code, _, err = run_cli(
        capsys, "service", "install", "--data-dir", str(data_dir), "--user", "root"
    )
    assert code == 2
    assert "root" in err and "unprivileged account" in err and "无特权账户" in err
    code, _, err = run_cli(
        capsys, "service", "install", "--data-dir", str(data_dir), "--user", "no-such-clerk"
    )
    assert code == 2 and "useradd --system" in err and "no-such-clerk" in err
    assert not (units / UNIT_NAME).exists() and not data_dir.exists()


def test_settings_in_the_shell_are_said_not_to_reach_the_service(
    units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTERSIGN_PORT", "9444")
    code, out, _ = run_cli(
        capsys, "service", "install", "--data-dir", str(tmp_path / "d"), "--user", ACCOUNT
    )
    assert code == 0
    assert "WARNING: COUNTERSIGN_PORT set in this shell will not reach the service" in out


def _fake_systemctl(tmp_path: Path, *, active: str) -> tuple[str, Path]:
    """A systemctl that records its arguments and answers is-active/is-enabled."""
    calls = tmp_path / "systemctl-calls"
    script = tmp_path / "systemctl"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{calls}"\n'
        f'case "$1" in is-active) echo {active}; [ {active} = active ] || exit 3;;\n'
        "  is-enabled) echo enabled;; esac\n"
    )
    script.chmod(0o755)
    return str(script), calls


@pytest.mark.parametrize(("active", "expected"), [("active", 0), ("inactive", 3)])
def test_where_systemd_runs_it_is_told_and_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], active: str, expected: int
) -> None:
    systemctl, calls = _fake_systemctl(tmp_path, active=active)
    backend = LinuxSystemd(tmp_path / "units", systemctl)
    spec = ServiceSpec(
        python=Path(sys.executable),
        data_dir=tmp_path / "data",
        config_file=None,
        user=ACCOUNT,
        port=8443,
    )
    assert backend.install(spec) == 0
    assert calls.read_text().splitlines() == ["daemon-reload", f"enable --now {UNIT_NAME}"]
    assert backend.status() == expected
    out = capsys.readouterr().out
    assert f"Active: {active}" in out and "Enabled (starts on boot): enabled" in out
    assert backend.uninstall() == 0
    assert calls.read_text().splitlines()[-2:] == [f"disable --now {UNIT_NAME}", "daemon-reload"]
    assert not backend.unit_path.exists()


def test_a_low_port_gets_the_one_capability_it_needs() -> None:
    spec = ServiceSpec(Path("/opt/cs/bin/python"), Path("/var/lib/cs"), None, "countersign", 443)
    assert "AmbientCapabilities=CAP_NET_BIND_SERVICE" in unit_text(spec, group="countersign")
    high = ServiceSpec(Path("/opt/cs/bin/python"), Path("/var/lib/cs"), None, "countersign", 8443)
    assert "AmbientCapabilities" not in unit_text(high, group="countersign")


def test_the_default_account_is_countersign(units: Path) -> None:
    args = cli.build_parser().parse_args(["service", "install"])
    assert args.user == "countersign" and args.data_dir is None


def test_one_function_picks_the_platform() -> None:
    from server.windows_service import WindowsService

    assert isinstance(service_backend("linux"), LinuxSystemd)
    assert isinstance(service_backend("win32"), WindowsService)
    with pytest.raises(DomainError) as refused:
        service_backend("darwin")
    assert refused.value.code == "cli.service_unsupported"


def _config(path: Path, postgres: PostgresForTests, data_dir: Path) -> int:
    """A configuration file on a fresh database of the test cluster; its port."""
    url = postgres.create_database()
    port = free_port()
    path.write_text(
        f'database_url = "{app_url_for(url, data_dir)}"\n'
        f'migration_database_url = "{url}"\n'
        f"port = {port}\nbackup_schedule = false\nshutdown_grace_s = 1\n"
    )
    return port


def test_the_windows_service_run_path_serves_logs_and_stops_on_request(
    postgres: PostgresForTests, tmp_path: Path
) -> None:
    """SvcDoRun runs run_service on a thread of the service manager's and SvcStop
    sets the event from another: the same here, without Windows."""
    from server.windows_service import run_service

    data_dir, config = tmp_path / "data", tmp_path / "server.toml"
    _config(config, postgres, data_dir)
    stop = threading.Event()
    failed: list[BaseException] = []

    def service() -> None:
        try:
            run_service(data_dir, config, stop)
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=service, name="svc-do-run")
    thread.start()
    log = server_log(data_dir)
    deadline = time.monotonic() + 60
    while "listening on" not in (log.read_text() if log.exists() else ""):
        assert thread.is_alive() and time.monotonic() < deadline, failed
        time.sleep(0.1)
    stop.set()
    thread.join(30)
    assert not thread.is_alive() and not failed
    written = log.read_text()
    assert "stop requested, shutting down" in written
    assert "Countersign server stopped." in written
    assert not (data_dir / "server.lock").exists()  # the data directory is free again


@pytest.mark.slow
@pytest.mark.parametrize("command", ["run", "upgrade"])
def test_a_running_server_logs_to_its_data_directory(
    postgres: PostgresForTests, tmp_path: Path, command: str
) -> None:
    """``upgrade`` without --no-start serves too, after migrating."""
    data_dir, config = tmp_path / "data", tmp_path / "server.toml"
    _config(config, postgres, data_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERSIGN_")}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server",
            "--config",
            str(config),
            command,
            "--data-dir",
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        deadline, said = time.monotonic() + 90, []
        for line in process.stdout:
            said.append(line)
            if "listening on https://" in line:
                break
            assert time.monotonic() < deadline, "the server did not start"
        assert process.poll() is None, "".join(said)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
        assert process.returncode == 0, output
    finally:
        if process.poll() is None:
            process.kill()
    written = server_log(data_dir).read_text()
    assert "Uvicorn running on https://" in written
    assert "received SIGTERM, shutting down" in written


def _service_account() -> str:
    """An account that may own a database here: the one pgserver runs PostgreSQL
    as when started by root, else whoever runs the tests."""
    return "pgserver" if os.geteuid() == 0 else pwd.getpwuid(os.getuid()).pw_name


def _as_older_version(unit_file: Path) -> None:
    """The unit as the previous version wrote it: its own Python."""
    text = unit_file.read_text().replace(
        f"ExecStart={sys.executable} ", "ExecStart=/opt/old/bin/python "
    )
    unit_file.write_text(text)


@pytest.mark.slow
def test_service_upgrade_migrates_its_data_then_registers_this_version_with_its_settings(
    units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, config = tmp_path / "data", tmp_path / "server.toml"
    config.write_text("port = 9443\n")
    migrated = subprocess.run(
        [sys.executable, "-m", "server", "migrate", "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr
    account = _service_account()
    code, _, err = run_cli(
        capsys, "--config", str(config), "service", "install", "--data-dir", str(data_dir),
        "--user", account,
    )  # fmt: skip
    assert code == 0, err
    _as_older_version(units / UNIT_NAME)

    code, out, err = run_cli(capsys, "service", "upgrade")
    assert code == 0, out + err
    unit = (units / UNIT_NAME).read_text()
    words = _exec_start(unit)
    assert words[0] == sys.executable  # this version now, with the same settings
    assert cli.build_parser().parse_args(words[4:]).config_file == config
    assert f"--data-dir {data_dir}" in " ".join(words)
    assert f"User={account}\n" in unit


def test_a_failed_service_upgrade_leaves_the_installed_version_registered(
    units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "empty"  # no database: the upgrade refuses it
    code, _, err = run_cli(
        capsys, "service", "install", "--data-dir", str(data_dir), "--user", ACCOUNT
    )
    assert code == 0, err
    _as_older_version(units / UNIT_NAME)
    before = (units / UNIT_NAME).read_text()

    code, out, err = run_cli(capsys, "service", "upgrade")
    assert code == 2
    assert "升级失败" in out + err or "upgrade failed" in (out + err).lower()
    assert (units / UNIT_NAME).read_text() == before  # the old version stays registered


def test_service_upgrade_without_a_service_says_so(
    units: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "service", "upgrade")
    assert code == 3 and "no service to upgrade" in out


def test_install_refuses_to_take_over_a_folder_that_holds_something_else(
    units: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "srv"
    (foreign / "website").mkdir(parents=True)  # a typo for the data directory
    code, out, err = run_cli(
        capsys, "service", "install", "--data-dir", str(foreign), "--user", ACCOUNT
    )
    assert code == 2
    assert "不是空目录,也不是 Countersign 的数据目录" in out + err
    assert not (units / UNIT_NAME).exists()
    assert foreign.stat().st_uid == os.getuid()  # nothing handed over
