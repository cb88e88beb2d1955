"""Entry point of the push function (functions-framework, CloudEvent, async): it
stores each live update and wakes every process serving that user's clients.

`handle` is what functions-framework calls (`--source functions/push/main.py`); `handle_batch`
is what `todo serve`'s router calls for a batch (functions/entry.py).
"""

from functions.entry import entry_points
from functions.push import handler

ACCEPTS = handler.ACCEPTS
handle, handle_batch = entry_points("push", handler)
