"""Moves said in words: "bring X forward", "prepone X", "X is now on friday", "the dentist is
now at 4pm", "make X due monday", "change X to 3pm", "X can wait until next week".

A new day keeps the task's clock time and a clock time alone keeps its day: the changes carry
`keep_clock` / `keep_date`, which acting settles against the task it finds.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from core.nl import find_recurrence, find_when, parse_time_of_day, parse_when
from core.nl.days import amount
from core.nl.words import NUMBER_RE, UNIT_RE, number_value, unit_name
from core.timefmt import format_rfc3339
from gateway.agent.offline.intents import Act, Command, Say
from gateway.agent.offline.targets import parse_targets
from gateway.agent.offline.words import cut

_I = re.IGNORECASE
# "by two days", "a week", "an hour", "for 3 days", optionally "back"/"forward" around it.
SHIFT = re.compile(
    r"(?:\s+(?P<dir>back|forward|forwards|earlier|later|ahead|up))?"
    r"(?:\s+(?:by|for))?\s+(?:(?P<n>" + NUMBER_RE + r")\s+(?P<u>" + UNIT_RE + r")"
    r"|(?:a|an|one)\s+(?P<u1>" + UNIT_RE + r"))"
    r"(?:\s+(?P<dir2>back|forward|forwards|earlier|later|sooner|ahead))?$",
    _I,
)
_EARLIER = ("forward", "forwards", "earlier", "up", "sooner")
# Evening and morning words that name a day as well as a time ("tonight", "this morning").
_TODAY_TIME = re.compile(r"\b(?:tonight|this\s+(?:morning|afternoon|evening))\b", _I)
_NOT_A_TASK = r"(?!(?:i|we|you|he|she|they|there|what|which|who|when|where|how|why)\b)"
# A message that starts with a verb of moving is read by the parser of that verb.
_NOT_A_MOVE = (
    r"(?!(?:move|push|shift|bump|delay|postpone|snooze|reschedule|bring|pull|put|defer)\b)"
)
# "can we bring X forward?", "could you prepone X?": a request, asked as a question.
_ASKING = re.compile(r"^(?:(?:can|could|shall|should)\s+(?:we|i|you|u)|let['\u2019]?s)\s+", _I)
CANT = (
    "I could not work out that change: “{when}” is not a date or time I know, so I changed "
    "nothing. Say e.g. “move dentist to friday” or “bring dentist forward by a day”."
)


def shift_of(match: re.Match[str], *, earlier: bool = False) -> relativedelta:
    """The amount a SHIFT match names, negative when it says "forward"/"earlier"."""
    count = number_value(match["n"]) if match["n"] else 1
    span = amount(unit_name(match["u"] or match["u1"]), count)
    direction = (match["dir"] or match["dir2"] or "").lower()
    return -span if earlier or direction in _EARLIER else span


def due_changes(when: str, *, now: datetime, tz: str) -> dict[str, object] | None:
    """update_task changes for "move to <when>", or None when `when` is not a date or time."""
    try:
        due = parse_when(when, now=now, tz=tz)
    except ValueError:
        return None
    changes: dict[str, object] = {"due": format_rfc3339(due), "timezone": tz}
    spans = find_when(when)
    if any(span.kind == "exact" for span in spans):
        return changes  # "in an hour" is a moment, not a day or a clock time
    has_time = parse_time_of_day(when) is not None
    has_day = any(s.kind != "time" for s in spans) or not spans or _TODAY_TIME.search(when)
    if has_time and not has_day:
        changes["keep_date"] = True  # "at 4pm": the same day, a new clock time
    elif not has_time:
        changes["keep_clock"] = True  # "to friday": the task's own clock time
    return changes


def combine(due: object, task: dict[str, object], *, keep_clock: bool) -> str:
    """The new due date `due` with the task's clock time (keep_clock) or on its day."""
    zone = ZoneInfo(str(task.get("timezone") or "UTC"))
    old = datetime.fromisoformat(str(task["due"])).astimezone(zone)
    new = datetime.fromisoformat(str(due)).astimezone(zone)
    if keep_clock:
        moved = datetime.combine(new.date(), old.timetz().replace(tzinfo=None), tzinfo=zone)
    else:
        moved = datetime.combine(old.date(), new.timetz().replace(tzinfo=None), tzinfo=zone)
    return format_rfc3339(moved)


def moved_to(target: str, when: str, *, now: datetime, tz: str) -> Command | None:
    """Move the task(s) `target` names to `when`; None when either is not understood."""
    changes = due_changes(when, now=now, tz=tz)
    targets = parse_targets(target)
    if changes is None or not targets:
        return None
    return Act(action="update", targets=targets, changes=changes)


def _shifted(target: str, shift: relativedelta) -> Command | None:
    targets = parse_targets(target)
    return Act(action="postpone", targets=targets, shift=shift) if targets else None


def earlier(text: str, now: datetime, tz: str) -> Command | None:
    """ "bring X forward", "bring forward X to wednesday", "prepone X by 2 days", "pull X
    forward an hour": earlier by the amount said, to the day said, or by a day."""
    text = _ASKING.sub("", text).rstrip(" ?")
    match = re.fullmatch(
        r"(?:prepone|pre-pone)\s+(?P<rest>.+)"
        r"|(?:bring|pull|move|shift|push|put)\s+(?:forward|forwards|earlier)\s+(?P<rest2>.+)"
        r"|(?:bring|pull|move|shift|push|put)\s+(?P<rest3>.+?)\s+(?:forward|forwards|earlier)"
        r"(?P<tail>\s+.+)?",
        text,
        _I,
    )
    if match is None:
        return None
    rest = match["rest"] or match["rest2"] or (match["rest3"] + (match["tail"] or ""))
    if re.match(r"(?:to|by|till|until|for)\b", rest, _I):
        return Say(f"Which task? Say e.g. “prepone dentist {rest}”.")
    shift = SHIFT.search(rest)
    if shift:
        return _shifted(rest[: shift.start()], shift_of(shift, earlier=True))
    to = re.search(r"\s+(?:to|until|till|til|for|on)\s+(?P<when>.+)$", rest, _I)
    if to:
        command = moved_to(rest[: to.start()], to["when"], now=now, tz=tz)
        return command or Say(CANT.format(when=to["when"]))
    spans = find_when(rest)
    if spans and spans[0].start > 0 and spans[-1].end == len(rest):
        command = moved_to(rest[: spans[0].start], rest[spans[0].start :], now=now, tz=tz)
        if command is not None:
            return command
    return _shifted(rest, relativedelta(days=-1))


_MOVED = r"(?:moved|rescheduled|changed|shifted|pushed(?:\s+back)?|postponed|put\s+off)"
# Each names the task (t) and where it goes (when); tried in this order.
_SAID_MOVED = tuple(
    re.compile(pattern, _I)
    for pattern in (
        # "the dentist is now at 4pm", "gym's actually on friday"
        _NOT_A_TASK
        + r"(?P<t>.+?)(?:\s+is|['\u2019]s)\s+(?:now|actually)\s+(?:(?:set|scheduled)\s+)?"
        r"(?:on|at|for|to|due(?:\s+on|\s+at)?)\s+(?P<when>.+)",
        # "gym has moved to thursday", "the dentist can be moved to friday", "X postponed to 3rd"
        _NOT_A_TASK + r"(?P<t>.+?)(?:\s+(?:has|have|got|was|were|is|are|can\s+be|could\s+be"
        r"|has\s+to\s+be|needs?\s+to\s+be|must\s+be)|['\u2019]s)?\s+(?:now\s+)?(?:been\s+)?"
        + _MOVED
        + r"\s+(?:(?:to|till|until|for|on|at)\s+)?(?P<when>.+)",
        # "X should be on the 5th", "X needs to be at 3pm"
        _NOT_A_TASK + r"(?P<t>.+?)\s+(?:should|will|must|needs?\s+to)\s+(?:now\s+)?be\s+"
        r"(?:on|at|for|due(?:\s+on|\s+at)?)\s+(?P<when>.+)",
        # "X can wait until next week", "can X wait till monday?"
        _NOT_A_TASK + r"(?P<t>.+?)\s+can\s+wait\s+(?:until|till|til|for|to)\s+(?P<when>.+)",
        r"can\s+(?P<t>.+?)\s+wait\s+(?:until|till|til|for|to)\s+(?P<when>.+?)\??",
        # "I moved the dentist to thursday": told after the fact, the task should follow
        r"(?:i|we)\s+(?:have\s+|had\s+|just\s+|already\s+)*"
        + _MOVED
        + r"\s+(?P<t>.+?)\s+(?:to|till|until|for|on)\s+(?P<when>.+)",
        r"put\s+(?P<t>.+?)\s+off\s+(?:until|till|til|to)\s+(?P<when>.+)",
        r"(?:make|set|have)\s+(?P<t>.+?)\s+due\s+(?:on\s+|by\s+|for\s+|at\s+)?(?P<when>.+)",
        # "the vet is at 5pm now", "X is on friday instead"
        _NOT_A_TASK + r"(?P<t>.+?)\s+(?:is|['\u2019]s)\s+(?:on|at|for|due(?:\s+on)?)\s+"
        r"(?P<when>.+?)\s+(?:now|instead)",
        # "the vet is now tomorrow", "the meeting now starts at 3pm"
        _NOT_A_TASK + r"(?P<t>.+?)(?:\s+is|['\u2019]s)?\s+now\s+"
        r"(?P<how>(?:(?:starts?|begins?|happens?)\s+)?(?:due\s+|on\s+|at\s+)?)(?P<when>.+)",
    )
)


def statement(text: str, now: datetime, tz: str) -> Command | None:
    """ "the dentist is now at 4pm", "gym has moved to thursday", "X should be on the 5th",
    "X can wait until next week", "make X due monday", "change X to 3pm"."""
    rule = find_recurrence(text)
    if rule is not None and not text[rule[1] :].strip(" .!"):
        return None  # "replace the filter every 2 months after I've changed it": a new task
    for pattern in _SAID_MOVED:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        target, when = match["t"], match["when"]
        timeless = not any(span.kind != "time" for span in find_when(when))
        if "how" in pattern.groupindex and not match["how"] and timeless:
            return None  # "it is now 4pm" tells the time; "the vet is now tomorrow" moves it
        command = moved_to(target, when, now=now, tz=tz)
        if command is not None:
            return command
        return Say(CANT.format(when=when)) if parse_targets(target) else None
    return (
        _relative(text)
        or _waiting(text)
        or _clock_only(text, now, tz)
        or _make_it(text, now, tz)
        or _instead(text, now, tz)
    )


def _make_it(text: str, now: datetime, tz: str) -> Command | None:
    """ "make that 5pm", "change it to monday": the task just named, at a new time or day."""
    match = re.fullmatch(
        r"(?:make|change|switch|set)\s+(?P<t>it|that|this|that\s+one|this\s+one)"
        r"\s+(?:to\s+|at\s+|for\s+|on\s+)?(?P<when>.+?)(?:\s+instead)?",
        text,
        _I,
    )
    if match is None or not find_when(match["when"]):
        return None
    return moved_to(match["t"], match["when"], now=now, tz=tz)


def _instead(text: str, now: datetime, tz: str) -> Command | None:
    """ "make the gym 7pm instead", "let's do the dentist on friday instead": "instead" says an
    existing task moves, so the words before the date name it."""
    match = re.fullmatch(
        r"(?:make|have|do|let'?s\s+(?:do|make|have)|put)\s+(?P<rest>.+?)\s+instead", text, _I
    )
    if match is None:
        return None
    rest = match["rest"]
    spans = find_when(rest)
    if not spans or rest[spans[-1].end :].strip():
        return None
    first = spans[0].start
    when = rest[first:]
    target = re.sub(r"\s+(?:at|on|for|to)$", "", rest[:first].strip(), flags=_I)
    return moved_to(target, when, now=now, tz=tz) if target else None


_REMINDER_WORD = re.compile(
    r"\b(?:remind|reminders?|alert|notify|ping|nudge|heads[\s-]?up)\b", re.IGNORECASE
)


def _relative(text: str) -> Command | None:
    """ "make X a day earlier", "X two hours sooner". A bare "later" needs the verb: "call mom
    2 days later" alone may be a new task; a bare "earlier" never starts one."""
    relative = re.fullmatch(
        r"(?P<verb>(?:make|have|set)\s+)?"
        + _NOT_A_TASK
        + _NOT_A_MOVE
        + r"(?P<t>.+?)"
        + SHIFT.pattern,
        text,
        _I,
    )
    if relative is None or _REMINDER_WORD.search(relative["t"]):
        return None  # "call grandpa at 5pm and give me a reminder 20 minutes earlier": an add
    direction = (relative["dir"] or relative["dir2"] or "").lower()
    if direction in _EARLIER or (direction == "later" and relative["verb"]):
        return _shifted(relative["t"], shift_of(relative))
    return None


def _waiting(text: str) -> Command | None:
    """ "the taxes can wait": a move without a day is asked about."""
    waiting = re.fullmatch(_NOT_A_TASK + r"(?P<t>.+?)\s+can\s+wait", text, _I)
    if waiting and parse_targets(waiting["t"]):
        return Say(f"Until when? Say e.g. “{waiting['t']} can wait until next week”.")
    return None


# "the report deadline", "the dentist's date": the task is named before what is changed.
_WHEN_NOUN = re.compile(
    r"(?:['\u2019]s)?\s+(?:deadline|due\s+date|due\s+time|due|date|time|start\s+time)$", _I
)


_WHEN_OF = re.compile(
    r"^(?:the\s+)?(?:deadline|due\s+date|due\s+time|due|date|time|start\s+time)\s+(?:of|for|on)\s+",
    _I,
)


def _clock_only(text: str, now: datetime, tz: str) -> Command | None:
    """ "change X to 3pm", "set 1 to 10:30": a clock time alone moves the task on its day.
    "change/update X('s deadline) to friday" moves it to that day; "set the alarm to friday"
    is left alone, as "set" and "put" also start tasks."""
    match = re.fullmatch(
        r"(?P<verb>change|update|set|switch|put)\s+(?P<t>.+?)\s+to\s+(?P<when>.+)", text, _I
    )
    if match is None:
        return None
    when = match["when"]
    leftover = cut(when, [(span.start, span.end) for span in find_when(when)])
    if re.sub(r"\b(?:at|on|by|the|of|this|next)\b|[,.\s]", "", leftover, flags=_I):
        return None  # "to food run and its due date to saturday": not a date alone
    changes = due_changes(when, now=now, tz=tz)
    if changes is None:
        return None
    if not changes.get("keep_date") and match["verb"].lower() not in ("change", "update"):
        return None
    target = _WHEN_NOUN.sub("", _WHEN_OF.sub("", match["t"]))
    targets = parse_targets(target)
    return Act(action="update", targets=targets, changes=changes) if targets else None
