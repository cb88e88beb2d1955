"""Settings of the webhook sender and of the webhook URL checks (WEBHOOK_* variables)."""

from __future__ import annotations

from functools import lru_cache
from ipaddress import ip_network
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.webhook_url import Network, WebhookPolicy


class WebhookSettings(BaseSettings):
    """Every option is an environment variable `WEBHOOK_<NAME>` (documented in the README)."""

    model_config = SettingsConfigDict(env_prefix="WEBHOOK_", extra="ignore", case_sensitive=False)

    sender: bool = True  # false: this process queues webhooks and another one sends them
    allow_private: bool = False  # loopback, private, link-local targets (a receiver at home)
    allowed_networks: Annotated[tuple[Network, ...], NoDecode] = ()  # CIDRs always allowed
    try_timeout: float = Field(default=5.0, gt=0, le=60)  # resolve + connect + send + answer
    max_tries: int = Field(default=8, ge=1, le=50)
    initial_backoff: float = Field(default=2.0, gt=0)
    max_backoff: float = Field(default=600.0, gt=0)
    concurrency: int = Field(default=16, ge=1, le=1000)  # sends in flight in one process
    per_user_in_flight: int = Field(default=2, ge=1, le=100)  # over all sender processes
    poll_interval: float = Field(default=5.0, gt=0)  # longest sleep (NOTIFY wakes it at once)

    @field_validator("allowed_networks", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list | tuple):
            return tuple(ip_network(str(net), strict=False) for net in value)
        return value

    def policy(self) -> WebhookPolicy:
        """The address rules these settings ask for."""
        return WebhookPolicy(self.allow_private, self.allowed_networks)


@lru_cache
def get_webhook_settings() -> WebhookSettings:
    """The process-wide webhook settings, read once."""
    return WebhookSettings()
