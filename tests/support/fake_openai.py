"""A scripted OpenAI-compatible chat model (what Ollama, llama.cpp or vLLM would serve), and a
gateway whose chat agent runs on it.

The chat agent drives a tool-calling model in rounds: the request with the user's message is
round 0, the request after round 0's tool results is round 1, and so on until the model answers
with text. The script says what the model answers in each round of every turn (past its end,
its last entry answers again): an entry is either the answer's text, or the tool calls to make.
The server records every request it got, so a test can read what the agent offered and sent.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from gateway.app import create_app
from gateway.settings import Settings
from tests.support.servers import serve_in_thread

ToolCall = tuple[str, dict[str, Any]]
Reply = str | list[ToolCall]


def round_of_turn(messages: list[dict[str, Any]]) -> int:
    """How many times the model has answered since the user's last message."""
    last_user = max(i for i, m in enumerate(messages) if m.get("role") == "user")
    return sum(1 for m in messages[last_user:] if m.get("role") == "assistant")


class FakeOpenAI:
    """POST /v1/chat/completions, streamed (the agent always streams), answered from `script`.

    Tool call ids are `call_<request>_<index>`: the request's place in `requests` (from 0), the
    call's place in its round; unique while `requests` is not cleared."""

    def __init__(self, *script: Reply) -> None:
        self.script: list[Reply] = list(script)
        self.requests: list[dict[str, Any]] = []

    def app(self) -> Starlette:
        return Starlette(
            routes=[Route("/v1/chat/completions", self._completions, methods=["POST"])]
        )

    def tool_results(self) -> dict[str, str]:
        """What each tool call returned to the model, by call id, as its last request says."""
        messages = self.requests[-1]["messages"]
        return {m["tool_call_id"]: str(m["content"]) for m in messages if m.get("role") == "tool"}

    def _reply(self, body: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """The assistant message of this request's round, and its finish reason."""
        step = round_of_turn(body["messages"])
        reply = self.script[min(step, len(self.script) - 1)]
        if isinstance(reply, str):
            return {"role": "assistant", "content": reply}, "stop"
        request = len(self.requests) - 1
        calls = [
            {"index": i, "id": f"call_{request}_{i}", "type": "function",
             "function": {"name": name, "arguments": json.dumps(arguments)}}
            for i, (name, arguments) in enumerate(reply)
        ]  # fmt: skip
        return {"role": "assistant", "content": None, "tool_calls": calls}, "tool_calls"

    async def _completions(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        message, finish = self._reply(body)
        head = {"id": "c1", "object": "chat.completion.chunk", "created": 0,
                "model": body["model"]}  # fmt: skip

        async def chunks() -> AsyncIterator[str]:
            for delta, reason in ((message, None), ({}, finish)):
                choice = {"index": 0, "delta": delta, "finish_reason": reason}
                yield "data: " + json.dumps({**head, "choices": [choice]}) + "\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(chunks(), media_type="text/event-stream")


@contextmanager
def gateway_on(
    model: FakeOpenAI, model_name: str, database_url: str, data_dir: Path
) -> Iterator[str]:
    """The URL of a gateway (in this process) whose chat agent asks `model` as `model_name`."""
    with serve_in_thread(model.app()) as llm_url:
        settings = Settings(
            data_dir=data_dir, database_url=database_url, openai_base_url=f"{llm_url}/v1",
            todo_model=model_name, event_transport="dapr",
        )  # fmt: skip
        with serve_in_thread(create_app(settings, database_url)) as url:
            yield url
