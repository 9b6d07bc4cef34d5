"""Build what an office installs (issue 19), into dist/.

    python3 installers/build.py client   # the desktop bundle (both programs), and its
                                         # archive: a tarball on Linux, Setup.exe on Windows
    python3 installers/build.py server   # the offline server package: wheelhouses for
                                         # Linux and Windows and install scripts

Standard library only, like bootstrap.py (it prepares the same .venv first). The
client is frozen by PyInstaller (installers/pyinstaller/client.spec): one folder,
one shared runtime, `countersign` and `countersign-admin`, no Python needed on the
target machine. Each build ends by running the frozen program's --self-test.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bootstrap

ROOT = bootstrap.ROOT
DIST = Path(os.environ.get("COUNTERSIGN_DIST", ROOT / "dist"))
WORK = ROOT / "build" / "pyinstaller"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""

# The Python the server package targets, and per platform: uv's name for it (to
# resolve dependencies with that platform's markers — pip would use this machine's)
# and pip's wheel tags (to download them).
SERVER_PYTHON = "3.11"
SERVER_PLATFORMS = {
    "linux": (
        "x86_64-manylinux_2_28",
        ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"],
    ),
    "windows": ("x86_64-pc-windows-msvc", ["win_amd64"]),
}

say = bootstrap.say


def version() -> str:
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def machine() -> str:
    return {"amd64": "x86_64"}.get(platform.machine().lower(), platform.machine().lower())


# --- the client ---------------------------------------------------------------


def build_client() -> Path:
    """Freeze, check, and pack the client; returns the bundle's folder."""
    bundle = DIST / "countersign"
    say("freezing the client with PyInstaller (one folder, two programs)")
    bootstrap.run(
        bootstrap.PYTHON, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", DIST, "--workpath", WORK, ROOT / "installers" / "pyinstaller" / "client.spec",
    )  # fmt: skip
    for name in ("countersign", "countersign-admin"):
        program = bundle / f"{name}{EXE}"
        if not program.exists():
            raise SystemExit(f"the bundle lacks {program}")
    self_test(bundle)
    if WINDOWS:
        windows_installer(bundle)
    else:
        linux_tarball(bundle)
    return bundle


def self_test(bundle: Path, server: str | None = None) -> None:
    """The frozen program proves itself: fonts, translations, a PDF with Chinese."""
    command = [str(bundle / f"countersign{EXE}"), "--self-test"]
    if server:
        command += ["--server", server]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    print(done.stdout, end="")
    if done.returncode != 0:
        print(done.stderr, end="", file=sys.stderr)
        raise SystemExit("the frozen client failed its self-test")


DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name={name}
Name[zh_CN]={name_zh}
Comment={comment}
Exec={exec_dir}/{program} %U
Icon=accessories-calculator
Terminal=false
Categories=Office;Finance;
"""

LINUX_INSTALL = """#!/bin/sh
# Install the Countersign client for every user of this machine:
#   sudo ./install.sh [--server https://host:8443 --fingerprint AB:CD:…]
# The bundle goes to /opt/countersign (owned by root), the menu entries to
# /usr/share/applications; given a server and its certificate fingerprint,
# /etc/countersign/provisioning.ini presets them for everyone (no trust prompt; any
# other certificate is refused). --target, --applications and --config-dir move
# those three places (image builds, tests). It ends with the installed self-test.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=/opt/countersign
applications=/usr/share/applications
config_dir=/etc/countersign
server= fingerprint=
while [ $# -gt 0 ]; do
    case "$1" in
        --server) server=$2; shift 2 ;;
        --fingerprint) fingerprint=$2; shift 2 ;;
        --target) target=$2; shift 2 ;;
        --applications) applications=$2; shift 2 ;;
        --config-dir) config_dir=$2; shift 2 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
if [ -n "$server$fingerprint" ]; then
    case "$server" in
        https://?*) ;;
        *) echo "--server must be an https:// address such as https://finance-server:8443" >&2
           exit 2 ;;
    esac
    digits=$(printf '%s' "$fingerprint" | tr -d ': ' | tr 'abcdef' 'ABCDEF')
    if [ "${#digits}" != 64 ] || [ -n "$(printf '%s' "$digits" | tr -d '0-9A-F')" ]; then
        echo "--fingerprint must be the server's SHA-256 fingerprint: 32 pairs such as" \\
            "AB:CD:… (countersign-server fingerprint prints it)" >&2
        exit 2
    fi
fi
rm -rf "$target"
mkdir -p "$target" "$applications"
cp -R "$here/countersign/." "$target/"
if [ "$(id -u)" = 0 ]; then
    chown -R root:root "$target"  # every user runs it: only root may change it
fi
chmod -R go-w "$target"
for entry in "$here"/*.desktop; do
    sed "s|@TARGET@|$target|" "$entry" > "$applications/$(basename "$entry")"
done
if [ -n "$server" ]; then
    mkdir -p "$config_dir"
    printf '[server]\\nurl = %s\\nfingerprint = %s\\n' "$server" "$fingerprint" \\
        > "$config_dir/provisioning.ini"
    chmod 644 "$config_dir/provisioning.ini"
fi
COUNTERSIGN_MACHINE_CONFIG="$config_dir" "$target/countersign" --self-test \\
    ${server:+--server "$server"}
"""


def _owned_by_root(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """Unpacked as root, the files are root's, not the build machine's user's."""
    member.uid = member.gid = 0
    member.uname = member.gname = "root"
    member.mode &= 0o755
    return member


def linux_tarball(bundle: Path) -> Path:
    """The bundle, its menu entries and an install script, as one tarball."""
    name = f"countersign-{version()}-linux-{machine()}"
    staging = DIST / name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copytree(bundle, staging / "countersign", symlinks=True)
    entries = {
        "countersign": ("Countersign Workbench", "业务工作台", "Enter and review vouchers"),
        "countersign-admin": ("Countersign Admin", "系统管理后台", "Accounts, audit, backups"),
    }
    for program, (title, title_zh, comment) in entries.items():
        (staging / f"{program}.desktop").write_text(
            DESKTOP_ENTRY.format(
                name=title, name_zh=title_zh, comment=comment, exec_dir="@TARGET@", program=program
            ),
            encoding="utf-8",
        )
    install = staging / "install.sh"
    install.write_text(LINUX_INSTALL, encoding="utf-8")
    install.chmod(0o755)
    archive = DIST / f"{name}.tar.gz"
    say(f"packing {archive.name}")
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(staging, arcname=name, filter=_owned_by_root)
    shutil.rmtree(staging)
    say(f"{archive} ({archive.stat().st_size / 2**20:.0f} MB)")
    return archive


def windows_installer(bundle: Path) -> None:
    """Setup.exe by Inno Setup, when its compiler (ISCC) is on this machine."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    candidate = default / "Inno Setup 6" / "ISCC.exe"
    if not iscc and candidate.exists():
        iscc = str(candidate)
    if not iscc:
        say("Inno Setup (ISCC.exe) not found: the bundle is built, the installer is not")
        return
    bootstrap.run(
        iscc, f"/DAppVersion={version()}", f"/DBundleDir={bundle}", f"/O{DIST}",
        ROOT / "installers" / "windows" / "countersign.iss",
    )  # fmt: skip


# --- the server -----------------------------------------------------------------


SERVER_INSTALL_SH = """#!/bin/sh
# Install or upgrade the Countersign server from this package, with no network:
#   ./install.sh [--prefix /opt/countersign-server] [--data-dir /var/lib/countersign]
# Needs Python 3.11 with venv (Debian/Ubuntu: python3.11-venv); --python names it.
# Each version gets its own folder (PREFIX/VERSION); PREFIX/current points at the
# one in use. A first install ends by saying how to register the service. Over an
# existing install it is an upgrade: the new version's `service upgrade` stops the
# service, backs up and migrates its data (all or nothing) as its account, and
# registers the new version; only then does PREFIX/current move. When it fails the
# old version starts again on its unchanged data. Without a service, a data
# directory given with --data-dir is upgraded the same way.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
version=@VERSION@
prefix=/opt/countersign-server
data_dir=
python=python3
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --data-dir) data_dir=$2; shift 2 ;;
        --python) python=$2; shift 2 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
if ! "$python" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    echo "this package needs Python 3.11 with its venv module; $python is not that" \\
        "(install python3.11 and python3.11-venv, or name it with --python)" >&2
    exit 2
fi
target="$prefix/$version"
previous=
if [ -e "$prefix/current" ]; then
    previous=$(readlink "$prefix/current")
fi
if [ "$previous" != "$version" ]; then
    rm -rf "$target"
    mkdir -p "$prefix"
    "$python" -m venv "$target"
    "$target/bin/python" -m pip install --no-index --find-links "$here/wheels/linux" \\
        --disable-pip-version-check -q "countersign[server]"
fi
"$target/bin/countersign-server" --help > /dev/null
echo "installed: $target/bin/countersign-server"

if [ -z "$previous" ]; then
    ln -sfn "$version" "$prefix/current"
    echo "next, as root:" \\
        "$prefix/current/bin/countersign-server service install --data-dir /var/lib/countersign"
    exit 0
fi
echo "upgrading from $previous to $version"
code=0
"$target/bin/countersign-server" service upgrade || code=$?
if [ "$code" = 3 ]; then  # no service installed
    code=0
    if [ -n "$data_dir" ] && [ -d "$data_dir" ]; then
        "$target/bin/countersign-server" upgrade --no-start --data-dir "$data_dir" || code=$?
    fi
fi
if [ "$code" != 0 ]; then
    echo "UPGRADE FAILED: $prefix/current stays at $previous, its data unchanged" >&2
    exit 2
fi
ln -sfn "$version" "$prefix/current"
echo "upgraded: $prefix/current -> $version"
"""

SERVER_INSTALL_CMD = """@echo off
rem Install or upgrade the Countersign server from this package, with no network:
rem   install.cmd [PREFIX] [DATA_DIR]
rem   (default %ProgramFiles%\\Countersign Server and %ProgramData%\\Countersign\\server;
rem    needs Python 3.11 x64 from python.org; run as administrator)
rem Each version gets its own folder PREFIX\\VERSION. Over an installed service it
rem is an upgrade: the service stops, the new version's `countersign-server
rem upgrade` takes a verified backup and migrates (all or nothing); on success the
rem service is registered again from the new version, on failure the old one
rem starts again on its unchanged data.
rem NEVER RUN HERE (written on Linux): see README.
setlocal
set here=%~dp0
set version=@VERSION@
set prefix=%~1
if "%prefix%"=="" set prefix=%ProgramFiles%\\Countersign Server
set data=%~2
if "%data%"=="" set data=%ProgramData%\\Countersign\\server
set target=%prefix%\\%version%
if not exist "%target%\\Scripts\\python.exe" (
    py -3.11 -m venv "%target%" || exit /b 1
    "%target%\\Scripts\\python.exe" -m pip install --no-index --find-links "%here%wheels\\windows" ^
        --disable-pip-version-check -q "countersign[server]" || exit /b 1
)
echo installed: %target%\\Scripts\\countersign-server.exe
sc query CountersignServer > nul 2>&1
if errorlevel 1 (
    echo next: "%target%\\Scripts\\countersign-server.exe" service install --data-dir "%data%"
    exit /b 0
)
rem the new version stops the service, backs up and migrates its data, and registers
rem itself; on failure the installed version starts again on its unchanged data
"%target%\\Scripts\\countersign-server.exe" service upgrade
if errorlevel 1 (
    echo UPGRADE FAILED: the previous version runs again, its data unchanged
    exit /b 2
)
echo upgraded to %version%
"""


def build_server() -> Path:
    """The project's wheel and every wheel it needs, per platform, with install
    scripts: a server installs from this folder with no network at all."""
    name = f"countersign-server-{version()}"
    package = DIST / name
    shutil.rmtree(package, ignore_errors=True)
    (package / "wheels").mkdir(parents=True)
    say("building the project wheel")
    project = package / "project"
    bootstrap.run(
        bootstrap.PYTHON, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
        "-q", "-w", project, ROOT,
    )  # fmt: skip
    wheel = next(project.glob("countersign-*.whl"))
    # the versions the tests ran with in this environment, not whatever is newest
    tested = project / "tested-versions.txt"
    frozen = subprocess.run(
        [str(bootstrap.PYTHON), "-m", "pip", "list", "--format=freeze", "--exclude-editable"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    tested.write_text(frozen, encoding="utf-8")
    for target, (uv_platform, tags) in SERVER_PLATFORMS.items():
        folder = package / "wheels" / target
        folder.mkdir()
        say(f"downloading the server's dependencies for {target}")
        pinned = project / f"requirements-{target}.txt"
        bootstrap.run(
            bootstrap.BIN / f"uv{EXE}", "pip", "compile", "-q", ROOT / "pyproject.toml",
            "--extra", "server", "--python-version", SERVER_PYTHON,
            "--python-platform", uv_platform, "--no-header", "--no-annotate",
            "--constraint", tested, "-o", pinned,
        )  # fmt: skip
        platforms = [part for tag in tags for part in ("--platform", tag)]
        bootstrap.run(
            bootstrap.PYTHON, "-m", "pip", "download", "--disable-pip-version-check", "-q",
            "--no-deps", "--only-binary=:all:", "--python-version", SERVER_PYTHON,
            "--implementation", "cp", *platforms, "-d", folder, "-r", pinned,
        )  # fmt: skip
        shutil.copy2(wheel, folder)
        shutil.copy2(pinned, folder / "requirements.txt")
    shutil.rmtree(project)
    install_sh = SERVER_INSTALL_SH.replace("@VERSION@", version())
    (package / "install.sh").write_text(install_sh, encoding="utf-8")
    (package / "install.sh").chmod(0o755)
    install_cmd = SERVER_INSTALL_CMD.replace("@VERSION@", version()).replace("\n", "\r\n")
    (package / "install.cmd").write_text(install_cmd, encoding="utf-8")
    archive = DIST / f"{name}.zip"
    say(f"packing {archive.name}")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        for path in sorted(package.rglob("*")):
            packed.write(path, Path(name) / path.relative_to(package))
    say(f"{archive} ({archive.stat().st_size / 2**20:.0f} MB)")
    return package


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("client", "server"):
        print(__doc__)
        return 2
    bootstrap.ensure_venv()
    if argv[0] == "client":
        bootstrap.ensure_system_libraries(desktop=False)
        build_client()
    else:
        build_server()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
