"""What each function's entry point (`functions/<name>/main.py`) is made of.

functions-framework loads `--source functions/<name>/main.py` and calls its `handle`; `todo
serve`'s router (eventing.targets) loads the same module by name and calls `handle`, or
`handle_batch` for a batch. Both come from `entry_points`, so the four entry modules differ
only in their name and handler module.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from core.store.uow import UnitOfWork
from functions.runtime import Envelope, consume, consume_batch, require_signing_key


class HandlerModule(Protocol):
    """A function's handler module: the event types it takes and how it applies one (and,
    where it has one, a batch in one unit of work)."""

    ACCEPTS: frozenset[str]

    async def handle(self, envelope: Envelope, uow: UnitOfWork) -> None: ...


CloudEventFunction = Callable[[Any], Awaitable[None]]
BatchFunction = Callable[[Sequence[Any]], Awaitable[None]]


def entry_points(name: str, handlers: HandlerModule) -> tuple[CloudEventFunction, BatchFunction]:
    """The entry module's `handle` (one CloudEvent, exactly once) and `handle_batch`.

    Called as the module is imported: without the signing key it raises, so functions-framework
    does not start a function that would refuse every event. Under functions-framework (it
    imports itself before it loads the source file), `handle` is registered as an async
    CloudEvent function and the process sets up its logs and spans; loaded in `todo serve`, it
    stays a plain coroutine function, and that process never imports flask.
    """
    require_signing_key(name)
    handle_one = handlers.handle
    handle_many = getattr(handlers, "handle_batch", None)  # optional: else one at a time

    async def handle(event: Any) -> None:
        """Apply one CloudEvent with this function's handler, exactly once."""
        await consume(name, event, handle_one, handlers.ACCEPTS)

    async def handle_batch(events: Sequence[Any]) -> None:
        """Apply `events` in one unit of work, or raise and change nothing (`todo serve`)."""
        await consume_batch(name, events, handle_one, handlers.ACCEPTS, handle_many)

    if "functions_framework" in sys.modules:
        import functions_framework.aio

        from functions.runtime import start_process

        start_process(name)  # a process of its own: its log lines and its spans
        functions_framework.aio.cloud_event(handle)  # registered by its name, `handle`
    return handle, handle_batch
