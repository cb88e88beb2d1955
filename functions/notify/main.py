"""Entry point of the notify function (functions-framework, CloudEvent, async)."""

from typing import Any

import functions_framework.aio

from functions.notify.handler import ACCEPTS
from functions.notify.handler import handle as notify
from functions.runtime import consume


@functions_framework.aio.cloud_event
async def handle(event: Any) -> None:
    """Deliver a due reminder, once."""
    await consume("notify", event, notify, ACCEPTS)
