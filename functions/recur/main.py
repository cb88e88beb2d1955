"""Entry point of the recur function (functions-framework, CloudEvent, async)."""

from typing import Any

import functions_framework.aio

from functions.recur.handler import ACCEPTS
from functions.recur.handler import handle as make_next
from functions.runtime import consume


@functions_framework.aio.cloud_event
async def handle(event: Any) -> None:
    """Create the next occurrence of a recurring task, once."""
    await consume("recur", event, make_next, ACCEPTS)
