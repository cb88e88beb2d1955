"""Where the router finds each function: in this process, or at a URL."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from cloudevents.http import CloudEvent, from_http
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.exceptions import HTTPException

from eventing.cloudevents import STRUCTURED
from eventing.delivery import HttpFunction, Outcome
from eventing.subscriptions import FUNCTIONS
from functions.runtime import (
    BatchHandler,
    Handler,
    bind_sessions,
    consume_batch,
    unbind_sessions,
)

log = logging.getLogger("eventing.targets")
FUNCTIONS_DIR = Path(__file__).resolve().parent.parent / "functions"


def function_source(name: str) -> Path:
    """The functions-framework source file of a function."""
    return FUNCTIONS_DIR / name / "main.py"


def available_functions() -> list[str]:
    """The functions that have an entry point in this installation."""
    return [name for name in FUNCTIONS if function_source(name).exists()]


class InProcessFunction:
    """A function's CloudEvent entry point, called in this process without an HTTP hop.

    It takes the steps functions-framework takes for a POST, with the same outcomes: an event
    that does not parse as a CloudEvent is a 400, an HTTPException raised by the function
    (`consume` turns the event's own faults into 400, see `functions.runtime.is_permanent`)
    answers its status, anything else (an infrastructure error) a 500, as functions-framework
    answers it. It skips the ASGI round trip (request and response objects, middleware, body
    streaming); tests/bench measures what that saves, and
    tests/functions/test_in_process_target.py holds both ways to the same outcomes.
    """

    def __init__(self, name: str, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.name = name
        self._sessions = sessions
        module = importlib.import_module(f"functions.{name}.main")
        self._entry: Callable[[CloudEvent], Awaitable[None]] = module.handle
        # The same handler and event types main.py hands to `consume`, for `post_batch`.
        handler = importlib.import_module(f"functions.{name}.handler")
        self._handler: Handler = handler.handle
        self._accepts: frozenset[str] = handler.ACCEPTS
        self._batch_handler: BatchHandler | None = getattr(handler, "handle_batch", None)

    async def post(self, body: bytes) -> Outcome:
        """Apply one structured CloudEvent; map the result as an HTTP status would be."""
        try:
            event = from_http({"content-type": STRUCTURED}, body)
        except Exception as exc:  # what functions-framework answers 400 to
            return Outcome(400, f"HTTP 400: Bad Request: Got CloudEvent exception: {exc!r}")
        token = bind_sessions(self._sessions)
        try:
            await self._entry(event)
        except HTTPException as exc:
            if 200 <= exc.status_code < 300:
                return Outcome(exc.status_code)
            return Outcome(exc.status_code, f"HTTP {exc.status_code}: {exc.detail}"[:600])
        except Exception as exc:
            log.exception("function failed", extra={"function": self.name})
            return Outcome(500, f"HTTP 500: {type(exc).__name__}: {exc}"[:600])
        finally:
            unbind_sessions(token)
        return Outcome(200)

    async def post_batch(self, bodies: Sequence[bytes]) -> bool:
        """Apply structured CloudEvents, in order, in one unit of work (`consume_batch`).

        True: every one is applied (or was a redelivery, or a type this function ignores), as
        if each had been posted and answered 2xx. False: nothing changed (an event failed, any
        way); post them one at a time to get each one's outcome.
        """
        try:
            events = [from_http({"content-type": STRUCTURED}, body) for body in bodies]
        except Exception:
            return False
        token = bind_sessions(self._sessions)
        try:
            await consume_batch(
                self.name, events, self._handler, self._accepts, self._batch_handler
            )
        except Exception as exc:
            log.info(
                "batch not applied; delivering its events one at a time",
                extra={"function": self.name, "events": len(bodies), "error": repr(exc)[:300]},
            )
            return False
        finally:
            unbind_sessions(token)
        return True


def in_process(name: str, sessions: async_sessionmaker[AsyncSession]) -> InProcessFunction:
    """The function called directly in this process, over `sessions`."""
    return InProcessFunction(name, sessions)


def over_http(name: str, url: str) -> HttpFunction:
    """The function at `url` (a Knative Service, or functions-framework on loopback)."""
    return HttpFunction(name, url)
