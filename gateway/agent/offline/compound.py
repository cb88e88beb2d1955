"""Compound edits of one task: "change the priority of X to low and rename it to Y", "move X to
friday and make it urgent", "rename 2 to Y, tag it #work and move it to monday".

The first clause names the task; each later clause starts with an edit verb and "it". All of
them become ONE update carrying every field, so the task is looked up once and changed once.
"""

from __future__ import annotations

import re

from dateutil.relativedelta import relativedelta

from gateway.agent.offline.intents import Act, Command, Say

_EDIT_VERB = (
    r"(?:make|mark|set|move|rename|retitle|call|tag|label|untag|change|push|postpone|delay"
    r"|reschedule|bring|prepone|snooze|flag|shift|put|give|prioriti[sz]e|deprioriti[sz]e)"
)
# ", and also make it urgent", " and then rename it to ...", ", tag it #work"
_NEXT_CLAUSE = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:also\s+|then\s+)?(?=" + _EDIT_VERB + r"\s+(?:it|them)\b)",
    re.IGNORECASE,
)
_RENAME_IT = re.compile(r"^(?:call|name|rename|retitle)\s+it\s+(?!to\b|as\b|into\b)", re.IGNORECASE)
_UPDATES = ("update", "postpone", "tag", "untag")
ASK = (
    "I could not work out all of that change, so I changed nothing. Say it in steps, e.g. "
    "“move dentist to friday”, then “make it urgent”."
)


def clauses(text: str) -> list[str]:
    """The clauses of a compound edit; one clause when it is not one."""
    parts = [part.strip() for part in _NEXT_CLAUSE.split(text) if part.strip()]
    # In a later clause "call it Q4 report" and "rename it Q4 report" can only be a rename.
    return parts[:1] + [_RENAME_IT.sub("rename it to ", part) for part in parts[1:]]


def merge(commands: list[Command | None]) -> Command:
    """One update with the fields of every clause, on the task(s) the first clause names."""
    first = commands[0]
    if not isinstance(first, Act) or not first.targets:
        return Say(ASK)
    changes: dict[str, object] = {}
    shift: relativedelta | None = None
    for command in commands:
        if not isinstance(command, Act) or command.action not in _UPDATES:
            return Say(ASK)
        if command is not first and any(t.kind != "it" or t.query for t in command.targets):
            return Say(ASK)  # "... and move gym too" names another task: not one update
        changes.update(command.changes)
        if command.action == "tag":
            changes["add_tags"] = (*changes.get("add_tags", ()), *command.tags)  # type: ignore[misc]
        if command.action == "untag":
            changes["drop_tags"] = (*changes.get("drop_tags", ()), *command.tags)  # type: ignore[misc]
        if command.action == "postpone":
            shift = command.shift or relativedelta(days=1)
    return Act(action="update", targets=first.targets, changes=changes, shift=shift)
