"""Reminders on a task that already exists: "remind me about the dentist an hour before",
"add a reminder to 2 for 30 minutes before", "set a reminder on gym for 5pm", "also ping me
the day before".

The task is found as for any edit (list position, "it", or a title lookup); what update_task
then gets, and the reply, are in `reminder_changes`.
"""

from __future__ import annotations

import re
from datetime import datetime

from core.nl import find_when
from core.nl.reminder_times import Asked
from core.nl.reminders import AMOUNT, NOUN, amount_of, read_specs
from gateway.agent.offline.intents import Act, Command, Say, Target
from gateway.agent.offline.listing import parse_list
from gateway.agent.offline.targets import parse_targets

_I = re.IGNORECASE
_VERB = r"(?:remind|remember|ping|alert|notify|nudge|warn|buzz)\s+(?:me|us)"
_FILLER = (
    r"(?:(?:also|and|then|plus|but|please|pls|kindly|do|can\s+you|could\s+you"
    r"|make\s+sure(?:\s+(?:that\s+)?you)?|don'?t\s+forget\s+to)\s+)*"
)
# "remind me about X ...", "remind me to 2 ..." (unwrap turns "add a reminder to" into this).
_ABOUT = re.compile(
    r"^"
    + _FILLER
    + _VERB
    + r"(?:\s+(?:twice|again))?\s+(?P<prep>about|of|for|on|to)\s+(?P<rest>.+)$",
    _I,
)
# "set a reminder on gym for 5pm", "add another reminder to 2 at 6am".
_SET_ON = re.compile(
    r"^" + _FILLER + r"(?P<verb>(?:set|add|put|create|make|schedule|stick|place|give|send|get)"
    r"|i\s+(?:would\s+like|want|need)|(?:can|could|may)\s+i\s+(?:get|have))?\s*(?:me\s+|us\s+)?"
    r"(?:a|an|another|one\s+more|two)?\s*(?:new\s+|extra\s+|second\s+)?"
    r"(?:(?P<amount>" + AMOUNT + r")[\s-]+)?"  # "put a 30 min reminder on 1"
    r"(?P<noun>" + NOUN + r")\s+(?P<prep>on|to|for)\s+(?P<rest>.+)$",
    _I,
)
# "and at 8am too", "also a reminder 10 min before": more reminders for the task just named.
_ALSO = re.compile(
    r"^(?:(?:and|also|plus)\s+)+(?:(?:(?:give|send|set|get)\s+(?:me|us)\s+)?(?:a|an|another)\s+"
    + NOUN
    + r"\s+)?(?P<rest>.+)$"
    r"|^(?:a|an|another)\s+" + NOUN + r"\s+(?P<only>.+)$",
    _I,
)
# "also remind me 10 minutes before", "remind me an hour before the dentist": the reminder
# words come first, then the task (or none: the task just named).
_FIRST = re.compile(
    r"^(?P<more>" + _FILLER + r")" + _VERB + r"(?P<again>\s+(?:again|twice))?\s+(?P<rest>.+)$", _I
)
_DATED = re.compile(r"\d|\b(?:to|every|each)\b", _I)
_TOO = re.compile(r"\s*(?:,?\s*(?:too|as\s+well|also|please|thanks))*\s*$", _I)


# "remove the reminders from 1", "clear the reminder on the dentist", "change the reminder on 1
# to 2 hours before": the task's reminders are replaced, not added to.
_NOUNS = (
    r"(?:(?:all\s+)?(?:the\s+|my\s+|its\s+|any\s+)?(?:reminders?|alerts?|notifications?|alarms?))"
)
_CLEAR = re.compile(
    r"^(?:remove|delete|clear|drop|cancel|turn\s+off|get\s+rid\s+of|no\s+more)\s+"
    + _NOUNS
    + r"(?:\s+(?:from|on|for|of|in)\s+(?P<target>.+))?$",
    _I,
)
_REPLACE = re.compile(
    r"^(?:change|move|set|update|make|switch)\s+"
    + _NOUNS
    + r"(?:\s+(?:on|for|of|in)\s+(?P<target>.+?))?\s+to\s+(?P<specs>.+)$",
    _I,
)
# "remind me what's on tomorrow", "remind me of my tasks for today": a question about the list.
_AGENDA = re.compile(
    r"^(?:please\s+)?remind\s+me\s+(?:of\s+|about\s+)?(?:what(?:'s|\s+is|\s+i\s+have)?"
    r"(?:\s+(?:on|due|planned|left))?|(?:all\s+)?(?:my|the)\s+(?:tasks|todos|to-dos|schedule"
    r"|agenda|plans?)|my\s+day|everything|anything)(?P<rest>(?:\s+.*)?)$",
    _I,
)


def parse_reminder_edit(text: str, now: datetime, tz: str) -> Command | None:
    """An Act "remind" for a reminder on an existing task, or None when `text` is not one."""
    agenda = _AGENDA.match(text)
    listed = agenda and parse_list("what do i have" + agenda["rest"], now=now, tz=tz)
    if listed:
        return listed
    changed = _CLEAR.match(text) or _REPLACE.match(text)
    if changed is not None:
        return _replaced(changed)
    match = _ABOUT.match(text) or _SET_ON.match(text)
    if match is not None:
        return _named_first(match)
    first = _FIRST.match(text)
    if first is not None:
        return _reminder_first(first)
    also = _ALSO.match(text)
    return _more_for_it(also["rest"] or also["only"]) if also is not None else None


def _replaced(match: re.Match[str]) -> Act | Say | None:
    """ "remove the reminders from 1" (none left), "change the reminder on 1 to 8am"."""
    targets = parse_targets(match["target"]) if match["target"] else (Target(kind="it"),)
    if not targets:
        return None
    specs: list[Asked] = []
    if "specs" in match.groupdict():
        said = _TOO.sub("", match["specs"])
        specs, end = read_specs(said, 0, split=True)
        if not specs or said[end:].strip(" ,."):
            return Say(
                "When should the reminder be? Say e.g. “change the reminder on 1 to 2 hours "
                "before”."
            )
    changes = {"remind": tuple(specs), "replace": True}
    return Act(action="remind", targets=targets, changes=changes)


def _named_first(match: re.Match[str]) -> Act | None:
    """ "remind me about the dentist an hour before", "set a reminder on 2 for 5pm"."""
    prep = match["prep"].lower()
    amount = match.groupdict().get("amount")
    if amount and parse_targets(match["rest"]):  # "put a 30 min reminder on 1"
        before = (Asked(before=amount_of(amount)),)
        return Act(
            action="remind", targets=parse_targets(match["rest"]), changes={"remind": before}
        )
    plural = (match.groupdict().get("noun") or "").lower().endswith("s")
    found = _target_and_specs(match["rest"], split=plural)
    targets = parse_targets(found[0]) if found else ()
    if found is None or not targets:
        return None
    target, specs = found
    if "verb" in match.groupdict() and not match["verb"] and specs[0].at_due:
        return None  # "reminders on friday" may be a question; "reminder on 1, 1 hour before" not
    named = all(t.kind != "title" for t in targets)  # a position or "it": surely a task
    relative = all(_relative(spec) for spec in specs)
    if not (named or prep == "on" or relative):
        return None  # "remind me about the meeting tomorrow": a new task with its date
    if prep in ("about", "of") and not named and specs[0].at_due and _DATED.search(target):
        return None  # "remind me about paying rent every month": a new task
    if prep in ("to", "for") and not (named or all(spec.needs_due for spec in specs)):
        # "remind me to call mom at 5", "set a reminder for gym at 5pm": a new task; but
        # "... for the dentist 1 day before" needs a due date, so the task exists.
        return None
    return Act(action="remind", targets=targets, changes={"remind": tuple(specs)})


def _reminder_first(match: re.Match[str]) -> Act | None:
    """ "also ping me the day before too" (the task just named), "remind me an hour before
    the dentist" (a task named after the reminder words, with no date of its own)."""
    rest = _TOO.sub("", match["rest"])
    specs, end = read_specs(rest, 0, split=False)
    if not specs or not all(_relative(spec) for spec in specs):
        return None
    after = rest[end:].strip(" ,.")
    if after:
        if not all(spec.needs_due for spec in specs) or find_when(after):
            return None  # "remind me 10 minutes before the standup tomorrow": a new task
        targets = parse_targets(after)
        if not targets:
            return None
        return Act(action="remind", targets=targets, changes={"remind": tuple(specs)})
    # Only reminder words ("remind me at 5pm"): no title to add, so the task just named.
    return Act(action="remind", targets=(Target(kind="it"),), changes={"remind": tuple(specs)})


def _more_for_it(rest: str) -> Act | None:
    """ "and at 8am too": only reminder words, for the task just named."""
    rest = _TOO.sub("", rest)
    specs, end = read_specs(rest, 0, split=False)
    if not specs or rest[end:].strip(" ,.") or not all(_relative(spec) for spec in specs):
        return None
    return Act(action="remind", targets=(Target(kind="it"),), changes={"remind": tuple(specs)})


def _target_and_specs(rest: str, *, split: bool) -> tuple[str, list[Asked]] | None:
    """ "the dentist an hour before" -> ("the dentist", [an hour before]): the shortest target
    after which everything is reminder words."""
    rest = _TOO.sub("", rest)
    for word in re.finditer(r"(?<=\s)\S", rest):
        target = rest[: word.start()].strip(" ,:;-")
        tail = rest[word.start() :]
        lead = re.match(r"(?:for|with)\s+(?=\S)|[:,-]\s*", tail, _I)
        tail = tail[lead.end() :] if lead else tail
        specs, end = read_specs(tail, 0, split=split)
        if target and specs and not tail[end:].strip(" ,.)"):
            return target, specs
    if parse_targets(rest):
        return rest, [Asked()]  # "remind me about it": when it falls due
    return None


def _relative(spec: Asked) -> bool:
    """A reminder said against the task's own due date, not a new date for a new task."""
    if not spec.phrase:
        return True
    return all(span.kind == "time" for span in find_when(spec.phrase))
