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
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:also\s+|then\s+)?"
# ", and also make it urgent", " and then rename it to ...", ", tag it #work"
_NEXT_CLAUSE = re.compile(
    _JOIN + r"(?=" + _EDIT_VERB + r"\s+(?:(?:the\s+)?(?:title|name|priority|due\s+date)\s+of\s+)?"
    r"(?:it|them)\b|remind\s+me\b)|\s+(?=with\s+(?:a\s+)?reminders?\b)",
    re.IGNORECASE,
)
# " and make urgent", " and move to thursday": "it" left out; a clause only if it reads as one.
_IMPLIED = re.compile(_JOIN + r"(?P<verb>" + _EDIT_VERB + r")\s+(?!it\b|them\b)", re.IGNORECASE)
# " and the title to Y", " and its priority to low": the first clause's "change" again.
_FIELD = re.compile(
    _JOIN + r"(?:the|its)\s+(?P<field>title|name|priority|due\s+date|deadline)\s+to\s+",
    re.IGNORECASE,
)
_RENAME_IT = re.compile(r"^(?:call|name|rename|retitle)\s+it\s+(?!to\b|as\b|into\b)", re.IGNORECASE)
_UPDATES = ("update", "postpone", "tag", "untag", "remind")
ASK = (
    "I could not work out all of that change, so I changed nothing. Say it in steps, e.g. "
    "“move dentist to friday”, then “make it urgent”."
)


def clauses(text: str) -> list[str]:
    """The clauses of a compound edit; one clause when it is not one."""
    text = _FIELD.sub(lambda m: f" and change the {_field(m['field'])} of it to ", text)
    parts = [part.strip() for part in _NEXT_CLAUSE.split(text) if part.strip()]
    # In a later clause "call it Q4 report" and "rename it Q4 report" can only be a rename.
    later = [_RENAME_IT.sub("rename it to ", part) for part in parts[1:]]
    # "with a reminder an hour before" is "remind me an hour before" of the same task.
    later = [re.sub(r"^with\s+(?:a\s+)?reminders?\s+", "remind me ", p, flags=re.I) for p in later]
    return parts[:1] + later


def with_it(text: str) -> str:
    """ "move 1 to friday and make urgent" -> "... and make it urgent": "it" put back, for a
    second try when `clauses` found one clause; the caller keeps the result only if every
    clause then reads as an edit ("rename 2 to milk and make dinner" stays one rename)."""
    return _IMPLIED.sub(lambda m: f" and {m['verb']} it ", text)


def _field(word: str) -> str:
    return "due date" if word.lower() in ("due date", "deadline") else word.lower()


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
        if command is not first and any(t.kind != "it" for t in command.targets):
            return Say(ASK)  # "... and move gym too" names another task: not one update
        changes.update(command.changes)
        if command.action == "tag":
            changes["add_tags"] = (*changes.get("add_tags", ()), *command.tags)  # type: ignore[misc]
        if command.action == "untag":
            changes["drop_tags"] = (*changes.get("drop_tags", ()), *command.tags)  # type: ignore[misc]
        if command.action == "remind":
            changes.pop("replace", None)
        if command.action == "postpone":
            shift = command.shift or relativedelta(days=1)
    return Act(action="update", targets=first.targets, changes=changes, shift=shift)
