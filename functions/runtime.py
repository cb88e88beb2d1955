"""What every function shares: its database, and the idempotent consume step.

A function's entry point (`functions/<name>/main.py`, made by functions/entry.py) calls
`consume(...)` with its plain handler. The status code is the retry contract: an event our
relay did not sign answers 401 and is not looked at further (core/signing.py); a malformed or
schema-invalid event, one whose task content the API would refuse, or one whose own content
makes the handler fail (see `is_permanent`), answers 400 (never retried; the router
dead-letters it); a redelivery or an event type the function does not handle answers 200 and
changes nothing; an infrastructure failure (the database is down) answers 500 so the event
comes again.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import asyncpg
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.exceptions import HTTPException

from core import tracing
from core.cloudevents import InvalidEvent, domain_event
from core.event_rules import EventBreaksRules, check_event
from core.events import Event
from core.logs import LogFormat, configure_logging
from core.signing import BadSignature, current_ring
from core.store.binding import bind_sessions, bound_sessions, unbind_sessions
from core.store.db import make_engine, make_sessionmaker
from core.store.processed import first_deliveries, first_delivery
from core.store.uow import UnitOfWork

log = logging.getLogger("functions")


class PermanentEventError(Exception):
    """This event can never be applied: answer 400 so it is dead-lettered, not retried."""


# What may pass by itself: the database, the network or a peer is away, busy or restarting.
_INFRASTRUCTURE: tuple[type[BaseException], ...] = (
    OSError,  # includes ConnectionError and TimeoutError (asyncio's too)
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,  # no pooled connection free in time
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,  # admin shutdown, cannot connect now
    asyncpg.exceptions.InsufficientResourcesError,  # too many connections, disk full
    asyncpg.exceptions.TransactionRollbackError,  # serialization failure, deadlock
)


def _infrastructure() -> tuple[type[BaseException], ...]:
    """_INFRASTRUCTURE, and httpx's transport errors once httpx is loaded.

    Only what imports httpx can raise its errors; no function imports it today (webhooks are
    sent by eventing's sender), which spares each of their starts about 50 ms.
    """
    httpx = sys.modules.get("httpx")
    return _INFRASTRUCTURE if httpx is None else (*_INFRASTRUCTURE, httpx.TransportError)


# What the event's own content (or date arithmetic on it) raises: trying again gives the same.
# pydantic's ValidationError and dateutil's ParserError are ValueErrors.
_EVENT_FAULTS: tuple[type[BaseException], ...] = (
    PermanentEventError,
    ValueError,
    ArithmeticError,  # OverflowError of a date past year 9999
    TypeError,
    LookupError,  # KeyError, IndexError
    sa_exc.DataError,  # a value the database cannot hold
    asyncpg.exceptions.DataError,
)


def _chain(exc: BaseException, *, implicit: bool) -> list[BaseException]:
    """`exc` and what it was raised from (SQLAlchemy's `orig` too; `implicit`: and during)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and not any(current is seen for seen in chain):
        chain.append(current)
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
        if current is None and implicit:
            current = chain[-1].__context__
    return chain


def is_permanent(exc: BaseException) -> bool:
    """Whether `exc` is the event's own fault, so that retrying can never help.

    Retrying a bad event costs its user's later events (they wait behind it) and, before
    parking, everyone's: `FREQ=HOURLY;BYHOUR=25` crashed recur with a TypeError inside
    dateutil and was retried for 30 s (issue #13). So an error raised by the content or its
    date arithmetic is permanent: one try, 400, dead letter. Only infrastructure errors,
    anywhere in the chain (SQLAlchemy wraps asyncpg's; an outage met while handling another
    error counts too), are transient; so is anything unforeseen, so that a bug, once fixed, is
    healed by the dead letter's automatic replay.
    """
    if any(isinstance(link, _infrastructure()) for link in _chain(exc, implicit=True)):
        return False
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return False
    return any(isinstance(link, _EVENT_FAULTS) for link in _chain(exc, implicit=False))


class FunctionSettings(BaseSettings):
    """Settings of a function process (documented in the README)."""

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str | None = None
    log_level: str = "INFO"
    log_format: LogFormat = "auto"
    db_pool_size: int = Field(default=5, ge=1)
    # Connections opened beyond the pool under a burst; unset: DB_POOL_SIZE again.
    db_max_overflow: int | None = Field(default=None, ge=0)


@dataclass(frozen=True)
class Envelope:
    """A received event: its CloudEvent attributes and its validated data."""

    id: str
    source: str
    type: str
    time: datetime | None
    subject: str | None
    data: Event


Handler = Callable[[Envelope, UnitOfWork], Awaitable[None]]
# Optional, for `consume_batch`: the first deliveries of a batch, in order, in one unit of
# work, with set-based statements where the handler can (the same effects as `Handler` on
# each in turn).
BatchHandler = Callable[[Sequence[Envelope], UnitOfWork], Awaitable[None]]


def with_sessions(app: Any, sessions: async_sessionmaker[AsyncSession]) -> Any:
    """Wrap a function's ASGI app so that its handlers use `sessions` (core.store.binding)."""

    async def bound(scope: Any, receive: Any, send: Any) -> None:
        token = bind_sessions(sessions)
        try:
            await app(scope, receive, send)
        finally:
            unbind_sessions(token)

    return bound


def start_process(name: str) -> None:
    """Set up a function running in a process of its own (functions-framework, as on Knative):
    its log lines (LOG_LEVEL, LOG_FORMAT: JSON where stderr is no terminal, as the gateway's)
    and its spans, sent as service NAME when OTEL_EXPORTER_OTLP_ENDPOINT is set. In `todo
    serve` the functions run inside the eventing process, which has done both."""
    settings = get_settings()
    # Only where nobody set up logging yet (functions-framework does not): a process that
    # already did (a test runner importing the entry module) keeps its own handlers.
    if not logging.getLogger().handlers:
        configure_logging(settings.log_level, settings.log_format)
    tracing.configure(name)


@cache
def get_settings() -> FunctionSettings:
    """The function's settings, read once."""
    return FunctionSettings()


@cache
def _own_sessions() -> async_sessionmaker[AsyncSession]:
    settings = get_settings()
    if not settings.database_url:
        raise RuntimeError("DATABASE_URL is not set")
    engine = make_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
    )
    return make_sessionmaker(engine)


def get_sessions() -> async_sessionmaker[AsyncSession]:
    """The bound session factory, or one over DATABASE_URL made on first use."""
    return bound_sessions() or _own_sessions()


def _envelope(cloudevent: Any) -> Envelope:
    try:
        data = domain_event(cloudevent)
        check_event(data)
    except (InvalidEvent, EventBreaksRules) as exc:
        raise PermanentEventError(str(exc)) from None
    time = cloudevent.get("time")
    return Envelope(
        id=str(cloudevent["id"]),
        source=str(cloudevent["source"]),
        type=str(cloudevent["type"]),
        time=datetime.fromisoformat(time) if isinstance(time, str) else None,
        subject=cloudevent.get("subject"),
        data=data,
    )


def require_signing_key(name: str) -> None:
    """MissingSigningKey, naming EVENT_SIGNING_KEY, unless this process can verify events."""
    current_ring(f"function {name}")


def _check_signature(name: str, cloudevent: Any) -> None:
    """401 unless our relay signed the event (core/signing.py); nothing is read or written."""
    try:
        current_ring(f"function {name}").verify(cloudevent)
    except BadSignature as exc:
        log.warning("refusing unsigned event", extra={"function": name, "error": str(exc)})
        raise HTTPException(401, detail=str(exc)) from None


async def consume(name: str, cloudevent: Any, handler: Handler, accepts: frozenset[str]) -> None:
    """Apply `cloudevent` with `handler` exactly once for consumer `name`."""
    event_type = str(cloudevent["type"])
    if event_type not in accepts:  # acknowledged unread, signed or not: nothing changes
        log.info("ignoring event type", extra={"function": name, "type": event_type})
        return
    # A child of the event's origin (its `traceparent`), current while the handler runs, so the
    # events the handler records (recur's next occurrence, notify's updates) carry this span.
    with tracing.span(
        f"{name} consume",
        kind="consumer",
        parents=[cloudevent],
        attributes=tracing.event_attributes(cloudevent),
    ):
        await _consume_one(name, cloudevent, handler)


async def _consume_one(name: str, cloudevent: Any, handler: Handler) -> None:
    _check_signature(name, cloudevent)
    try:
        envelope = _envelope(cloudevent)
        async with UnitOfWork(
            get_sessions(), actor=f"function:{name}", source=f"/todo/functions/{name}"
        ) as uow:
            if not await first_delivery(uow.session, name, envelope.source, envelope.id):
                log.info("duplicate event", extra={"function": name, "event_id": envelope.id})
                return
            await handler(envelope, uow)
            await uow.commit()
    except HTTPException:
        raise
    except Exception as exc:
        if not is_permanent(exc):
            raise  # answered 500: the router tries again, then parks it for its user
        detail = str(exc)
        if not isinstance(exc, PermanentEventError):
            detail = f"{type(exc).__name__}: {detail}"
        log.warning("rejecting event", extra={"function": name, "error": detail})
        raise HTTPException(400, detail=detail[:2000]) from None


async def consume_batch(
    name: str,
    cloudevents: Sequence[Any],
    handler: Handler,
    accepts: frozenset[str],
    batch_handler: BatchHandler | None = None,
) -> None:
    """Apply `cloudevents` (in order) with `handler` in ONE unit of work, each exactly once.

    One transaction, one `processed_events` statement for the whole batch, one commit: a batch
    of n events costs a few round trips plus the handlers' own, where `consume` takes a session,
    a BEGIN, a claim and a COMMIT for each. All or nothing: any failure (a bad signature, a bad
    event, an outage, a bug) raises and leaves nothing written; the caller then delivers the
    events one at a time through `consume`, which gives each its own outcome (401, 400, 500)
    and lets the router park or dead-letter just that one.
    """
    wanted = [event for event in cloudevents if str(event["type"]) in accepts]
    if not wanted:
        return
    # One span for the batch: a child of its events' origin when they share one trace, else
    # linked to each (core.tracing.start_span).
    with tracing.span(
        f"{name} consume",
        kind="consumer",
        parents=wanted,
        attributes=tracing.batch_attributes(wanted),
    ):
        await _consume_all(name, wanted, handler, batch_handler)


async def _consume_all(
    name: str, wanted: Sequence[Any], handler: Handler, batch_handler: BatchHandler | None
) -> None:
    ring = current_ring(f"function {name}")
    for event in wanted:
        ring.verify(event)  # BadSignature: the one-at-a-time path answers it 401
    envelopes = [_envelope(event) for event in wanted]
    async with UnitOfWork(
        get_sessions(), actor=f"function:{name}", source=f"/todo/functions/{name}"
    ) as uow:
        fresh = await first_deliveries(
            uow.session, name, [(envelope.source, envelope.id) for envelope in envelopes]
        )
        first: list[Envelope] = []
        for envelope in envelopes:
            key = (envelope.source, envelope.id)
            if key in fresh:  # else a redelivery, or the batch's own second copy
                fresh.discard(key)
                first.append(envelope)
        if batch_handler is not None:
            await batch_handler(first, uow)
        else:
            for envelope in first:
                await handler(envelope, uow)
        await uow.commit()
