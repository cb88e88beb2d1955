"""Commands about existing tasks: reopen, skip, delete, reschedule, rename, priority, repeat,
details (completions are in completing.py, tags in tagging.py, moves in moves.py).

Each parser takes the message and returns a Command, or None when the message is not its kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from dateutil.relativedelta import relativedelta
from rapidfuzz import fuzz, process

from core.nl import find_recurrence, find_when, parse_recurrence
from core.nl.words import NUMBER_RE, UNIT_RE
from core.timefmt import format_rfc3339
from gateway.agent.offline import compound, moves
from gateway.agent.offline.acts import act
from gateway.agent.offline.completing import parse_completion, parse_past_report
from gateway.agent.offline.intents import Act, Command, Say
from gateway.agent.offline.reminding import parse_reminder_edit
from gateway.agent.offline.tagging import parse_tagging
from gateway.agent.offline.targets import parse_targets
from gateway.agent.offline.words import PRIORITY_RE, priority_of, tidy_title

_I = re.IGNORECASE
_PRIO_WORDS = (
    r"(?P<prio>urgent|p[1-4]|(?:top|high|medium|normal|low|no) priority|important"
    r"|priority (?:urgent|high|medium|low|none|[1-4]))"
)
_RESCHEDULE = (
    r"(?P<verb>move|reschedule|resched|postpone|push(?: back)?|delay|defer|shift|bump|snooze"
    r"|shove|kick|punt|slide"
    r"|put off|hold off(?: on)?"
    r"|change (?:the )?due(?: date)? (?:of|for)|set (?:the )?due(?: date)? (?:of|for))"
)


def _reopen(text: str, now: datetime, tz: str) -> Command | None:
    match = (
        re.fullmatch(
            r"(?:reopen|re-open|uncomplete|un-complete|undo|unmark|restore)\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"mark\s+(?P<t>.+?)\s+(?:as\s+)?"
            r"(?:not done|undone|open|incomplete|not completed|to ?do)",
            text,
            _I,
        )
        or re.fullmatch(
            # "put it back", "bring that back": a task just completed, open again
            r"(?:put|bring)\s+(?P<t>it|that|this|that\s+one|the\s+\w+\s+one|\d{1,3})\s+back",
            text,
            _I,
        )
    )
    return act("reopen", match["t"]) if match else None


def _skip(text: str, now: datetime, tz: str) -> Command | None:
    match = re.fullmatch(
        r"skip\s+(?P<t>.+?)(?:\s+(?:this|today|this time|this week|this month"
        r"|(?:just\s+)?this\s+once|once|for now|this one time))?",
        text,
        _I,
    )
    return act("skip", match["t"]) if match else None


def _clear(text: str, now: datetime, tz: str) -> Command | None:
    due = re.fullmatch(
        r"(?:remove|clear|drop|delete|unset)\s+(?:the\s+)?(?:due\s+date|due|deadline|date)"
        r"\s+(?:from|of|for|on)\s+(?P<t>.+)",
        text,
        _I,
    )
    if due:
        return act("update", due["t"], changes={"clear_due": True})
    repeat = re.fullmatch(
        r"stop\s+(?P<t5>.+?)\s+(?:from\s+)?(?:repeating|recurring)"
        r"|(?:stop repeating|don'?t repeat|do not repeat|stop recurring|no longer repeat)"
        r"\s+(?P<t>.+)"
        r"|(?P<t4>.+?)\s+(?:doesn'?t|does\s+not|shouldn'?t|should\s+not|no\s+longer|don'?t"
        r"|do\s+not|won'?t|need\s+not|needn'?t)\s+(?:need\s+to\s+|have\s+to\s+)?"
        r"(?:repeat|recur)s?(?:\s+any\s*more|\s+from\s+now\s+on)?"
        r"|(?:remove|clear|drop|delete)\s+(?:the\s+)?(?:recurrence|repeat|repetition|schedule)"
        r"\s+(?:from|of|for|on)\s+(?P<t2>.+)|make\s+(?P<t3>.+?)\s+(?:not repeat|one-off|a one-off)",
        text,
        _I,
    )
    if repeat:
        target = repeat["t"] or repeat["t2"] or repeat["t3"] or repeat["t4"] or repeat["t5"]
        return act("update", target, changes={"clear_recurrence": True})
    return None


def _delete(text: str, now: datetime, tz: str) -> Command | None:
    match = re.fullmatch(
        r"(?:delete|remove|trash|drop|erase|get rid of|cancel|bin)\s+(?P<t>.+?)"
        r"(?:\s+from\s+(?:my\s+|the\s+)?(?:list|tasks|todo list))?",
        text,
        _I,
    )
    if match is None:
        return None
    named = parse_targets(match["t"])
    positional = bool(named) and all(target.kind != "title" for target in named)
    if not positional and (find_recurrence(match["t"]) or find_when(match["t"])):
        return None  # "bin collection fortnightly on thursday": a task, not a delete
    return act("delete", match["t"])


def _rename(text: str, now: datetime, tz: str) -> Command | None:
    match = re.fullmatch(
        r"(?:rename|retitle)\s+(?P<t>.+?)\s+(?:to|as|into)\s+(?P<title>.+)"
        r"|change\s+(?:the\s+)?(?:title|name)\s+of\s+(?P<t2>.+?)\s+to\s+(?P<title2>.+)",
        text,
        _I,
    )
    if match is None:
        return None
    title = tidy_title(match["title"] or match["title2"])
    return act("update", match["t"] or match["t2"], changes={"title": title})


_WITHIN = re.compile(r"\s+in\s+(?:" + NUMBER_RE + r"|an?|half\s+an)\s+(?:" + UNIT_RE + r")$", _I)


def _moved_to(rest: str, now: datetime, tz: str) -> Command | None:
    """Move to the day `rest` ends with ("dentist to friday", "dentist friday 3pm"), or None."""
    for split in re.finditer(r"\s+(?:to|until|till|til|for|on|at)\s+", rest, _I):
        command = _reschedule_to(rest[: split.start()], rest[split.end() :], now, tz)
        if command is not None:
            return command
    spans = find_when(rest)
    if spans and not rest[spans[-1].end :].strip():
        first = spans[0].start
        return _reschedule_to(rest[:first], rest[first:], now, tz)
    return None


def _reschedule(text: str, now: datetime, tz: str) -> Command | None:
    match = re.fullmatch(_RESCHEDULE + r"\s+(?P<rest>.+)", text, _I) or re.fullmatch(
        r"(?!(?:what|which|who|anything|something|everything|nothing)\b)"
        r"(?P<rest>.+?)\s+is\s+(?:now\s+)?due\s+(?P<when>.+)",
        text,
        _I,
    )
    if match is None:
        return None
    if "when" in match.groupdict() and match.groupdict().get("when"):
        return _reschedule_to(match["rest"], match["when"], now, tz)
    rest = match["rest"]
    within = _WITHIN.search(rest)
    if within:  # "move 2 in 90 minutes": to that moment; "move the car in 90 minutes": a task
        target = rest[: within.start()]
        if all(t.kind == "title" for t in parse_targets(target)):
            return None
        return _reschedule_to(target, within.group(0).strip(), now, tz)
    shift = moves.SHIFT.search(rest)
    if shift:
        return act("postpone", rest[: shift.start()], shift=moves.shift_of(shift))
    command = _moved_to(rest, now, tz)
    if command is not None:
        return command
    unclear = re.search(
        r"\s+(?:back|forward|out)\s+(?:to|until|till|til)\s+(?P<when>.+)$", rest, _I
    )
    if unclear:  # "push dentist back to <not a date>": a move whose day we cannot read
        return Say(moves.CANT.format(when=unclear["when"]))
    verb = match["verb"].lower()
    if verb in (
        "postpone",
        "push",
        "push back",
        "delay",
        "defer",
        "snooze",
        "bump",
        "put off",
        "hold off",
        "hold off on",
    ):
        return act("postpone", _LATER.sub("", rest), shift=relativedelta(days=1))
    if verb in ("move", "shift") and _LATER.search(rest):
        return act("postpone", _LATER.sub("", rest), shift=relativedelta(days=1))
    return Say(f"When should it move to? Say e.g. “move {rest} to friday”.")


# "push the dentist back", "bump it out a bit": the direction, not part of the title.
_LATER = re.compile(r"(?:\s+(?:back|out|further|later|a\s+bit|a\s+little(?:\s+bit)?))+$", _I)


def _reschedule_to(target: str, when: str, now: datetime, tz: str) -> Command | None:
    changes = moves.due_changes(when, now=now, tz=tz)
    if changes is None:
        return None
    # "push dentist back to next week": "back" belongs to the verb, not the title.
    target = re.sub(r"\s+(?:back|out|off)$", "", target, flags=_I)
    return act("update", target, changes=changes)


def _priority(text: str, now: datetime, tz: str) -> Command | None:
    lowered = re.fullmatch(
        r"(?:make|mark|set|flag)\s+(?P<t>.+?)\s+(?:as\s+)?(?:not|no\s+longer|non-?)\s*"
        r"(?:urgent|important|a\s+priority|(?:high|top)\s+priority)(?:\s+any\s*more)?",
        text,
        _I,
    )
    if lowered:  # "make 2 not urgent" takes the priority away; it never raises it
        return act("update", lowered["t"], changes={"priority": "none"})
    match = (
        re.fullmatch(
            r"(?:make|mark|set|flag)\s+(?P<t>.+?)\s+(?:as\s+|to\s+)?(?:an?\s+)?"
            + _PRIO_WORDS
            + r"(?:\s+priority)?",
            text,
            _I,
        )
        or re.fullmatch(
            r"(?:change|switch|update|bump|move|put)\s+(?P<t>.+?)\s+(?:to|up\s+to|down\s+to)\s+"
            r"(?:an?\s+)?" + _PRIO_WORDS + r"(?:\s+priority)?",
            text,
            _I,
        )
        or re.fullmatch(
            # "the invoice is important", "that one's urgent": said of a task, not a new one
            r"(?P<t>(?!(?:what|which|who|anything|everything|something|nothing|this|it)\b)[^,]+?)"
            r"(?:\s+(?:is|are)|['\u2019]s)\s+(?:now\s+|really\s+|very\s+|super\s+)?"
            r"(?:an?\s+)?" + _PRIO_WORDS + r"(?:\s+priority)?(?:\s+now)?",
            text,
            _I,
        )
        or re.fullmatch(
            r"(?:set|change|lower|raise|drop|reduce|increase|bump|put)\s+(?:the\s+)?priority\s+"
            r"(?:of|for|on)\s+(?P<t>.+?)\s+(?:to|down\s+to|up\s+to)\s+"
            r"(?P<level>urgent|high|medium|low|none|[1-4]|p[1-4])"
            # "set quarterly report priority to low", "change the report's priority to high"
            r"|(?:set|change|make)\s+(?P<t2>.+?)(?:['\u2019]s)?\s+priority\s+(?:to\s+)?"
            r"(?P<level2>urgent|high|medium|low|none|[1-4]|p[1-4])",
            text,
            _I,
        )
    )
    if match is None:
        special = re.fullmatch(r"(?P<verb>prioriti[sz]e|deprioriti[sz]e)\s+(?P<t>.+)", text, _I)
        if special is None:
            return None
        level = "low" if special["verb"].lower().startswith("de") else "high"
        return act("update", special["t"], changes={"priority": level})
    level = match.groupdict().get("level") or match.groupdict().get("level2") or ""
    words = match.groupdict().get("prio") or "priority " + level.lower().lstrip("p")
    found = PRIORITY_RE.search(words) or PRIORITY_RE.search(words + " priority")
    if found is None:
        return None
    target = match["t"] or match.groupdict().get("t2") or ""
    return act("update", target, changes={"priority": priority_of(found).value})


def _repeat(text: str, now: datetime, tz: str) -> Command | None:
    match = re.fullmatch(
        r"(?:make\s+)?(?P<t>.+?)\s+(?:repeat|recur)s?\s+(?P<rule>.+)"
        r"|(?:repeat|recur)\s+(?P<rest>.+)"
        # "make it weekly", "make 2 every friday": only a reference, as "make dinner every
        # sunday" is a new task
        r"|(?:make|set|turn)\s+(?P<t2>it|that|this|that\s+one|this\s+one|\d{1,3}|the\s+\w+\s+one)"
        r"\s+(?:into\s+)?(?:a\s+)?(?P<rule2>(?:every|each|daily|weekly|monthly|yearly|fortnightly"
        r"|annually|hourly)\b.*?)(?:\s+task|\s+thing)?",
        text,
        _I,
    )
    if match is None:
        return None
    if match["t2"]:
        match = re.fullmatch(r"(?P<t>.+?)\s+(?P<rule>.+)", f"{match['t2']} {match['rule2']}")
        assert match is not None
    target, rule = match["t"], match["rule"]
    if match.groupdict().get("rest"):
        found = find_recurrence(match["rest"])
        if found is None:
            return None
        target, rule = match["rest"][: found[0]], match["rest"][found[0] :]
    try:
        parsed = parse_recurrence(rule, now=now, tz=tz)
    except ValueError as exc:
        return Say(f"I could not understand that repeat: {exc}.")
    changes: dict[str, object] = {"recurrence": parsed.rule, "timezone": tz}
    if parsed.anchor == "completion":
        changes["anchor"] = "completion"
    if parsed.first_due is not None:
        changes["first_due"] = format_rfc3339(parsed.first_due)
    return act("update", target, changes=changes)


def _details(text: str, now: datetime, tz: str) -> Command | None:
    history = re.fullmatch(
        r"(?:show\s+)?(?:the\s+)?(?:activity|history|log|changes)\s+(?:of|for|on)\s+(?P<t>.+)",
        text,
        _I,
    )
    if history:
        return act("activity", history["t"])
    if re.fullmatch(
        r"(?:show\s+(?:me\s+)?)?(?:the\s+)?(?:activity|history|log|recent changes|recent activity)"
        r"|what changed|what happened",
        text,
        _I,
    ):
        return Act(action="activity", targets=())
    match = re.fullmatch(
        r"(?:details|info|more)\s+(?:of|for|on|about)\s+(?P<t>.+)|(?:details|info)\s+(?P<t2>.+)"
        # "what's the second one about?", "tell me more about the first"
        r"|(?:what'?s|what\s+is)\s+(?P<t4>.+?)\s+about\??|tell\s+me\s+(?:more\s+)?about\s+(?P<t5>.+)"
        r"|(?:show|open|get)\s+(?:me\s+)?(?P<t3>(?:task\s+)?#?\d{1,3}|the\s+\w+\s+(?:one|task)|it)",
        text,
        _I,
    )
    if match is None:
        return None
    target = match["t"] or match["t2"] or match["t3"] or match["t4"] or match["t5"]
    if (match["t4"] or match["t5"]) and all(t.kind == "title" for t in parse_targets(target)):
        return None  # "what's the weather about": only a reference to a task asks for details
    return act("details", target)


def _compound(text: str, now: datetime, tz: str) -> Command | None:
    parts = compound.clauses(text)
    if len(parts) > 1:
        commands = [_one_clause(part, now, tz) for part in parts]
        if not isinstance(commands[0], Act):
            return None  # "pay the gas bill, tag it home": a new task and its details
        return compound.merge(commands)
    parts = compound.clauses(compound.with_it(text))
    commands = [_one_clause(part, now, tz) for part in parts]
    if len(parts) > 1 and all(isinstance(command, Act) for command in commands):
        merged = compound.merge(commands)
        return merged if isinstance(merged, Act) else None
    return None


def _one_clause(text: str, now: datetime, tz: str) -> Command | None:
    for parser in (*PARSERS[1:], parse_reminder_edit):
        command = parser(text, now, tz)
        if command is not None:
            return command
    return None


# Verbs that only ever edit a task: a near miss at the start ("posptone", "reschdule") is read
# as the verb, since no task starts that way. Verbs that also start tasks are left alone.
_EDIT_ONLY_VERBS = ("postpone", "reschedule", "prepone", "snooze")


def _misspelt_verb(text: str, now: datetime, tz: str) -> Command | None:
    first, _, rest = text.partition(" ")
    if len(first) < 5 or not rest or first.lower() in _EDIT_ONLY_VERBS:
        return None
    found = process.extractOne(first.lower(), _EDIT_ONLY_VERBS, scorer=fuzz.ratio, score_cutoff=85)
    return _one_clause(f"{found[0]} {rest}", now, tz) if found else None


# Order matters: "remove the due date from X" before "remove X", "mark X urgent" and
# "mark X as not done" before "mark X done".
PARSERS: tuple[Callable[[str, datetime, str], Command | None], ...] = (
    _compound,
    _clear,
    _misspelt_verb,
    parse_tagging,
    _details,
    _rename,
    _priority,
    moves.earlier,
    moves.statement,
    _reschedule,
    _reopen,
    parse_completion,
    parse_past_report,
    _skip,
    _delete,
    _repeat,
)
