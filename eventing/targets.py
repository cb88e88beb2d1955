"""Where the router finds each function: in this process, or at a URL.

Over HTTP a function's address is its URL; in this process it is its entry module,
`functions.<name>.main`, loaded by name as functions-framework loads `--source`, and its two
entry points found by name in it: `handle` (one CloudEvent) and `handle_batch` (several, in
one unit of work). So eventing imports nothing of the functions (the layer contract in
pyproject.toml holds it): it knows them, in either mode, only by their public entry points.
The session binding they share with their caller is core.store.binding.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from cloudevents.http import CloudEvent, from_http
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.exceptions import HTTPException

from core.cloudevents import STRUCTURED
from core.store.binding import bind_sessions, unbind_sessions
from eventing.delivery import HttpFunction, Outcome
from eventing.subscriptions import FUNCTIONS

log = logging.getLogger("eventing.targets")
FUNCTIONS_DIR = Path(__file__).resolve().parent.parent / "functions"
ENTRY_MODULE = "functions.{name}.main"  # a function's in-process address


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
        module = importlib.import_module(ENTRY_MODULE.format(name=name))
        self._entry: Callable[[CloudEvent], Awaitable[None]] = module.handle
        self._batch_entry: Callable[[Sequence[CloudEvent]], Awaitable[None]] = module.handle_batch

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
        """Apply structured CloudEvents, in order, in one unit of work (the entry `handle_batch`).

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
            await self._batch_entry(events)
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
