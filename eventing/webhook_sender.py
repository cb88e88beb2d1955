"""The webhook queue's sender: claims due deliveries and POSTs them, apart from notify.

notify only records a `webhook_deliveries` row in its transaction (and NOTIFYs
`todo_webhooks`), so a receiver that never answers delays nobody's reminders. Here each try has
a deadline (WEBHOOK_TRY_TIMEOUT), a failed try waits a capped exponential backoff with jitter,
and after WEBHOOK_MAX_TRIES the delivery is given up (recorded). At most
WEBHOOK_PER_USER_IN_FLIGHT of one user's deliveries are in flight over all sender processes (a
claim takes a transaction-level advisory lock and counts the leases), so one user's hanging
receiver holds that many of the WEBHOOK_CONCURRENCY slots, never all of them.

The loop is ours rather than a task queue library's: the queue is a table written in the
notify transaction (so a delivery exists exactly when its notification does), and the claim
with SKIP LOCKED, leases and a per-user count is one query away in PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from sqlalchemy import func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channels import WEBHOOK_CHANNEL
from core.store.db import asyncpg_dsn
from core.store.eventing_models import UserSettingsRow, WebhookDeliveryRow
from core.webhook_settings import WebhookSettings
from core.webhook_url import public_form
from eventing.webhook import Attempt, post_once

log = logging.getLogger("eventing.webhook_sender")
_CLAIM_LOCK = 0x7765_6268  # "webh": serializes claims so the per-user count holds exactly
_LEASE_MARGIN = timedelta(seconds=10)  # a lease outlives the longest try by this much

_NEXT_DUE = text(
    """
    SELECT extract(epoch FROM min(t) - now()) FROM (
        SELECT next_attempt_at AS t FROM webhook_deliveries
        WHERE delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at > now()
        UNION ALL
        SELECT lease_until FROM webhook_deliveries
        WHERE delivered_at IS NULL AND given_up_at IS NULL AND lease_until > now()
    ) AS later
    """
)
_PENDING = (WebhookDeliveryRow.delivered_at.is_(None), WebhookDeliveryRow.given_up_at.is_(None))


@dataclass(frozen=True)
class Claimed:
    """A delivery this sender holds for one try."""

    id: int
    owner: str
    url: str
    payload: dict[str, Any]
    secret: str | None = field(repr=False)  # never in a log line or traceback
    attempts: int = 1  # including this try


def backoff(attempts: int, initial: float, cap: float) -> float:
    """Seconds before try `attempts + 1`: exponential, capped, half of it random (jitter)."""
    delay = min(cap, initial * 2 ** max(0, attempts - 1))
    return float(delay / 2 + random.uniform(0, delay / 2))  # jitter, not a secret


class WebhookSender:
    """Runs the queue until stopped; `run` is one background task of its process."""

    def __init__(
        self,
        database_url: str,
        sessions: async_sessionmaker[AsyncSession],
        settings: WebhookSettings,
    ) -> None:
        self._dsn = asyncpg_dsn(database_url)  # the same plain DSN the relay listens with
        self._sessions = sessions
        self.settings = settings
        self._policy = settings.policy()
        self._wake = asyncio.Event()
        self._sending: set[asyncio.Task[None]] = set()
        self._listener: asyncpg.Connection | None = None

    # -- claiming ------------------------------------------------------------------------------

    async def claim(self, slots: int) -> list[Claimed]:
        """Lease up to `slots` due deliveries, at most the per-user cap of any one user's."""
        if slots <= 0:
            return []
        cap = self.settings.per_user_in_flight
        lease = timedelta(seconds=self.settings.try_timeout) + _LEASE_MARGIN
        async with self._sessions() as session, session.begin():
            await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CLAIM_LOCK})
            now: datetime = (await session.execute(select(func.now()))).scalar_one()
            counts = await session.execute(
                select(WebhookDeliveryRow.owner, func.count())
                .where(*_PENDING, WebhookDeliveryRow.lease_until > now)
                .group_by(WebhookDeliveryRow.owner)
            )
            busy: dict[str, int] = {owner: count for owner, count in counts.all()}
            full = [owner for owner, count in busy.items() if count >= cap]
            rows = (
                await session.execute(
                    select(WebhookDeliveryRow.id, WebhookDeliveryRow.owner)
                    .where(
                        *_PENDING,
                        WebhookDeliveryRow.next_attempt_at <= now,
                        or_(
                            WebhookDeliveryRow.lease_until.is_(None),
                            WebhookDeliveryRow.lease_until <= now,
                        ),
                        WebhookDeliveryRow.owner.not_in(full),
                    )
                    .order_by(WebhookDeliveryRow.next_attempt_at, WebhookDeliveryRow.id)
                    .limit(slots * 4)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            chosen: list[int] = []
            for row_id, owner in rows:
                if len(chosen) < slots and busy.get(owner, 0) < cap:
                    busy[owner] = busy.get(owner, 0) + 1
                    chosen.append(row_id)
            if not chosen:
                return []
            leased = await session.execute(
                update(WebhookDeliveryRow)
                .where(WebhookDeliveryRow.id.in_(chosen))
                .values(lease_until=now + lease, attempts=WebhookDeliveryRow.attempts + 1)
                .returning(WebhookDeliveryRow)
            )
            claimed = list(leased.scalars())
            found = await session.execute(
                select(UserSettingsRow.owner, UserSettingsRow.webhook_secret).where(
                    UserSettingsRow.owner.in_({row.owner for row in claimed})
                )
            )
            secrets = {owner: secret for owner, secret in found.all()}
        return [
            Claimed(row.id, row.owner, row.url, row.payload, secrets.get(row.owner), row.attempts)
            for row in claimed
        ]

    async def _seconds_to_next_due(self) -> float:
        """Until a retry falls due or a lease lapses; what is due now but was not claimed
        waits for a slot, and a finishing try wakes the loop (so no busy polling)."""
        async with self._sessions() as session:
            due = await session.scalar(_NEXT_DUE)
        poll = self.settings.poll_interval
        return poll if due is None else max(0.05, min(poll, float(due)))

    # -- sending -------------------------------------------------------------------------------

    async def send(self, delivery: Claimed) -> Attempt:
        """One try of `delivery`, recorded: delivered, rescheduled with backoff, or given up."""
        try:
            attempt = await post_once(
                delivery.url,
                delivery.payload,
                delivery.secret,
                self._policy,
                deadline=self.settings.try_timeout,
            )
        except Exception as exc:  # a bug of ours: a counted try, so it ends in a give-up
            # No traceback: its messages could quote the URL's query or credentials.
            log.error(
                "webhook try crashed",
                extra={"url": public_form(delivery.url), "error": type(exc).__name__},
            )
            attempt = Attempt(False, True, None, f"internal error: {type(exc).__name__}")
        now = datetime.now(UTC)
        values: dict[str, Any] = {
            "status": attempt.status,
            "last_error": attempt.error,
            "lease_until": None,
        }
        gave_up = not attempt.delivered and (
            not attempt.retry or delivery.attempts >= self.settings.max_tries
        )
        if attempt.delivered:
            values["delivered_at"] = now
        elif gave_up:
            values["given_up_at"] = now
        else:
            wait = backoff(
                delivery.attempts, self.settings.initial_backoff, self.settings.max_backoff
            )
            values["next_attempt_at"] = now + timedelta(seconds=wait)
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(WebhookDeliveryRow)
                .where(WebhookDeliveryRow.id == delivery.id)
                .values(**values)
            )
        if not attempt.delivered:
            # The URL's scheme, host and path only: no user:password@, no query-string token.
            log.warning(
                "webhook given up" if gave_up else "webhook try failed; will retry",
                extra={
                    "url": public_form(delivery.url),
                    "owner": delivery.owner,
                    "attempts": delivery.attempts,
                    "error": attempt.error,
                },
            )
        return attempt

    async def _send_logged(self, delivery: Claimed) -> None:
        try:
            await self.send(delivery)
        except Exception as exc:  # the database went away: the lease lapses, a retry follows
            log.warning("webhook outcome not recorded", extra={"error": type(exc).__name__})
        finally:
            self._wake.set()  # a slot (and a per-user slot) is free

    # -- the loop ------------------------------------------------------------------------------

    async def _listen(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            return
        try:
            conn = await asyncpg.connect(self._dsn)
            await conn.add_listener(WEBHOOK_CHANNEL, lambda *_: self._wake.set())
            self._listener = conn
        except Exception as exc:  # polling still works without it
            log.warning(
                "webhook sender cannot LISTEN; polling", extra={"error": type(exc).__name__}
            )

    async def run(self, stop: asyncio.Event) -> None:
        """Claim and send until `stop`; then let the tries in flight finish (or cut them)."""
        if not self.settings.sender:
            log.info("webhook sender off here (WEBHOOK_SENDER=false)")
            return
        while not stop.is_set():
            self._wake.clear()
            try:
                await self._listen()
                slots = self.settings.concurrency - len(self._sending)
                for delivery in await self.claim(slots):
                    task = asyncio.create_task(self._send_logged(delivery))
                    self._sending.add(task)
                    task.add_done_callback(self._sending.discard)
                timeout = await self._seconds_to_next_due()
            except Exception as exc:  # the database is down: try again shortly
                log.warning("webhook claim failed", extra={"error": type(exc).__name__})
                timeout = 1.0
            waits = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
            try:
                await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiting in waits:
                    waiting.cancel()
        if self._sending:
            _, late = await asyncio.wait(self._sending, timeout=self.settings.try_timeout + 1)
            for task in late:
                task.cancel()
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
            self._listener = None
