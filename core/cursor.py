"""Opaque keyset cursors: the last row's sort key plus a fingerprint of the query it belongs to.

The cursor is base64url JSON, not a secret; what matters is that a cursor from one query (or
one user) is refused by another instead of silently skipping or repeating rows.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import uuid
from datetime import UTC, datetime
from typing import Any

from core.errors import InvalidCursor

_VERSION = 1


def fingerprint(shape: dict[str, Any]) -> str:
    """A short stable digest of a query's filters, sort and order."""
    canonical = json.dumps(shape, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _dump(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return value.isoformat()
    if kind == "uuid":
        return str(value)
    if kind == "float":
        return float(value)
    return value


def _load(value: Any, kind: str) -> Any:
    """A JSON value back as `kind`, or ValueError if it is not one the database could take."""
    if value is None:
        return None
    if kind == "datetime" and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("naive time")
        # What we issue is UTC; an offset that pushes it past year 1..9999 cannot be bound.
        return moment.astimezone(UTC)
    if kind == "uuid" and isinstance(value, str):
        return uuid.UUID(value)
    if kind == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):  # json.loads takes NaN and Infinity; we never write them
            raise ValueError("not a finite number")
        return float(value)
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        if not -(2**63) <= value < 2**63:  # a forged cursor must not overflow bigint
            raise ValueError("int out of range")
        return value
    if kind == "str" and isinstance(value, str):
        if "\x00" in value:  # PostgreSQL text cannot hold NUL
            raise ValueError("NUL in text")
        value.encode()  # a lone surrogate from a \ud800 escape: UnicodeEncodeError
        return value
    raise ValueError(f"expected {kind}")


def encode_cursor(query_print: str, values: list[Any], kinds: list[str]) -> str:
    """The cursor that continues after a row whose sort key is `values`."""
    payload = {
        "v": _VERSION,
        "q": query_print,
        "k": [_dump(v, k) for v, k in zip(values, kinds, strict=True)],
    }
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# RecursionError: a cursor of 2,000 "[" nests deeper than json.loads will go.
_GARBLED = (ValueError, TypeError, OverflowError, RecursionError, binascii.Error)


def decode_cursor(cursor: str, query_print: str, kinds: list[str]) -> list[Any]:
    """The sort key inside `cursor`, or InvalidCursor if it is garbled or for another query."""
    garbled = InvalidCursor("cursor is not valid; start again without one", field="cursor")
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        payload = json.loads(raw)
    except _GARBLED:  # UnicodeDecodeError is a ValueError
        raise garbled from None
    version = payload.get("v") if isinstance(payload, dict) else None
    if type(version) is not int or version != _VERSION:  # True == 1, but is no version
        raise garbled
    # Checked before the values: another query's cursor has other kinds of values too, and
    # "different query" is the useful thing to say about it.
    if payload.get("q") != query_print:
        raise InvalidCursor(
            "this cursor belongs to a different query; keep q, filters, sort and order the same",
            field="cursor",
        )
    values = payload.get("k")
    if not isinstance(values, list) or len(values) != len(kinds):
        raise garbled
    try:
        return [_load(v, k) for v, k in zip(values, kinds, strict=True)]
    except _GARBLED:
        raise garbled from None
