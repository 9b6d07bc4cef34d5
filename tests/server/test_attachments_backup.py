"""Source documents in backups, with real pg_dump / pg_restore: the manifest counts
the attachments and sums their bytes; verification recomputes every file's
SHA-256 in the restored copy, and fails, naming the file, when one file's bytes
were altered on the way (here: in the restored scratch database itself)."""

from __future__ import annotations

import datetime as dt
from itertools import count
from pathlib import Path

import psycopg2
import pytest
from sqlalchemy import text

from client.api import ApiClient
from server.services.operations import backups
from server.services.operations.backups import backup, verify
from tests.support.accounts import log_in
from tests.support.attachment_files import image_file, pdf_file
from tests.support.documents import Codes, clerk, income, today
from tests.support.live_server import LiveServer

NOW = dt.datetime(2026, 11, 30, 22, 0, tzinfo=dt.UTC)
_names = count(1)


def server_url(server: LiveServer) -> str:
    return server.engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def maker(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, "bka.maker", unit="001001"))


def with_files(api: ApiClient, server: LiveServer, codes: Codes, files: dict[str, bytes]) -> int:
    made = api.documents.create(
        income(codes, today(server), payer=f"备份附件 {next(_names)}", amount="77.00")
    )
    for file_name, data in files.items():
        api.attachments.add_bytes(made.id, file_name, data)
    return made.id


def stored(server: LiveServer) -> dict[str, int]:
    with server.engine.connect() as connection:
        files, blobs, size = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM document_attachments WHERE deleted_at IS NULL),"
                " (SELECT count(*) FROM attachment_blobs),"
                " (SELECT coalesce(sum(size), 0) FROM attachment_blobs)"
            )
        ).one()
    return {"files": files, "blobs": blobs, "bytes": size}


def test_a_backup_with_attachments_verifies_and_its_manifest_counts_them(
    live_server: LiveServer, codes: Codes, maker: ApiClient, tmp_path: Path
) -> None:
    big = image_file("JPEG", shade=3) + bytes(2_500_000)  # three chunks (after the end marker)
    with_files(maker, live_server, codes, {"大扫描.jpg": big, "合同.pdf": pdf_file(2)})
    with_files(maker, live_server, codes, {"again.jpg": big})  # stored once, attached twice
    dump, manifest = backup(live_server.engine, tmp_path, now=NOW)
    assert manifest.attachments == stored(live_server)
    assert manifest.attachments["files"] >= 3 and manifest.attachments["bytes"] >= len(big)
    assert backups.Manifest.load(backups.manifest_path(dump)).attachments == manifest.attachments
    report = verify(dump, server_url(live_server), now=NOW)
    assert report.ok, report.problems
    assert report.checks["attachments"] is True


def test_verification_fails_when_one_attachments_bytes_are_altered(
    live_server: LiveServer,
    codes: Codes,
    maker: ApiClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    altered = {"篡改对象.jpg": image_file("JPEG", shade=7)}
    document_id = with_files(maker, live_server, codes, altered)
    (target,) = maker.attachments.listing(document_id)
    dump, _ = backup(live_server.engine, tmp_path, now=NOW)
    restore = backups.pg_restore

    def restore_then_alter(dump: Path, url: str, key: object = None) -> str | None:
        """The restore, then one byte of the file changed in place (same size):
        the chunks refuse UPDATE by trigger, which replica mode does not fire."""
        failed = restore(dump, url, key)  # type: ignore[arg-type]
        connection = psycopg2.connect(url)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute(
                    "UPDATE attachment_chunks"
                    " SET data = overlay(data PLACING '\\x00'::bytea FROM 100 FOR 1)"
                    " WHERE sha256 = %s AND seq = 0",
                    (target.sha256,),
                )
                assert cursor.rowcount == 1
        finally:
            connection.close()
        return failed

    monkeypatch.setattr(backups, "pg_restore", restore_then_alter)
    report = verify(dump, server_url(live_server), now=NOW)
    assert not report.ok
    assert report.checks["restore"] and report.checks["row_counts"] and report.checks["ledger"]
    assert report.checks["attachments"] is False
    (problem,) = [p for p in report.problems if "SHA-256" in p]
    assert "篡改对象.jpg" in problem and target.sha256[:12] in problem
