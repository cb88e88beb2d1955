"""Signed internal deliveries: an HMAC-SHA256 in the `todosig` CloudEvent extension attribute.

The relay signs each event when it turns an outbox row into a CloudEvent; the router's binding
endpoint and every function verify it before acting (401 otherwise). The signature rides inside
the event, not in an HTTP header, because Dapr's Kafka binding carries only the record's value:
an extension attribute survives Kafka, the router, dead letters and their replays unchanged.

A replay of a genuine signed event is harmless: every function dedupes on its source + id
(`core.store.processed.first_delivery`), so the signature need not carry a nonce or expiry.

Keys: `EVENT_SIGNING_KEY` holds one or more comma-separated keys; the first signs, all verify,
so a key is rotated by putting the new one first and dropping the old one once no event signed
with it is left in Kafka or the dead letters. Cluster mode requires it; the embedded system
makes one per data folder (`event_key_ring`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cloudevents.http import CloudEvent

from core.secret_file import create_once

SIGNATURE = "todosig"
VERSION = "v1"
KEY_ENV = "EVENT_SIGNING_KEY"
KEY_FILE = Path("auth") / "event-signing-key"
# What the signature covers, besides the data: every attribute a function or the audit log acts
# on. `partitionkey` and `dataschema` only steer routing and documentation, `traceparent` and
# `tracestate` only where a trace's spans hang (core/tracing.py).
SIGNED_ATTRIBUTES = ("id", "type", "source", "time", "subject", "datacontenttype")


class MissingSigningKey(RuntimeError):
    """No EVENT_SIGNING_KEY where one is required."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"{KEY_ENV} is not set: {where} needs the key that signs internal events "
            "(a long random string, e.g. `openssl rand -hex 32`; in the cluster from the "
            "todo-secrets secret)"
        )


class BadSignature(ValueError):
    """The event carries no signature, or none that one of our keys made."""


@dataclass(frozen=True)
class KeyRing:
    """Signing keys: the first signs, every one verifies."""

    keys: tuple[bytes, ...]

    def __post_init__(self) -> None:
        if not self.keys or any(len(key) < 16 for key in self.keys):
            raise ValueError(f"{KEY_ENV} needs at least one key of 16 or more characters")

    @classmethod
    def parse(cls, value: str) -> KeyRing:
        """Keys from the comma-separated form of EVENT_SIGNING_KEY."""
        return cls(tuple(part.strip().encode() for part in value.split(",") if part.strip()))

    def sign(self, event: CloudEvent) -> CloudEvent:
        """Set the event's `todosig` with the first key; returns the same event."""
        event[SIGNATURE] = _signature(self.keys[0], event)
        return event

    def verify(self, event: CloudEvent) -> None:
        """Raise BadSignature unless one of the keys made the event's `todosig`."""
        given = event.get(SIGNATURE)
        if not isinstance(given, str) or not given:
            raise BadSignature("the event is not signed")
        # compare_digest takes the same time wherever the strings differ: no timing oracle.
        if not any(hmac.compare_digest(given, _signature(key, event)) for key in self.keys):
            raise BadSignature("the event's signature does not match")

    def derive(self, purpose: str) -> KeyRing:
        """Keys for another purpose (the audit chain), so no key is used for two things."""
        return KeyRing(
            tuple(hmac.new(key, purpose.encode(), hashlib.sha256).digest() for key in self.keys)
        )


def canonical(event: CloudEvent) -> bytes:
    """The signed bytes: the attributes, then the data as canonical JSON (or raw bytes).

    Structured and binary HTTP parse the same JSON data into the same value, so a signature
    made over the relay's structured JSON holds for either encoding.
    """
    head = json.dumps([event.get(name) or "" for name in SIGNED_ATTRIBUTES], ensure_ascii=False)
    data = event.get_data()
    if isinstance(data, bytes):
        body = data
    else:
        body = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return head.encode() + b"\n" + body


def _signature(key: bytes, event: CloudEvent) -> str:
    digest = hmac.new(key, canonical(event), hashlib.sha256).digest()
    return f"{VERSION}={base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"


# The process's ring. Set by whoever starts the process (the gateway's embedded system, `todo
# eventing`); a function started by functions-framework reads EVENT_SIGNING_KEY on first use.
_ring: KeyRing | None = None


def install(ring: KeyRing | None) -> None:
    """Make `ring` the keys this process signs and verifies with (None: EVENT_SIGNING_KEY)."""
    global _ring  # one ring per process, like the cached settings
    _ring = ring


def current_ring(where: str = "this process") -> KeyRing:
    """The installed ring, else EVENT_SIGNING_KEY; MissingSigningKey if neither."""
    if _ring is not None:
        return _ring
    value = os.environ.get(KEY_ENV, "")
    if not value.strip():
        raise MissingSigningKey(where)
    return KeyRing.parse(value)


def event_key_ring(data_dir: Path, configured: str | None = None) -> KeyRing:
    """The embedded system's keys: EVENT_SIGNING_KEY if set, else the data folder's own key."""
    if configured and configured.strip():
        return KeyRing.parse(configured)
    return KeyRing((_load_or_create(data_dir / KEY_FILE),))


def _load_or_create(path: Path) -> bytes:
    if not path.exists():
        create_once(path, secrets.token_hex(32).encode())
    return path.read_text().strip().encode()
