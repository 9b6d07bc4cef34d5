from __future__ import annotations

from pathlib import Path

from client.api import PresentedCertificate, ServerAddress
from client.core.settings import DEFAULT_SERVER_URL, SettingsStore


def test_settings_round_trip_with_pins(client_home: Path) -> None:
    store = SettingsStore()
    settings = store.load()
    address = ServerAddress.parse("https://finance.local:9443")
    settings.server_url = address.url
    settings.trust(address, PresentedCertificate("-----BEGIN CERTIFICATE-----", "AB:CD"))
    store.save(settings)
    again = SettingsStore().load()
    assert again.server_url == "https://finance.local:9443"
    pin = again.pin_for(address)
    assert pin is not None and pin.fingerprint == "AB:CD"


def test_a_damaged_or_invalid_file_is_set_aside_not_fatal(client_home: Path) -> None:
    client_home.mkdir(parents=True)
    (client_home / "client.json").write_text('{"server_url": "http://plain.example:80"}')
    settings = SettingsStore().load()
    assert settings.server_url == DEFAULT_SERVER_URL
    assert (client_home / "client.damaged.json").exists()
