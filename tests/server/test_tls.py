from __future__ import annotations

import ipaddress
import stat
from pathlib import Path

from cryptography import x509

from server.tls import ensure_self_signed


def test_first_start_makes_a_certificate_and_an_owner_only_key(tmp_path: Path) -> None:
    identity = ensure_self_signed(tmp_path / "tls", extra_names=("10.1.2.3", "finance.local"))
    assert identity.created
    assert stat.S_IMODE(identity.key_file.stat().st_mode) == 0o600
    assert len(identity.fingerprint.split(":")) == 32

    cert = x509.load_pem_x509_certificate(identity.cert_file.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    assert "finance.local" in names.get_values_for_type(x509.DNSName)
    ips = names.get_values_for_type(x509.IPAddress)
    assert ipaddress.ip_address("127.0.0.1") in ips
    assert ipaddress.ip_address("10.1.2.3") in ips


def test_later_starts_reuse_it_so_pinned_clients_keep_working(tmp_path: Path) -> None:
    first = ensure_self_signed(tmp_path)
    second = ensure_self_signed(tmp_path)
    assert not second.created
    assert second.fingerprint == first.fingerprint
