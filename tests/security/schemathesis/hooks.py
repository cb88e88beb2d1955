"""Checks of our own, added to schemathesis' built-in ones for the whole run."""

from __future__ import annotations

import json
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
    if "Traceback" in response.text or "File \"" in response.text:
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
