"""Encrypted backups (备份加密): the backup key and the streaming file format.

Every backup file that holds data — a dump, and each WAL segment and base
backup copied to the second location — is encrypted with the backup key, made
at first start in the data directory (``backup.key``, 0600). Without the key a
backup is unreadable, so the administrator exports it once (``countersign-server
export-backup-key FILE``, which also holds ``secret.key``: the TOTP secrets in
the data cannot be used without it) and keeps it offline; a restore on a new
machine first imports it. The console warns until an administrator confirms
the export (``confirm``).

File format: a header (magic, the key's id, a random salt), then chunks of
1 MiB of plaintext, each sealed with AES-256-GCM under a key derived for this
file alone (HKDF over the salt). A chunk's nonce is its number and a last-chunk
flag, and the header is bound into every chunk, so a changed byte, chunks
swapped or dropped, or a file cut short all fail to decrypt. Every chunk but
the last is full, so the reader knows which one must carry the flag.

A dump (``CSBKENC2``) also binds its file name into every chunk: an older dump
copied over a newer one's name does not decrypt. Files of the first format
(``CSBKENC1``: WAL segments, base backups, dumps written before) still read.
A manifest is signed with an HMAC-SHA256 under a key derived from the backup
key for that alone (:meth:`BackupKey.sign`), so a manifest cannot be written
for a planted file without the key.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from common.errors import DomainError
from server.crypto import KEY_FILE as SECRET_KEY_FILE

KEY_FILE = "backup.key"
STATE_FILE = "backup-key.json"  # when the key was exported, and who confirmed it
KIT_FORMAT = "countersign-backup-key/1"
MAGIC = b"CSBKENC1"
MAGIC_NAMED = b"CSBKENC2"  # the file's name is bound into every chunk
CHUNK = 1 << 20
_TAG = 16
_HEADER = len(MAGIC) + 8 + 16


@dataclass(frozen=True)
class BackupKey:
    secret: bytes

    @property
    def key_id(self) -> str:
        """Names the key without revealing it: a backup says which key it needs."""
        return hashlib.sha256(b"countersign backup key id:" + self.secret).hexdigest()[:16]

    def _file_key(self, salt: bytes) -> AESGCM:
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=salt, info=b"countersign backup file v1"
        ).derive(self.secret)
        return AESGCM(derived)

    def sign(self, data: bytes) -> str:
        """HMAC-SHA256 of a manifest under a key used for nothing else."""
        derived = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"countersign backup manifest hmac v1",
        ).derive(self.secret)
        return hmac.new(derived, data, hashlib.sha256).hexdigest()

    def signed(self, data: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(data), signature)


def _private_write(path: Path, text: str) -> None:
    """A new file only its owner reads (0600), never over an existing one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def load_or_create(data_dir: Path) -> BackupKey:
    """The server's backup key, made on first start."""
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        with suppress(FileExistsError):  # two processes starting at once: one wins
            _private_write(path, base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    return load(data_dir)


def load(data_dir: Path) -> BackupKey:
    path = data_dir / KEY_FILE
    try:
        secret = base64.b64decode(path.read_text().strip(), validate=True)
    except FileNotFoundError:
        raise DomainError("backup_key.missing", status=409, path=str(path)) from None
    except ValueError:
        raise DomainError("backup_key.kit_invalid", status=409, path=str(path)) from None
    if len(secret) != 32:
        raise DomainError("backup_key.kit_invalid", status=409, path=str(path))
    return BackupKey(secret)


# -- streams -----------------------------------------------------------------------
def _read_full(source: IO[bytes], size: int) -> bytes:
    """``size`` bytes, fewer only at the end (a pipe may hand out less at a time)."""
    parts: list[bytes] = []
    wanted = size
    while wanted > 0:
        part = source.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def _nonce(number: int, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class SealingWriter:
    """A file-like object that encrypts what is written to it into ``target``
    (tarfile writes a base backup through one); ``close`` seals the last chunk."""

    def __init__(self, key: BackupKey, target: IO[bytes], *, name: str | None = None) -> None:
        salt = secrets.token_bytes(16)
        magic = MAGIC if name is None else MAGIC_NAMED
        header = magic + bytes.fromhex(key.key_id) + salt
        self._aad = _associated(header, name)
        self._aead = key._file_key(salt)
        self._target = target
        self._buffer = bytearray()
        self._number = 0
        self.closed = False
        target.write(header)

    def _seal(self, plain: bytes, last: bool) -> None:
        self._target.write(self._aead.encrypt(_nonce(self._number, last), plain, self._aad))
        self._number += 1

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) >= CHUNK:  # a full chunk is never the last one
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True


def _associated(header: bytes, name: str | None) -> bytes:
    """What every chunk is bound to: the header, and for a named file its name."""
    return header if name is None else header + b"\0" + name.encode("utf-8")


def encrypt_stream(
    key: BackupKey, source: IO[bytes], target: IO[bytes], *, name: str | None = None
) -> None:
    """``name``: the file's final name, bound into it (dumps)."""
    writer = SealingWriter(key, target, name=name)
    while plain := source.read(CHUNK):
        writer.write(plain)
    writer.close()


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as source:
        return source.read(len(MAGIC)) in (MAGIC, MAGIC_NAMED)


def key_id_of(path: Path) -> str | None:
    """The id of the key an encrypted file needs (None: not encrypted)."""
    with path.open("rb") as source:
        header = _read_full(source, _HEADER)
    if len(header) < _HEADER or header[: len(MAGIC)] not in (MAGIC, MAGIC_NAMED):
        return None
    return header[len(MAGIC) : len(MAGIC) + 8].hex()


def decrypt_stream(key: BackupKey, source: IO[bytes], target: IO[bytes], *, name: str) -> None:
    """Raises ``backup_key.wrong`` or ``backup_key.damaged`` (nothing after the
    first bad chunk is written; the caller throws away what was)."""
    header = _read_full(source, _HEADER)
    if len(header) < _HEADER or header[: len(MAGIC)] not in (MAGIC, MAGIC_NAMED):
        raise DomainError("backup_key.damaged", file=name, reason="not an encrypted backup")
    used = header[len(MAGIC) : len(MAGIC) + 8].hex()
    if used != key.key_id:
        raise DomainError("backup_key.wrong", file=name, expected=used, actual=key.key_id)
    aead = key._file_key(header[len(MAGIC) + 8 :])
    aad = _associated(header, name if header.startswith(MAGIC_NAMED) else None)
    number = 0
    while True:
        sealed = _read_full(source, CHUNK + _TAG)
        if len(sealed) < _TAG:
            raise DomainError("backup_key.damaged", file=name, reason="the file is cut short")
        last = len(sealed) < CHUNK + _TAG
        try:
            target.write(aead.decrypt(_nonce(number, last), sealed, aad))
        except InvalidTag:
            reason = f"chunk {number} fails its check (changed, or renamed from another file)"
            raise DomainError("backup_key.damaged", file=name, reason=reason) from None
        if last:
            return
        number += 1


def encrypt_file(key: BackupKey, source: Path, target: Path) -> None:
    """``source`` encrypted into ``target``, which appears whole or not at all."""
    partial = target.with_name(target.name + ".part")
    try:
        with source.open("rb") as plain, partial.open("wb") as sealed:
            encrypt_stream(key, plain, sealed)
            sealed.flush()
            os.fsync(sealed.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def decrypt_file(key: BackupKey, source: Path, target: Path) -> None:
    """The plain file (0600) beside nothing else; removed again if it does not decrypt."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with source.open("rb") as sealed, os.fdopen(fd, "wb") as plain:
            decrypt_stream(key, sealed, plain, name=source.name)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


# -- export, import, confirmation ------------------------------------------------
def _state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def state(data_dir: Path) -> dict[str, Any]:
    """What is known about the key's export: ``key_id``, ``exported_at``,
    ``exported_to``, ``confirmed_at``, ``confirmed_by`` (those of this key only)."""
    key = load_or_create(data_dir)
    try:
        known: dict[str, Any] = json.loads(_state_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if known.get("key_id") != key.key_id:
        known = {}  # an imported key has not been exported from here yet
    known["key_id"] = key.key_id
    return known


def _save_state(data_dir: Path, known: dict[str, Any]) -> None:
    path = _state_path(data_dir)
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(known, ensure_ascii=False, indent=2), encoding="utf-8")
    partial.replace(path)


def export_key(data_dir: Path, target: Path, *, totp_key: bytes, now: dt.datetime) -> str:
    """Write the key kit (the backup key and the TOTP key, plain, 0600) to
    ``target``; never over an existing file. The backup key's id."""
    key = load_or_create(data_dir)
    kit = {
        "format": KIT_FORMAT,
        "key_id": key.key_id,
        "backup_key": base64.b64encode(key.secret).decode(),
        "secret_key": base64.b64encode(totp_key).decode(),
        "exported_at": now.isoformat(),
        "note": "Keep this file offline. Anyone holding it can read the backups; "
        "without it they cannot be restored.",
    }
    try:
        _private_write(target, json.dumps(kit, indent=2) + "\n")
    except FileExistsError:
        raise DomainError("backup_key.exists", path=str(target)) from None
    known = state(data_dir)
    known.update(exported_at=now.isoformat(), exported_to=str(target))
    known.pop("confirmed_at", None)
    known.pop("confirmed_by", None)
    _save_state(data_dir, known)
    return key.key_id


def import_key(data_dir: Path, kit_path: Path, *, replace: bool, now: dt.datetime) -> str:
    """Install an exported kit's keys in ``data_dir`` (a new machine, before
    restoring). A different key already there is kept aside, and only with
    ``replace``. The backup key's id."""
    try:
        kit = json.loads(kit_path.read_text(encoding="utf-8"))
        backup_key = base64.b64decode(kit["backup_key"], validate=True)
        totp_key = base64.b64decode(kit["secret_key"], validate=True)
        valid = kit.get("format") == KIT_FORMAT and len(backup_key) == len(totp_key) == 32
    except FileNotFoundError:
        raise DomainError("cli.file_missing", path=str(kit_path)) from None
    except (OSError, ValueError, KeyError, TypeError):
        valid = False
    if not valid:
        raise DomainError("backup_key.kit_invalid", path=str(kit_path))
    data_dir.mkdir(parents=True, exist_ok=True)
    wanted = {
        KEY_FILE: (base64.b64encode(backup_key).decode(), "backup key / 备份密钥"),
        SECRET_KEY_FILE: (base64.b64encode(totp_key).decode(), "secret.key / 两步验证密钥"),
    }
    for name, (text, which) in wanted.items():
        path = data_dir / name
        if path.exists() and path.read_text().strip() != text and not replace:
            raise DomainError("backup_key.conflict", which=which)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for name, (text, _) in wanted.items():
        path = data_dir / name
        if path.exists():
            if path.read_text().strip() == text:
                continue
            path.replace(path.with_name(f"{name}.before-import-{stamp}"))
        _private_write(path, text + "\n")
    return BackupKey(backup_key).key_id


def confirm(data_dir: Path, *, by: str, now: dt.datetime) -> dict[str, Any]:
    """An administrator says the exported key is kept offline; refused while the
    key has not been exported from this server."""
    known = state(data_dir)
    if not known.get("exported_at"):
        raise DomainError("backup_key.not_exported", status=409)
    known.update(confirmed_at=now.isoformat(), confirmed_by=by)
    _save_state(data_dir, known)
    return known
