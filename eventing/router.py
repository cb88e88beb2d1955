"""The router: every event of a topic to each subscribed function, retried, or dead-lettered.

It never drops an event silently: a delivery ends applied, parked, or in the dead letters with
the function and the last error. Order per user comes from its callers: the relay hands over
its claimed batch in id order (local transport, `dispatch_batch`), and Dapr delivers a partition
in order (`dispatch`, one event at a time).

`dispatch_batch` gives each function its share of the batch at once: an in-process function
applies it in one unit of work (issue #15: one transaction per batch instead of a session, a
parked look-up and a transaction per event); if that fails, the function's share goes one event
at a time through `deliver`, so each bad event gets its own outcome as before.

With a parking table (`eventing/parking.py`) a transiently failing delivery gets only a short
inline budget, then waits in its user's queue for that function while the router moves on, so
one user's failing events delay nobody else's (issue #13, finding 1). Without one (tests, the
manual `todo dlq replay`), the router spends the whole retry budget inline as it used to.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from prometheus_client import Counter

from core import tracing
from core.cloudevents import InvalidEvent, parse_json
from core.store.eventing_models import ParkedDeliveryRow
from eventing.dead_letters import DeadLetters
from eventing.delivery import FunctionTarget, Outcome, RetryPolicy, deliver
from eventing.parking import ParkedDeliveries, Parking
from eventing.subscriptions import SUBSCRIPTIONS, TASK_UPDATES, Subscription, subscriptions_for

log = logging.getLogger("eventing.router")

DELIVERIES = Counter(
    "todo_router_deliveries_total", "Events delivered to functions", ["function", "result"]
)


# Users whose events are delivered at once when the functions go one event at a time (the
# relay's concurrency before batches), over all the functions of a batch.
_USERS_AT_ONCE = 8


class DeadLetterUnavailable(Exception):
    """The dead-letter or parking table could not be written: do not acknowledge the event."""


@dataclass(frozen=True)
class Delivery:
    """How an event ended for one subscription."""

    subscription: Subscription
    result: str  # applied | ignored | parked | dead_lettered
    outcome: Outcome | None = None
    dead_letter_id: int | None = None
    parked_id: int | None = None


@runtime_checkable
class BatchTarget(Protocol):
    """A target that can apply many events in one go (eventing.targets.InProcessFunction)."""

    async def post_batch(self, bodies: Sequence[bytes]) -> bool: ...


@dataclass(frozen=True)
class _Item:
    """One event of a batch: where it is in the batch, and what the router reads of it."""

    index: int
    topic: str
    body: bytes
    event: Any  # the parsed CloudEvent; None if the body is not one
    key: str


class Router:
    """Delivers to the function targets of the declared subscriptions."""

    def __init__(
        self,
        targets: Mapping[str, FunctionTarget],
        dead_letters: DeadLetters,
        *,
        policy: RetryPolicy | None = None,
        subscriptions: tuple[Subscription, ...] = SUBSCRIPTIONS,
        parked: ParkedDeliveries | None = None,
        parking: Parking | None = None,
    ) -> None:
        missing = {sub.function for sub in subscriptions} - set(targets)
        if missing:
            raise ValueError(f"no target for functions: {', '.join(sorted(missing))}")
        self.targets = dict(targets)
        self.dead_letters = dead_letters
        self.policy = policy or RetryPolicy()
        self.subscriptions = subscriptions
        self.parked = parked
        self.parking = parking or Parking()

    def subscription(self, binding: str) -> Subscription | None:
        """The subscription whose Dapr input binding is named `binding`."""
        return next((sub for sub in self.subscriptions if sub.binding == binding), None)

    async def deliver(
        self, sub: Subscription, body: bytes, *, waiting: frozenset[str] | None = None
    ) -> Delivery:
        """Deliver one event to one subscription's function: applied, parked or dead-lettered.

        `waiting`: the functions with parked deliveries of the event's user, when the caller
        already looked them up (None: look them up here).
        """
        try:
            event = parse_json(body)
        except InvalidEvent as exc:
            # Not even a CloudEvent: no function can take it, so no retries either.
            return await self._dead_letter(sub, body, Outcome(400, f"invalid event: {exc}"))
        if sub.types is not None and str(event["type"]) not in sub.types:
            DELIVERIES.labels(sub.function, "ignored").inc()
            return Delivery(sub, "ignored")
        # The event's trace goes on here; HttpFunction sends this span as `traceparent`.
        attributes = {"todo.function": sub.function, **tracing.event_attributes(event)}
        with tracing.span(
            f"deliver {sub.function}", kind="consumer", parents=[event], attributes=attributes
        ):
            return await self._deliver_event(sub, body, event, waiting)

    async def _deliver_event(
        self, sub: Subscription, body: bytes, event: Any, waiting: frozenset[str] | None
    ) -> Delivery:
        target = self.targets[sub.function]
        if self.parked is None:
            outcome = await deliver(target, body, self.policy)
        else:
            key = str(event.get("partitionkey") or "")
            if waiting is None:
                waiting = await self._waiting(key)
            if sub.function in waiting:  # the user's earlier event is parked: queue behind it
                return await self._park(sub, body, key, None)
            outcome = await deliver(target, body, self.policy.inline(self.parking.inline_attempts))
            spent = outcome.attempts >= self.policy.max_attempts  # inline took the whole budget
            if not (outcome.ok or outcome.permanent or spent):
                return await self._park(sub, body, key, outcome)
        if outcome.ok:
            DELIVERIES.labels(sub.function, "applied").inc()
            return Delivery(sub, "applied", outcome)
        return await self._dead_letter(sub, body, outcome)

    async def dispatch(self, topic: str, body: bytes) -> list[Delivery]:
        """Deliver an event to every function subscribed to `topic`, side by side."""
        subs = [sub for sub in subscriptions_for(topic) if sub in self.subscriptions]
        waiting: frozenset[str] | None = None
        if self.parked is not None:  # one look-up for all the subscribers that take it
            try:
                event = parse_json(body)
            except InvalidEvent:
                waiting = frozenset()
            else:
                kind = str(event["type"])
                takers = [s for s in subs if s.types is None or kind in s.types]
                key = str(event.get("partitionkey") or "")
                waiting = await self._waiting(key) if takers else frozenset()
        return list(await asyncio.gather(*(self.deliver(s, body, waiting=waiting) for s in subs)))

    async def dispatch_batch(
        self,
        items: Sequence[tuple[str, bytes]],
        *,
        waiting: Mapping[str, frozenset[str]] | None = None,
    ) -> list[str | None]:
        """Deliver a batch of `(topic, body)` (the relay's claim, in id order) to every subscriber.

        For each item: None once every subscriber's delivery ended (applied, ignored, parked or
        dead-lettered), else why it could not end (the parking or dead-letter table is out of
        reach): the relay sends it again later, with its user's later items.

        Each function gets the events it takes in order, as one batch, the functions side by
        side. A function in this process applies its batch in one unit of work; if that fails
        (or for HTTP targets) its events go one at a time through `deliver`, each user's in
        order, with today's outcomes. Users with a parked delivery for a function (one look-up
        for the whole batch, or `waiting` when the caller's claim already found them: user ->
        functions) get their events parked behind it, as `dispatch` does.
        """
        parsed: list[_Item] = []
        for index, (topic, body) in enumerate(items):
            try:
                event: Any = parse_json(body)
            except InvalidEvent:
                event = None
            key = str(event.get("partitionkey") or "") if event is not None else ""
            parsed.append(_Item(index, topic, body, event, key))
        events = [item.event for item in parsed if item.event is not None]
        with tracing.span(
            "route", kind="consumer", parents=events, attributes=tracing.batch_attributes(events)
        ):
            return await self._dispatch_parsed(parsed, waiting)

    async def _dispatch_parsed(
        self, parsed: list[_Item], waiting: Mapping[str, frozenset[str]] | None
    ) -> list[str | None]:
        errors: list[str | None] = [None] * len(parsed)
        plans: list[tuple[Subscription, list[_Item]]] = []
        for sub in self.subscriptions:
            taken = []
            for item in parsed:
                if item.topic != sub.topic:
                    continue
                if item.event is not None and sub.types is not None:
                    if str(item.event["type"]) not in sub.types:
                        DELIVERIES.labels(sub.function, "ignored").inc()
                        continue
                taken.append(item)
            if taken:
                plans.append((sub, taken))
        # Live updates first: an open screen waits on push, while audit's log and recur's next
        # occurrence are not watched as they happen. `gather` runs each plan until its first
        # wait in this order, so push's parsing and first statement no longer queue behind
        # audit's (about a millisecond on an idle machine, more under load).
        plans.sort(key=lambda plan: plan[0].topic != TASK_UPDATES)
        if self.parked is None:
            waiting = {}
        elif waiting is None and plans:
            keys = sorted({item.key for _, taken in plans for item in taken})
            try:
                waiting = await self.parked.waiting_many(keys)
            except Exception as exc:  # the database is down: let the batch come again later
                return [f"DeadLetterUnavailable: {exc}"[:2000]] * len(parsed)
        known: Mapping[str, frozenset[str]] = waiting or {}
        gate = asyncio.Semaphore(_USERS_AT_ONCE)  # shared: each may hold a database connection
        results = await asyncio.gather(
            *(self._deliver_batch(sub, taken, known, gate) for sub, taken in plans)
        )
        for failed in results:
            for index, error in failed.items():
                errors[index] = errors[index] or error
        return errors

    async def _deliver_batch(
        self,
        sub: Subscription,
        items: list[_Item],
        waiting: Mapping[str, frozenset[str]],
        gate: asyncio.Semaphore,
    ) -> dict[int, str]:
        """One function's share of a batch; the items whose delivery could not end."""
        parked = {item.key for item in items if sub.function in waiting.get(item.key, ())}
        target = self.targets[sub.function]
        rest = [item for item in items if item.key not in parked and item.event is not None]
        if rest and isinstance(target, BatchTarget):
            if await target.post_batch([item.body for item in rest]):
                DELIVERIES.labels(sub.function, "applied").inc(len(rest))
                applied = {item.index for item in rest}
                items = [item for item in items if item.index not in applied]
        return await self._one_at_a_time(sub, items, parked, gate)

    async def _one_at_a_time(
        self, sub: Subscription, items: list[_Item], parked: set[str], gate: asyncio.Semaphore
    ) -> dict[int, str]:
        """`deliver` each item, each user's in order (users side by side, as the relay does).

        A user in `parked`, or whose event gets parked here, has their later events parked
        behind it; after an event that could not end, the user's later ones are not tried.
        """
        by_key: dict[str, list[_Item]] = {}
        for item in items:
            by_key.setdefault(item.key, []).append(item)
        failed: dict[int, str] = {}

        async def one_user(key: str, user_items: list[_Item]) -> None:
            async with gate:
                for n, item in enumerate(user_items):
                    try:
                        if key in parked and self.parked is not None:
                            await self._park(sub, item.body, key, None)
                            continue
                        delivery = await self.deliver(sub, item.body, waiting=frozenset())
                    except DeadLetterUnavailable as exc:
                        failed[item.index] = f"DeadLetterUnavailable: {exc}"[:2000]
                        for later in user_items[n + 1 :]:
                            failed[later.index] = "behind an earlier event of its user"
                        return
                    if delivery.result == "parked":
                        parked.add(key)

        await asyncio.gather(*(one_user(key, group) for key, group in by_key.items()))
        return failed

    async def _waiting(self, key: str) -> frozenset[str]:
        assert self.parked is not None
        try:
            return await self.parked.waiting(key)
        except Exception as exc:  # the database is down: let the event come again later
            raise DeadLetterUnavailable(str(exc)) from exc

    async def _park(
        self, sub: Subscription, body: bytes, key: str, outcome: Outcome | None
    ) -> Delivery:
        assert self.parked is not None
        attempts = outcome.attempts if outcome else 0
        try:
            parked_id = await self.parked.park(
                function=sub.function,
                topic=sub.topic,
                key=key,
                body=body,
                attempts=attempts,
                status=outcome.status if outcome else None,
                error=(outcome.error or f"HTTP {outcome.status}") if outcome else None,
                delay=self.policy.backoff(attempts) if attempts else 0.0,
            )
        except Exception as exc:  # the database is down: let the event come again later
            raise DeadLetterUnavailable(str(exc)) from exc
        DELIVERIES.labels(sub.function, "parked").inc()
        log.warning(
            "delivery parked for its user",
            extra={
                "function": sub.function,
                "parked": parked_id,
                "behind_earlier": outcome is None,
                "error": outcome.error if outcome else None,
            },
        )
        return Delivery(sub, "parked", outcome, parked_id=parked_id)

    async def reject(self, sub: Subscription, body: bytes, status: int, error: str) -> int | None:
        """Keep an event no function may see as a dead letter of `sub`; its id."""
        return (await self._dead_letter(sub, body, Outcome(status, error))).dead_letter_id

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

    async def retry_parked(self) -> int:
        """Try the due head of each user's parked queue once; returns how many got through.

        A head that fails again waits longer (the policy's capped exponential backoff); once it
        has had `policy.max_attempts` tries in all, it becomes a dead letter (replayed later on
        its own, as before) and the user's next parked event becomes the head.
        """
        if self.parked is None:
            return 0
        heads = await self.parked.claim_heads(
            sorted(self.targets), lease=self.parking.lease, limit=self.parking.batch
        )
        gate = asyncio.Semaphore(self.parking.concurrency)
        results = await asyncio.gather(*(self._retry_head(row, gate) for row in heads))
        return sum(results)

    async def _retry_head(self, row: ParkedDeliveryRow, gate: asyncio.Semaphore) -> bool:
        async with gate:
            return await self._retry_one(row)

    async def _retry_one(self, row: ParkedDeliveryRow) -> bool:
        assert self.parked is not None
        body = row.event.encode()
        outcome = await self.targets[row.function].post(body)
        attempts = row.attempts + 1
        if outcome.ok:
            await self.parked.remove(row.id)
            DELIVERIES.labels(row.function, "applied").inc()
            log.info("parked delivery applied", extra={"parked": row.id, "function": row.function})
            return True
        if outcome.permanent or attempts >= self.policy.max_attempts:
            final = Outcome(outcome.status, outcome.error, attempts)
            await self._dead_letter(Subscription(row.topic, row.function), body, final)
            await self.parked.remove(row.id)
            return False
        await self.parked.reschedule(
            row.id,
            attempts=attempts,
            status=outcome.status,
            error=outcome.error or f"HTTP {outcome.status}",
            delay=self.policy.backoff(attempts),
        )
        return False

    async def run_parked(self, stop: asyncio.Event) -> None:
        """Until `stop`: retry parked deliveries as they fall due."""
        if self.parked is None:
            return
        functions = sorted(self.targets)
        ceiling = self.parking.poll_interval
        while not stop.is_set():
            try:
                if await self.retry_parked():
                    continue  # a queue moved on: its next event is due now
                timeout = await self.parked.seconds_to_next_due(functions, ceiling)
            except Exception as exc:  # the database is down: try again next round
                log.warning("parked retry round failed", extra={"error": str(exc)})
                timeout = ceiling
            if timeout > 0:
                try:
                    await asyncio.wait_for(stop.wait(), timeout=timeout)
                except TimeoutError:
                    pass

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
