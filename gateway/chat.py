"""`POST /api/chat`: one message to the chat agent, its answer streamed as server-sent events.

The agent's tools are gateway.tools, the same functions MCP serves, acting for the request's
user. The model: OPENAI_BASE_URL (any OpenAI-compatible server) or OPENAI_API_KEY (OpenAI),
else the offline quick-add model. History lives in PostgreSQL, one conversation per (user,
conversation id), so no one can continue someone else's conversation. A delete the agent asks
for is carried out only by the user's next message saying yes (gateway.confirmations). The
agent itself (gateway.agent.runtime, openai-agents) is imported on the first chat, not at
start-up.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sse_starlette.sse import EventSourceResponse

from core.errors import QuotaExceeded
from gateway import tools
from gateway.agent import CONVERSATION_ID
from gateway.auth import CurrentUser
from gateway.confirmations import answer_pending
from gateway.sse_schema import event_stream, json_object, sse_event

router = APIRouter(prefix="/api", tags=["chat"])


class ChatRequest(BaseModel):
    """One user message, optionally continuing a conversation."""

    model_config = ConfigDict(extra="forbid")

    message: str = Field(min_length=1, max_length=4000)
    conversation_id: str | None = Field(
        default=None,
        description="continue this conversation (from the `conversation` event); "
        "leave out to start a new one",
        # Documented here, checked by the validator below (which words its refusal).
        json_schema_extra={"pattern": CONVERSATION_ID.pattern},
    )

    @field_validator("conversation_id")
    @classmethod
    def _conversation(cls, value: str | None) -> str | None:
        # fullmatch: re's `$` also matches before a final newline, JSON Schema's does not.
        if value is not None and not CONVERSATION_ID.fullmatch(value):
            raise ValueError("conversation_id: 1 to 64 letters, digits, '-' or '_'")
        return value


async def agent_imported(request: Request) -> None:
    """Wait until the start-up import of the agent (gateway.app's lifespan) is over.

    Importing openai-agents in a request while the start-up thread is still importing it
    makes two threads import one package at once, which can fail (KeyError: 'agents').
    Its failure, if any, shows when the route imports it again.
    """
    warming = getattr(request.app.state, "agent_warming", None)
    if warming is not None and not warming.done():
        await asyncio.wait({warming})


async def _stream(
    request: Request, user_id: str, body: ChatRequest
) -> AsyncIterator[dict[str, str]]:
    conversation = body.conversation_id or uuid.uuid4().hex
    yield {"event": "conversation", "data": json.dumps({"conversation_id": conversation})}
    engine = request.app.state.engine
    caller = tools.Caller(user_id, request.app.state.sessions, conversation=conversation)
    # A delete asked for in the previous turn: the user's yes carries it out, not the model.
    confirmed = await answer_pending(engine, caller, conversation, body.message)
    if confirmed is not None:
        for event in confirmed:
            yield event
        return
    from gateway.agent.runtime import run_chat  # openai-agents: about 1.4 s, on the first chat

    async for event in run_chat(
        settings=request.app.state.settings,
        engine=engine,
        caller=caller,
        conversation=conversation,
        message=body.message,
    ):
        yield event


_TEXT = {"type": "string"}
SSE_CHAT = event_stream(
    "a server-sent event stream, each event's data a JSON object: `conversation` first "
    "(`conversation_id`, to continue it), then `delta` (a piece of the answer's text), "
    "`tool_call` (a tool the assistant calls, with its arguments as JSON text) and "
    "`tool_result` (its output) as they happen, and last `done` (the whole answer), or `error` "
    "(`message`) if the assistant failed; keep-alive comments every 15 s",
    sse_event("conversation", json_object({"conversation_id": _TEXT})),
    sse_event("delta", json_object({"text": _TEXT})),
    sse_event("tool_call", json_object({"name": _TEXT, "arguments": _TEXT})),
    sse_event("tool_result", json_object({"output": _TEXT})),
    sse_event("done", json_object({"text": _TEXT, "conversation_id": _TEXT})),
    sse_event("error", json_object({"message": _TEXT})),
)


@router.post("/chat", response_class=EventSourceResponse, responses=SSE_CHAT)
async def chat(body: ChatRequest, user: CurrentUser, request: Request) -> EventSourceResponse:
    """Talk to the assistant; answers stream as SSE: conversation, delta, tool_call,
    tool_result, done (or error)."""
    await agent_imported(request)
    if body.conversation_id is not None:
        await _check_room(request, user.user_id, body.conversation_id)
    return EventSourceResponse(_stream(request, user.user_id, body), ping=15)


async def _check_room(request: Request, user_id: str, conversation: str) -> None:
    """403 before the stream starts if the conversation holds as many items as it may.

    Each turn reads the whole conversation back (and sends it to the model), so a
    conversation may not grow for ever; a new one starts empty.
    """
    from gateway.agent.history import history_of  # openai-agents: imported late

    limit: int = request.app.state.settings.max_conversation_items
    history = history_of(request.app.state.engine, user_id, conversation)
    if len(await history.get_items(limit=limit)) >= limit:
        raise QuotaExceeded(
            f"conversation is full: {limit} messages and tool calls per conversation; "
            "start a new one",
            limit=limit,
        )


__all__ = ["ChatRequest", "router"]
