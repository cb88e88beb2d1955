"""The embedded event backbone: relay + router + functions in one process (the gateway's own,
or `todo serve`'s eventing child, eventing/child.py), the functions called in-process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.webhook_settings import WebhookSettings, get_webhook_settings
from eventing.dead_letters import AutoReplay, DeadLetters
from eventing.delivery import RetryPolicy
from eventing.parking import ParkedDeliveries, Parking
from eventing.publishers import LocalPublisher
from eventing.relay import Relay, RelayConfig
from eventing.router import Router
from eventing.settings import ParkingSettings
from eventing.subscriptions import SUBSCRIPTIONS
from eventing.targets import available_functions, in_process
from eventing.webhook_sender import WebhookSender

log = logging.getLogger("eventing.embedded")


@dataclass
class EmbeddedEventing:
    """Runs the relay in a background task; the router calls the functions in-process."""

    database_url: str
    sessions: async_sessionmaker[AsyncSession]
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    relay_config: RelayConfig = field(default_factory=RelayConfig)
    auto_replay: AutoReplay = field(default_factory=AutoReplay)
    # Read here from ROUTER_INLINE_ATTEMPTS / PARKED_POLL_INTERVAL: the gateway passes none.
    parking: Parking = field(default_factory=lambda: ParkingSettings().parking())
    webhooks: WebhookSettings = field(default_factory=get_webhook_settings)

    def __post_init__(self) -> None:
        names = available_functions()
        subscriptions = tuple(sub for sub in SUBSCRIPTIONS if sub.function in names)
        self.router = Router(
            {name: in_process(name, self.sessions) for name in names},
            DeadLetters(self.sessions, self.auto_replay),
            policy=self.policy,
            subscriptions=subscriptions,
            parked=ParkedDeliveries(self.sessions),
            parking=self.parking,
        )
        self.relay = Relay(
            self.database_url, self.sessions, LocalPublisher(self.router), self.relay_config
        )
        self.webhook_sender = WebhookSender(self.database_url, self.sessions, self.webhooks)
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Start relaying; returns at once."""
        self._stop.clear()
        self._tasks = [
            asyncio.create_task(self.relay.run(self._stop), name="outbox-relay"),
            asyncio.create_task(self.router.run_retries(self._stop), name="dead-letter-retry"),
            asyncio.create_task(self.router.run_parked(self._stop), name="parked-retry"),
            asyncio.create_task(self.webhook_sender.run(self._stop), name="webhook-sender"),
        ]
        log.info("embedded eventing started", extra={"functions": sorted(self.router.targets)})

    async def stop(self) -> None:
        """Finish the current batch and stop."""
        self._stop.set()
        for task in self._tasks:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(task, timeout=30)
        self._tasks = []
