"""QuickAddModel: an Agents SDK `Model` that needs no LLM, no key and no network.

It turns what people type ("remind me to pay rent every month on the 1st at 9am, p1 #home",
"what's due this week", "complete 2") into the same task tool calls an LLM would make, then
answers in plain sentences from the tool results. The chat agent uses it when no OpenAI key
(or OpenAI-compatible endpoint) is configured. The logic lives in `gateway.agent.offline`;
this module only speaks the SDK's Responses types, streamed or not.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

from agents.agent_output import AgentOutputSchemaBase
from agents.handoffs import Handoff
from agents.items import (
    ModelResponse,
    TResponseInputItem,
    TResponseOutputItem,
    TResponseStreamEvent,
)
from agents.model_settings import ModelSettings
from agents.models.interface import Model, ModelTracing
from agents.tool import Tool
from agents.usage import Usage
from openai.types.responses import (
    Response,
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseFunctionToolCall,
    ResponseInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    ResponseUsage,
)
from openai.types.responses.response_prompt_param import ResponsePromptParam
from openai.types.responses.response_usage import InputTokensDetails, OutputTokensDetails

from core.nl.dates import zone_of
from gateway.agent.offline import Decision, decide, read_conversation
from gateway.agent.offline.conversation import FIND_PREFIX, canonical_name

MODEL_NAME = "quick-add"
_PREFIXES = {"find": FIND_PREFIX, "list": "qa_list_", "act": "qa_call_"}


class QuickAddModel(Model):
    """A deterministic, offline model for the todo agent's tools.

    `clock` gives "now" (default: the system clock, UTC) and `timezone` the person's IANA zone,
    in which "tomorrow 9am" is meant.
    """

    def __init__(
        self, *, clock: Callable[[], datetime] | None = None, timezone: str = "UTC"
    ) -> None:
        zone_of(timezone)  # a bad zone fails here, not in the middle of a chat
        self.timezone = timezone
        self._clock = clock or (lambda: datetime.now(UTC))

    def respond(
        self, input: str | list[TResponseInputItem], tools: list[Tool]
    ) -> list[TResponseOutputItem]:
        """The output items (tool calls, or one message) for this conversation."""
        now = self._clock()
        if now.tzinfo is None:  # a naive clock is taken to be UTC
            now = now.replace(tzinfo=UTC)
        decision = decide(read_conversation(input), now=now, tz=self.timezone)
        return _output_items(decision, _tool_names(tools))

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> ModelResponse:
        """Answer the conversation in one piece."""
        output = self.respond(input, tools)
        return ModelResponse(output=output, usage=Usage(requests=1), response_id=None)

    async def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> AsyncIterator[TResponseStreamEvent]:
        """Answer as Responses stream events: items added, text deltas, done, completed."""
        output = self.respond(input, tools)
        for event in stream_events(output):
            yield event


def _tool_names(tools: list[Tool]) -> dict[str, str]:
    """Our tool names -> the names the agent's tools really have (a server may prefix them)."""
    names: dict[str, str] = {}
    for tool in tools:
        name = getattr(tool, "name", None)
        if isinstance(name, str):
            names.setdefault(canonical_name(name), name)
    return names


def _output_items(decision: Decision, names: dict[str, str]) -> list[TResponseOutputItem]:
    if not decision.calls:
        return [_message(decision.text)]
    missing = [c.name for c in decision.calls if names and c.name not in names]
    if missing:
        return [_message(f"I cannot do that here: the {missing[0]} tool is not available.")]
    items: list[TResponseOutputItem] = []
    for call in decision.calls:
        call_id = _PREFIXES[call.purpose] + uuid.uuid4().hex[:16]
        items.append(
            ResponseFunctionToolCall(
                id="fc_" + call_id,
                call_id=call_id,
                type="function_call",
                name=names.get(call.name, call.name),
                arguments=json.dumps(call.arguments, ensure_ascii=False),
                status="completed",
            )
        )
    return items


def _message(text: str) -> ResponseOutputMessage:
    return ResponseOutputMessage(
        id="msg_" + uuid.uuid4().hex[:16],
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputText(type="output_text", text=text, annotations=[], logprobs=[])],
    )


def _response(output: list[TResponseOutputItem], *, status: str) -> Response:
    usage = ResponseUsage(
        input_tokens=0,
        output_tokens=0,
        total_tokens=0,
        input_tokens_details=InputTokensDetails.model_validate(
            {"cached_tokens": 0, "cache_write_tokens": 0}
        ),
        output_tokens_details=OutputTokensDetails(reasoning_tokens=0),
    )
    return Response.model_validate(
        {
            "id": "resp_" + uuid.uuid4().hex[:16],
            "created_at": 0,
            "model": MODEL_NAME,
            "object": "response",
            "output": [item.model_dump() for item in output],
            "tool_choice": "auto",
            "tools": [],
            "parallel_tool_calls": True,
            "status": status,
            "usage": usage.model_dump() if status == "completed" else None,
        }
    )


def stream_events(output: list[TResponseOutputItem]) -> list[TResponseStreamEvent]:
    """The Responses stream for finished output items, the text split into word deltas."""
    events: list[Any] = []
    started = _response([], status="in_progress")
    events.append(
        ResponseCreatedEvent(type="response.created", response=started, sequence_number=0)
    )
    events.append(
        ResponseInProgressEvent(type="response.in_progress", response=started, sequence_number=0)
    )
    for index, item in enumerate(output):
        if isinstance(item, ResponseFunctionToolCall):
            events.extend(_call_events(item, index))
        elif isinstance(item, ResponseOutputMessage):
            events.extend(_message_events(item, index))
    completed = _response(output, status="completed")
    events.append(
        ResponseCompletedEvent(type="response.completed", response=completed, sequence_number=0)
    )
    for number, event in enumerate(events):
        event.sequence_number = number
    return events


def _call_events(item: ResponseFunctionToolCall, index: int) -> list[Any]:
    item_id = item.id or item.call_id
    pending = item.model_copy(update={"arguments": "", "status": "in_progress"})
    return [
        ResponseOutputItemAddedEvent(
            type="response.output_item.added", item=pending, output_index=index, sequence_number=0
        ),
        ResponseFunctionCallArgumentsDeltaEvent(
            type="response.function_call_arguments.delta",
            item_id=item_id,
            output_index=index,
            delta=item.arguments,
            sequence_number=0,
        ),
        ResponseFunctionCallArgumentsDoneEvent.model_validate(
            {
                "type": "response.function_call_arguments.done",
                "item_id": item_id,
                "output_index": index,
                "arguments": item.arguments,
                "name": item.name,
                "sequence_number": 0,
            }
        ),
        ResponseOutputItemDoneEvent(
            type="response.output_item.done", item=item, output_index=index, sequence_number=0
        ),
    ]


def _message_events(item: ResponseOutputMessage, index: int) -> list[Any]:
    part = item.content[0]
    assert isinstance(part, ResponseOutputText)
    empty = part.model_copy(update={"text": ""})
    pending = item.model_copy(update={"content": [], "status": "in_progress"})
    common = {"item_id": item.id, "output_index": index, "content_index": 0, "sequence_number": 0}
    events: list[Any] = [
        ResponseOutputItemAddedEvent(
            type="response.output_item.added", item=pending, output_index=index, sequence_number=0
        ),
        ResponseContentPartAddedEvent(type="response.content_part.added", part=empty, **common),
    ]
    # Word by word, so a chat UI shows the reply appearing as it would from an LLM.
    for piece in re.findall(r"\S+\s*|\s+", part.text):
        events.append(
            ResponseTextDeltaEvent(
                type="response.output_text.delta", delta=piece, logprobs=[], **common
            )
        )
    events.append(
        ResponseTextDoneEvent(
            type="response.output_text.done", text=part.text, logprobs=[], **common
        )
    )
    events.append(
        ResponseContentPartDoneEvent(type="response.content_part.done", part=part, **common)
    )
    events.append(
        ResponseOutputItemDoneEvent(
            type="response.output_item.done", item=item, output_index=index, sequence_number=0
        )
    )
    return events
