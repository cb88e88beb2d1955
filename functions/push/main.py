"""Entry point of the push function (functions-framework, CloudEvent, async)."""

from typing import Any

import functions_framework.aio

from functions.push.handler import ACCEPTS
from functions.push.handler import handle as push
from functions.runtime import consume


@functions_framework.aio.cloud_event
async def handle(event: Any) -> None:
    """Store a live update and wake every process serving that user's clients."""
    await consume("push", event, push, ACCEPTS)
