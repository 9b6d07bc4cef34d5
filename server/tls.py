"""The server's TLS identity: a self-signed certificate made on first start.

Clients pin this certificate (trust on first use, after the user compares the
fingerprint the server printed), so it must stay the same across restarts: it is
made once and then reused from the data directory.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from common.fingerprint import sha256_fingerprint

log = logging.getLogger(__name__)

CERT_NAME = "server.crt"
KEY_NAME = "server.key"
VALIDITY = dt.timedelta(days=5 * 365)


@dataclass(frozen=True)
class TlsIdentity:
    cert_file: Path
    key_file: Path
    fingerprint: str
    created: bool


def ensure_self_signed(directory: Path, *, extra_names: tuple[str, ...] = ()) -> TlsIdentity:
    """Return the certificate in ``directory``, making it (key mode 0600) if missing."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    cert_file, key_file = directory / CERT_NAME, directory / KEY_NAME
    created = False
    if not (cert_file.exists() and key_file.exists()):
        _write_new(cert_file, key_file, extra_names)
        created = True
    return TlsIdentity(cert_file, key_file, fingerprint_of(cert_file), created)


def fingerprint_of(cert_file: Path) -> str:
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    return sha256_fingerprint(cert.public_bytes(serialization.Encoding.DER))


def _write_new(cert_file: Path, key_file: Path, extra_names: tuple[str, ...]) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    hostname = socket.gethostname()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"Countersign server {hostname}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Countersign"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(_subject_alt_names(hostname, extra_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Create the key file with 0600 from the start: no window where others may read it.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key_bytes)
    os.chmod(key_file, 0o600)
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    log.info("generated a self-signed TLS certificate in %s", cert_file.parent)


def _subject_alt_names(hostname: str, extra: tuple[str, ...]) -> x509.SubjectAlternativeName:
    dns = {"localhost", hostname}
    ips = {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}
    for item in extra:
        try:
            ips.add(ipaddress.ip_address(item))
        except ValueError:
            if item:
                dns.add(item)
    names: list[x509.GeneralName] = [x509.DNSName(d) for d in sorted(dns)]
    names += [x509.IPAddress(ip) for ip in sorted(ips, key=str)]
    return x509.SubjectAlternativeName(names)
