"""Keyset cursors: what goes in comes out, and anything else is an InvalidCursor, never a crash."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from core.cursor import decode_cursor, encode_cursor, fingerprint
from core.errors import InvalidCursor

PRINT = fingerprint({"owner": "alice", "sort": "due", "order": "asc"})
ID = uuid.UUID("6f1f7c52-1234-4000-8000-00000000abcd")


def raw(payload: Any) -> str:
    """A cursor with exactly this JSON inside, as a client could forge it."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def payload_of(cursor: str) -> dict[str, Any]:
    return dict(json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))))


@pytest.mark.parametrize(
    ("values", "kinds"),
    [
        ([datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC), ID], ["datetime", "uuid"]),
        ([None, ID], ["datetime", "uuid"]),
        ([4, datetime(2030, 1, 1, tzinfo=UTC), ID], ["int", "datetime", "uuid"]),
        ([0, None, ID], ["int", "datetime", "uuid"]),
        (["buy groceries", ID], ["str", "uuid"]),
        (["", ID], ["str", "uuid"]),
        (['ünïcödé 😀 "quotes" \\ and / slashes', ID], ["str", "uuid"]),
        ([0.0, ID], ["float", "uuid"]),
        ([1.2345678901234567, ID], ["float", "uuid"]),
        ([1e-300, ID], ["float", "uuid"]),
        ([0.1 + 0.2, ID], ["float", "uuid"]),
        ([uuid.UUID(int=0)], ["uuid"]),
    ],
)
def test_roundtrip_of_every_kind(values: list[Any], kinds: list[str]) -> None:
    cursor = encode_cursor(PRINT, values, kinds)
    assert decode_cursor(cursor, PRINT, kinds) == values


def test_float_keys_come_back_bit_for_bit() -> None:
    # A relevance score that lost a bit would skip or repeat rows at the page boundary.
    for score in (0.1, 1 / 3, 2.0000000000000004, 1.7976931348623157e308, 5e-324):
        back = decode_cursor(encode_cursor(PRINT, [score], ["float"]), PRINT, ["float"])
        assert back == [score] and back[0].hex() == score.hex()


def test_times_come_back_as_the_same_instant_in_utc() -> None:
    berlin = datetime(2026, 7, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    [back] = decode_cursor(encode_cursor(PRINT, [berlin], ["datetime"]), PRINT, ["datetime"])
    assert back == berlin and back.utcoffset() == timedelta(0)


def test_cursor_is_url_safe_and_unpadded() -> None:
    for text in ("", "a", "ab", "abc", "???>>>~~~", "ÿÿÿ"):
        cursor = encode_cursor(PRINT, [text, ID], ["str", "uuid"])
        assert not set(cursor) - set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        )
        assert decode_cursor(cursor, PRINT, ["str", "uuid"]) == [text, ID]


def test_decoding_accepts_padding_a_client_added() -> None:
    cursor = encode_cursor(PRINT, ["ab", ID], ["str", "uuid"])
    padded = cursor + "=" * (-len(cursor) % 4)
    assert decode_cursor(padded, PRINT, ["str", "uuid"]) == ["ab", ID]


def test_fingerprint_is_stable_and_tells_queries_apart() -> None:
    shape = {"owner": "alice", "q": None, "tag": ["a", "b"], "sort": "due", "order": "asc"}
    assert fingerprint(shape) == fingerprint(dict(reversed(list(shape.items()))))
    assert fingerprint(shape) != fingerprint({**shape, "owner": "bob"})
    assert fingerprint(shape) != fingerprint({**shape, "order": "desc"})
    assert fingerprint(shape) != fingerprint({**shape, "tag": ["a"]})
    assert fingerprint(shape) != fingerprint({**shape, "q": ""})


def test_a_cursor_of_another_query_says_so() -> None:
    cursor = encode_cursor(PRINT, [None, ID], ["datetime", "uuid"])
    other = fingerprint({"owner": "bob", "sort": "due", "order": "asc"})
    with pytest.raises(InvalidCursor, match="different query") as caught:
        decode_cursor(cursor, other, ["datetime", "uuid"])
    assert caught.value.field == "cursor" and caught.value.code == "invalid_cursor"


def test_another_query_is_named_even_when_its_values_differ_in_kind() -> None:
    # A title cursor offered to a due-date query: the query is what is wrong, not the value.
    cursor = encode_cursor(PRINT, ["buy", ID], ["str", "uuid"])
    other = fingerprint({"owner": "alice", "sort": "due", "order": "desc"})
    with pytest.raises(InvalidCursor, match="different query"):
        decode_cursor(cursor, other, ["datetime", "uuid"])


GOOD = encode_cursor(PRINT, [datetime(2026, 3, 1, tzinfo=UTC), ID], ["datetime", "uuid"])
GOOD_PAYLOAD = payload_of(GOOD)


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("", id="empty"),
        pytest.param("x", id="one-char"),
        pytest.param("!!!!", id="not-base64"),
        pytest.param("a b c d", id="spaces"),
        pytest.param(GOOD[:-5], id="truncated"),
        pytest.param(GOOD[:10] + "$" + GOOD[11:], id="bad-char"),
        pytest.param(GOOD.swapcase(), id="swapped-case"),
        pytest.param(base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(), id="not-utf8"),
        pytest.param(raw("just a string"), id="json-string"),
        pytest.param(raw([1, 2]), id="json-list"),
        pytest.param(raw(None), id="json-null"),
        pytest.param(raw({}), id="json-empty-object"),
        pytest.param(base64.urlsafe_b64encode(b"[" * 1500).decode(), id="deep-nesting"),
    ],
)
def test_garbage_is_refused(cursor: str) -> None:
    with pytest.raises(InvalidCursor) as caught:
        decode_cursor(cursor, PRINT, ["datetime", "uuid"])
    assert caught.value.code == "invalid_cursor"


@pytest.mark.parametrize("version", [None, 0, 2, "1", 1.0, True, [1]], ids=lambda v: f"v={v!r}")
def test_unknown_versions_are_refused(version: Any) -> None:
    payload = {**GOOD_PAYLOAD, "v": version}
    with pytest.raises(InvalidCursor, match="not valid"):
        decode_cursor(raw(payload), PRINT, ["datetime", "uuid"])


def test_missing_version_is_refused() -> None:
    payload = {key: value for key, value in GOOD_PAYLOAD.items() if key != "v"}
    with pytest.raises(InvalidCursor):
        decode_cursor(raw(payload), PRINT, ["datetime", "uuid"])


@pytest.mark.parametrize("query_print", [None, "", PRINT[:-1], PRINT.upper(), 7])
def test_a_tampered_fingerprint_is_refused(query_print: Any) -> None:
    payload = {**GOOD_PAYLOAD, "q": query_print}
    with pytest.raises(InvalidCursor, match="different query"):
        decode_cursor(raw(payload), PRINT, ["datetime", "uuid"])


def test_the_decoder_checks_the_kinds_it_is_asked_for() -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(GOOD, PRINT, ["datetime", "uuid", "uuid"])
    with pytest.raises(InvalidCursor):
        decode_cursor(GOOD, PRINT, ["int", "uuid"])


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("datetime", "2026-03-01T00:00:00"),  # naive: which zone?
        ("datetime", "yesterday"),
        ("datetime", "2026-02-30T00:00:00+00:00"),
        ("datetime", "0001-01-01T00:00:00+01:00"),  # before year 1 in UTC
        ("datetime", "9999-12-31T23:59:59-14:00"),  # after year 9999 in UTC
        ("datetime", 1767225600),
        ("uuid", "not-a-uuid"),
        ("uuid", 12),
        ("uuid", ["6f1f7c52-1234-4000-8000-00000000abcd"]),
        ("int", "3"),
        ("int", 3.5),
        ("int", True),
        ("float", "0.5"),
        ("float", False),
        ("float", float("nan")),
        ("float", float("inf")),
        ("float", float("-inf")),
        ("str", 5),
        ("str", "nul\u0000inside"),
        ("str", "\ud800"),  # a lone surrogate that json.loads accepts from "\ud800"
        ("str", {"a": 1}),
    ],
)
def test_values_of_the_wrong_kind_are_refused(kind: str, value: Any) -> None:
    cursor = raw({"v": 1, "q": PRINT, "k": [value]})
    with pytest.raises(InvalidCursor, match="not valid"):
        decode_cursor(cursor, PRINT, [kind])


@pytest.mark.parametrize("kind", ["datetime", "uuid", "int", "float", "str"])
def test_null_values_pass_through_for_the_caller_to_judge(kind: str) -> None:
    # NULL is a real due date; whether a key may be NULL is the search's rule, not the cursor's.
    assert decode_cursor(raw({"v": 1, "q": PRINT, "k": [None]}), PRINT, [kind]) == [None]


def test_encoding_refuses_values_and_kinds_of_different_lengths() -> None:
    with pytest.raises(ValueError):
        encode_cursor(PRINT, [1, 2], ["int"])
