"""The router: every event of a topic to each subscribed function, retried, or dead-lettered.

It never drops an event silently: a delivery ends applied, or in the dead letters with the
function and the last error. Order per user comes from its callers: the relay hands over one
user's events one after another (local transport), and Dapr delivers a partition in order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from prometheus_client import Counter

from eventing.cloudevents import InvalidEvent, parse_json
from eventing.dead_letters import DeadLetters
from eventing.delivery import FunctionTarget, Outcome, RetryPolicy, deliver
from eventing.subscriptions import SUBSCRIPTIONS, Subscription, subscriptions_for

log = logging.getLogger("eventing.router")

DELIVERIES = Counter(
    "todo_router_deliveries_total", "Events delivered to functions", ["function", "result"]
)


class DeadLetterUnavailable(Exception):
    """The dead-letter table could not be written: the caller must not acknowledge the event."""


@dataclass(frozen=True)
class Delivery:
    """How an event ended for one subscription."""

    subscription: Subscription
    result: str  # applied | ignored | dead_lettered
    outcome: Outcome | None = None
    dead_letter_id: int | None = None


class Router:
    """Delivers to the function targets of the declared subscriptions."""

    def __init__(
        self,
        targets: Mapping[str, FunctionTarget],
        dead_letters: DeadLetters,
        *,
        policy: RetryPolicy | None = None,
        subscriptions: tuple[Subscription, ...] = SUBSCRIPTIONS,
    ) -> None:
        missing = {sub.function for sub in subscriptions} - set(targets)
        if missing:
            raise ValueError(f"no target for functions: {', '.join(sorted(missing))}")
        self.targets = dict(targets)
        self.dead_letters = dead_letters
        self.policy = policy or RetryPolicy()
        self.subscriptions = subscriptions

    def subscription(self, binding: str) -> Subscription | None:
        """The subscription whose Dapr input binding is named `binding`."""
        return next((sub for sub in self.subscriptions if sub.binding == binding), None)

    async def deliver(self, sub: Subscription, body: bytes) -> Delivery:
        """Deliver one event to one subscription's function; dead-letter what cannot be."""
        try:
            event_type = str(parse_json(body)["type"])
        except InvalidEvent as exc:
            # Not even a CloudEvent: no function can take it, so no retries either.
            return await self._dead_letter(sub, body, Outcome(400, f"invalid event: {exc}"))
        if sub.types is not None and event_type not in sub.types:
            DELIVERIES.labels(sub.function, "ignored").inc()
            return Delivery(sub, "ignored")
        outcome = await deliver(self.targets[sub.function], body, self.policy)
        if outcome.ok:
            DELIVERIES.labels(sub.function, "applied").inc()
            return Delivery(sub, "applied", outcome)
        return await self._dead_letter(sub, body, outcome)

    async def dispatch(self, topic: str, body: bytes) -> list[Delivery]:
        """Deliver an event to every function subscribed to `topic`, side by side."""
        subs = [sub for sub in subscriptions_for(topic) if sub in self.subscriptions]
        return list(await asyncio.gather(*(self.deliver(sub, body) for sub in subs)))

    async def _dead_letter(self, sub: Subscription, body: bytes, outcome: Outcome) -> Delivery:
        error = outcome.error or f"HTTP {outcome.status}"
        try:
            letter = await self.dead_letters.add(
                function=sub.function,
                topic=sub.topic,
                body=body,
                status=outcome.status,
                error=error,
                attempts=outcome.attempts,
            )
        except Exception as exc:  # the database is down: let the event come again later
            raise DeadLetterUnavailable(str(exc)) from exc
        DELIVERIES.labels(sub.function, "dead_lettered").inc()
        log.error(
            "event dead-lettered",
            extra={"function": sub.function, "dead_letter": letter, "error": error},
        )
        return Delivery(sub, "dead_lettered", outcome, letter)

    async def replay(self, letter_id: int) -> Outcome:
        """Send a dead letter to its function again (one full delivery with retries)."""
        letter = await self.dead_letters.get(letter_id)
        if letter is None:
            raise KeyError(letter_id)
        target = self.targets[letter.function]
        outcome = await deliver(target, letter.event.encode(), self.policy)
        if outcome.ok:
            await self.dead_letters.mark_replayed(letter_id)
        return outcome

    async def retry_due(self, limit: int = 50) -> int:
        """Replay the dead letters whose automatic replay is due; returns how many got through."""
        delivered = 0
        for letter in await self.dead_letters.claim_due(limit):
            target = self.targets.get(letter.function)
            if target is None:  # another process serves that function: leave it to that one
                continue
            outcome = await deliver(target, letter.event.encode(), self.policy)
            await self.dead_letters.record_retry(letter, outcome)
            delivered += outcome.ok
            log.info(
                "dead letter replayed automatically",
                extra={"dead_letter": letter.id, "function": letter.function, "ok": outcome.ok},
            )
        return delivered

    async def run_retries(self, stop: asyncio.Event, interval: float = 30.0) -> None:
        """Every `interval` seconds until `stop`: replay the dead letters that are due."""
        while not stop.is_set():
            try:
                await self.retry_due()
            except Exception as exc:  # the database is down: try again next round
                log.warning("dead-letter retry round failed", extra={"error": str(exc)})
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval)
            except TimeoutError:
                pass
