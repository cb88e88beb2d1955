"""Entry point of the audit function (functions-framework, CloudEvent, async)."""

import sys
from collections.abc import Sequence
from typing import Any

from functions.audit.handler import ACCEPTS
from functions.audit.handler import handle as append_entry
from functions.audit.handler import handle_batch as append_entries
from functions.runtime import consume, consume_batch, require_signing_key

# functions-framework imports this file as it starts: without the key, it does not start.
require_signing_key("audit")


async def handle(event: Any) -> None:
    """Append the task event to the activity log, once."""
    await consume("audit", event, append_entry, ACCEPTS)


async def handle_batch(events: Sequence[Any]) -> None:
    """Apply `events` in one unit of work, or raise and change nothing (`todo serve` only).

    Not registered with functions-framework: `todo serve`'s router (eventing.targets) finds it
    by name beside `handle`, as functions-framework finds `handle` in this file.
    """
    await consume_batch("audit", events, append_entry, ACCEPTS, append_entries)


# functions-framework imports itself before it loads this file: there `handle` is registered as
# an async CloudEvent function (by its name). Loaded in `todo serve` (eventing.targets calls it
# in-process) it stays a plain coroutine function, and that process never imports flask.
if "functions_framework" in sys.modules:
    import functions_framework.aio

    from functions.runtime import start_process

    start_process("audit")  # a process of its own: its log lines and its spans
    functions_framework.aio.cloud_event(handle)
