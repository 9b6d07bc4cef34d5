"""Full backups (数据备份) and their verification (DOMAIN.md "Backup and restore").

A backup is a ``pg_dump`` custom-format file and, beside it, a manifest: when,
the database's size, the file's SHA-256, and what the data must look like —
rows per table, the ledger's totals, the operation log's last link, the
attachments and their bytes (backup_attachments.py). The counts
are taken in the very snapshot pg_dump copies (``pg_export_snapshot``), so they
describe the file exactly even while people keep working.

With a backup key the dump is encrypted and the manifest signed (HMAC), and
once this server has a key, verification and restores refuse a plain dump or
an unsigned manifest unless the operator allows an older backup explicitly
(``--allow-plain``): the SHA-256 alone has no key behind it, so anyone who can
write to the backup share could plant a plain dump with a matching manifest.

Verification checks the checksum, restores the file into a scratch database
with ``pg_restore``, recounts there, walks the restored operation log's hash
chain, recomputes every attachment's SHA-256, and compares; the report is
written beside the backup. Which backups are kept, and retention, is
server/services/operations/backup_catalog.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg2
from psycopg2 import sql
from sqlalchemy import Connection, Engine, make_url, text
from sqlalchemy.orm import Session

from common.enums import Language
from common.errors import DomainError
from server.db.engine import build_engine
from server.db.engine import libpq_url as engine_libpq_url
from server.services.core.audit import verify_chain
from server.services.operations import backup_attachments, backup_crypto, backup_trust
from server.services.operations.backup_crypto import BackupKey

log = logging.getLogger(__name__)

CHUNK = 1 << 20
_LEDGER = """
SELECT count(DISTINCT d.id), coalesce(sum(l.debit), 0), coalesce(sum(l.credit), 0)
  FROM documents d JOIN voucher_lines l ON l.document_id = d.id
 WHERE d.kind = 'voucher' AND d.status IN ('approved', 'posted') AND d.deleted_at IS NULL
"""


class BackupError(Exception):
    """pg_dump or pg_restore failed; the message says which and why."""


@dataclass
class Manifest:
    file: str
    created_at: str
    database_bytes: int
    sha256: str
    row_counts: dict[str, int]
    ledger: dict[str, str]  # vouchers, debit, credit (money as text: exact)
    audit_head: dict[str, Any]  # id and hash of the last operation-log record
    key_id: str | None = None  # the backup key it is encrypted with (None: a plain dump)
    signature: str | None = None  # HMAC of the rest under the backup key (None: unsigned)
    # live attachments, stored files and their bytes (None: a backup from before them)
    attachments: dict[str, int] | None = None

    def content(self) -> bytes:
        """What the signature covers: every field but itself, canonically (and
        without ``attachments`` when absent, as manifests before them were signed)."""
        fields = {name: value for name, value in asdict(self).items() if name != "signature"}
        if self.attachments is None:
            del fields["attachments"]
        return json.dumps(
            fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ).encode()

    def save(self, path: Path) -> None:
        partial = path.with_suffix(".part")
        partial.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2))
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        return cls(**json.loads(path.read_text()))


@dataclass
class VerifyReport:
    backup: str
    verified_at: str
    ok: bool
    checks: dict[str, bool] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2))


def pg_tool(name: str) -> str:
    """pg_dump, pg_restore …: the embedded PostgreSQL's own, else the one on PATH
    (an external server's client tools)."""
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools")
    return found


def libpq_url(url: str, database: str | None = None) -> str:
    """The SQLAlchemy URL as libpq takes it (pg_dump --dbname), optionally for
    another database of the same server."""
    return engine_libpq_url(url, database=database)


def snapshot_of(connection: Connection) -> tuple[dict[str, int], dict[str, str], dict[str, Any]]:
    """Rows per table, the ledger's totals and the operation log's head, as this
    connection's transaction sees them."""
    tables = connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    ).scalars()
    counts = {
        name: int(connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())
        for name in tables
    }
    vouchers, debit, credit = connection.execute(text(_LEDGER)).one()
    head = connection.execute(
        text("SELECT id, encode(hash, 'hex') FROM audit_log ORDER BY id DESC LIMIT 1")
    ).first()
    ledger = {
        "vouchers": str(vouchers),
        "debit": str(Decimal(debit)),
        "credit": str(Decimal(credit)),
    }
    audit_head = {"id": head[0], "hash": head[1]} if head else {"id": None, "hash": None}
    return counts, ledger, audit_head


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_into(partial: Path, url: str, snapshot: str, key: BackupKey | None, name: str) -> None:
    """pg_dump in the exported snapshot; with a key, its output is encrypted on
    the way to the file (no plain copy ever touches the disk)."""
    command = [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--dbname={url}"]
    if key is None:
        dumped = subprocess.run(
            [*command, f"--file={partial}"], capture_output=True, text=True, check=False
        )
        error, code = dumped.stderr, dumped.returncode
    else:
        with (
            tempfile.TemporaryFile() as errors,
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors) as process,
        ):
            assert process.stdout is not None
            with partial.open("wb") as sealed:
                backup_crypto.encrypt_stream(key, process.stdout, sealed, name=name)
            code = process.wait()
            errors.seek(0)
            error = errors.read().decode(errors="replace")
    if code != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {error.strip()[-500:]}")


def backup(
    engine: Engine,
    folder: Path,
    *,
    now: dt.datetime,
    copy_to: Path | None = None,
    key: BackupKey | None = None,
) -> tuple[Path, Manifest]:
    """Dump the database into ``folder`` with its manifest, encrypted with
    ``key`` (the server always gives one; None writes a plain dump); the dump's path."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"countersign-{now.strftime('%Y%m%d-%H%M%S')}"
    target = folder / f"{name}.dump"
    partial = folder / f"{name}.dump.part"
    with engine.connect() as connection:
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        exported = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        counts, ledger, head = snapshot_of(connection)
        attachments = backup_attachments.totals(connection)
        size = int(
            connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        )
        url = libpq_url(str(engine.url.render_as_string(hide_password=False)))
        _dump_into(partial, url, str(exported), key, target.name)
        connection.rollback()
    partial.replace(target)
    manifest = Manifest(
        file=target.name,
        created_at=now.isoformat(),
        database_bytes=size,
        sha256=sha256_of(target),
        row_counts=counts,
        ledger=ledger,
        audit_head=head,
        key_id=key.key_id if key is not None else None,
        attachments=attachments,
    )
    if key is not None:
        manifest.signature = key.sign(manifest.content())
    manifest.save(manifest_path(target))
    if copy_to is not None:  # the second location
        copy_to.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, copy_to / target.name)
        shutil.copy2(manifest_path(target), copy_to / manifest_path(target).name)
    return target, manifest


def manifest_path(dump: Path) -> Path:
    return dump.with_suffix(".manifest.json")


def report_path(dump: Path) -> Path:
    return dump.with_suffix(".verify.json")


def verify(
    dump: Path,
    server_url: str,
    *,
    now: dt.datetime,
    key: BackupKey | None = None,
    allow_plain: bool = False,
) -> VerifyReport:
    """Checksum, the key, the manifest's signature (a plain dump or unsigned
    manifest only with ``allow_plain``), test restore into a scratch database,
    compare with the manifest; the report is saved beside the backup."""
    manifest = Manifest.load(manifest_path(dump))
    report = VerifyReport(backup=dump.name, verified_at=now.isoformat(), ok=False)
    report.checks["checksum"] = sha256_of(dump) == manifest.sha256
    if not report.checks["checksum"]:
        report.problems.append("the file's SHA-256 differs from the manifest: damaged")
    try:
        if not report.problems:
            backup_trust.check(dump, manifest, key, report.checks, allow_plain=allow_plain)
    except DomainError as refused:  # no key, another key, a planted or edited file
        report.problems.append(refused.message(Language.EN))
    if not report.problems:
        _restore_and_compare(report, manifest, dump, server_url, key)
    report.ok = all(report.checks.values()) and not report.problems
    report.save(report_path(dump))
    return report


def _restore_and_compare(
    report: VerifyReport, manifest: Manifest, dump: Path, server_url: str, key: BackupKey | None
) -> None:
    scratch = f"countersign_verify_{secrets.token_hex(4)}"
    maintenance = libpq_url(server_url, "postgres")
    create_database(maintenance, scratch)
    try:
        try:
            failed = pg_restore(dump, libpq_url(server_url, scratch), key)
        except DomainError as damaged:  # a chunk failed its check mid-way
            report.checks["decrypt"] = False
            report.problems.append(damaged.message(Language.EN))
            return
        report.checks["restore"] = failed is None
        if failed is not None:
            report.problems.append(failed)
        else:
            compare(report, manifest, make_url(server_url).set(database=scratch))
    finally:
        drop_database(maintenance, scratch)


def pg_restore(dump: Path, url: str, key: BackupKey | None = None) -> str | None:
    """Restore ``dump`` into the (empty) database at ``url``: None, or what went
    wrong. An encrypted dump is decrypted with ``key`` on its way into pg_restore
    (never onto the disk); ``backup_key.*`` when that fails."""
    command = [pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={url}"]
    if backup_crypto.is_encrypted(dump):
        backup_trust.check_key(dump, key)
        assert key is not None
        code, error = backup_trust.restore_sealed([*command, "--format=custom"], dump, key)
    else:
        restored = subprocess.run(
            [*command, str(dump)], capture_output=True, text=True, check=False
        )
        code, error = restored.returncode, restored.stderr
    if code == 0:
        return None
    return f"pg_restore failed: {error.strip()[-500:]}"


def compare(report: VerifyReport, manifest: Manifest, url: Any) -> None:
    """Recount the database at ``url`` and note in ``report`` where it differs from ``manifest``."""
    engine = build_engine(url.render_as_string(hide_password=False), pool_size=1)
    try:
        with engine.connect() as connection:
            counts, ledger, head = snapshot_of(connection)
            attachment_problems = backup_attachments.problems(connection, manifest.attachments)
        with Session(engine) as session:
            chain = verify_chain(session)
    finally:
        engine.dispose()
    report.checks["row_counts"] = counts == manifest.row_counts
    if not report.checks["row_counts"]:
        differ = sorted(
            name
            for name in set(counts) | set(manifest.row_counts)
            if counts.get(name) != manifest.row_counts.get(name)
        )
        report.problems.append(f"row counts differ in: {', '.join(differ)}")
    report.checks["ledger"] = ledger == manifest.ledger
    if not report.checks["ledger"]:
        report.problems.append(f"ledger totals differ: {ledger} vs {manifest.ledger}")
    report.checks["audit_chain"] = chain.ok and head == manifest.audit_head
    if not report.checks["audit_chain"]:
        report.problems.append(
            f"operation log: chain {'intact' if chain.ok else 'broken'}, head {head} "
            f"vs {manifest.audit_head}"
        )
    report.checks["attachments"] = not attachment_problems
    report.problems.extend(attachment_problems)


def create_database(maintenance_url: str, name: str) -> None:
    _autocommit(maintenance_url, sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'"), name)


def drop_database(maintenance_url: str, name: str) -> None:
    _autocommit(maintenance_url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"), name)


def _autocommit(url: str, statement: sql.SQL, name: str) -> None:
    connection = psycopg2.connect(url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement.format(sql.Identifier(name)))
    finally:
        connection.close()
