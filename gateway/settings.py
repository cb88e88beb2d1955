"""Typed settings of the gateway (and of the embedded system that `todo serve` starts)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.signing import KeyRing, event_key_ring
from gateway.rate_limits import Rate, RateLimits


def default_data_dir() -> Path:
    """The user's data directory: embedded PostgreSQL and the local signing key live here."""
    return Path(platformdirs.user_data_dir("todo-events", appauthor=False))


class Settings(BaseSettings):
    """Every option is an environment variable of the same name (documented in the README)."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL; unset means an embedded PostgreSQL in DATA_DIR.",
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port
    # GET /metrics on a port of its own (bound on HOST) and 404 on PORT, so a public route to
    # PORT never exposes the metrics; unset: /metrics on PORT, beside the API.
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # Strict-Transport-Security max-age (seconds) on answers to requests that came over HTTPS
    # (directly or through a proxy saying X-Forwarded-Proto: https); 0: no such header.
    hsts_max_age: int = Field(default=31_536_000, ge=0)

    auth_jwks_url: str | None = None
    auth_issuer: str | None = None
    auth_audience: str | None = None

    event_transport: Literal["local", "dapr"] = Field(
        default="local",
        description="local: relay, router and functions run beside this process "
        "(EMBEDDED_EVENTING: in a child process or inline); "
        "dapr: the eventing service relays through Dapr (this process only writes the outbox).",
    )
    # Where the embedded system's relay, router and functions run (EVENT_TRANSPORT=local):
    # process: a child process of their own, so requests and events use two cores; inline:
    # this process. Unset: `todo serve` uses process, an app built by create_app() inline.
    embedded_eventing: Literal["process", "inline"] | None = None
    router_max_attempts: int = Field(default=10, ge=1, le=50)
    dlq_retry_delay: float = Field(default=300.0, ge=0)  # first automatic replay
    dlq_auto_replays: int = Field(default=5, ge=0, le=20)  # 0: manual replay only
    # Signs internal events and keys the audit chain; unset: the data folder's own key.
    event_signing_key: SecretStr | None = None

    openai_api_key: str | None = Field(default=None, description="use OpenAI for the chat")
    openai_base_url: str | None = Field(
        default=None, description="any OpenAI-compatible server (Ollama, llama.cpp, vLLM)"
    )
    todo_model: str = Field(default="gpt-4.1-mini", description="the model name to ask for")
    chat_max_turns: int = Field(default=12, ge=1, le=50)

    log_level: str = "INFO"
    log_format: Literal["auto", "json", "text"] = Field(
        default="auto",
        description="auto: text lines when stderr is a terminal, JSON lines otherwise; "
        "json or text force one.",
    )
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_header_bytes: int = Field(default=32 * 1024, ge=1024)  # request line + headers
    request_head_timeout: float = Field(default=10.0, gt=0)  # seconds to send the head
    request_body_timeout: float = Field(default=30.0, gt=0)  # seconds to send the body
    db_pool_size: int = Field(default=10, ge=1)
    # Connections opened beyond the pool under a burst; unset: DB_POOL_SIZE again.
    db_max_overflow: int | None = Field(default=None, ge=0)
    max_streams_per_user: int = Field(default=10, ge=1)  # open SSE + WebSocket, per process

    # Per-user budgets, COUNT/PERIOD (a burst of COUNT, refilled evenly over PERIOD) or "off".
    rate_limit_writes: str = "120/1m"
    rate_limit_chat: str = "20/1m"
    rate_limit_mcp: str = "120/1m"
    rate_limit_unauthenticated: str = "60/1m"  # failed sign-ins per client address
    max_tasks: int = Field(default=10_000, ge=1)  # open and completed, per user
    # Messages and tool calls kept per chat conversation (each turn reads them all back).
    max_conversation_items: int = Field(default=2000, ge=10)

    @field_validator(
        "rate_limit_writes", "rate_limit_chat", "rate_limit_mcp", "rate_limit_unauthenticated"
    )
    @classmethod
    def _valid_rate(cls, value: str) -> str:
        Rate.parse(value)  # a ValueError names the setting at start-up
        return value

    def rate_limits(self) -> RateLimits:
        """The parsed rate limits."""
        return RateLimits(
            writes=Rate.parse(self.rate_limit_writes),
            chat=Rate.parse(self.rate_limit_chat),
            mcp=Rate.parse(self.rate_limit_mcp),
            unauthenticated=Rate.parse(self.rate_limit_unauthenticated),
        )

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _metrics_port_is_not_the_app_port(self) -> Settings:
        if self.metrics_port is not None and self.metrics_port == self.port:
            raise ValueError(f"METRICS_PORT must differ from PORT ({self.port})")
        return self

    @field_validator("log_format", "embedded_eventing", mode="before")
    @classmethod
    def _lower_choice(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return value.strip().lower() or None  # EMBEDDED_EVENTING= (empty) means unset


def event_keys(settings: Settings) -> KeyRing:
    """The event signing keys: EVENT_SIGNING_KEY, else the data folder's (made on first use)."""
    configured = settings.event_signing_key
    return event_key_ring(settings.data_dir, configured.get_secret_value() if configured else None)
