from __future__ import annotations

from pathlib import Path

import pytest

from server.settings import DEFAULT_PORT, ServerSettings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "DATABASE_URL",
        "DATABASE_URL_REPLICA",
        "COUNTERSIGN_DATABASE_URL_REPLICA",
        "COUNTERSIGN_CONFIG",
        "COUNTERSIGN_PORT",
        "COUNTERSIGN_HOST",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_local_https_on_the_embedded_database() -> None:
    settings = ServerSettings()
    assert (settings.host, settings.port, settings.tls) == ("127.0.0.1", DEFAULT_PORT, True)
    assert settings.uses_embedded_database
    assert settings.data_dir.is_absolute()


def test_arguments_beat_environment_beat_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = tmp_path / "countersign.toml"
    toml.write_text('host = "0.0.0.0"\nport = 9000\nlog_level = "debug"\n', encoding="utf-8")
    monkeypatch.setenv("COUNTERSIGN_CONFIG", str(toml))
    assert (ServerSettings().host, ServerSettings().port) == ("0.0.0.0", 9000)
    monkeypatch.setenv("COUNTERSIGN_PORT", "9100")
    assert ServerSettings().port == 9100
    assert ServerSettings().log_level == "debug"
    assert ServerSettings(port=9200).port == 9200


def test_database_url_from_the_conventional_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/countersign")
    settings = ServerSettings()
    assert settings.database_url == "postgresql://u@db.example/countersign"
    assert not settings.uses_embedded_database


def test_the_read_replica_from_its_variable_and_passed_on_to_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from server.workers import worker_settings

    assert ServerSettings().database_url_replica is None
    monkeypatch.setenv("DATABASE_URL_REPLICA", "postgresql://u@standby.example/countersign")
    settings = ServerSettings()
    assert settings.database_url_replica == "postgresql://u@standby.example/countersign"
    given = worker_settings(
        settings, app_url="postgresql://a@db/c", privileged_url="postgresql://o@db/c"
    )
    assert "standby.example" in given
    monkeypatch.setenv("DATABASE_URL_REPLICA", "")
    assert ServerSettings().database_url_replica is None


def test_a_missing_config_file_is_an_error_not_silently_ignored(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ServerSettings(config_file=tmp_path / "absent.toml")


def test_unknown_settings_are_refused(tmp_path: Path) -> None:
    toml = tmp_path / "typo.toml"
    toml.write_text("prot = 9000\n", encoding="utf-8")
    with pytest.raises(ValueError, match="prot"):
        ServerSettings(config_file=toml)
