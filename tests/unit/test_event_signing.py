"""The event signature, the embedded key, the API's rules on event content, and the keyed
audit chain: pure functions, no I/O beyond a temporary folder."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cloudevents.http import from_http

from core import signing
from core.activity import GENESIS, entry_hash
from core.activity_chain import chain_keys, keyed_hash, verify_keyed_chain
from core.cloudevents import binary_http, build, structured_http
from core.event_rules import EventBreaksRules, check_event
from core.events import ReminderDue, TaskCreated, TaskSnapshot
from core.signing import (
    SIGNATURE,
    BadSignature,
    KeyRing,
    MissingSigningKey,
    current_ring,
    event_key_ring,
)

OLD, NEW = b"the-old-key-0123456789", b"the-new-key-0123456789"


def event(**data: Any) -> Any:
    return build(
        event_id="e-1", source="/todo/gateway", type="todo.task.created", subject="t-1",
        time=datetime(2026, 12, 5, 9, 0, tzinfo=UTC), dataschema="urn:x", partitionkey="alice",
        data={"task": {"title": "milk"}, "actor": "user", **data},
    )  # fmt: skip


@pytest.mark.parametrize("encode", [structured_http, binary_http])
def test_a_signature_survives_either_http_encoding(encode: Any) -> None:
    ring = KeyRing((NEW,))
    headers, body = encode(ring.sign(event()))
    ring.verify(from_http(dict(headers), body))  # as functions-framework reads it


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.__setitem__("id", "e-2"),
        lambda e: e.__setitem__("type", "todo.task.deleted"),
        lambda e: e.__setitem__("source", "/elsewhere"),
        lambda e: e.__setitem__("time", "2026-12-06T09:00:00+00:00"),
        lambda e: e.__setitem__("subject", "t-2"),
        lambda e: setattr(e, "data", {**e.data, "actor": "agent"}),
        lambda e: e.__setitem__(SIGNATURE, e[SIGNATURE][:-1] + "A"),
    ],
)
def test_any_change_after_signing_is_refused(change: Any) -> None:
    ring = KeyRing((NEW,))
    signed = ring.sign(event())
    change(signed)
    with pytest.raises(BadSignature):
        ring.verify(signed)


def test_unsigned_or_foreign_events_are_refused() -> None:
    with pytest.raises(BadSignature, match="not signed"):
        KeyRing((NEW,)).verify(event())
    with pytest.raises(BadSignature, match="does not match"):
        KeyRing((NEW,)).verify(KeyRing((OLD,)).sign(event()))


def test_rotation_signs_with_the_first_key_and_accepts_both() -> None:
    rotated = KeyRing.parse(f"{NEW.decode()}, {OLD.decode()}")
    rotated.verify(KeyRing((OLD,)).sign(event()))  # still in Kafka from before the rotation
    KeyRing((NEW,)).verify(rotated.sign(event()))


def test_short_or_missing_keys_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="16 or more"):
        KeyRing.parse("short")
    with pytest.raises(ValueError, match="at least one key"):
        KeyRing.parse(" , ")
    monkeypatch.delenv("EVENT_SIGNING_KEY", raising=False)
    monkeypatch.setattr(signing, "_ring", None)  # as in a function process: nothing installed
    with pytest.raises(MissingSigningKey, match="EVENT_SIGNING_KEY is not set: function x"):
        current_ring("function x")


def test_the_embedded_key_is_made_once_per_data_folder(tmp_path: Path) -> None:
    first = event_key_ring(tmp_path / "a")
    assert event_key_ring(tmp_path / "a") == first
    assert event_key_ring(tmp_path / "b") != first
    key_file = tmp_path / "a" / "auth" / "event-signing-key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert event_key_ring(tmp_path / "a", "configured-key-0123456789").keys == (
        b"configured-key-0123456789",
    )


def task(**fields: Any) -> TaskSnapshot:
    base: dict[str, Any] = {
        "id": "6f1c0b7e-2f49-4a55-9c51-7d3f7c1b2a10", "title": "milk", "description": "",
        "priority": "none", "tags": [], "due": "2031-01-01T09:00:00+00:00", "timezone": "UTC",
        "recurrence": None, "reminders": [], "completed": False, "completed_at": None,
        "series_id": None, "created_at": "2026-12-05T09:00:00+00:00",
        "updated_at": "2026-12-05T09:00:00+00:00", "owner": "alice",
    }  # fmt: skip
    return TaskSnapshot.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"reminders": [{"before": f"PT{n + 1}M"} for n in range(1000)]}, "at most 10"),
        ({"title": "x" * 501}, "longer than 500"),
        ({"tags": ["has space"]}, "invalid tag"),
        ({"due": "9999-01-01T00:00:00+00:00"}, "between 1900-01-01 and 2200-12-31"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_event_content_must_pass_the_apis_rules(fields: dict[str, Any], named: str) -> None:
    with pytest.raises(EventBreaksRules, match=named):
        check_event(TaskCreated(task=task(**fields), actor="user"))


def test_a_due_reminder_must_pass_the_apis_rules_too() -> None:
    due = {
        "task_id": "6f1c0b7e-2f49-4a55-9c51-7d3f7c1b2a10", "owner": "alice", "title": "milk",
        "fire_at": "2031-01-01T08:30:00+00:00", "due": None, "reminder_version": 0,
    }  # fmt: skip
    check_event(ReminderDue.model_validate({**due, "reminder": {"before": "PT30M"}}))
    for bad in ({"before": "PT30M", "x": "1"}, {"before": "P400D"}):
        with pytest.raises(EventBreaksRules):
            check_event(ReminderDue.model_validate({**due, "reminder": bad}))
    with pytest.raises(EventBreaksRules, match="title"):
        check_event(ReminderDue.model_validate({**due, "reminder": {}, "title": " "}))


def test_event_content_the_api_accepts_passes() -> None:
    check_event(TaskCreated(task=task(reminders=[{"before": "PT30M"}], tags=["home"]), actor="u"))


def chain(*hashers: Any) -> list[tuple[dict[str, Any], str, str]]:
    """Entries 1..n, each hashed by its hasher(prev_hash, content)."""
    entries, prev = [], GENESIS
    for seq, hasher in enumerate(hashers, start=1):
        content = {"owner": "alice", "seq": seq, "event_type": "todo.task.created"}
        stored = hasher(prev, content)
        entries.append((content, prev, stored))
        prev = stored
    return entries


KEYS = chain_keys(KeyRing((NEW,)))


def writer(prev: str, content: dict[str, Any]) -> str:
    return keyed_hash(KEYS.keys[0], prev, content)


def test_a_chain_written_before_keys_still_verifies_and_so_does_its_keyed_sequel() -> None:
    assert verify_keyed_chain("alice", chain(entry_hash, entry_hash), KEYS) == []
    assert verify_keyed_chain("alice", chain(entry_hash, entry_hash, writer, writer), KEYS) == []


def test_entries_the_writer_did_not_key_are_reported() -> None:
    forged = chain(entry_hash, writer, entry_hash)
    assert [(p.seq, p.problem) for p in verify_keyed_chain("alice", forged, KEYS)] == [
        (3, "not written by the audit writer (unkeyed after keyed)")
    ]
    other = chain_keys(KeyRing((OLD,)))
    problems = verify_keyed_chain("alice", chain(writer, writer), other)
    assert [p.seq for p in problems] == [1, 2]


def test_the_audit_key_is_not_the_event_key() -> None:
    assert KEYS.keys[0] != NEW
