"""Typed settings of the gateway (and of the embedded system that `todo serve` starts)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from eventing.signing import KeyRing, event_key_ring


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

    auth_jwks_url: str | None = None
    auth_issuer: str | None = None
    auth_audience: str | None = None

    event_transport: Literal["local", "dapr"] = Field(
        default="local",
        description="local: relay, router and functions run inside this process; "
        "dapr: the eventing service relays through Dapr (this process only writes the outbox).",
    )
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
    db_pool_size: int = Field(default=10, ge=1)
    max_streams_per_user: int = Field(default=10, ge=1)  # open SSE + WebSocket, per process

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_log_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


def event_keys(settings: Settings) -> KeyRing:
    """The event signing keys: EVENT_SIGNING_KEY, else the data folder's (made on first use)."""
    configured = settings.event_signing_key
    return event_key_ring(settings.data_dir, configured.get_secret_value() if configured else None)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
