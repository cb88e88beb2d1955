"""Typed settings of the eventing deployable (`todo eventing`: relay + router)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.signing import KeyRing, MissingSigningKey
from eventing.parking import Parking
from eventing.subscriptions import FUNCTIONS


class ParkingSettings(BaseSettings):
    """How long one user's failing delivery may hold the router (`todo serve` and eventing)."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    router_inline_attempts: int = Field(default=2, ge=1, le=50)  # then parked for its user
    parked_poll_interval: float = Field(default=1.0, gt=0, le=60)

    def parking(self) -> Parking:
        """The router's parking rules from these settings."""
        return Parking(
            inline_attempts=self.router_inline_attempts, poll_interval=self.parked_poll_interval
        )


class EventingSettings(ParkingSettings):
    """Every option is an environment variable of the same name (documented in the README)."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    database_url: str
    event_transport: Literal["local", "dapr"] = "dapr"
    # Loopback unless told otherwise: the container image and the Knative manifests set
    # HOST=0.0.0.0 explicitly, where the Dapr sidecar and Knative must reach it.
    host: str = "127.0.0.1"
    # Keys that sign and verify internal events (core/signing.py); required here.
    event_signing_key: SecretStr | None = None
    # The token the Dapr sidecar sends as `dapr-api-token` (Dapr's app API token,
    # `dapr.io/app-token-secret`). With it, the binding endpoint tells Dapr's deliveries from
    # anyone else's POSTs: an unsigned record from Kafka is kept as a dead letter instead of
    # being refused (Dapr would redeliver it for ever and hold its partition).
    app_api_token: SecretStr | None = None
    port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port
    function_url_recur: str | None = None
    function_url_notify: str | None = None
    function_url_audit: str | None = None
    function_url_push: str | None = None
    router_max_attempts: int = Field(default=10, ge=1, le=50)
    dlq_retry_delay: float = Field(default=300.0, ge=0)  # first automatic replay
    dlq_auto_replays: int = Field(default=5, ge=0, le=20)  # 0: manual replay only
    router_initial_backoff: float = Field(default=0.2, gt=0)
    router_max_backoff: float = Field(default=10.0, gt=0)
    relay_batch_size: int = Field(default=100, ge=1, le=10_000)
    relay_poll_interval: float = Field(default=5.0, gt=0)
    db_pool_size: int = Field(default=10, ge=1)
    # Connections opened beyond the pool under a burst; unset: DB_POOL_SIZE again.
    db_max_overflow: int | None = Field(default=None, ge=0)
    log_level: str = "INFO"

    def key_ring(self) -> KeyRing:
        """The event signing keys; MissingSigningKey (a clear start-up error) without them."""
        if self.event_signing_key is None or not self.event_signing_key.get_secret_value():
            raise MissingSigningKey("todo eventing")
        return KeyRing.parse(self.event_signing_key.get_secret_value())

    def function_urls(self) -> dict[str, str]:
        """Function name -> URL, for the functions that have one configured."""
        urls = {name: getattr(self, f"function_url_{name}") for name in FUNCTIONS}
        return {name: url for name, url in urls.items() if url}
