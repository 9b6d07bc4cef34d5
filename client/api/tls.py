"""Trust on first use: read the server's certificate, then pin exactly that one.

The server's certificate is usually self-signed, so public CAs cannot vouch for
it. The user compares its fingerprint with the one the server printed (or the
administrator announced) once; from then on only that certificate is accepted.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from common.fingerprint import sha256_fingerprint

_NO_CHECK_TIME = ssl.VerifyFlags(0x200000)  # OpenSSL X509_V_FLAG_NO_CHECK_TIME


@dataclass(frozen=True)
class ServerAddress:
    """An ``https://host:port`` server address, normalised."""

    host: str
    port: int

    @classmethod
    def parse(cls, url: str) -> ServerAddress:
        text = url.strip()
        if "://" not in text:
            text = "https://" + text
        parts = urlsplit(text)
        if parts.scheme != "https":
            raise ValueError(f"the server address must use https: {url!r}")
        if not parts.hostname:
            raise ValueError(f"no host in server address {url!r}")
        return cls(parts.hostname, parts.port or 8443)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}"

    @property
    def key(self) -> str:
        """How pins are filed: one per host and port."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class PresentedCertificate:
    pem: str
    fingerprint: str


def fetch_presented_certificate(
    address: ServerAddress, *, timeout: float = 5.0
) -> PresentedCertificate:
    """Read the certificate the server presents, without trusting it."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((address.host, address.port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=address.host) as tls,
        ):
            der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as exc:
        from client.api.errors import ServerUnreachable

        raise ServerUnreachable(f"{address.url}: {exc}") from exc
    if not der:
        raise ssl.SSLError("the server presented no certificate")
    return PresentedCertificate(ssl.DER_cert_to_PEM_cert(der), sha256_fingerprint(der))


def pinned_context(pem: str) -> ssl.SSLContext:
    """An SSL context that accepts only the pinned certificate.

    The pinned certificate is the sole trust anchor (partial-chain verification
    lets it be a leaf). Host names are not checked: the pin is the identity, and a
    server reached by another name or address is still the same pinned server.
    """
    context = ssl.create_default_context(cadata=pem)
    context.check_hostname = False
    # Validity dates are not checked either: a client whose clock is off, or a
    # pinned certificate past its date, is still talking to the pinned server.
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN | _NO_CHECK_TIME
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context
