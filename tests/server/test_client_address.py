"""Whose address the server believes (issue 15 item 7).

The login throttle counts, and the operation log records, the connecting
address; X-Forwarded-For is believed only from a proxy listed in the setting
``trusted_proxies`` (none by default), so a client cannot pick its own address.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

import httpx
import pytest
from sqlalchemy import select

from client.api.tls import pinned_context
from common.version import API_PREFIX
from server.db.models import AuditRecord
from server.db.uow import UnitOfWork
from server.settings import ServerSettings
from tests.support.live_server import LiveServer

ATTEMPTS = 3  # the servers' login_attempts_per_minute
_names = count(1)


def start(url: str, tls_dir: object, *, trusted: list[str]) -> LiveServer:
    server = LiveServer(url, tls_dir, login_attempts_per_minute=ATTEMPTS)  # type: ignore[arg-type]
    server.settings = server.settings.model_copy(update={"trusted_proxies": trusted})
    return server.start()


@pytest.fixture(scope="module")
def direct(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server with the default settings: no proxy is trusted."""
    server = start(module_database_url, tmp_path_factory.mktemp("direct"), trusted=[])
    yield server
    server.close()


@pytest.fixture(scope="module")
def proxied(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server behind a proxy on this machine (the tests connect from 127.0.0.1)."""
    server = start(module_database_url, tmp_path_factory.mktemp("proxied"), trusted=["127.0.0.1"])
    yield server
    server.close()


def attempt(server: LiveServer, username: str, forwarded_for: str) -> httpx.Response:
    """One failed password step (an unknown account), claiming ``forwarded_for``."""
    pem = server.identity.cert_file.read_text()
    with httpx.Client(base_url=server.url + API_PREFIX, verify=pinned_context(pem)) as client:
        return client.post(
            "/auth/login",
            json={"username": username, "password": "Not-The-Password-1!"},
            headers={"X-Forwarded-For": forwarded_for},
        )


def logged_addresses(server: LiveServer, username: str) -> list[str]:
    with UnitOfWork(server.engine).transaction() as session:
        rows = session.scalars(
            select(AuditRecord.client_address)
            .where(AuditRecord.actor_name == username, AuditRecord.action == "login.failed")
            .order_by(AuditRecord.id)
        )
        return list(rows)


def test_a_forwarded_address_from_an_untrusted_client_is_ignored(direct: LiveServer) -> None:
    username = f"nobody{next(_names)}"
    answers = [attempt(direct, username, f"203.0.113.{i}") for i in range(1, ATTEMPTS + 2)]
    # each claimed a new address; all were counted as 127.0.0.1's, so the last is throttled
    assert [a.status_code for a in answers] == [401] * ATTEMPTS + [429]
    assert answers[-1].json()["code"] == "auth.throttled"
    assert logged_addresses(direct, username) == ["127.0.0.1"] * ATTEMPTS


def test_a_trusted_proxy_names_the_client(proxied: LiveServer) -> None:
    username = f"nobody{next(_names)}"
    answers = [attempt(proxied, username, "198.51.100.7") for _ in range(ATTEMPTS + 1)]
    assert [a.status_code for a in answers] == [401] * ATTEMPTS + [429]
    assert logged_addresses(proxied, username) == ["198.51.100.7"] * ATTEMPTS
    # another client behind the same proxy has its own count
    other = attempt(proxied, username, "198.51.100.8")
    assert other.status_code == 401
    # a chain: the address the trusted proxy saw (the right-most untrusted) counts,
    # not what the client wrote in front of it
    chained = attempt(proxied, username, "192.0.2.1, 198.51.100.9")
    assert chained.status_code == 401
    assert logged_addresses(proxied, username)[-2:] == ["198.51.100.8", "198.51.100.9"]


def test_trusted_proxies_takes_addresses_and_networks_only() -> None:
    settings = ServerSettings(trusted_proxies=[" 10.0.0.5", "10.1.0.0/16", "::1"])
    assert settings.trusted_proxies == ["10.0.0.5", "10.1.0.0/16", "::1"]
    assert ServerSettings().trusted_proxies == []
    for wrong in ("*", "proxy.local", "10.0.0.0/33"):
        with pytest.raises(ValueError, match="trusted_proxies"):
            ServerSettings(trusted_proxies=[wrong])
