"""Entry point of the recur function (functions-framework, CloudEvent, async): it
creates the next occurrence of a recurring task, once.

`handle` is what functions-framework calls (`--source functions/recur/main.py`); `handle_batch`
is what `todo serve`'s router calls for a batch (functions/entry.py).
"""

from functions.entry import entry_points
from functions.recur import handler

ACCEPTS = handler.ACCEPTS
handle, handle_batch = entry_points("recur", handler)
