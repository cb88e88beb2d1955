"""Entry point of the notify function (functions-framework, CloudEvent, async): it
delivers a due reminder once, if it is still wanted.

`handle` is what functions-framework calls (`--source functions/notify/main.py`); `handle_batch`
is what `todo serve`'s router calls for a batch (functions/entry.py).
"""

from functions.entry import entry_points
from functions.notify import handler

ACCEPTS = handler.ACCEPTS
handle, handle_batch = entry_points("notify", handler)
