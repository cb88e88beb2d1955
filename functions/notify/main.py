"""Entry point of the notify function (functions-framework, CloudEvent, async)."""

import sys
from collections.abc import Sequence
from typing import Any

from functions.notify.handler import ACCEPTS
from functions.notify.handler import handle as notify
from functions.notify.handler import handle_batch as notify_batch
from functions.runtime import consume, consume_batch, require_signing_key

# functions-framework imports this file as it starts: without the key, it does not start.
require_signing_key("notify")


async def handle(event: Any) -> None:
    """Deliver a due reminder, once."""
    await consume("notify", event, notify, ACCEPTS)


async def handle_batch(events: Sequence[Any]) -> None:
    """Apply `events` in one unit of work, or raise and change nothing (`todo serve` only).

    Not registered with functions-framework: `todo serve`'s router (eventing.targets) finds it
    by name beside `handle`, as functions-framework finds `handle` in this file.
    """
    await consume_batch("notify", events, notify, ACCEPTS, notify_batch)


# functions-framework imports itself before it loads this file: there `handle` is registered as
# an async CloudEvent function (by its name). Loaded in `todo serve` (eventing.targets calls it
# in-process) it stays a plain coroutine function, and that process never imports flask.
if "functions_framework" in sys.modules:
    import functions_framework.aio

    from functions.runtime import start_process

    start_process("notify")  # a process of its own: its log lines and its spans
    functions_framework.aio.cloud_event(handle)
