"""The MCP server at /mcp (mcp 2.x, streamable HTTP, stateless, JSON responses).

Every tool of gateway.tools is registered with its own parameters (so clients see full
schemas) plus the MCP `Context`; the caller comes from the request's bearer token, checked by
`McpAuth` before the MCP app sees the request. No tool takes a user id.

mcp itself (about 0.45 s of imports) is loaded beside the running server, not before it:
gateway.app builds the server in its start-up thread and `McpWhenLoaded` holds a /mcp request
until it is there, so importing this module costs nothing of it.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from starlette.types import Receive, Scope, Send

from gateway import tools
from gateway.auth import Unauthorized
from gateway.errors import error_body, field_errors, summarize_fields

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context, MCPServer

log = logging.getLogger("gateway.mcp")

INSTRUCTIONS = (
    "Tools for the signed-in user's todo list: add, list/search, get, update (reschedule, "
    "rename, re-prioritise), complete, reopen, skip an occurrence, delete and read the "
    "activity log. Deleting takes two calls: delete_task answers a confirmation_id; ask the "
    "user, and only if they say yes call confirm_delete with it. Dates, recurrences and "
    "reminders accept natural language such as 'tomorrow 5pm', 'every weekday' or "
    "'30 minutes before'."
)


def _caller(ctx: Context) -> tools.Caller:
    from mcp.server.mcpserver.exceptions import ToolError

    request = ctx.request_context.request
    state = request.scope.get("state", {}) if request is not None else {}
    if "principal" not in state:  # McpAuth guards the route, so this is a wiring error
        raise ToolError("not authenticated")
    return tools.Caller(state["principal"].user_id, state["sessions"])


def _as_mcp_tool(tool: Callable[..., Any]) -> Callable[..., Any]:
    """The tool with `caller` replaced by the MCP context, keeping every other parameter."""
    from mcp.server.mcpserver import Context
    from mcp.server.mcpserver.exceptions import ToolError

    hints = typing.get_type_hints(tool)
    params = [p for name, p in inspect.signature(tool).parameters.items() if name != "caller"]
    # mcp's MCPServer json.loads() any string argument not annotated exactly `str` (a
    # convenience for clients that send lists as JSON text), so a title of "null" or "[1]"
    # would change meaning. Free text is therefore declared `str` (None stays the default).
    resolved = [
        p.replace(annotation=str if hints[p.name] == (str | None) else hints[p.name])
        for p in params
    ]
    ctx_param = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)

    @functools.wraps(tool)
    async def call(ctx: Context, **arguments: Any) -> Any:
        try:
            return await tools.run_tool(tool, _caller(ctx), **arguments)
        except tools.ToolFailure as exc:
            raise ToolError(str(exc)) from None

    call.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*resolved, ctx_param], return_annotation=hints["return"]
    )
    call.__annotations__ = {p.name: p.annotation for p in resolved} | {
        "ctx": Context,
        "return": hints["return"],
    }
    del call.__wrapped__  # inspect must see the new signature, not the wrapped one
    return call


@functools.cache
def _server_class() -> type[MCPServer]:
    """TodoMCPServer, defined when first asked for, so that mcp is imported only then."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError

    class TodoMCPServer(MCPServer):
        """MCPServer whose argument errors read like the REST API's: `field: problem`.

        mcp reports arguments that do not fit a tool's schema with pydantic's full text (input
        echo, documentation links); the model reading it needs only what to correct.
        """

        async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
            try:
                return await super().call_tool(name, arguments, context)
            except ToolError as exc:
                cause = exc.__cause__
                if isinstance(exc, UnexpectedToolError) or not isinstance(cause, ValidationError):
                    raise  # a crash keeps mcp's own wording, which hides its details
                problems = summarize_fields(field_errors(cause.errors()))
                raise ToolError(f"Error executing tool {name}: {problems}") from cause

    return TodoMCPServer


def build_mcp() -> MCPServer:
    """An MCP server with every task tool, and confirm_delete (MCP only)."""
    server = _server_class()(name="todo", instructions=INSTRUCTIONS, log_level="WARNING")
    for tool in (*tools.TOOLS, *tools.MCP_ONLY_TOOLS):
        destructive = tool in (tools.delete_task, tools.confirm_delete)
        server.tool(
            name=tool.__name__,
            description=(inspect.getdoc(tool) or "").splitlines()[0],
            annotations={"destructiveHint": destructive, "readOnlyHint": tool in _READ_ONLY},  # type: ignore[arg-type]
        )(_as_mcp_tool(tool))
    return server


_READ_ONLY = {tools.list_tasks, tools.get_task, tools.task_activity}


def mcp_http_app(server: MCPServer, host: str) -> Any:
    """The streamable HTTP ASGI handler of `server` (its own route is /mcp)."""
    from mcp.server.transport_security import TransportSecuritySettings

    security = None
    if host not in ("127.0.0.1", "localhost", "::1"):
        # Reachable from elsewhere (a cluster, a proxy): Host names vary; the bearer token is
        # what protects the tools, not DNS-rebinding checks meant for unauthenticated servers.
        security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
    starlette_app = server.streamable_http_app(
        streamable_http_path="/mcp",
        stateless_http=True,
        json_response=True,
        transport_security=security,
        host=host,
    )
    [route] = [r for r in starlette_app.routes if getattr(r, "path", None) == "/mcp"]
    return route.app  # type: ignore[attr-defined]


class McpAuth:
    """ASGI guard of /mcp: a valid bearer token or a JSON 401, before any MCP processing."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        import json

        from starlette.requests import Request

        request = Request(scope)
        try:
            from gateway.auth import current_user

            principal = await current_user(request)
        except Unauthorized as exc:
            body = json.dumps(error_body(exc.code, exc.message)).encode()
            headers = [(b"content-type", b"application/json")]
            headers += [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
            await send({"type": "http.response.start", "status": 401, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        scope.setdefault("state", {})
        scope["state"]["principal"] = principal
        scope["state"]["sessions"] = scope["app"].state.sessions
        await self.app(scope, receive, send)


def load_mcp(host: str) -> tuple[MCPServer, Any]:
    """Build the server and its /mcp handler (run in gateway.app's start-up thread)."""
    server = build_mcp()
    return server, mcp_http_app(server, host)


async def run_mcp(
    loading: asyncio.Future[tuple[MCPServer, Any]],
    loaded: asyncio.Future[Any],
    stopping: asyncio.Event,
) -> None:
    """Run the server `loading` brings until `stopping` is set; `loaded` gets its handler.

    A task of gateway.app's lifespan: the session manager's task group lives in it, so that
    it is entered and left in one task. A failure to load is what a /mcp request then raises.
    """
    try:
        server, handler = await loading
        async with server.session_manager.run():
            loaded.set_result(handler)
            await stopping.wait()
    except asyncio.CancelledError:
        loaded.cancel()
        raise
    except Exception as exc:
        log.exception("the MCP server failed; /mcp answers 500")
        if not loaded.done():
            loaded.set_exception(exc)


class McpWhenLoaded:
    """ASGI app of /mcp (behind McpAuth): waits until the MCP server is running, then is it."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        loaded: asyncio.Future[Any] | None = getattr(scope["app"].state, "mcp_loaded", None)
        if loaded is None:
            raise RuntimeError("the MCP server runs only inside the app's lifespan")
        # asyncio.wait, not await: a request that goes away must not cancel the shared future.
        await asyncio.wait({loaded})
        await loaded.result()(scope, receive, send)
