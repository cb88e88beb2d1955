"""Waiting for a condition: poll it until a deadline, then fail saying what never happened.

`eventually` blocks (for plain tests and fixtures); `eventually_async` awaits (inside an event
loop, where a blocking sleep would stall the very servers and tasks being waited on). Both poll
the same way: a condition that returns a falsy value or raises AssertionError is tried again;
any other exception fails at once (a crashed process should not be waited out).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar, cast, overload

import httpx

T = TypeVar("T")
INTERVAL = 0.05


class NotInTime(AssertionError):
    """The condition did not hold before the deadline (an AssertionError, so pytest reports it
    as a failed check, with what was awaited and the last answer)."""


class _Deadline:
    """One wait's bookkeeping: when it ends, and the last answer (for the failure message)."""

    def __init__(self, timeout: float, what: str, details: Callable[[], str] | None) -> None:
        self.timeout, self.what, self.details = timeout, what, details
        self.ends = time.monotonic() + timeout
        self.last: object = None

    def held(self, result: object, failure: AssertionError | None) -> bool:
        """Whether this attempt's `result` holds; raises NotInTime once time is up."""
        self.last = failure if failure is not None else result
        if failure is None and result:
            return True
        if time.monotonic() >= self.ends:
            raise NotInTime(self._message())
        return False

    def _message(self) -> str:
        message = f"{self.what}: not within {self.timeout:g} s"
        if isinstance(self.last, AssertionError) and str(self.last):
            message += f"\nlast check: {self.last}"
        elif self.last is not None and not isinstance(self.last, AssertionError):
            message += f"\nlast result: {self.last!r}"
        if self.details is not None:
            message += "\n" + self.details()
        return message


def eventually(
    condition: Callable[[], T | None],
    timeout: float,
    what: str,
    *,
    interval: float = INTERVAL,
    details: Callable[[], str] | None = None,
) -> T:
    """The first truthy result of `condition()` within `timeout` seconds, else NotInTime.

    `details` adds context to the failure (e.g. the tail of a process's log)."""
    deadline = _Deadline(timeout, what, details)
    while not deadline.held(*_attempt(condition)):
        time.sleep(interval)
    return cast(T, deadline.last)


# The result is the first truthy answer, so a condition that answers `X | None` yields an X. An
# async condition is matched first (its answer is awaited, not returned).
@overload
async def eventually_async(
    condition: Callable[[], Awaitable[T | None]],
    timeout: float,
    what: str,
    *,
    interval: float = ...,
    details: Callable[[], str] | None = ...,
) -> T: ...
@overload
async def eventually_async(
    condition: Callable[[], T | None],
    timeout: float,
    what: str,
    *,
    interval: float = ...,
    details: Callable[[], str] | None = ...,
) -> T: ...
async def eventually_async(
    condition: Callable[[], object],
    timeout: float,
    what: str,
    *,
    interval: float = INTERVAL,
    details: Callable[[], str] | None = None,
) -> object:
    """`eventually` inside an event loop; `condition` may be a plain or an async function."""
    deadline = _Deadline(timeout, what, details)
    while not deadline.held(*await _attempt_async(condition)):
        await asyncio.sleep(interval)
    return deadline.last


def _attempt(condition: Callable[[], T | None]) -> tuple[T | None, AssertionError | None]:
    try:
        return condition(), None
    except AssertionError as exc:  # a check that does not hold yet
        return None, exc


async def _attempt_async(
    condition: Callable[[], object],
) -> tuple[object, AssertionError | None]:
    try:
        result = condition()
        return (await result if inspect.isawaitable(result) else result), None
    except AssertionError as exc:  # a check that does not hold yet
        return None, exc


def log_tail(path: object, chars: int = 4000) -> Callable[[], str]:
    """A `details` callback: the end of a log file, read when the wait fails."""
    from pathlib import Path

    return lambda: Path(str(path)).read_text(errors="replace")[-chars:]


def http_ok(url: str) -> bool:
    """True when `url` answers 200; False while nothing listens or it answers otherwise."""
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def http_answers(url: str) -> bool:
    """True once anything answers HTTP on `url`, whatever the status."""
    try:
        httpx.get(url, timeout=1)
    except httpx.TransportError:
        return False
    return True


async def latest_async(
    fetch: Callable[[], Awaitable[T]],
    done: Callable[[T], object],
    timeout: float,
    *,
    interval: float = INTERVAL,
) -> T:
    """`fetch()` once `done` holds for what it returned, else what it returned at `timeout`.

    For a test that asserts on the value itself, so its own assertion (an exact list, say)
    reports what was there when waiting stopped."""
    deadline = time.monotonic() + timeout
    while True:
        value = await fetch()
        if done(value) or time.monotonic() >= deadline:
            return value
        await asyncio.sleep(interval)
