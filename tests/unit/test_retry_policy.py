"""The router's backoff: exponential, half of each wait random, capped; a predictable budget."""

from __future__ import annotations

from typing import cast

import pytest
from tenacity import BaseRetrying, RetryCallState

from eventing.delivery import RetryPolicy


def waits(policy: RetryPolicy) -> list[float]:
    """The waits between the attempts of one delivery that never succeeds."""
    strategy = policy.wait()
    # A bare state (no Retrying, no function): the wait strategies read only attempt_number.
    state = RetryCallState(cast("BaseRetrying", None), None, (), {})
    result = []
    for attempt in range(1, policy.max_attempts):
        state.attempt_number = attempt
        result.append(strategy(state))
    return result


@pytest.mark.parametrize(
    "policy", [RetryPolicy(), RetryPolicy(max_attempts=50, initial_backoff=0.1, max_backoff=1.0)]
)
def test_each_wait_is_between_half_and_all_of_its_exponential_step(policy: RetryPolicy) -> None:
    for _ in range(200):
        for attempt, wait in enumerate(waits(policy), start=1):
            step = min(policy.max_backoff, policy.initial_backoff * 2 ** (attempt - 1))
            assert step / 2 <= wait <= step, (attempt, wait)


def test_the_default_budget_rides_out_a_short_outage() -> None:
    budgets = [sum(waits(RetryPolicy())) for _ in range(500)]
    assert 20 < min(budgets) and max(budgets) < 45
    assert len({round(b, 3) for b in budgets}) > 400  # jittered: no two deliveries in step
