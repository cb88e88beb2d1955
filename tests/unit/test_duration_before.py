"""core.nl.reminders.duration_before: the one reading of "30 minutes before" as a duration."""

from __future__ import annotations

import pytest

from core.nl.reminders import duration_before


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("30 minutes before", "PT30M"),
        ("30m", "PT30M"),
        ("2h", "PT2H"),
        ("1 hrs earlier", "PT1H"),
        ("an hour and a half before", "PT1H30M"),
        ("3 days prior", "P3D"),
        ("1 week", "P7D"),
        ("the day before", "P1D"),
    ],
)
def test_an_amount_before_is_an_iso_duration(text: str, duration: str) -> None:
    assert duration_before(text) == duration


@pytest.mark.parametrize("text", ["8am", "tomorrow", "before lunch", "30 minutes after", ""])
def test_anything_else_is_not_an_amount(text: str) -> None:
    assert duration_before(text) is None
