"""Entry point of the recur function (functions-framework, CloudEvent, async)."""

from typing import Any

import functions_framework.aio

from functions.recur.handler import ACCEPTS
from functions.recur.handler import handle as make_next
from functions.runtime import consume, require_signing_key

# functions-framework imports this file as it starts: without the key, it does not start.
require_signing_key("recur")


@functions_framework.aio.cloud_event
async def handle(event: Any) -> None:
    """Create the next occurrence of a recurring task, once."""
    await consume("recur", event, make_next, ACCEPTS)
