"""Hostile rules and dates (issue #13): the cases, and a chat model that sends them as-is.

The offline chat model only writes rules it understood from words, so the hostile ones reach
the agent's tools the way a real model would send them: as a scripted model's tool calls.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

DUE = "2031-06-02T09:00:00+02:00"
WEEKLY = {"title": "weekly", "due": DUE, "recurrence": {"rule": "FREQ=WEEKLY"}}
RANGE = "between 1900-01-01 and 2200-12-31"

BAD_RULES = [
    ("FREQ=HOURLY;BYHOUR=25", "BYHOUR=25"),
    ("FREQ=YEARLY;BYEASTER=400", "BYEASTER=400"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS=0"),
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
    ("FREQ=DAILY;COUNT=999999999999", "COUNT=999999999999"),
    ("FREQ=DAILY;UNTIL=99991231T235959Z", "UNTIL=99991231T235959Z"),
    ("FREQ=DAILY;BYDAY=+60MO", "BYDAY=+60MO"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=7", "no occurrence within 10 years"),
]

BAD_DATES = [
    ({"due": "0001-01-01T00:00:00+14:00"}, "due"),
    ({"due": "0001-01-01T00:00:00Z"}, "due"),
    ({"due": "9999-12-31T23:59:59-12:00"}, "due"),
    ({"due": "9999-12-31T23:59:59Z"}, "due"),
    ({"due": "9999-12-31T12:00:00Z", "timezone": "Pacific/Kiritimati"}, "due"),
    ({"due": "0001-01-01T12:00:00Z", "reminders": [{"before": "P1D"}]}, "due"),
    ({"reminders": [{"at": "9999-12-31T23:59:59-01:00"}]}, "reminders"),
    ({"reminders": [{"at": "0001-01-01T00:00:00+01:00"}]}, "reminders"),
    ({"due": "2201-01-01T00:00:00Z"}, "due"),
    ({"due": "1899-12-31T23:59:59Z"}, "due"),
]


def problem(response: httpx.Response) -> str:
    """Everything a 422 says: its message and each field's."""
    error = response.json()["error"]
    fields = " ".join(f"{f['field']}: {f['message']}" for f in error.get("fields", []))
    return f"{error['message']} {fields}"


async def titles(client: httpx.AsyncClient) -> list[str]:
    page = await client.get("/api/tasks", params={"status": "all", "limit": "200"})
    return [task["title"] for task in page.json()["items"]]


class ScriptedModel:
    """An OpenAI-compatible chat model that makes the tool calls it is given, then stops."""

    def __init__(self, calls: list[tuple[str, dict[str, Any]]]) -> None:
        self.calls = calls
        self.requests: list[dict[str, Any]] = []

    def app(self) -> Starlette:
        async def completions(request: Request) -> Response:
            body = await request.json()
            self.requests.append(body)
            if any(m.get("role") == "assistant" for m in body["messages"]):
                delta: dict[str, Any] = {"role": "assistant", "content": "Done."}
                finish = "stop"
            else:
                delta = {"role": "assistant", "content": None, "tool_calls": [
                    {"index": i, "id": f"call_{i}", "type": "function",
                     "function": {"name": name, "arguments": json.dumps(arguments)}}
                    for i, (name, arguments) in enumerate(self.calls)
                ]}  # fmt: skip
                finish = "tool_calls"
            chunk = {"id": "c1", "created": 0, "model": body["model"]}

            async def stream() -> AsyncIterator[str]:
                for part, reason in ((delta, None), ({}, finish)):
                    choice = {"index": 0, "delta": part, "finish_reason": reason}
                    yield (
                        "data: "
                        + json.dumps(
                            {**chunk, "object": "chat.completion.chunk", "choices": [choice]}
                        )
                        + "\n\n"
                    )
                yield "data: [DONE]\n\n"

            return StreamingResponse(stream(), media_type="text/event-stream")

        return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])

    def tool_results(self) -> list[str]:
        """What the tools answered the model, in call order."""
        return [str(m["content"]) for m in self.requests[-1]["messages"] if m.get("role") == "tool"]
