"""客户端版本 against a live server and real PostgreSQL: an administrator uploads
an installer, anyone downloads it (a refused client is not logged in), a client
older than the minimum version cannot log in and is offered that installer, and
a merely older one logs in and is told a newer version exists."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from client.api import ApiClient
from client.api.client_versions import InstallerMismatch
from common.enums import Role
from common.schemas.client_versions import (
    ClientPlatform,
    InstallerOut,
    InstallerUploadIn,
    PublishedInstallerOut,
)
from server.db.models import AuditRecord, User
from server.db.uow import UnitOfWork
from tests.support.accounts import Account, add_user, api_for, log_in, refused
from tests.support.documents import run_sql
from tests.support.live_server import LiveServer

_names = itertools.count(1)
WINDOWS, LINUX = ClientPlatform.WINDOWS, ClientPlatform.LINUX
# Larger than one piece the server reads (1 MiB), so a download is put together
# from several; not a multiple of it, so the last piece is a short one.
INSTALLER = bytes(range(256)) * 10_000


@pytest.fixture
def clean(live_server: LiveServer) -> Iterator[None]:
    """No installer and the parameters at their defaults after each test."""
    yield
    run_sql(live_server, "DELETE FROM client_installers")
    run_sql(live_server, "DELETE FROM system_parameters")


def admin(server: LiveServer) -> ApiClient:
    return log_in(server, add_user(server, f"cv.admin{next(_names)}", [Role.ADMIN]))


def person(server: LiveServer, role: Role = Role.CLERK) -> Account:
    return add_user(server, f"cv.user{next(_names)}", [role])


def upload(
    api: ApiClient,
    version: str,
    platform: ClientPlatform = WINDOWS,
    data: bytes = INSTALLER,
) -> InstallerOut:
    meta = InstallerUploadIn(
        version=version, platform=platform, file_name=f"countersign-{version}-setup.exe"
    )
    return api.client_versions.upload_installer(data, meta)


def raw(api: ApiClient, method: str, path: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    """The status and body as the server answered them (no client-side checks)."""
    transport = api.transport
    answer = transport._http.request(method, path, headers=transport._headers(None), **kwargs)
    return answer.status_code, answer.json() if answer.content else {}


def set_minimum(api: ApiClient, version: str) -> None:
    api.admin_system.save_parameters({"min_client_version": version})


def playing(server: LiveServer, version: str | None, platform: ClientPlatform | None) -> ApiClient:
    """A client that states ``version`` and ``platform`` at login."""
    api = api_for(server)
    api.auth.client_version = version
    api.auth.client_platform = platform
    return api


def test_an_administrator_uploads_an_installer_and_anyone_downloads_it_checked(
    live_server: LiveServer, clean: None, tmp_path: Path
) -> None:
    console = admin(live_server)
    made = upload(console, "1.4.0")
    assert (made.version, made.platform, made.size) == ("1.4.0", WINDOWS, len(INSTALLER))
    assert made.sha256 == hashlib.sha256(INSTALLER).hexdigest()
    assert made.uploaded_by == console.auth.me().username
    upload(console, "1.10.0", LINUX)
    upload(console, "1.9.0")

    listed = console.client_versions.installers()
    assert listed.minimum_version == "0.0.0"
    # newest version first, compared as versions (1.10 after 1.9, not before)
    assert [(i.version, i.platform) for i in listed.installers] == [
        ("1.10.0", LINUX),
        ("1.9.0", WINDOWS),
        ("1.4.0", WINDOWS),
    ]

    stranger = api_for(live_server)  # not logged in: a refused client is not
    current = stranger.client_versions.current(WINDOWS)
    assert current.minimum_version == "0.0.0"
    assert current.latest is not None and current.latest.version == "1.9.0"
    assert stranger.client_versions.current(LINUX).latest.version == "1.10.0"  # type: ignore[union-attr]

    saved = stranger.client_versions.download(current.latest, tmp_path / "downloads")
    assert saved == tmp_path / "downloads" / "countersign-1.9.0-setup.exe"
    assert saved.read_bytes() == INSTALLER
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == current.latest.sha256
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]

    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.scalars(
            select(AuditRecord).where(
                AuditRecord.action == "client_installer.uploaded",
                AuditRecord.target_id == str(made.id),
            )
        ).one()
        assert logged.actor_name == made.uploaded_by
        assert logged.after == {
            "version": "1.4.0",
            "platform": "windows",
            "file_name": "countersign-1.4.0-setup.exe",
            "size": len(INSTALLER),
            "sha256": made.sha256,
        }


def test_a_tampered_installer_is_deleted_and_never_handed_over(
    live_server: LiveServer, clean: None, tmp_path: Path
) -> None:
    made = upload(admin(live_server), "2.0.0")
    run_sql(
        live_server,
        "UPDATE client_installers SET data = overlay(data placing '\\x00'::bytea from 5)"
        " WHERE id = :id",
        id=made.id,
    )
    fields = set(PublishedInstallerOut.model_fields)
    published = PublishedInstallerOut.model_validate(made.model_dump(include=fields))
    with pytest.raises(InstallerMismatch) as caught:
        api_for(live_server).client_versions.download(published, tmp_path)
    assert caught.value.expected == made.sha256
    assert list(tmp_path.iterdir()) == []


def test_an_upload_is_refused_when_bad_or_already_there(
    live_server: LiveServer, clean: None
) -> None:
    console = admin(live_server)
    upload(console, "3.0.0")
    again = refused(upload, console, "3.0", data=b"other bytes")  # 3.0 is 3.0.0
    assert (again.status, again.code) == (409, "client_version.exists")
    assert again.params["field"] == "version"
    upload(console, "3.0.0", LINUX)  # the same version for another platform is another file

    empty = refused(upload, console, "3.1.0", data=b"")
    assert (empty.status, empty.code) == (422, "client_version.empty")

    params = {"version": "next week", "platform": "windows", "file_name": "a.exe"}
    status, body = raw(console, "POST", "/admin/client-versions", params=params, content=b"x")
    assert (status, body["code"]) == (422, "request.field_invalid")
    assert body["params"]["field"] == "query.version"
    params = {"version": "3.2", "platform": "solaris", "file_name": "a.exe"}
    status, body = raw(console, "POST", "/admin/client-versions", params=params, content=b"x")
    assert (status, body["params"]["field"]) == (422, "query.platform")
    params = {"version": "3.2", "platform": "linux", "file_name": "../../etc/passwd"}
    status, body = raw(console, "POST", "/admin/client-versions", params=params, content=b"x")
    assert (status, body["params"]["field"]) == (422, "query.file_name")
    assert [i.version for i in console.client_versions.installers().installers] == [
        "3.0.0",
        "3.0.0",
    ]


def test_only_an_administrator_uploads_or_lists_installers(
    live_server: LiveServer, clean: None
) -> None:
    for role in (Role.CLERK, Role.AUDITOR):
        other = log_in(live_server, person(live_server, role))
        assert refused(upload, other, "4.0.0").status == 403
        assert refused(other.client_versions.installers).status == 403
    stranger = api_for(live_server)
    assert refused(upload, stranger, "4.0.0").status == 401
    assert refused(stranger.client_versions.installers).status == 401
    status, body = raw(stranger, "GET", "/client-versions/999999/installer")
    assert (status, body["code"]) == (404, "client_version.not_found")


def test_a_client_older_than_the_minimum_is_refused_and_offered_the_installer(
    live_server: LiveServer, clean: None, tmp_path: Path
) -> None:
    console = admin(live_server)
    made = upload(console, "2.1.0")
    upload(console, "2.5.0", LINUX)
    set_minimum(console, "2.0")
    user = person(live_server)

    old = playing(live_server, "1.9.3", WINDOWS)
    refusal = refused(old.auth.login, user.username, user.password)
    assert (refusal.status, refusal.code) == (426, "auth.client_too_old")
    assert refusal.params["version"] == "1.9.3" and refusal.params["minimum"] == "2.0"
    assert "1.9.3" in refusal.message and "2.0" in refusal.message
    offered = PublishedInstallerOut.model_validate(refusal.params["installer"])
    assert (offered.id, offered.version, offered.sha256) == (made.id, "2.1.0", made.sha256)
    assert offered.download_path == f"/client-versions/{made.id}/installer"
    # still not logged in, it downloads what it was offered
    assert old.client_versions.download(offered, tmp_path).read_bytes() == INSTALLER

    # a wrong password is refused as too old too: the version is checked first,
    # and the refusal counts no failed login against the person
    assert refused(old.auth.login, user.username, "wrong").code == "auth.client_too_old"
    with UnitOfWork(live_server.engine).transaction() as session:
        found = session.get(User, user.id)
        assert found is not None and found.failed_attempts == 0

    # a platform without a published installer: refused, nothing to offer
    bare = refused(playing(live_server, "1.0", None).auth.login, user.username, user.password)
    assert bare.code == "auth.client_too_old" and bare.params["installer"] is None

    # the minimum itself logs in
    assert playing(live_server, "2.0.0", WINDOWS).auth.login(user.username, user.password).ticket


def test_a_merely_older_client_logs_in_and_is_told_of_the_newer_version(
    live_server: LiveServer, clean: None
) -> None:
    console = admin(live_server)
    newest = upload(console, "5.2.0")
    upload(console, "5.1.0")
    set_minimum(console, "5.0")
    user = person(live_server)

    ticket = playing(live_server, "5.0.1", WINDOWS).auth.login(user.username, user.password)
    assert ticket.next_step == "totp"
    assert ticket.newer_client is not None
    assert (ticket.newer_client.id, ticket.newer_client.version) == (newest.id, "5.2.0")

    up_to_date = playing(live_server, "5.2.0", WINDOWS).auth.login(user.username, user.password)
    assert up_to_date.newer_client is None
    other_platform = playing(live_server, "5.0.1", LINUX).auth.login(user.username, user.password)
    assert other_platform.newer_client is None
    unstated = playing(live_server, None, None).auth.login(user.username, user.password)
    assert unstated.newer_client is None  # a script states no version: not checked


def test_the_minimum_and_the_login_refuse_what_is_not_a_version(
    live_server: LiveServer, clean: None
) -> None:
    console = admin(live_server)
    bad = refused(set_minimum, console, "two point oh")
    assert (bad.status, bad.code) == (422, "parameter.version")
    assert bad.params["field"] == "min_client_version"
    assert "最低客户端版本须为版本号" in bad.message
    set_minimum(console, "01.02")
    minimum = next(
        p for p in console.admin_system.parameters().parameters if p.key == "min_client_version"
    )
    assert (minimum.value, minimum.default, minimum.kind) == ("1.2", "0.0.0", "version")

    user = person(live_server)
    body = {"username": user.username, "password": user.password, "client_version": "latest"}
    status, answer = raw(api_for(live_server), "POST", "/auth/login", json=body)
    assert (status, answer["params"]["field"]) == (422, "client_version")
