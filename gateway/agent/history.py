"""Conversation history: where the chat agent keeps it, and reading it back for a UI.

The history of a conversation is keyed by (user id, conversation id), so another user's
conversation id finds nothing.
"""

from __future__ import annotations

import json
from typing import Any

from agents.extensions.memory.sqlalchemy_session import SQLAlchemySession
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.agent import CONVERSATION_ID


def history_of(engine: AsyncEngine, user_id: str, conversation: str) -> SQLAlchemySession:
    """Where a conversation's history lives: keyed by user and id, so it is the user's own."""
    return SQLAlchemySession(f"{user_id}:{conversation}", engine=engine)


# Enough for any conversation a person would scroll back through.
MAX_RESTORED_ITEMS = 2000


async def conversation_messages(
    engine: AsyncEngine, user_id: str, conversation: str
) -> list[dict[str, Any]]:
    """The conversation as messages, oldest first: user and assistant text, and each tool call
    with its arguments and result. Empty when there is no such conversation of this user."""
    if not CONVERSATION_ID.fullmatch(conversation):
        return []
    items = await history_of(engine, user_id, conversation).get_items(limit=MAX_RESTORED_ITEMS)
    messages: list[dict[str, Any]] = []
    calls: dict[str, dict[str, Any]] = {}
    for raw in items:
        item: dict[str, Any] = dict(raw) if isinstance(raw, dict) else {}
        kind = item.get("type", "message")
        if kind == "function_call":
            call: dict[str, Any] = {
                "role": "tool",
                "name": str(item.get("name", "")),
                "arguments": _json_object(item.get("arguments")),
                "output": None,
            }
            calls[str(item.get("call_id", ""))] = call
            messages.append(call)
        elif kind == "function_call_output":
            answered = calls.get(str(item.get("call_id", "")))
            if answered is not None:
                answered["output"] = _json_or_text(item.get("output"))
        elif kind == "message" and item.get("role") in ("user", "assistant"):
            text = _text_of(item.get("content"))
            if text:
                messages.append({"role": item["role"], "text": text})
    return messages


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    parts = [
        part.get("text") or part.get("refusal") or "" for part in content if isinstance(part, dict)
    ]
    return "".join(str(part) for part in parts)


def _json_or_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _json_object(value: Any) -> dict[str, Any]:
    parsed = _json_or_text(value)
    return parsed if isinstance(parsed, dict) else {}
