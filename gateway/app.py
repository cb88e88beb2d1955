"""The gateway application: `create_app(settings, database_url)` and nothing at import time."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from prometheus_client import REGISTRY
from starlette.routing import Route

from core.quotas import MAX_TASKS
from core.store.db import make_engine, make_sessionmaker
from eventing.child import ChildConfig
from gateway import chat
from gateway.auth import LocalSigningKey, build_verifier, current_user
from gateway.errors import install_error_handlers
from gateway.eventing_process import ChildMetrics, EventingProcess
from gateway.live import UpdateHub
from gateway.mcp_server import McpAuth, McpWhenLoaded, load_mcp, run_mcp
from gateway.metrics_listener import start_metrics_listener
from gateway.middleware import (
    BodyLimitMiddleware,
    RequestContextMiddleware,
    UnexpectedErrorMiddleware,
)
from gateway.openapi_doc import install_openapi
from gateway.routes import (
    activity,
    conversations,
    health,
    notifications,
    parse,
    tasks,
    ui,
    updates,
    wellknown,
)
from gateway.security_headers import SecurityHeadersMiddleware
from gateway.settings import Settings, event_keys
from gateway.stream_slots import StreamSlots
from gateway.throttle import RateLimitMiddleware
from gateway.tracing import instrument

if TYPE_CHECKING:
    from eventing.embedded import EmbeddedEventing


def create_app(
    settings: Settings, database_url: str, eventing_process: EventingProcess | None = None
) -> FastAPI:
    """Build the ASGI app; the engine is made when it starts and disposed when it stops.

    With EVENT_TRANSPORT=local the relay, router and functions run inline in this process, or
    with EMBEDDED_EVENTING=process in a child process: `eventing_process` when the caller
    spawned it early (`todo serve`), else one started here. Either way it stops with the app.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # First, so a taken METRICS_PORT stops the start before anything else runs. It reads
        # the registry at each scrape: the eventing child's metrics, registered below, too.
        metrics = (
            start_metrics_listener(settings.host, settings.metrics_port)
            if settings.metrics_port is not None
            else None
        )
        engine = make_engine(
            database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
        )
        app.state.engine = engine
        app.state.settings = settings
        app.state.sessions = make_sessionmaker(engine)
        # Every session of this app carries the task quota; core.services.create_task (REST,
        # MCP, the chat agent) enforces it. A recurrence's next task is not made through it.
        app.state.sessions.configure(info={MAX_TASKS: settings.max_tasks})
        app.state.verifier = build_verifier(settings)
        app.state.local_key = (
            None if settings.auth_jwks_url else LocalSigningKey.load_or_create(settings.data_dir)
        )
        eventing = None
        child = None
        if settings.event_transport == "local":
            from core.signing import install

            # In-process deliveries are signed and verified too, so one code path is tested.
            ring = event_keys(settings)
            install(ring)
            if settings.embedded_eventing == "process":
                child = eventing_process or EventingProcess()
                child.start(child_config(settings, database_url, ring.keys))
                # /readyz answers 503 while the child is not ready (gateway/routes/health.py).
                app.state.not_ready_because = child.problem
                app.state.child_metrics = ChildMetrics(child, REGISTRY)
                REGISTRY.register(app.state.child_metrics)
            else:
                eventing = await _start_inline_eventing(settings, database_url, app)
        app.state.eventing = eventing
        app.state.eventing_process = child
        app.state.updates = UpdateHub(database_url, app.state.sessions)
        app.state.stream_slots = StreamSlots(settings.max_streams_per_user)
        await app.state.updates.start()
        # The MCP server (mcp, about 0.45 s of imports) and then the chat agent (openai-agents,
        # about 1.4 s, which imports mcp too) load beside the running server, one after the
        # other in one thread (two threads importing one package at once can fail), so the
        # start waits for neither: /mcp waits for the first (McpWhenLoaded), a chat message
        # for the second (gateway.chat.agent_imported).
        loop = asyncio.get_running_loop()
        warm_up = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-up")
        mcp_loading = loop.run_in_executor(warm_up, load_mcp, settings.host)
        warming = loop.run_in_executor(warm_up, importlib.import_module, "gateway.agent.runtime")
        warm_up.shutdown(wait=False)  # its thread ends when both are done
        app.state.agent_warming = warming  # gateway.chat.agent_imported waits for it
        app.state.mcp_loaded = loop.create_future()  # McpWhenLoaded waits for it
        mcp_stopping = asyncio.Event()
        mcp_running = asyncio.create_task(
            run_mcp(mcp_loading, app.state.mcp_loaded, mcp_stopping), name="mcp"
        )
        try:
            yield
        finally:
            mcp_stopping.set()
            await asyncio.gather(mcp_running, mcp_loading, warming, return_exceptions=True)
            await app.state.updates.stop()
            if metrics is not None:
                await asyncio.to_thread(metrics.stop)
            if eventing is not None:
                await eventing.stop()
            if child is not None:
                REGISTRY.unregister(app.state.child_metrics)
                await asyncio.to_thread(child.stop)  # it finishes the batch in hand
            await engine.dispose()

    # /docs and /redoc with Swagger UI and ReDoc served by the gateway itself (no CDN), so the
    # API documentation works offline; the assets live under /static-offline-docs.
    app = FastAPIOffline(
        title="todo-events",
        version="0.1.0",
        summary="Tasks with priorities, tags, due dates, recurrence and reminders.",
        lifespan=lifespan,
        # operationId = the route's name (its function, or the `operation_id` it sets).
        generate_unique_id_function=lambda route: route.name,
    )
    # Innermost: inside the body limit (an MCP body it reads is bounded), before any route.
    app.add_middleware(RateLimitMiddleware, limits=settings.rate_limits())
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # Inside the request id and the security headers, so a 500 carries both.
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(RequestContextMiddleware)
    # Outermost: 413s and errors get them too.
    app.add_middleware(SecurityHeadersMiddleware, hsts_max_age=settings.hsts_max_age)
    install_error_handlers(app, current_user)
    app.include_router(health.router)
    app.include_router(parse.router)
    app.include_router(tasks.router)
    app.include_router(activity.router)
    app.include_router(notifications.router)
    app.include_router(updates.router)
    app.include_router(chat.router)
    app.include_router(conversations.router)
    app.include_router(ui.router)
    app.mount("/static", StaticFiles(directory=ui.STATIC_DIR), name="static")
    app.include_router(wellknown.router)
    app.router.routes.append(Route("/mcp", McpAuth(McpWhenLoaded())))
    install_openapi(app)
    instrument(app)  # only with OTEL_EXPORTER_OTLP_ENDPOINT set (gateway/tracing.py)
    return app


def child_config(settings: Settings, database_url: str, keys: tuple[bytes, ...]) -> ChildConfig:
    """What the eventing process needs: this app's database, keys and router settings."""
    return ChildConfig.with_keys(
        database_url,
        keys,
        router_max_attempts=settings.router_max_attempts,
        dlq_retry_delay=settings.dlq_retry_delay,
        dlq_auto_replays=settings.dlq_auto_replays,
        db_pool_size=settings.db_pool_size,
        log_level=settings.log_level,
        log_format=settings.log_format,
    )


async def _start_inline_eventing(
    settings: Settings, database_url: str, app: FastAPI
) -> EmbeddedEventing:
    """The relay, router and functions in this process, on the app's own sessions."""
    from eventing.dead_letters import AutoReplay
    from eventing.delivery import RetryPolicy
    from eventing.embedded import EmbeddedEventing

    eventing = EmbeddedEventing(
        database_url,
        app.state.sessions,
        policy=RetryPolicy(max_attempts=settings.router_max_attempts),
        auto_replay=AutoReplay(settings.dlq_retry_delay, settings.dlq_auto_replays),
    )
    await eventing.start()
    return eventing
