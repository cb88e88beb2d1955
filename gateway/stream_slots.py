"""Per-user quota of open live-update streams (SSE and WebSocket together), per process.

Each stream holds a slot from opening to closing; a user at the limit is refused a new one
(429 on SSE, a close with a reason on WebSocket) until one of their streams closes. The count
is kept in this gateway process: with N replicas a user can hold up to N times the limit,
which still bounds what one user can take from a replica that others share.
"""

from __future__ import annotations

from collections import Counter

from gateway.errors import ApiError


class TooManyStreams(ApiError):
    """The user already has as many open streams as allowed."""

    status = 429
    code = "too_many_streams"


class StreamSlot:
    """One open stream's place in its user's quota; releasing twice is harmless."""

    def __init__(self, slots: StreamSlots, owner: str) -> None:
        self._slots = slots
        self._owner = owner
        self._held = True

    def release(self) -> None:
        """Give the slot back (the stream closed)."""
        if self._held:
            self._held = False
            self._slots._release(self._owner)


class StreamSlots:
    """How many streams each user has open here, at most `per_user`."""

    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._open: Counter[str] = Counter()

    def acquire(self, owner: str) -> StreamSlot:
        """A slot for a new stream of `owner`; raises TooManyStreams at the limit."""
        if self._open[owner] >= self.per_user:
            raise TooManyStreams(
                f"too many open live-update streams: at most {self.per_user} per user; "
                "close one first",
                headers={"Retry-After": "5"},
            )
        self._open[owner] += 1
        return StreamSlot(self, owner)

    def open_count(self, owner: str) -> int:
        """Streams `owner` has open in this process."""
        return self._open[owner]

    def _release(self, owner: str) -> None:
        self._open[owner] -= 1
        if self._open[owner] <= 0:
            del self._open[owner]
