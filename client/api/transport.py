"""HTTP transport: httpx over a pinned TLS context, errors turned into ClientErrors."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from client.api.errors import ApiError, CertificateChanged, ServerUnreachable
from client.api.tls import ServerAddress, fetch_presented_certificate, pinned_context
from common.enums import DEFAULT_LANGUAGE, Language
from common.version import API_PREFIX, __version__

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
DOWNLOAD_TIMEOUT = httpx.Timeout(600.0, connect=5.0)


class DownloadCancelled(Exception):
    """The user cancelled a download; nothing was kept."""


CLIENT_HOST = socket.gethostname()  # recorded by the server in the operation log


class Transport:
    """One connection pool to one server; safe to use from worker threads."""

    def __init__(
        self,
        address: ServerAddress,
        *,
        pinned_pem: str,
        pinned_fingerprint: str,
        language: Language = DEFAULT_LANGUAGE,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.address = address
        self.pinned_fingerprint = pinned_fingerprint
        self.language = language
        self.token: str | None = None  # the session token once logged in
        self._http = httpx.Client(
            base_url=address.url + API_PREFIX,
            # retries: only failed connection attempts, which are always safe to repeat.
            # TCP_NODELAY: a request goes out as headers then body; without it Nagle's
            # algorithm holds the body back until the server's delayed ACK (~40 ms).
            transport=httpx.HTTPTransport(
                verify=pinned_context(pinned_pem),
                retries=1,
                socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
            ),
            timeout=timeout,
            headers={"User-Agent": f"Countersign/{__version__}"},
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        body_on: frozenset[int] = frozenset(),
        read_timeout_s: float | None = None,
        content: bytes | None = None,
    ) -> Any:
        """Send one request; return the decoded JSON body of a 2xx answer.
        ``read_timeout_s`` for the few answers that take long to compute (the
        whole operation log's hash chain), instead of the usual timeout.
        ``content``: a file sent as it is (an installer), instead of ``json``.

        Raises ApiError for an error answer, ServerUnreachable when there is no
        answer, CertificateChanged when the server is not the pinned one.
        """
        response = self._send(
            method,
            path,
            json=json,
            params=params,
            idempotency_key=idempotency_key,
            read_timeout_s=read_timeout_s,
            content=content,
        )
        return _decode(response, body_on)

    def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        read_timeout_s: float | None = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        headers = self._headers(idempotency_key)
        if content is not None:
            headers["Content-Type"] = "application/octet-stream"
        try:
            timeout = (
                self._http.timeout
                if read_timeout_s is None
                else httpx.Timeout(self._http.timeout.connect or 10, read=read_timeout_s)
            )
            response = self._http.request(
                method,
                path,
                json=json,
                params=params,
                headers=headers,
                timeout=timeout,
                content=content,
            )
        except httpx.ConnectError as exc:
            if _is_certificate_failure(exc):
                self._raise_if_certificate_changed()
            raise ServerUnreachable(f"{self.address.url}: {exc}") from exc
        except httpx.TransportError as exc:
            raise ServerUnreachable(f"{self.address.url}: {exc}") from exc
        return response

    def page(self, path: str, *, params: dict[str, Any]) -> tuple[Any, int, str | None]:
        """A GET of a paged list: its rows, the whole list's size and the next
        page's token (server/api/paging.py puts both in headers)."""
        response = self._send("GET", path, params=params)
        rows = _decode(response, frozenset())
        headers = response.headers
        return rows, int(headers.get("X-Total-Count", len(rows))), headers.get("X-Next-Page")

    def download(
        self,
        path: str,
        target: Path,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        progress: Callable[[int], bool] | None = None,
        method: str = "POST",
    ) -> int:
        """Send ``json`` and stream the answer's body into ``target``; its size.

        ``progress`` gets the bytes received so far and returns False to cancel
        (the partial file is removed). The server may take a while before the
        first byte of a large file, hence the long read timeout."""
        partial = target.with_name(target.name + ".part")
        received = 0
        try:
            with self._http.stream(
                method,
                path,
                json=json,
                params=params,
                headers=self._headers(None),
                timeout=DOWNLOAD_TIMEOUT,
            ) as response:
                if not response.is_success:
                    response.read()
                    _decode(response, frozenset())
                with partial.open("wb") as out:
                    for chunk in response.iter_bytes():
                        out.write(chunk)
                        received += len(chunk)
                        if progress is not None and not progress(received):
                            raise DownloadCancelled(target.name)
            partial.replace(target)
        except httpx.ConnectError as exc:
            partial.unlink(missing_ok=True)
            if _is_certificate_failure(exc):
                self._raise_if_certificate_changed()
            raise ServerUnreachable(f"{self.address.url}: {exc}") from exc
        except httpx.TransportError as exc:
            partial.unlink(missing_ok=True)
            raise ServerUnreachable(f"{self.address.url}: {exc}") from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return received

    def _headers(self, idempotency_key: str | None) -> dict[str, str]:
        headers = {
            "Accept-Language": self.language.value.replace("_", "-"),
            "X-Countersign-Client-Host": CLIENT_HOST,
        }
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def close(self) -> None:
        self._http.close()

    def _raise_if_certificate_changed(self) -> None:
        presented = fetch_presented_certificate(self.address)
        if presented.fingerprint != self.pinned_fingerprint:
            raise CertificateChanged(
                self.address.url, self.pinned_fingerprint, presented.fingerprint
            )


def _is_certificate_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _decode(response: httpx.Response, body_on: frozenset[int]) -> Any:
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success or (response.status_code in body_on and body is not None):
        return body
    if isinstance(body, dict) and "code" in body:
        params = body.get("params") or {}
        raise ApiError(response.status_code, body["code"], body.get("message", ""), params)
    raise ApiError(response.status_code, "http.error", response.text[:200], {})
