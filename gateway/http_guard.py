"""uvicorn's HTTP protocol with a request-head size limit and read deadlines (slowloris).

uvicorn (with httptools, its default parser) has no limit on the size of a request's head
and no deadline for receiving it or the body: its keep-alive timer starts only after a
response and is cancelled by any byte that arrives, so a client sending one header byte a
second, or nothing at all after connecting, holds a connection for ever. `h11_max_incomplete_
event_size` applies only to the slower pure-Python h11 parser. This subclass of uvicorn's
httptools protocol adds:

- `max_head_bytes`: a request line + headers larger than this gets 431 and the connection
  is closed;
- `head_timeout`: the whole head must arrive within this many seconds of the connection
  opening (or of the next request's first byte), else 408 and close;
- `body_timeout`: the whole body must arrive within this many seconds after the head, else
  408 (if no answer has started) and close; the handler sees a disconnect.

Once a request is read (or upgraded to a WebSocket) no deadline applies: answers may stream.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("gateway.http")

_REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with head size and read deadlines (see the module doc)."""

    max_head_bytes = 32 * 1024
    head_timeout = 10.0
    body_timeout = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0
        self._tail = b""
        self._reading_head = True
        self._deadline: asyncio.TimerHandle | None = None

    @classmethod
    def configured(
        cls, *, max_head_bytes: int, head_timeout: float, body_timeout: float
    ) -> type[GuardedHttpProtocol]:
        """A subclass with these limits (uvicorn takes a protocol class, not an instance)."""
        attributes = {
            "max_head_bytes": max_head_bytes,
            "head_timeout": head_timeout,
            "body_timeout": body_timeout,
        }
        return type("GuardedHttpProtocol", (cls,), attributes)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.head_timeout, self._head_too_slow)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._reading_head:
            # Count the bytes up to the blank line that ends the head (it may straddle two
            # chunks), before the parser sees them: a head of any size can come in one chunk.
            window = self._tail + data
            end = window.find(b"\r\n\r\n")
            self._head_bytes += len(data) if end < 0 else max(0, end + 4 - len(self._tail))
            self._tail = window[-3:]
            if self._head_bytes > self.max_head_bytes:
                log.info("request head too large", extra={"bytes": self._head_bytes})
                self._answer(431, f"request head larger than {self.max_head_bytes} bytes")
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_head = True
        if self._deadline is None:  # a keep-alive connection's next request
            self._arm(self.head_timeout, self._head_too_slow)

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._head_bytes = 0
        self._tail = b""
        self._arm(self.body_timeout, self._body_too_slow)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def handle_websocket_upgrade(self) -> None:
        self._disarm()
        super().handle_websocket_upgrade()

    def _arm(self, seconds: float, callback: Any) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, callback)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _head_too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered; the next head's deadline starts with it
        log.info("request head not received in time", extra={"seconds": self.head_timeout})
        self._answer(408, f"request head not received within {self.head_timeout:g} s")

    def _body_too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        log.info("request body not received in time", extra={"seconds": self.body_timeout})
        if self.cycle is not None and self.cycle.response_started:
            self.transport.close()
            return
        self._answer(408, f"request body not received within {self.body_timeout:g} s")

    def _answer(self, status: int, text: str) -> None:
        """A plain-text error and close: the ASGI app never saw (or no longer reads) it."""
        body = text.encode()
        head = [
            b"HTTP/1.1 %d %s\r\n" % (status, _REASONS[status]),
            b"content-type: text/plain; charset=utf-8\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n\r\n",
        ]
        if self.cycle is not None:
            self.cycle.response_complete = True  # the app's later answer, if any, is dropped
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        self.transport.write(b"".join(head) + body)
        self.transport.close()
