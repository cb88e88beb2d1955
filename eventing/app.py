"""The eventing service: the relay, and the router's HTTP face for Dapr input bindings.

Dapr delivers each Kafka record of an input binding as `POST /<binding name>` with the raw
value as body, and first probes `OPTIONS /<binding name>`. We answer 200 once the event is
applied by its function, parked for its user (a transient failure after the short inline
budget, or the user already has an event parked for that function: it queues behind it), or
kept as a dead letter, so a failing user never holds the partition for more than about a
second; 503 only if neither table could be written (the database is down), so Dapr
(consumeRetryEnabled) delivers it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from core import tracing
from core.cloudevents import InvalidEvent, parse_json
from core.signing import BadSignature, KeyRing, install
from core.store.db import make_engine, make_sessionmaker
from core.webhook_settings import get_webhook_settings
from eventing.dead_letters import AutoReplay, DeadLetters
from eventing.delivery import FunctionTarget, RetryPolicy
from eventing.parking import ParkedDeliveries
from eventing.publishers import DaprPublisher, LocalPublisher
from eventing.relay import Publisher, Relay, RelayConfig
from eventing.router import DeadLetterUnavailable, Router
from eventing.settings import EventingSettings
from eventing.subscriptions import SUBSCRIPTIONS
from eventing.targets import available_functions, in_process, over_http
from eventing.webhook_sender import WebhookSender

log = logging.getLogger("eventing.app")


def binding_routes(router: Router, ring: KeyRing, app_token: str | None = None) -> list[Route]:
    """`POST|OPTIONS /<binding>` for each subscription the router serves; `ring` verifies the
    events; `app_token`, when set, is what the Dapr sidecar must send as `dapr-api-token`."""

    async def receive(request: Request) -> Response:
        sub = router.subscription(request.url.path.strip("/"))
        if sub is None:  # pragma: no cover - routes exist only for known bindings
            return JSONResponse({"error": "unknown binding"}, status_code=404)
        if app_token is not None and not hmac.compare_digest(
            request.headers.get("dapr-api-token", "").encode(), app_token.encode()
        ):
            return JSONResponse({"error": "not from the Dapr sidecar"}, status_code=401)
        if request.method == "OPTIONS":
            return Response(status_code=200)
        body = await request.body()
        try:
            event = parse_json(body)
        except InvalidEvent:
            # Not a CloudEvent at all, so no function can be made to act on it: the router
            # keeps it as a dead letter (400) as before, and a corrupt Kafka record never
            # blocks its partition (Dapr retries all but a 200 for ever).
            event = None
        if event is not None:
            try:
                # Only events our relay signed reach a function (core/signing.py).
                ring.verify(event)
            except BadSignature as exc:
                log.warning("refusing unsigned event", extra={"binding": sub.binding})
                if app_token is None:  # anyone may have sent it: refuse, write nothing
                    return JSONResponse({"error": "unsigned event", "detail": str(exc)}, 401)
                # Dapr delivered it from Kafka: kept as a dead letter, never applied, and the
                # partition moves on (Dapr redelivers anything but a 200 for ever).
                letter = await router.reject(sub, body, 401, f"unsigned event: {exc}")
                return JSONResponse({"result": "dead_lettered", "dead_letter": letter})
        try:
            delivery = await router.deliver(sub, body)
        except DeadLetterUnavailable as exc:
            log.error(
                "could not keep a dead letter; asking for redelivery", extra={"error": str(exc)}
            )
            return JSONResponse({"result": "retry"}, status_code=503)
        return JSONResponse(
            {
                "result": delivery.result,
                "dead_letter": delivery.dead_letter_id,
                "parked": delivery.parked_id,
            }
        )

    return [
        Route(f"/{sub.binding}", receive, methods=["POST", "OPTIONS"])
        for sub in router.subscriptions
    ]


# Refactor pending (C901): the layering work moves the function wiring out of eventing.
def create_eventing_app(  # noqa: C901
    settings: EventingSettings,
    *,
    relay: bool = True,
    router: bool = True,
    ring: KeyRing | None = None,
) -> Starlette:
    """The eventing ASGI app; `relay`/`router` pick the halves; `ring` overrides the key."""
    tracing.configure("eventing")  # before the functions in this process load
    # Without a key this fails before anything starts, with a message naming the setting.
    ring = ring or settings.key_ring()
    install(ring)
    engine = make_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
    )
    sessions = make_sessionmaker(engine)
    policy = RetryPolicy(
        settings.router_max_attempts, settings.router_initial_backoff, settings.router_max_backoff
    )
    urls = settings.function_urls()
    targets: dict[str, FunctionTarget] = {}
    for sub in SUBSCRIPTIONS:
        if sub.function in urls:
            targets[sub.function] = over_http(sub.function, urls[sub.function])
        elif settings.event_transport == "local" and sub.function in available_functions():
            targets[sub.function] = in_process(sub.function, sessions)
    subs = tuple(sub for sub in SUBSCRIPTIONS if sub.function in targets)
    auto = AutoReplay(settings.dlq_retry_delay, settings.dlq_auto_replays)
    the_router = Router(
        targets,
        DeadLetters(sessions, auto),
        policy=policy,
        subscriptions=subs,
        parked=ParkedDeliveries(sessions),
        parking=settings.parking(),
    )
    publisher: Publisher = (
        DaprPublisher() if settings.event_transport == "dapr" else LocalPublisher(the_router)
    )
    the_relay = Relay(
        settings.database_url,
        sessions,
        publisher,
        RelayConfig(
            batch_size=settings.relay_batch_size, poll_interval=settings.relay_poll_interval
        ),
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        tasks = [asyncio.create_task(the_relay.run(stop))] if relay else []
        if router:
            tasks.append(asyncio.create_task(the_router.run_retries(stop)))
            tasks.append(asyncio.create_task(the_router.run_parked(stop)))
        if relay:  # one sender beside each relay: notify (anywhere) only queues webhooks
            sender = WebhookSender(settings.database_url, sessions, get_webhook_settings())
            tasks.append(asyncio.create_task(sender.run(stop)))
        try:
            yield
        finally:
            stop.set()
            for task in tasks:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(task, 30)
            if isinstance(publisher, DaprPublisher):
                await publisher.aclose()
            await engine.dispose()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            async with asyncio.timeout(2), engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            return JSONResponse(
                {"status": "not ready", "error": type(exc).__name__}, status_code=503
            )
        return JSONResponse({"status": "ready"})

    async def metrics(request: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    routes: list[Any] = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
    ]
    if router:
        token = settings.app_api_token.get_secret_value() if settings.app_api_token else None
        routes += binding_routes(the_router, ring, token or None)
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.router = the_router
    app.state.relay = the_relay
    return app
