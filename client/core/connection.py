"""Connection to the server: certificate trust, health polling, reconnection.

The monitor checks the server's health in the background every few seconds. When
the server goes away it says so and keeps trying (with a growing pause) until the
server is back; the views never block on any of it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import (
    ApiClient,
    CertificateChanged,
    ClientError,
    PresentedCertificate,
    ServerAddress,
    fetch_presented_certificate,
)
from client.core.ops import QueryOp
from client.core.provisioning import Provisioning, load_provisioning
from client.core.settings import ClientSettings, SettingsStore
from common.enums import Language
from common.schemas.system import HealthOut

log = logging.getLogger(__name__)


class ConnectionState(Enum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DEGRADED = "degraded"  # the server answers but its database does not
    MAINTENANCE = "maintenance"  # a restore is running: requests wait (drafts stay local)
    DISCONNECTED = "disconnected"
    UNTRUSTED = "untrusted"  # the user has not (yet) trusted the certificate
    CERTIFICATE_CHANGED = "certificate_changed"


@dataclass(frozen=True)
class NeedsTrust:
    """The server at ``address`` presented ``certificate``, not yet trusted."""

    address: ServerAddress
    certificate: PresentedCertificate
    provisioned: bool = False  # the machine's provisioning file names this certificate


class ConnectionMonitor(QObject):
    state_changed = Signal(object)  # ConnectionState
    health_changed = Signal(object)  # HealthOut
    trust_required = Signal(object)  # NeedsTrust
    certificate_changed = Signal(object)  # CertificateChanged

    def __init__(
        self,
        settings: ClientSettings,
        store: SettingsStore,
        *,
        interval_ms: int = 10_000,
        max_retry_ms: int = 10_000,
        provisioning: Provisioning | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._store = store
        # the machine's provisioning beats the user's settings: its server, and
        # only its certificate (a pin of another one is dropped)
        self.provisioning = provisioning if provisioning is not None else load_provisioning()
        if self.provisioning is not None:
            address = self.provisioning.address
            settings.server_url = address.url
            pin = settings.pin_for(address)
            if pin is not None and not self.provisioning.matches(pin.fingerprint):
                settings.forget(address)
        self._interval_ms = interval_ms
        self._retry_ms = min(1_000, interval_ms)
        self._max_retry_ms = max_retry_ms
        self._next_retry_ms = self._retry_ms
        self._busy = False
        self._stopped = False
        # Each check carries the generation it started in; a result from before a
        # server change, trust decision or stop is dropped, never applied.
        self._generation = 0
        self._api: ApiClient | None = None
        self.state = ConnectionState.CONNECTING
        self.last_health: HealthOut | None = None
        self.last_error = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check_now)

    @property
    def address(self) -> ServerAddress:
        return ServerAddress.parse(self.settings.server_url)

    @property
    def api(self) -> ApiClient | None:
        """The API client on the trusted server, or None while there is none."""
        return self._api

    def start(self) -> None:
        self._stopped = False
        self._generation += 1
        self._busy = False  # a check still running belongs to an older generation
        self._set_state(ConnectionState.CONNECTING)
        self.check_now()

    def stop(self) -> None:
        self._stopped = True
        self._generation += 1
        self._timer.stop()
        self._drop_api()

    def check_now(self) -> None:
        if self._busy or self._stopped:
            return
        self._timer.stop()
        address = self.address
        pin = self.settings.pin_for(address)
        generation = self._generation
        self._busy = True
        if pin is None:
            QueryOp(
                parent=self,
                op=lambda: self._first_contact(address),
                success=lambda result: self._on_result(generation, result),
                failure=lambda error: self._on_failure(generation, error),
            ).run()
            return
        if self._api is None or self._api.address != address:
            self._api = ApiClient(
                address,
                pinned_pem=pin.pem,
                pinned_fingerprint=pin.fingerprint,
                language=self.settings.language,
            )
        api = self._api
        QueryOp(
            parent=self,
            op=api.system.health,
            success=lambda result: self._on_result(generation, result),
            failure=lambda error: self._on_failure(generation, error),
        ).run()

    def _first_contact(self, address: ServerAddress) -> NeedsTrust:
        """The certificate the server presents, for the user to compare — unless
        the machine is provisioned for this address: then it must be the
        provisioned one (CertificateChanged otherwise, as for an impostor)."""
        presented = fetch_presented_certificate(address)
        provisioned = self.provisioning
        if provisioned is not None and provisioned.address.key == address.key:
            if not provisioned.matches(presented.fingerprint):
                raise CertificateChanged(
                    address.url, provisioned.fingerprint, presented.fingerprint
                )
            return NeedsTrust(address, presented, provisioned=True)
        return NeedsTrust(address, presented)

    def trust(self, address: ServerAddress, certificate: PresentedCertificate) -> None:
        """The user compared the fingerprint and trusts this certificate: pin it
        for the address it came from."""
        self.settings.trust(address, certificate)
        self._store.save(self.settings)
        self._drop_api()
        self.start()

    def set_language(self, language: Language) -> None:
        """Server messages in the new language from the next request on; the
        session (token) is kept."""
        self.settings.language = language
        self._store.save(self.settings)
        if self._api is not None:
            self._api.transport.language = language

    def decline(self) -> None:
        self._set_state(ConnectionState.UNTRUSTED)

    def change_server(self, url: str, *, forget_pin: bool) -> None:
        address = ServerAddress.parse(url)  # raises ValueError on a bad address
        if self.provisioning is not None and address.key != self.provisioning.address.key:
            raise ValueError(f"this computer is set up for {self.provisioning.address.url}")
        self.settings.server_url = address.url
        if forget_pin:
            self.settings.forget(address)
        self._store.save(self.settings)
        self._drop_api()
        self.start()

    def _drop_api(self) -> None:
        """Forget the client; a worker still using it finishes, and the pool is
        released when the last reference goes."""
        self._api = None

    def _on_result(self, generation: int, result: HealthOut | NeedsTrust) -> None:
        if generation != self._generation:
            return
        self._busy = False
        if isinstance(result, NeedsTrust):
            if result.provisioned:  # IT compared it when it set up this machine
                self.trust(result.address, result.certificate)
                return
            self._set_state(ConnectionState.UNTRUSTED)
            self.trust_required.emit(result)
            return
        self.last_health = result
        self.health_changed.emit(result)
        self._next_retry_ms = self._retry_ms
        if result.maintenance is not None:  # its status is "error" too, but nothing is broken
            state = ConnectionState.MAINTENANCE
        elif result.status == "ok":
            state = ConnectionState.CONNECTED
        else:
            state = ConnectionState.DEGRADED
        self._set_state(state)
        self._timer.start(self._interval_ms)

    def _on_failure(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._busy = False
        if isinstance(error, CertificateChanged):
            # Polling stops: an impostor is not retried until the user acts.
            self.last_error = str(error)
            self._set_state(ConnectionState.CERTIFICATE_CHANGED)
            self.certificate_changed.emit(error)
            return
        if not isinstance(error, ClientError):
            log.error("health check failed unexpectedly", exc_info=error)
        self.last_error = str(error)
        self._set_state(ConnectionState.DISCONNECTED)
        self._timer.start(self._next_retry_ms)
        self._next_retry_ms = min(self._next_retry_ms * 2, self._max_retry_ms)

    def _set_state(self, state: ConnectionState) -> None:
        if state is not self.state:
            log.info("connection %s -> %s", self.state.value, state.value)
            self.state = state
            self.state_changed.emit(state)
