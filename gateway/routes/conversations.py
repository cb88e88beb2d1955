"""`GET /api/conversations/{conversation_id}/messages`: a chat conversation, for a UI to restore.

History lives where the chat agent keeps it (gateway.agent.history); the key includes the
caller's user id, so another user's conversation id finds nothing and answers 404 like an
unknown one.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from core.errors import ConversationNotFound
from gateway.auth import CurrentUser
from gateway.chat import agent_imported

router = APIRouter(prefix="/api/conversations", tags=["chat"])


class Message(BaseModel):
    """A user or assistant message (`text`), or a tool call with its result (`name`,
    `arguments`, `output`)."""

    role: Literal["user", "assistant", "tool"]
    text: str | None = None
    name: str | None = None
    arguments: dict[str, Any] | None = None
    output: Any = Field(default=None, description="the tool's result: parsed JSON, or text")


class Conversation(BaseModel):
    """A conversation's messages, oldest first."""

    conversation_id: str
    messages: list[Message]


@router.get(
    "/{conversation_id}/messages",
    response_model=Conversation,
    response_model_exclude_none=True,
    operation_id="get_conversation",
)
async def messages(conversation_id: str, user: CurrentUser, request: Request) -> Conversation:
    """The caller's own conversation, as the chat stored it; 404 for any other id."""
    await agent_imported(request)
    from gateway.agent.history import conversation_messages  # openai-agents: imported late

    found = await conversation_messages(request.app.state.engine, user.user_id, conversation_id)
    if not found:
        raise ConversationNotFound(f"no conversation {conversation_id!r}")
    return Conversation(
        conversation_id=conversation_id, messages=[Message.model_validate(m) for m in found]
    )
