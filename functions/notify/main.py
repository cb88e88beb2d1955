"""Entry point of the notify function (functions-framework, CloudEvent, async)."""

from typing import Any

import functions_framework.aio

from functions.notify.handler import ACCEPTS
from functions.notify.handler import handle as notify
from functions.runtime import consume, require_signing_key

# functions-framework imports this file as it starts: without the key, it does not start.
require_signing_key("notify")


@functions_framework.aio.cloud_event
async def handle(event: Any) -> None:
    """Deliver a due reminder, once."""
    await consume("notify", event, notify, ACCEPTS)
