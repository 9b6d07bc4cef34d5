"""Qt-free access to the Countersign server, usable from views, scripts and tests."""

from client.api.client import ApiClient
from client.api.errors import (
    ApiError,
    CertificateChanged,
    ClientError,
    ServerUnreachable,
    outcome_unknown,
)
from client.api.tls import PresentedCertificate, ServerAddress, fetch_presented_certificate

__all__ = [
    "ApiClient",
    "ApiError",
    "CertificateChanged",
    "ClientError",
    "PresentedCertificate",
    "ServerAddress",
    "ServerUnreachable",
    "fetch_presented_certificate",
    "outcome_unknown",
]
