"""Token buckets and the rate setting's format (pure, on a fake clock)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.rate_limits import Rate, TokenBuckets, retry_after
from gateway.settings import Settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("text", "count", "period"),
    [("120/1m", 120, 60), ("20/m", 20, 60), ("10/30s", 10, 30), (" 5 / 2h ", 5, 7200)],
)
def test_rates_parse(text: str, count: int, period: float) -> None:
    assert Rate.parse(text) == Rate(count, period)


@pytest.mark.parametrize("text", ["off", "OFF", "0/1m"])
def test_off_means_no_limit(text: str) -> None:
    assert Rate.parse(text) is None


@pytest.mark.parametrize("text", ["", "lots", "10", "10/0s", "10/1d", "-1/1m", "1.5/1m"])
def test_bad_rates_are_refused_naming_the_setting(text: str) -> None:
    with pytest.raises(ValidationError, match="rate_limit_writes"):
        Settings(rate_limit_writes=text)


def test_a_burst_then_the_refill_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(Rate(3, 6), clock=clock)  # burst 3, then one every 2 s
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = buckets.take("a")
    assert wait == pytest.approx(2.0)
    assert retry_after(wait) == 2
    assert buckets.take("b") == 0.0  # another key has its own bucket
    clock.now += 1.0
    assert buckets.take("a") == pytest.approx(1.0)  # half a token is back, not a whole one
    clock.now += 1.0
    assert buckets.take("a") == 0.0


def test_retry_after_is_a_whole_second_at_least() -> None:
    assert retry_after(0.01) == 1
    assert retry_after(1.2) == 2


def test_idle_buckets_are_dropped_once_full_again() -> None:
    clock = Clock()
    buckets = TokenBuckets(Rate(2, 10), clock=clock)
    for key in ("a", "b", "c"):
        buckets.take(key)
    assert len(buckets) == 3
    clock.now += 9.0
    buckets.take("c")
    assert len(buckets) == 3  # not yet refilled
    clock.now += 1.0
    buckets.take("c")
    assert len(buckets) == 1  # a and b are full again: same as no bucket


def test_memory_is_bounded_by_max_keys() -> None:
    clock = Clock()
    buckets = TokenBuckets(Rate(1, 60), max_keys=100, clock=clock)
    for n in range(1000):
        buckets.take(f"user-{n}")
    assert len(buckets) == 100
    assert buckets.take("user-999") > 0  # the newest keys are the ones kept


def test_empty_does_not_spend() -> None:
    clock = Clock()
    buckets = TokenBuckets(Rate(1, 60), clock=clock)
    assert not buckets.empty("a")
    buckets.take("a")
    assert buckets.empty("a") and buckets.empty("a")
    clock.now += 60
    assert not buckets.empty("a")
