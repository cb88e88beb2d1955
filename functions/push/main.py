"""Entry point of the push function (functions-framework, CloudEvent, async)."""

import sys
from collections.abc import Sequence
from typing import Any

from functions.push.handler import ACCEPTS
from functions.push.handler import handle as push
from functions.push.handler import handle_batch as push_batch
from functions.runtime import consume, consume_batch, require_signing_key

# functions-framework imports this file as it starts: without the key, it does not start.
require_signing_key("push")


async def handle(event: Any) -> None:
    """Store a live update and wake every process serving that user's clients."""
    await consume("push", event, push, ACCEPTS)


async def handle_batch(events: Sequence[Any]) -> None:
    """Apply `events` in one unit of work, or raise and change nothing (`todo serve` only).

    Not registered with functions-framework: `todo serve`'s router (eventing.targets) finds it
    by name beside `handle`, as functions-framework finds `handle` in this file.
    """
    await consume_batch("push", events, push, ACCEPTS, push_batch)


# functions-framework imports itself before it loads this file: there `handle` is registered as
# an async CloudEvent function (by its name). Loaded in `todo serve` (eventing.targets calls it
# in-process) it stays a plain coroutine function, and that process never imports flask.
if "functions_framework" in sys.modules:
    import functions_framework.aio

    from functions.runtime import start_process

    start_process("push")  # a process of its own: its log lines and its spans
    functions_framework.aio.cloud_event(handle)
