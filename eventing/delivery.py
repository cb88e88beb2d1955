"""Delivering one CloudEvent to one function, with retries: the status code is the contract.

2xx: done (or a duplicate). 400 and other 4xx but 408/429: permanently bad, never retried.
5xx, 408, 429 and connection errors: transient, retried with exponential backoff and jitter.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Protocol

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    RetryError,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random_exponential,
)
from tenacity.wait import wait_base

from core import tracing
from core.cloudevents import STRUCTURED

log = logging.getLogger("eventing.delivery")


@dataclass(frozen=True)
class Outcome:
    """How one delivery ended: an HTTP status (None when no answer came) and the error text."""

    status: int | None
    error: str | None = None
    attempts: int = 1

    @property
    def ok(self) -> bool:
        """The function applied (or had already applied) the event."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def permanent(self) -> bool:
        """Retrying cannot help: the event is bad for this function."""
        return (
            self.status is not None and 400 <= self.status < 500 and self.status not in (408, 429)
        )


class FunctionTarget(Protocol):
    """Somewhere a CloudEvent can be POSTed: a function's URL, or its app in this process."""

    name: str

    async def post(self, body: bytes) -> Outcome: ...


class HttpFunction:
    """A function behind HTTP (Knative URL, loopback, or an in-process ASGI app)."""

    def __init__(
        self,
        name: str,
        url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.name = name
        self.url = url
        self._client = httpx.AsyncClient(transport=transport, timeout=timeout)

    async def post(self, body: bytes) -> Outcome:
        """POST a structured CloudEvent; map the answer to an Outcome."""
        try:
            # The active span (the router's delivery) as W3C `traceparent`: Knative's and the
            # function's HTTP layers can join the trace; the event keeps its own origin's.
            headers = {"Content-Type": STRUCTURED, **tracing.headers()}
            response = await self._client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return Outcome(None, f"{type(exc).__name__}: {exc}")
        if 200 <= response.status_code < 300:
            return Outcome(response.status_code)
        return Outcome(response.status_code, f"HTTP {response.status_code}: {response.text[:500]}")

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts and backoff (seconds) of one delivery.

    The n-th wait is half of min(max_backoff, initial_backoff * 2**(n-1)) plus a random share of
    the other half ("equal jitter"): retries of many events spread out, and the budget stays
    predictable. The defaults ride out 21 to 43 s of a function or database outage
    (a restart, a failover) before a good event is dead-lettered.
    """

    max_attempts: int = 10
    initial_backoff: float = 0.2
    max_backoff: float = 10.0

    def wait(self) -> wait_base:
        """tenacity's wait strategy for this policy."""
        half_initial, half_max = self.initial_backoff / 2, self.max_backoff / 2
        return wait_exponential(multiplier=half_initial, max=half_max) + wait_random_exponential(
            multiplier=half_initial, max=half_max
        )

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after the `attempt`-th failed try (the same waits as `wait`)."""
        state = RetryCallState(None, None, (), {})  # type: ignore[arg-type]
        state.attempt_number = max(1, attempt)
        return float(self.wait()(state))

    def inline(self, attempts: int) -> RetryPolicy:
        """The first `attempts` tries of this policy, taken before a delivery is parked."""
        return replace(self, max_attempts=max(1, min(attempts, self.max_attempts)))


class _Transient(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.error)
        self.outcome = outcome


async def deliver(target: FunctionTarget, body: bytes, policy: RetryPolicy) -> Outcome:
    """POST until the function accepts or refuses for good, or the attempts run out."""
    attempts = 0

    async def once() -> Outcome:
        nonlocal attempts
        attempts += 1
        outcome = await target.post(body)
        if outcome.ok or outcome.permanent:
            return outcome
        log.warning(
            "delivery failed, will retry",
            extra={"function": target.name, "attempt": attempts, "error": outcome.error},
        )
        raise _Transient(outcome)

    retrying = AsyncRetrying(
        stop=stop_after_attempt(policy.max_attempts),
        wait=policy.wait(),
        retry=retry_if_exception_type(_Transient),
        reraise=False,
    )
    outcome: Outcome
    try:
        outcome = await retrying(once)
    except RetryError as exc:
        last = exc.last_attempt.exception()
        outcome = last.outcome if isinstance(last, _Transient) else Outcome(None, str(last))
    return Outcome(outcome.status, outcome.error, attempts)
