"""The MCP client of the tests: a real `mcp` client session over streamable HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client


@asynccontextmanager
async def mcp_as(base_url: str, token: str | None) -> AsyncIterator[Client]:
    """A real MCP client session over streamable HTTP, as the user `token` names (or none)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(streamable_http_client(f"{base_url}/mcp", http_client=http)) as client,
    ):
        yield client


async def call(client: Client, name: str, **arguments: Any) -> dict[str, Any]:
    """The structured result of one tool call that must succeed."""
    result = await client.call_tool(name, arguments)
    assert not result.is_error, result.content
    content: dict[str, Any] | None = result.structured_content
    assert content is not None
    return content


async def tool(client: Client, name: str, **arguments: Any) -> tuple[bool, Any]:
    """(is_error, structured result or the error text) of one tool call."""
    result = await client.call_tool(name, arguments)
    if result.is_error:
        return True, " ".join(getattr(part, "text", "") for part in result.content)
    return False, result.structured_content
