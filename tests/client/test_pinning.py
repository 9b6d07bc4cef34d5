"""client.api trusts a server once, then only that server's certificate."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.api import (
    ApiClient,
    CertificateChanged,
    ServerAddress,
    ServerUnreachable,
    fetch_presented_certificate,
)
from server.db.migrate import head_revision
from tests.support.live_server import LiveServer, free_port
from tests.support.postgres import PostgresForTests


def test_first_contact_shows_the_fingerprint_the_server_printed(live_server: LiveServer) -> None:
    presented = fetch_presented_certificate(ServerAddress.parse(live_server.url))
    assert presented.fingerprint == live_server.fingerprint
    assert presented.pem.startswith("-----BEGIN CERTIFICATE-----")


def test_pinned_client_reads_health(live_server: LiveServer) -> None:
    address = ServerAddress.parse(live_server.url)
    presented = fetch_presented_certificate(address)
    api = ApiClient(address, pinned_pem=presented.pem, pinned_fingerprint=presented.fingerprint)
    try:
        health = api.system.health()
    finally:
        api.close()
    assert health.status == "ok" and health.schema_revision == head_revision()


def test_a_changed_certificate_is_refused(postgres: PostgresForTests, tmp_path: Path) -> None:
    server = LiveServer(postgres.create_database(), tmp_path / "genuine").start()
    address = ServerAddress.parse(server.url)
    genuine = fetch_presented_certificate(address)
    api = ApiClient(address, pinned_pem=genuine.pem, pinned_fingerprint=genuine.fingerprint)
    try:
        assert api.system.health().status == "ok"
        server.stop()
        server.use_new_certificate(tmp_path / "impostor")
        server.start()
        with pytest.raises(CertificateChanged) as caught:
            api.system.health()
        assert caught.value.expected == genuine.fingerprint
        assert caught.value.presented == server.fingerprint != genuine.fingerprint
    finally:
        api.close()
        server.close()


def test_no_server_is_unreachable_not_a_crash() -> None:
    with pytest.raises(ServerUnreachable):
        fetch_presented_certificate(ServerAddress("127.0.0.1", free_port()), timeout=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://finance.local:9443", "https://finance.local:9443"),
        ("finance.local", "https://finance.local:8443"),
        ("https://[::1]:8443/", "https://[::1]:8443"),
    ],
)
def test_server_addresses(text: str, expected: str) -> None:
    assert ServerAddress.parse(text).url == expected


@pytest.mark.parametrize("text", ["http://finance.local:8443", "https://"])
def test_bad_server_addresses(text: str) -> None:
    with pytest.raises(ValueError):
        ServerAddress.parse(text)
