"""The shared waits (tests/support/waits.py): they return the first result that holds, fail at
the deadline naming what never happened, and do not wait out a condition that crashed."""

from __future__ import annotations

import pytest

from tests.support.waits import NotInTime, eventually, eventually_async, latest_async


def counter(holds_from: int) -> tuple[list[int], object]:
    calls = [0]

    def condition() -> int:
        calls[0] += 1
        return calls[0] if calls[0] >= holds_from else 0

    return calls, condition


def test_eventually_returns_the_first_truthy_result() -> None:
    calls, condition = counter(3)
    assert eventually(condition, 5, "the third call", interval=0.001) == 3  # type: ignore[arg-type]
    assert calls == [3]


def test_eventually_fails_at_the_deadline_with_the_last_check() -> None:
    def never() -> bool:
        raise AssertionError("still empty")

    with pytest.raises(NotInTime, match=r"(?s)rows arrived: not within 0.05 s.*still empty"):
        eventually(never, 0.05, "rows arrived", interval=0.001, details=lambda: "LOG")


def test_eventually_does_not_wait_out_a_crash() -> None:
    def crashed() -> bool:
        raise RuntimeError("process exited")

    with pytest.raises(RuntimeError, match="process exited"):
        eventually(crashed, 60, "never waited for")


async def test_eventually_async_takes_plain_and_async_conditions() -> None:
    calls = [0]

    async def later() -> str:
        calls[0] += 1
        return "done" if calls[0] >= 2 else ""

    assert await eventually_async(later, 5, "async", interval=0.001) == "done"
    assert await eventually_async(lambda: ["x"], 5, "plain") == ["x"]
    with pytest.raises(NotInTime, match=r"(?s)empty: .*last result: \[\].*LOG"):
        await eventually_async(lambda: [], 0.05, "empty", interval=0.001, details=lambda: "LOG")


async def test_latest_async_returns_what_was_there_at_the_deadline() -> None:
    async def fetch() -> list[int]:
        return [1]

    assert await latest_async(fetch, lambda got: len(got) >= 2, 0.05, interval=0.001) == [1]
    assert await latest_async(fetch, bool, 5) == [1]
