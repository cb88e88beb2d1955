"""Entry point of the push function (functions-framework, CloudEvent, async)."""

from typing import Any

import functions_framework.aio

from functions.push.handler import ACCEPTS
from functions.push.handler import handle as push
from functions.runtime import consume, require_signing_key

# functions-framework imports this file as it starts: without the key, it does not start.
require_signing_key("push")


@functions_framework.aio.cloud_event
async def handle(event: Any) -> None:
    """Store a live update and wake every process serving that user's clients."""
    await consume("push", event, push, ACCEPTS)
