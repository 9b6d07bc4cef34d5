"""Which backups a restore may trust, and no plain copy of one left on disk.

Once this server has a backup key, a dump must be encrypted with it and its
manifest signed with it: the manifest's SHA-256 alone has no key behind it, so
whoever can write to the backup share (or the second location) could plant a
plain dump with a matching manifest. An older plain backup is read only when
the operator says so (``--allow-plain``), and that is logged.

An encrypted dump is decrypted straight into ``pg_restore``'s standard input
(pg_restore reads a custom-format archive from a pipe when it restores with
one job, as here), so no decrypted copy is ever written. Older servers left
decrypted copies and point-in-time dumps on disk when killed mid-way;
:func:`sweep_leftovers` removes them at start and before each run.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from common.errors import DomainError
from server.services.operations import backup_crypto
from server.services.operations.backup_crypto import BackupKey

if TYPE_CHECKING:
    from server.services.operations.backups import Manifest

log = logging.getLogger(__name__)


def check_key(dump: Path, key: BackupKey | None) -> None:
    """An encrypted dump needs this server's key: ``backup_key.missing`` / ``wrong``."""
    used = backup_crypto.key_id_of(dump)
    if used is None:
        return
    if key is None:
        raise DomainError("backup_key.missing", path=backup_crypto.KEY_FILE)
    if used != key.key_id:
        raise DomainError("backup_key.wrong", file=dump.name, expected=used, actual=key.key_id)


def check_authentic(
    dump: Path, manifest: Manifest, key: BackupKey | None, *, allow_plain: bool
) -> None:
    """Refuse a manifest not signed with ``key`` (``backup.manifest_forged``
    always; ``backup.manifest_unsigned`` and, for a plain dump,
    ``backup.plain_refused`` unless ``allow_plain``). A server without a key
    (an older one) has nothing to check with and reads plain dumps."""
    if key is None:
        return
    manifest_name = dump.with_suffix(".manifest.json").name
    signed = manifest.signature is not None
    if manifest.signature is not None and (
        not key.signed(manifest.content(), manifest.signature) or manifest.file != dump.name
    ):
        raise DomainError("backup.manifest_forged", file=manifest_name)
    plain = not backup_crypto.is_encrypted(dump)
    if not allow_plain:
        if plain:
            raise DomainError("backup.plain_refused", file=dump.name)
        if not signed:
            raise DomainError("backup.manifest_unsigned", file=manifest_name)
    elif plain or not signed:
        log.warning(
            "backup %s read although %s (--allow-plain)",
            dump.name,
            "plain" if plain else "its manifest is unsigned",
        )


def check(
    dump: Path,
    manifest: Manifest,
    key: BackupKey | None,
    checks: dict[str, bool],
    *,
    allow_plain: bool,
) -> None:
    """Both checks, each noted in ``checks`` (``decrypt``, ``authentic``);
    the first refusal is raised."""
    checks["decrypt"] = False
    check_key(dump, key)
    checks["decrypt"] = True
    checks["authentic"] = False
    check_authentic(dump, manifest, key, allow_plain=allow_plain)
    checks["authentic"] = True


def restore_sealed(command: list[str], dump: Path, key: BackupKey) -> tuple[int, str]:
    """Run ``pg_restore`` (``command``, reading standard input) on the decrypted
    ``dump``; its exit code and error output. A chunk that fails to decrypt
    raises ``backup_key.damaged`` and stops pg_restore (what it restored is in
    the caller's scratch database, which the caller drops)."""
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, bufsize=0
        ) as process,
    ):
        assert process.stdin is not None
        try:
            with dump.open("rb") as sealed:
                backup_crypto.decrypt_stream(key, sealed, process.stdin, name=dump.name)
        except BrokenPipeError:
            pass  # pg_restore stopped early: its own error output says why
        except BaseException:
            process.kill()
            raise
        finally:
            with suppress(BrokenPipeError):
                process.stdin.close()
        code = process.wait()
        errors.seek(0)
        return code, errors.read().decode(errors="replace")


def sweep_leftovers(folder: Path, *, restoring: bool = False) -> list[Path]:
    """Remove decrypted copies (``.decrypt-*``) a killed process left in the
    backup folder and, unless a restore is running elsewhere (``restoring``),
    its point-in-time dumps and recovered clusters. What was removed."""
    found = list(folder.glob(".decrypt-*"))
    if not restoring:
        found += list((folder / "restores").glob("pitr-*.dump"))
        found += list(folder.glob("countersign-pitr-*"))
    for path in found:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        log.warning("removed %s, left by a backup or restore that did not finish", path)
    return found
