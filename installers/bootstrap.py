"""One command from a fresh clone to a running demo or a full test run.

    python3 installers/bootstrap.py demo   # install, then embedded PostgreSQL + server + workbench
    python3 installers/bootstrap.py test   # install, then the whole test suite

Standard library only: it runs before anything is installed. It makes a virtual
environment in .venv (COUNTERSIGN_VENV moves it), installs the project with its
test extras (skipped when pyproject.toml has not changed since the last install),
and on Linux installs the few system libraries Qt needs when they are missing and
it may (root with apt-get); otherwise it prints the command to run. No Chinese font
is needed from the system: the client ships one (resources/fonts).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(os.environ.get("COUNTERSIGN_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".countersign-installed"

# Debian/Ubuntu packages of the shared libraries PySide6 loads (soname -> package).
QT_LIBS_OFFSCREEN = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
QT_LIBS_DESKTOP = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def say(text: str) -> None:
    print(f"[countersign] {text}", flush=True)


def run(*command: str | Path, **kwargs: object) -> None:
    subprocess.run([str(part) for part in command], check=True, **kwargs)  # type: ignore[call-overload]


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - runs on whatever python3 the machine has
        raise SystemExit("Countersign needs Python 3.11 or newer")
    if not PYTHON.exists():
        say(f"creating the virtual environment in {VENV}")
        try:
            run(sys.executable, "-m", "venv", VENV)
        except subprocess.CalledProcessError:
            raise SystemExit(
                "could not create a virtual environment; on Debian/Ubuntu install it with\n"
                f"  sudo apt-get install python3.{sys.version_info.minor}-venv"
            ) from None
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    say("installing Countersign and its dependencies (first run takes a few minutes)")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", f"{ROOT}[test]")
    STAMP.write_text(wanted)


def _missing_libraries(libraries: dict[str, str]) -> list[str]:
    try:
        cache = subprocess.run(
            ["ldconfig", "-p"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []  # cannot tell; let Qt say what it lacks
    return sorted({package for soname, package in libraries.items() if soname not in cache})


def ensure_system_libraries(*, desktop: bool) -> None:
    """Qt's own shared libraries. No font: the client ships its Chinese font
    (resources/fonts) and registers it itself."""
    if not sys.platform.startswith("linux"):
        return
    wanted = dict(QT_LIBS_OFFSCREEN)
    if desktop:
        wanted.update(QT_LIBS_DESKTOP)
    packages = _missing_libraries(wanted)
    if not packages:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("installing system libraries for Qt: " + " ".join(packages))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        run(*command, env=env, stdout=subprocess.DEVNULL)
    else:
        say("Qt needs system libraries that are missing; install them with:")
        say("  sudo " + " ".join(command))


def run_tests(extra: list[str]) -> int:
    ensure_system_libraries(desktop=False)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    code = subprocess.run([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT, env=env).returncode
    if code == 5:
        say("pytest collected no tests: that is a failure")
        return 1
    return code


def run_demo(extra: list[str]) -> int:
    ensure_system_libraries(desktop=True)
    port = os.environ.get("COUNTERSIGN_DEMO_PORT", "8443")
    server = subprocess.Popen(
        [str(BIN / "countersign-server"), "demo", "--port", port, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    started = time.monotonic()
    for line in server.stdout:
        print(line, end="", flush=True)
        if "listening on https://" in line:
            break
    else:
        return server.wait() or 1
    say(f"server ready in {time.monotonic() - started:.1f} s; opening the workbench")
    # keep echoing the server's output, or a full pipe would block the server
    echo = threading.Thread(target=_echo, args=(server.stdout,), daemon=True)
    echo.start()
    try:
        client = subprocess.run([str(BIN / "countersign"), "--server", f"https://127.0.0.1:{port}"])
        return client.returncode
    finally:
        server.send_signal(signal.SIGINT if os.name == "nt" else signal.SIGTERM)
        server.wait(timeout=60)
        echo.join(timeout=5)


def _echo(stream: object) -> None:
    for line in stream:  # type: ignore[attr-defined]
        print(line, end="", flush=True)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "install"):
        print(__doc__)
        return 2
    ensure_venv()
    if argv[0] == "test":
        return run_tests(argv[1:])
    if argv[0] == "demo":
        return run_demo(argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
