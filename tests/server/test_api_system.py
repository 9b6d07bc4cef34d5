"""The HTTP surface every client relies on: health, OpenAPI, and the error format."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field
from sqlalchemy import text

from common.errors import DomainError
from server.api.deps import Transaction
from server.app import create_app
from server.db.engine import build_engine
from server.db.migrate import head_revision
from server.settings import ServerSettings
from tests.support.live_server import LiveServer
from tests.support.postgres import PostgresForTests


@pytest.fixture(scope="module")
def https(live_server: LiveServer) -> Iterator[httpx.Client]:
    """A client that trusts only the test server's certificate, with host-name checks."""
    context = ssl.create_default_context(cafile=str(live_server.identity.cert_file))
    with httpx.Client(base_url=live_server.url + "/api/v1", verify=context) as client:
        yield client


def test_health_over_https_reports_database_and_schema(https: httpx.Client) -> None:
    response = https.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["schema"] == head_revision()


def test_openapi_is_published_under_the_api_prefix(https: httpx.Client) -> None:
    spec = https.get("/openapi.json").json()
    assert "/api/v1/health" in spec["paths"]


def test_plain_http_is_not_served(live_server: LiveServer) -> None:
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{live_server.port}/api/v1/health", timeout=5)


def test_errors_are_json_codes_in_chinese_by_default_and_english_on_request(
    https: httpx.Client,
) -> None:
    zh = https.get("/no-such-thing")
    assert zh.status_code == 404
    assert zh.json() == {
        "code": "http.not_found",
        "message": "未找到请求的资源:/api/v1/no-such-thing",
        "params": {"path": "/api/v1/no-such-thing"},
    }
    en = https.get("/no-such-thing", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert en.json()["message"] == "Nothing found at /api/v1/no-such-thing"
    assert https.post("/health").json()["code"] == "http.method_not_allowed"


class _Payment(BaseModel):
    payee: str = Field(min_length=2)
    amount: int = Field(gt=0)


@pytest.fixture(scope="module")
def app_with_probe_routes(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The real app plus routes that fail on purpose, to see what callers get."""
    engine = build_engine(module_database_url, pool_size=1)
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE probe_deferred (k int, CONSTRAINT probe_unique UNIQUE (k) "
                "DEFERRABLE INITIALLY DEFERRED)"
            )
        )
    app = create_app(
        ServerSettings(database_url=module_database_url, data_dir=tmp_path_factory.mktemp("d")),
        engine,
    )
    probe = APIRouter()

    @probe.post("/api/v1/probe/payment")
    def payment(body: _Payment) -> dict[str, str]:
        return {"payee": body.payee}

    @probe.get("/api/v1/probe/rule")
    def rule() -> None:
        raise DomainError("user.exists", status=409, username="zhang")

    @probe.post("/api/v1/probe/deferred")
    def deferred(session: Transaction) -> dict[str, bool]:
        session.execute(text("INSERT INTO probe_deferred (k) VALUES (1), (1)"))
        return {"ok": True}  # the duplicate only fails at COMMIT

    @probe.get("/api/v1/probe/crash")
    def crash() -> None:
        raise RuntimeError("secret internal detail")

    app.include_router(probe)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    engine.dispose()


def test_a_bad_field_is_named_with_its_rule(app_with_probe_routes: TestClient) -> None:
    response = app_with_probe_routes.post(
        "/api/v1/probe/payment", json={"payee": "Acme", "amount": 0}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "request.field_invalid"
    assert body["params"]["field"] == "amount"
    assert "amount" in body["message"] and "greater than 0" in body["message"]


def test_several_bad_fields_are_all_listed(app_with_probe_routes: TestClient) -> None:
    response = app_with_probe_routes.post(
        "/api/v1/probe/payment",
        json={"payee": "A", "amount": -1},
        headers={"Accept-Language": "en"},
    )
    body = response.json()
    assert body["code"] == "request.invalid"
    assert [f["field"] for f in body["params"]["fields"]] == ["payee", "amount"]
    assert body["message"].startswith("The request is invalid: payee:")


def test_a_broken_rule_keeps_its_status_and_parameters(app_with_probe_routes: TestClient) -> None:
    response = app_with_probe_routes.get("/api/v1/probe/rule")
    assert response.status_code == 409
    assert response.json()["params"] == {"username": "zhang"}


def test_a_failed_commit_is_an_error_answer_not_a_false_success(
    app_with_probe_routes: TestClient, module_database_url: str
) -> None:
    response = app_with_probe_routes.post("/api/v1/probe/deferred")
    assert response.status_code == 409  # a unique key taken at COMMIT: a conflict, not a 200
    assert response.json()["code"] == "database.conflict"
    assert response.json()["params"]["constraint"] == "probe_unique"
    engine = build_engine(module_database_url, pool_size=1)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM probe_deferred")) == 0
    engine.dispose()


def test_a_crash_never_shows_a_stack_trace(app_with_probe_routes: TestClient) -> None:
    response = app_with_probe_routes.get("/api/v1/probe/crash", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "server.internal"
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    assert body["params"]["reference"] in body["message"]


def test_health_says_so_when_the_database_is_gone(
    postgres: PostgresForTests, tmp_path: Path
) -> None:
    url = postgres.url_for("cs_database_that_does_not_exist")
    engine = build_engine(url, pool_size=1)
    settings = ServerSettings(database_url=url, data_dir=tmp_path)
    with TestClient(create_app(settings, engine)) as client:
        response = client.get("/api/v1/health")
    engine.dispose()
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "unavailable"
