"""The quick-add table (tests/unit/quickadd_table.py): each command gets the tool calls (or
reply) its row expects from the offline model, small talk is never a misunderstanding, and
every call is one the tools accept. Rows live in tests/unit/quickadd_rows_*.py; helpers and
the conventions rows follow in tests/unit/quickadd_cases.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.quickadd_cases import (
    PARAMETERS,
    Case,
    actual,
    mismatch,
)
from tests.unit.quickadd_table import TABLE

SMALL_TALK_REPLIES = (
    "Hi!",
    "Good afternoon!",
    "Good morning!",
    "Good evening!",
    "I can add",
    "You're welcome.",
    "Good night!",
    "Bye!",
    "I am the offline",
    "Fine, thanks.",
)


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 800


@pytest.mark.parametrize("case", TABLE, ids=[case.id for case in TABLE])
def test_command(case: Case) -> None:
    problem = mismatch(case, actual(case))
    assert not problem, problem


SMALL_TALK = [case for case in TABLE if case.reply.startswith(SMALL_TALK_REPLIES)]


def test_small_talk_is_never_a_misunderstanding() -> None:
    assert len(SMALL_TALK) >= 16
    for case in SMALL_TALK:
        assert "understand" not in actual(case).text, case.text


def test_pass_rate(record_property: Any, capsys: pytest.CaptureFixture[str]) -> None:
    failures = [(case.text, problem) for case in TABLE if (problem := mismatch(case, actual(case)))]
    passed = len(TABLE) - len(failures)
    rate = 100 * passed / len(TABLE)
    record_property("quickadd_pass_rate", f"{rate:.1f}")
    with capsys.disabled():
        print(f"\nquick-add table: {passed}/{len(TABLE)} commands pass ({rate:.1f}%)")
    assert failures == []


def test_every_call_is_one_the_tools_accept() -> None:
    """Whatever a row expects, each call the model makes names a real tool, passes only that
    tool's parameters and is plain JSON (what the Agents SDK sends over MCP)."""
    wrong = []
    for case in TABLE:
        for call in actual(case).calls:
            unknown = set(call.arguments) - PARAMETERS.get(call.name, set())
            try:
                json.dumps(call.arguments)
            except TypeError as exc:
                unknown.add(str(exc))
            if call.name not in PARAMETERS or unknown:
                wrong.append((case.id, call.name, sorted(unknown)))
    assert wrong == []
