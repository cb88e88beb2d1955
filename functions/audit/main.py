"""Entry point of the audit function (functions-framework, CloudEvent, async)."""

from typing import Any

import functions_framework.aio

from functions.audit.handler import ACCEPTS
from functions.audit.handler import handle as append_entry
from functions.runtime import consume, require_signing_key

# functions-framework imports this file as it starts: without the key, it does not start.
require_signing_key("audit")


@functions_framework.aio.cloud_event
async def handle(event: Any) -> None:
    """Append the task event to the activity log, once."""
    await consume("audit", event, append_entry, ACCEPTS)
