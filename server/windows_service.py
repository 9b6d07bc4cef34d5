"""The server as a Windows service, with pywin32's service framework.

``countersign-server service install`` registers :class:`CountersignService`
(hosted by pywin32's pythonservice.exe) to start automatically at boot, with
the data directory and configuration file kept in the service's registry
parameters, restart-on-failure recovery actions, and the server's rotating log
in ``<data_dir>\\logs\\server.log`` (the service has no console).

The account is the virtual service account ``NT SERVICE\\CountersignServer``,
not LocalService: a virtual account is this service's own identity, so the
data directory (the ledger, the backup key, the TLS key) can be given to it
alone. LocalService is shared by many Windows services; whatever it may read,
all of them may read. Neither is an administrator (the embedded PostgreSQL
refuses to run as one) and neither has a password to manage.

Importable on any platform (the tests import it on Linux): pywin32 is only
imported on Windows. :func:`run_service` is what the service runs and holds no
Windows call, so it is tested on Linux; the rest has never run here.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from server.cli_support import claim_data_dir, port_free, say
from server.logfiles import log_to_data_dir, server_log
from server.serve import serve
from server.service_spec import (
    SERVICE_USER,
    STATUS_RUNNING,
    STATUS_STOPPED,
    InstalledService,
    ServiceSpec,
)
from server.settings import ServerSettings

if TYPE_CHECKING or sys.platform == "win32":
    import pywintypes
    import servicemanager
    import win32api
    import win32con
    import win32service
    import win32serviceutil
    import winerror

    _Framework: Any = win32serviceutil.ServiceFramework
else:
    _Framework = object

log = logging.getLogger("countersign.server")

SERVICE_NAME = "CountersignServer"
DISPLAY_NAME = "Countersign Server"
DESCRIPTION = "Countersign server (会签服务器): HTTPS API and its PostgreSQL database."
ACCOUNT = rf"NT SERVICE\{SERVICE_NAME}"
CLASS_STRING = "server.windows_service.CountersignService"
DEFAULT_DATA_DIR = Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Countersign" / "server"
_REGISTRY_KEY = rf"SYSTEM\CurrentControlSet\Services\{SERVICE_NAME}"
_STOP_WAIT_MS = 120_000


def run_service(data_dir: Path, config_file: Path | None, stop: threading.Event) -> None:
    """What the service runs, the same path as ``countersign-server run``
    (settings, one server per data directory, serve) until ``stop`` is set."""
    given: dict[str, Any] = {"data_dir": data_dir}
    if config_file is not None:
        given["config_file"] = config_file
    settings = ServerSettings(**given)
    log_to_data_dir(settings.data_dir)
    for chatty in ("pgserver", "alembic.runtime.migration"):  # as configure_logging does
        logging.getLogger(chatty).setLevel(logging.WARNING)
    port_free(settings.host, settings.port)
    if settings.worker_count > 1 and sys.platform == "win32":
        multiprocessing.set_executable(str(_worker_python()))
    release = claim_data_dir(settings.data_dir)
    try:
        serve(settings, announce=log.info, stop=stop)
    finally:
        release()


def _worker_python() -> Path:
    """The interpreter for ``--workers`` processes: the service runs in
    pythonservice.exe, which cannot start as a worker (never run on Windows)."""
    return Path(sys.prefix) / "Scripts" / "python.exe"


class CountersignService(_Framework):  # type: ignore[misc,unused-ignore]
    """Hosted by pythonservice.exe; the service manager calls SvcDoRun on a
    thread of its own and SvcStop from its control handler."""

    _svc_name_ = SERVICE_NAME
    _svc_display_name_ = DISPLAY_NAME
    _svc_description_ = DESCRIPTION

    def __init__(self, args: Any) -> None:
        super().__init__(args)
        self._stop = threading.Event()

    def SvcStop(self) -> None:  # pywin32's name
        self.ReportServiceStatus(win32service.SERVICE_STOP_PENDING, waitHint=_STOP_WAIT_MS)
        self._stop.set()

    def SvcDoRun(self) -> None:  # pywin32's name
        """Raising reports a failure to the service manager, whose recovery
        actions (set at install) then restart the service."""
        data_dir = Path(win32serviceutil.GetServiceCustomOption(SERVICE_NAME, "data_dir"))
        config = win32serviceutil.GetServiceCustomOption(SERVICE_NAME, "config_file", "")
        servicemanager.LogInfoMsg(f"{DISPLAY_NAME} starting on {data_dir}")
        try:
            run_service(data_dir, Path(config) if config else None, self._stop)
        except Exception as exc:
            log.exception("the service failed")
            where = server_log(data_dir)
            servicemanager.LogErrorMsg(f"{DISPLAY_NAME} failed: {exc!r}; see {where}")
            raise
        servicemanager.LogInfoMsg(f"{DISPLAY_NAME} stopped")


def _service_environment() -> list[str]:
    """A service does not get the installing administrator's PATH, and
    pythonservice.exe (copied into the virtual environment by pywin32) must
    find python3XY.dll beside the base Python and pywintypes3XY.dll."""
    pywin32_dlls = Path(sysconfig.get_paths()["purelib"]) / "pywin32_system32"
    folders = [sys.base_exec_prefix, str(pywin32_dlls), os.environ.get("PATH", "")]
    return [f"PATH={os.pathsep.join(folders)}", "PYTHONUNBUFFERED=1"]


def _set_registry_environment() -> None:
    key = win32api.RegOpenKeyEx(
        win32con.HKEY_LOCAL_MACHINE, _REGISTRY_KEY, 0, win32con.KEY_SET_VALUE
    )
    try:
        win32api.RegSetValueEx(key, "Environment", 0, win32con.REG_MULTI_SZ, _service_environment())
    finally:
        win32api.RegCloseKey(key)


def _run(*command: str) -> None:
    """sc.exe and icacls: their own words when they fail."""
    done = subprocess.run(list(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        from common.errors import DomainError

        reason = (done.stdout + done.stderr).strip().splitlines() or [f"exit {done.returncode}"]
        raise DomainError("cli.service_command_failed", command=" ".join(command), reason=reason[0])


class WindowsService:
    """Install, remove and ask the Windows service (run as an administrator)."""

    def check_account(self, user: str, data_dir: Path) -> None:
        """The account is always the service's virtual one."""
        if user != SERVICE_USER:
            say(f"--user is for Linux: the Windows service runs as {ACCOUNT}.")

    def install(self, spec: ServiceSpec) -> int:
        for prefix in (Path(sys.prefix), Path(sys.base_prefix)):
            if Path.home() in prefix.parents:  # a per-user Python (python.org "Install Now")
                from common.errors import DomainError

                raise DomainError("cli.service_python_private", path=str(prefix))
        spec.data_dir.mkdir(parents=True, exist_ok=True)
        options: dict[str, Any] = {
            "startType": win32service.SERVICE_AUTO_START,
            "userName": ACCOUNT,
            "password": None,
            "description": DESCRIPTION,
        }
        try:
            win32serviceutil.InstallService(CLASS_STRING, SERVICE_NAME, DISPLAY_NAME, **options)
        except pywintypes.error as exc:
            if exc.winerror != winerror.ERROR_SERVICE_EXISTS:
                raise
            win32serviceutil.ChangeServiceConfig(
                CLASS_STRING, SERVICE_NAME, displayName=DISPLAY_NAME, **options
            )
        win32serviceutil.SetServiceCustomOption(SERVICE_NAME, "data_dir", str(spec.data_dir))
        config = str(spec.config_file) if spec.config_file else ""
        win32serviceutil.SetServiceCustomOption(SERVICE_NAME, "config_file", config)
        _set_registry_environment()
        # the data directory (ledger, backup key, TLS key) is the service's, the system's
        # and the administrators' alone: ProgramData's inherited Users rights removed
        _run("icacls", str(spec.data_dir), "/inheritance:r", "/grant:r",
             "*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F", f"{ACCOUNT}:(OI)(CI)M",
             "/T", "/Q")  # fmt: skip
        if spec.config_file:
            _run("icacls", str(spec.config_file), "/grant", f"{ACCOUNT}:R", "/Q")
        # restart after a crash or a failed run (a non-zero exit counts as a failure)
        _run("sc.exe", "failure", SERVICE_NAME, "reset=", "86400",
             "actions=", "restart/5000/restart/5000/restart/60000")  # fmt: skip
        _run("sc.exe", "failureflag", SERVICE_NAME, "1")
        win32serviceutil.StartService(SERVICE_NAME)
        say(f"Windows service {SERVICE_NAME} installed and started (automatic start, {ACCOUNT}).")
        say(f"Data directory: {spec.data_dir}; log: {server_log(spec.data_dir)}")
        return 0

    def uninstall(self) -> int:
        if self._state() is None:
            say(f"Not installed: no Windows service {SERVICE_NAME}.")
            return 0
        data_dir = win32serviceutil.GetServiceCustomOption(SERVICE_NAME, "data_dir", "")
        self.stop()
        win32serviceutil.RemoveService(SERVICE_NAME)
        say(f"Windows service {SERVICE_NAME} stopped and removed.")
        if data_dir:
            say(f"The data directory {data_dir} is kept.")
        return 0

    def status(self) -> int:
        """0 running; 3 not installed or not running."""
        state = self._state()
        if state is None:
            say(f"Not installed: no Windows service {SERVICE_NAME}.")
            return STATUS_STOPPED
        names = {
            win32service.SERVICE_RUNNING: "running",
            win32service.SERVICE_STOPPED: "stopped",
            win32service.SERVICE_START_PENDING: "starting",
            win32service.SERVICE_STOP_PENDING: "stopping",
        }
        say(f"Installed: Windows service {SERVICE_NAME} (runs as {ACCOUNT}, automatic start)")
        data_dir = win32serviceutil.GetServiceCustomOption(SERVICE_NAME, "data_dir", "")
        say(f"Data directory: {data_dir}")
        say(f"State: {names.get(state, str(state))}")
        return STATUS_RUNNING if state == win32service.SERVICE_RUNNING else STATUS_STOPPED

    def installed(self) -> InstalledService | None:
        """Data directory and configuration from the service's registry parameters."""
        if self._state() is None:
            return None
        data_dir = win32serviceutil.GetServiceCustomOption(SERVICE_NAME, "data_dir", "")
        config = win32serviceutil.GetServiceCustomOption(SERVICE_NAME, "config_file", "")
        if not data_dir:
            return None
        return InstalledService(Path(data_dir), Path(config) if config else None, SERVICE_USER)

    def stop(self) -> None:
        try:
            win32serviceutil.StopServiceWithDeps(SERVICE_NAME, waitSecs=_STOP_WAIT_MS // 1000)
        except pywintypes.error as exc:
            if exc.winerror != winerror.ERROR_SERVICE_NOT_ACTIVE:
                raise

    def start(self) -> None:
        win32serviceutil.StartService(SERVICE_NAME)

    def as_account(self, user: str, command: list[str]) -> list[str]:
        """As the administrator running it: the virtual account cannot be entered,
        and the data directory's permissions grant it, not exclude others."""
        return command

    @staticmethod
    def _state() -> int | None:
        """The service's current state; None when it is not installed."""
        try:
            return int(win32serviceutil.QueryServiceStatus(SERVICE_NAME)[1])
        except pywintypes.error as exc:
            if exc.winerror == winerror.ERROR_SERVICE_DOES_NOT_EXIST:
                return None
            raise
