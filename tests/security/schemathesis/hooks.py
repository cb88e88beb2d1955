"""Checks of our own, added to schemathesis' built-in ones for the whole run."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import schemathesis


@schemathesis.check
def one_error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every error is `{"error": {"code", "message", ...}}` in JSON, never a stack trace."""
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"error body is not JSON: {response.content[:200]!r}") from None
    error = body.get("error") if isinstance(body, dict) else None
    if set(body) != {"error"} or not isinstance(error, dict):
        raise AssertionError(f"error body is not {{'error': {{...}}}}: {body}")
    if not (isinstance(error.get("code"), str) and isinstance(error.get("message"), str)):
        raise AssertionError(f"error without a code and a message: {body}")
    if "Traceback" in response.text or 'File "' in response.text:
        raise AssertionError("error body carries a stack trace")
    return None


# What JSON Schema cannot say, told to the generator instead. The document gives `date-time`
# and says in words that dates lie between 1900-01-01 and 2200-12-31 (UTC); JSON Schema has no
# bounds for formatted strings. Valid values are drawn from that range (any offset RFC 3339
# allows), so `positive_data_acceptance` tests what a client may really send; dates outside
# it are refused with a 422, which tests/security/test_date_range.py pins.
def _rfc3339_in_range() -> Any:
    from datetime import date

    from hypothesis import strategies as st

    days = st.dates(min_value=date(1900, 1, 2), max_value=date(2200, 12, 30))
    clock = st.tuples(
        st.integers(0, 23), st.integers(0, 59), st.integers(0, 59), st.integers(0, 999_999)
    )
    offset = st.just("Z") | st.builds(
        lambda sign, minutes: f"{sign}{minutes // 60:02d}:{minutes % 60:02d}",
        st.sampled_from("+-"),
        st.integers(0, 14 * 60),
    )

    def render(day: date, parts: tuple[int, int, int, int], zone: str) -> str:
        hour, minute, second, micro = parts
        fraction = f".{micro:06d}" if micro % 3 else ""
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{fraction}{zone}"

    return st.builds(render, days, clock, offset)


schemathesis.openapi.format("date-time", _rfc3339_in_range())


# Rules the document states only in words, because JSON Schema cannot say them: a value that
# fits its schema can still break one. `positive_data_acceptance` then sees a refusal of
# "valid" data. Such a failure is dropped only when the server's answer names exactly one of
# these rules for every field it refuses; any other refusal of valid data still fails the run.
# schemathesis counts what it drops in its summary.
RULES_IN_WORDS: tuple[tuple[str, int, str, re.Pattern[str]], ...] = (
    # An opaque cursor: only a `next_cursor` the query handed out is one.
    ("", 400, "cursor", re.compile(r"^cursor is not valid")),
    # RFC 5545 semantics (e.g. BYMONTHDAY=31 with FREQ=WEEKLY, no occurrence after the due date).
    ("", 422, r"recurrence(\.rule)?", re.compile(r".")),
    # A duration up to 366 days: the pattern bounds its shape, not its value.
    ("", 422, r"reminders\.\d+\.before", re.compile(r"at most 366 days")),
    # A webhook host must be a valid and public host, on a valid port: whether a name or
    # number is, RFC 3986, DNS and the address tables say (e.g. HTTP://0000 is 0.0.0.0).
    (
        "",
        422,
        "webhook_url",
        re.compile(r"public hosts|invalid port|not a valid URL|must be an http\(s\) URL"),
    ),
    # A search order that only means something with a search text.
    ("GET /api/tasks", 422, "sort", re.compile(r"sort=relevance needs a search text q")),
    # Free text in words: what it means (a date? a task with a rule in range?) is what the
    # parser is there to find out, so any refusal that names the text or what it read.
    ("POST /api/tasks/parse", 422, r".*", re.compile(r".")),
)


@schemathesis.hook
def filter_failure(ctx: Any, failure: Any, case: Any, response: Any) -> bool:
    """Keep every failure except a refusal that names only rules the document states in words."""
    if getattr(failure, "code", None) != "ST202":
        return True
    try:
        error = json.loads(response.content)["error"]
        fields = error.get("fields") or []
    except (ValueError, KeyError, TypeError):
        return True
    if not fields:
        return True
    for item in fields:
        if not any(
            operation in ("", case.operation.label)
            and response.status_code == status
            and re.fullmatch(field, str(item.get("field", "")))
            and message.search(str(item.get("message", "")))
            for operation, status, field, message in RULES_IN_WORDS
        ):
            return True
    if log := os.environ.get("SCHEMATHESIS_DROPPED"):  # the test tallies what was dropped
        with open(log, "a", encoding="utf-8") as dropped:
            names = sorted({str(item.get("field")) for item in fields})
            dropped.write(f"{case.operation.label} {response.status_code} {','.join(names)}\n")
    return False
