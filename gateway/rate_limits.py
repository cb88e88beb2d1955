"""Per-key token buckets: `Rate` ("120/1m") and `TokenBuckets`, O(1) time and memory per key.

Why by hand: the libraries at hand either keep one timestamp per request (pyrate-limiter's
in-memory bucket, `limits`' moving window: memory grows with the budget) or have no keyed
token bucket with a retry time (aiolimiter). A bucket here is two floats.
"""

from __future__ import annotations

import math
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smh])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600}


@dataclass(frozen=True)
class Rate:
    """`count` requests per `period` seconds; a burst of up to `count` is allowed."""

    count: int
    period: float

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """`"120/1m"`, `"20/m"`, `"10/30s"`, `"1000/1h"`; `"off"` (or `0/...`) means no limit."""
        if text.strip().lower() == "off":
            return None
        match = _RATE.match(text)
        if not match:
            raise ValueError(f"{text!r}: use COUNT/PERIOD (120/1m, 10/30s, 1000/1h) or off")
        count, amount, unit = int(match.group(1)), int(match.group(2) or 1), match.group(3)
        if amount == 0:
            raise ValueError(f"{text!r}: the period must be longer than 0")
        return None if count == 0 else cls(count, amount * _SECONDS[unit])

    @property
    def per_second(self) -> float:
        """Tokens added back each second."""
        return self.count / self.period

    def __str__(self) -> str:
        return f"{self.count} per {self.period:g} s"


@dataclass(frozen=True)
class RateLimits:
    """The gateway's budgets per kind of request; None: that kind is not limited."""

    writes: Rate | None
    chat: Rate | None
    mcp: Rate | None
    unauthenticated: Rate | None


class _Bucket:
    __slots__ = ("tokens", "updated")

    def __init__(self, tokens: float, updated: float) -> None:
        self.tokens = tokens
        self.updated = updated


class TokenBuckets:
    """One token bucket per key; `take(key)` is 0 when allowed, else the seconds to wait.

    Only the event loop's thread calls it and it never awaits, so no lock is needed and one
    key's traffic never waits on another's. Keys are kept in least-recently-used order: a
    bucket idle long enough to be full again is the same as no bucket and is dropped, and at
    most `max_keys` are kept (the oldest go first, which only ever gives a caller a full bucket).
    """

    def __init__(
        self,
        rate: Rate,
        *,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.max_keys = max_keys
        self._clock = clock
        self._refill_all = rate.period  # from empty to full
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str) -> float:
        """Spend one token of `key`'s bucket: 0.0 if there was one, else seconds until there is."""
        now = self._clock()
        self._expire(now)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = _Bucket(float(self.rate.count), now)
            self._buckets[key] = bucket
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            elapsed = now - bucket.updated
            bucket.tokens = min(self.rate.count, bucket.tokens + elapsed * self.rate.per_second)
            bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate.per_second

    def empty(self, key: str) -> bool:
        """Whether `key` has no token left right now (without spending one)."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return False
        elapsed = self._clock() - bucket.updated
        return bucket.tokens + elapsed * self.rate.per_second < 1

    def _expire(self, now: float) -> None:
        # Least recently used first: stop at the first bucket that may still be short of full.
        while self._buckets:
            key, oldest = next(iter(self._buckets.items()))
            if now - oldest.updated < self._refill_all:
                return
            del self._buckets[key]


def retry_after(wait: float) -> int:
    """`Retry-After` in whole seconds, at least 1: after it a token is surely back."""
    return max(1, math.ceil(wait))
