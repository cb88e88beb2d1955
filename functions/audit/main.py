"""Entry point of the audit function (functions-framework, CloudEvent, async): it
appends each task event to its user's activity log, once.

`handle` is what functions-framework calls (`--source functions/audit/main.py`); `handle_batch`
is what `todo serve`'s router calls for a batch (functions/entry.py).
"""

from functions.audit import handler
from functions.entry import entry_points

ACCEPTS = handler.ACCEPTS
handle, handle_batch = entry_points("audit", handler)
