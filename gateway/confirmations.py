"""The chat turn after a delete was asked for: the user's own "yes" carries it out.

A delete the chat agent asks for (delete_task) waits as a pending confirmation of the
conversation (core.confirmations). When the next turn starts, this module settles it before
the model sees anything: a clear yes deletes the tasks here, server-side, and answers without
the model; any other message cancels the confirmation and goes to the model as usual. So no
model, real or offline, can delete without the user's yes.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from core import confirmations
from gateway import tools

# What counts as yes: a small closed list, so "yes, but rename it first" is not a yes.
YES = frozenset(
    {
        "yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "confirm", "confirmed",
        "do it", "delete it", "delete them", "go ahead", "yes please", "please do",
    }
)  # fmt: skip
_PUNCTUATION = re.compile(r"[^\w\s]+")


def is_yes(message: str) -> bool:
    """Whether the message is a clear yes: phrases of YES only ("Yes!", "yes, do it"), in any
    case and with any punctuation."""
    pieces = [" ".join(p.split()) for p in _PUNCTUATION.split(message.casefold())]
    pieces = [piece for piece in pieces if piece]
    return bool(pieces) and all(piece in YES for piece in pieces)


def _sse(event: str, data: dict[str, Any]) -> dict[str, str]:
    return {"event": event, "data": json.dumps(data)}


async def answer_pending(
    engine: AsyncEngine, caller: tools.Caller, conversation: str, message: str
) -> list[dict[str, str]] | None:
    """Settle the conversation's pending delete confirmation with this message. The SSE events
    of the answer when the message confirmed it (the deletes done); None when the turn is the
    model's (nothing pending, or the message was not a yes and cancelled it)."""
    async with caller.sessions() as session, session.begin():
        task_ids = await confirmations.settle_conversation(
            session, caller.user_id, conversation, confirmed=is_yes(message),
            now=datetime.now(UTC),
        )  # fmt: skip
    if not task_ids:
        return None
    results = await tools.carry_out_deletes(caller, task_ids)
    # The same tool-call lines the chat shows for a delete, and the same history items the
    # agent would have stored, so the UI and the model read this turn like any other.
    events: list[dict[str, str]] = []
    items: list[Any] = [{"role": "user", "content": message}]
    for task_id, result in zip(task_ids, results, strict=True):
        call_id = f"call_confirmed_{uuid.uuid4().hex[:16]}"
        arguments = json.dumps({"task_id": str(task_id), "confirm": True})
        output = result.model_dump_json() if isinstance(result, tools.DeleteResult) else (
            f"Error: {result}"
        )  # fmt: skip
        events += [
            _sse("tool_call", {"name": "delete_task", "arguments": arguments}),
            _sse("tool_result", {"output": output}),
        ]
        items += [
            {"type": "function_call", "call_id": call_id, "name": "delete_task",
             "arguments": arguments},
            {"type": "function_call_output", "call_id": call_id, "output": output},
        ]  # fmt: skip
    reply = _reply(results)
    items.append({"role": "assistant", "content": reply})
    from gateway.agent.history import history_of  # openai-agents: imported on the first chat

    await history_of(engine, caller.user_id, conversation).add_items(items)
    events += [
        _sse("delta", {"text": reply}),
        _sse("done", {"text": reply, "conversation_id": conversation}),
    ]
    return events


def _reply(results: list[tools.DeleteResult | tools.ToolFailure]) -> str:
    titles = [f"“{r.title}”" for r in results if isinstance(r, tools.DeleteResult)]
    gone = len(results) - len(titles)
    lines = []
    if titles:
        names = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
        lines.append(f"Deleted {names}.")
    if gone:
        lines.append(
            "That task was already gone." if gone == 1 else f"{gone} of them were already gone."
        )
    return " ".join(lines)
