"""The offline model never fails on what a user types: any text, after any shown list.

Messages are built from the grammar's own words (dates, rules, reminders, tags, commands,
numbers, punctuation) mixed with arbitrary text, so that the parsers' combinations are
reached; each must give a decision whose calls the tools accept, never an exception.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.agent.offline import decide, read_conversation
from tests.unit.quickadd_cases import ADDED, NOW, PARAMETERS, SHOWN, ZONE, user

WORDS = (
    "add remind me to every other monday at 5pm tomorrow tonight in 10 minutes before after "
    "the day before until for times p1 p4 !! #home @work tag it untag remove delete complete "
    "done move to friday postpone by a week bring forward prepone rename as and , ; : "
    "first second last one it both them all of how many what's due overdue show list find "
    "skip this week's yes no undo thanks bye hi 1 2 3 12 31 2027-01-09 24/12 half past four "
    "quarter to nine noon midnight eod morning evening night every! ev last fri month year "
    "1st 15th of each weekday fortnightly quarterly hourly 3 hours priority high low urgent "
    "not urgent no rush milk eggs bread call mom dentist gym report the a my I've I called "
    "set a reminder for 9:30 ping 10 min with change rename it and make it due is now on"
).split()
MESSAGES = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=6)), min_size=1, max_size=14
).map(" ".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=MESSAGES, history=st.sampled_from([[], SHOWN, ADDED]))
def test_any_message_gets_a_decision_the_tools_accept(
    message: str, history: list[dict[str, object]]
) -> None:
    decision = decide(read_conversation([*history, user(message)]), now=NOW, tz=ZONE)
    assert decision.calls or decision.text
    for call in decision.calls:
        assert call.name in PARAMETERS
        assert set(call.arguments) <= PARAMETERS[call.name], (message, call)
        json.dumps(call.arguments)
        if call.name == "add_task":
            assert str(call.arguments.get("title", "")).strip(), (message, call)
