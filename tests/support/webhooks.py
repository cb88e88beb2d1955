"""Helpers of the webhook tests: run a sender, read and await the queue, a silent receiver."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.eventing_models import WebhookDeliveryRow
from core.webhook_settings import WebhookSettings
from eventing.webhook_sender import WebhookSender
from tests.support.waits import eventually_async


def sender_settings(**values: Any) -> WebhookSettings:
    """Settings of a sender a test runs (the session gateway's is off: WEBHOOK_SENDER=false)."""
    return WebhookSettings(sender=True, **values)


@asynccontextmanager
async def running(sender: WebhookSender) -> AsyncIterator[WebhookSender]:
    """`sender` running in the background for the block."""
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    try:
        yield sender
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


async def deliveries(
    sessions: async_sessionmaker[AsyncSession], owner: str
) -> list[WebhookDeliveryRow]:
    """`owner`'s webhook deliveries, oldest first."""
    async with sessions() as session:
        query = (
            select(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.owner == owner)
            .order_by(WebhookDeliveryRow.id)
        )
        return list((await session.execute(query)).scalars())


async def wait_for_delivery(
    sessions: async_sessionmaker[AsyncSession], owner: str, timeout: float = 20
) -> WebhookDeliveryRow:
    """`owner`'s only delivery once it is delivered or given up."""

    async def settled() -> WebhookDeliveryRow | None:
        [row] = await deliveries(sessions, owner)
        return row if row.delivered_at is not None or row.given_up_at is not None else None

    return await eventually_async(settled, timeout, f"{owner}'s delivery delivered or given up")


class SilentReceiver:
    """A TCP server that accepts webhook connections, reads, and never answers."""

    def __init__(self) -> None:
        self.open_now = 0
        self.most_open = 0
        self.connections = 0
        self._server: asyncio.Server | None = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open_now += 1
        self.connections += 1
        self.most_open = max(self.most_open, self.open_now)
        try:
            while await reader.read(65536):
                pass  # swallow the request; the client gives up and closes
        finally:
            self.open_now -= 1
            writer.close()

    @asynccontextmanager
    async def serving(self) -> AsyncIterator[str]:
        """The receiver's URL while it listens on 127.0.0.1."""
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}/hook"
        finally:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
