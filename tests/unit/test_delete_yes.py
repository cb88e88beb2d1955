"""Which chat message counts as the user's yes to a pending delete (gateway.confirmations)."""

from __future__ import annotations

import pytest

from gateway.confirmations import is_yes


@pytest.mark.parametrize(
    "message",
    ["yes", "Yes!", "YES.", "y", "yeah", "yep", "sure", "ok", "Okay", "confirm", "do it",
     "Delete it!", "go ahead", "  yes , do it ", "yes please", "ok. go ahead"],
)  # fmt: skip
def test_a_clear_yes(message: str) -> None:
    assert is_yes(message)


@pytest.mark.parametrize(
    "message",
    ["no", "nope", "", "?!", "yes, but rename it first", "yes delete everything",
     "actually add milk", "okay then delete the gym too", "yesterday", "why", "don't do it",
     "not sure"],
)  # fmt: skip
def test_anything_else_is_not(message: str) -> None:
    assert not is_yes(message)
