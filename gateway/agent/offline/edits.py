"""Commands about existing tasks: complete, reopen, skip, delete, reschedule, rename, priority,
tags, repeat, details.

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
from gateway.agent.offline import compound, moves
from gateway.agent.offline.intents import Act, Command, Say
from gateway.agent.offline.targets import parse_targets, without_when_possessive
from gateway.agent.offline.words import PRIORITY_RE, cut, priority_of, tag_words, tidy_title

_I = re.IGNORECASE
_COMPLETE = (
    r"(?:complete|completed|finish|finished|done(?: with)?|check off|tick off|close|mark off"
    r"|cross off|(?:i|we) (?:(?:have|had) )?(?:just |already |finally )?(?:did|done|finished"
    r"|completed)(?: with)?|(?:i|we) (?:am|are|'m|'re) (?:all )?(?:done|finished) with)"
)
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


def _act(
    action: str,
    target: str,
    *,
    changes: dict[str, object] | None = None,
    shift: relativedelta | None = None,
    tags: tuple[str, ...] = (),
) -> Act | Say:
    # One new title fits one task: "rename salt and pepper to spices" names one task.
    targets = parse_targets(target, several="title" not in (changes or {}))
    if not targets:
        return Say(f"Which task? Say e.g. “{action} 2” or “{action} dentist”.")
    return Act(action=action, targets=targets, changes=dict(changes or {}), shift=shift, tags=tags)


def _complete(text: str, now: datetime, tz: str) -> Command | None:
    deadline = re.fullmatch(r"(?P<verb>finish|complete)\s+(?P<t>.+)", text, _I)
    if (
        deadline
        and find_when(without_when_possessive(deadline["t"]))
        and any(target.kind == "title" for target in parse_targets(deadline["t"]))
    ):
        return None  # "finish the slides tonight": a task with a deadline, not a completion
    match = (
        re.fullmatch(_COMPLETE + r"(?!\s+not\b):?\s+(?P<t>.+)", text, _I)
        or re.fullmatch(
            r"mark\s+(?P<t>.+?)\s+(?:as\s+)?(?:done|complete|completed|finished)", text, _I
        )
        or _passive_done(text)
        or _is_done(text)
        or re.fullmatch(
            r"(?P<t>.+?)(?:\s+(?:is|are)|['\u2019]s)\s+(?:now\s+|all\s+)?"
            r"(?:done|complete|completed|finished)(?:\s+(?:now|already|too|as\s+well))?",
            text,
            _I,
        )
    )
    return _act("complete", _without_when(match["t"])) if match else None


def _passive_done(text: str) -> re.Match[str] | None:
    """ "the plumber's been called", "rent has been paid": a done task, said in the passive."""
    match = re.fullmatch(
        r"(?P<t>.+?)(?:['\u2019]s|\s+has|\s+have|\s+was|\s+were)\s+(?:now\s+|already\s+)?"
        r"been\s+(?:now\s+|already\s+)?(?P<verb>[a-z]+)(?:\s+(?:now|already|today|too))?",
        text,
        _I,
    )
    if match is None:
        return None
    if match["verb"].lower() != "done" and _base_form(match["verb"]) is None:
        return None
    return match


_TASK_PARTICIPLES = (
    r"(?:booked|paid|sent|sorted|done|fixed|cleaned|renewed|submitted|posted|returned|ordered"
    r"|bought|finished|delivered|collected|signed|filed|emailed|called|washed|packed|printed"
    r"|scheduled|confirmed|handed\s+in|taken\s+care\s+of|dealt\s+with)"
)


def _is_done(text: str) -> re.Match[str] | None:
    """ "flights are booked now", "the invoice is sent": done, said of the task's object."""
    return re.fullmatch(
        r"(?P<t>.+?)(?:\s+(?:is|are)|['\u2019]s|['\u2019]re)\s+(?:now\s+|all\s+|finally\s+)?"
        + _TASK_PARTICIPLES
        + r"(?:\s+(?:now|already|too))?",
        text,
        _I,
    )


def _without_when(target: str) -> str:
    """ "the report yesterday" -> "the report": when it was done does not name the task."""
    if all(t.kind != "title" for t in parse_targets(target)):
        return target  # "the 2nd one" is a position, not a date
    target = without_when_possessive(target)
    spans = find_when(target)
    return cut(target, [(span.start, span.end) for span in spans]).strip() if spans else target


# "I called the bank" completes "Call the bank": the past tense, turned back into the verb of
# the title, is looked up. Verbs that do not mean "I did it" are left alone.
_IRREGULAR = {
    "bought": "buy", "paid": "pay", "sent": "send", "wrote": "write", "took": "take",
    "made": "make", "got": "get", "gave": "give", "rang": "ring", "met": "meet", "fed": "feed",
    "went": "go", "sold": "sell", "brought": "bring", "drove": "drive", "told": "tell",
    "found": "find", "spoke": "speak", "swept": "sweep", "hung": "hang", "threw": "throw",
    "ran": "run", "read": "read", "put": "put", "cut": "cut", "picked": "pick", "cleaned": "clean",
    "did": "do", "sorted": "sort", "taken": "take", "written": "write", "given": "give",
}  # fmt: skip
_NOT_DONE = {
    "forgot", "missed", "failed", "tried", "wanted", "needed", "planned", "decided", "meant",
    "hoped", "used", "liked", "loved", "hated", "thought", "felt", "said", "started", "guessed",
    "believed", "wished", "expected", "intended", "postponed", "delayed", "cancelled", "canceled",
    "moved", "added", "created", "deleted", "removed", "renamed", "rescheduled", "skipped",
}  # fmt: skip
_PAST = re.compile(
    r"(?:i|we)\s+(?:have\s+|had\s+)?(?:just\s+|already\s+|finally\s+)?(?P<verb>[a-z]+)\s+(?P<rest>.+)",
    _I,
)
# "walked the dog", "paid the rent": the subject left out, as in a diary. Only before a
# determiner, so that "baked beans" and "grilled cheese night" stay titles.
_PAST_NO_SUBJECT = re.compile(
    r"(?:just\s+|already\s+|finally\s+)?(?P<verb>[a-z]+)\s+(?P<rest>(?:the|my|our|a|an|his|her"
    r"|their|all|some|those|these|that|this)\s+.+)",
    _I,
)


def _base_form(verb: str) -> str | None:
    """ "called" -> "call", "tidied" -> "tidy", "paid" -> "pay"; None when not a past tense."""
    word = verb.lower()
    if word in _NOT_DONE:
        return None
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.endswith("ed") or len(word) < 5:
        return None
    stem = word[:-2]
    if stem.endswith("i"):
        return stem[:-1] + "y"
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]  # "stopped" -> "stop"
    if re.search(r"[^aeiou][aeiou][kvzcgu]$|[^aeiou][aeiou]s$|[^aeiouy]u$|at$|iz$", stem):
        return stem + "e"  # "baked" -> "bake", "used" -> "use", "updated" -> "update"
    return stem


def _done_past(text: str, now: datetime, tz: str) -> Command | None:
    match = _PAST.fullmatch(text) or _PAST_NO_SUBJECT.fullmatch(text)
    if match is None or (match.re is _PAST_NO_SUBJECT and find_when(match["rest"])):
        return None  # "booked the flights for friday" is not a report of the past
    base = _base_form(match["verb"])
    if match.re is _PAST_NO_SUBJECT and base == match["verb"].lower():
        return None  # "read the novel", "put the bins out": without "I" it is an imperative
    if base is None or re.match(r"not\b|never\b", match["rest"], _I):
        return None  # "I did not call the bank" completes nothing
    # "I called the bank and paid the rent": each past tense names a task of its own.
    clauses = re.split(
        r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:then\s+)?(?:(?:i|we)\s+(?:also\s+|then\s+)?)?",
        match["rest"],
        flags=_I,
    )
    tasks = [f"{base} {_without_when(clauses[0])}"]
    for clause in clauses[1:]:
        verb, _, rest = clause.partition(" ")
        later = _base_form(verb) if rest else None
        if later is None:
            tasks[-1] += f" and {clause}"  # "I called bob and alice": one title, as said
        else:
            tasks.append(f"{later} {_without_when(rest)}")
    return _act("complete", " and ".join(tasks))


def _reopen(text: str, now: datetime, tz: str) -> Command | None:
    match = re.fullmatch(
        r"(?:reopen|re-open|uncomplete|un-complete|undo|unmark|restore)\s+(?P<t>.+)",
        text,
        _I,
    ) or re.fullmatch(
        r"mark\s+(?P<t>.+?)\s+(?:as\s+)?(?:not done|undone|open|incomplete|not completed|to ?do)",
        text,
        _I,
    )
    return _act("reopen", match["t"]) if match else None


def _skip(text: str, now: datetime, tz: str) -> Command | None:
    match = re.fullmatch(
        r"skip\s+(?P<t>.+?)(?:\s+(?:this|today|this time|this week|this month|once|for now))?",
        text,
        _I,
    )
    return _act("skip", match["t"]) if match else None


def _clear(text: str, now: datetime, tz: str) -> Command | None:
    due = re.fullmatch(
        r"(?:remove|clear|drop|delete|unset)\s+(?:the\s+)?(?:due\s+date|due|deadline|date)"
        r"\s+(?:from|of|for|on)\s+(?P<t>.+)",
        text,
        _I,
    )
    if due:
        return _act("update", due["t"], changes={"clear_due": True})
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
        return _act("update", target, changes={"clear_recurrence": True})
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
    return _act("delete", match["t"])


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
    return _act("update", match["t"] or match["t2"], changes={"title": title})


_WITHIN = re.compile(r"\s+in\s+(?:" + NUMBER_RE + r"|an?|half\s+an)\s+(?:" + UNIT_RE + r")$", _I)


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
        return _act("postpone", rest[: shift.start()], shift=moves.shift_of(shift))
    for split in re.finditer(r"\s+(?:to|until|till|til|for|on|at)\s+", rest, _I):
        command = _reschedule_to(rest[: split.start()], rest[split.end() :], now, tz)
        if command is not None:
            return command
    spans = find_when(rest)
    if spans and not rest[spans[-1].end :].strip():
        first = spans[0].start
        command = _reschedule_to(rest[:first], rest[first:], now, tz)
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
        return _act("postpone", _LATER.sub("", rest), shift=relativedelta(days=1))
    if verb in ("move", "shift") and _LATER.search(rest):
        return _act("postpone", _LATER.sub("", rest), shift=relativedelta(days=1))
    return Say(f"When should it move to? Say e.g. “move {rest} to friday”.")


# "push the dentist back", "bump it out a bit": the direction, not part of the title.
_LATER = re.compile(r"(?:\s+(?:back|out|further|later|a\s+bit|a\s+little(?:\s+bit)?))+$", _I)


def _reschedule_to(target: str, when: str, now: datetime, tz: str) -> Command | None:
    changes = moves.due_changes(when, now=now, tz=tz)
    if changes is None:
        return None
    # "push dentist back to next week": "back" belongs to the verb, not the title.
    target = re.sub(r"\s+(?:back|out|off)$", "", target, flags=_I)
    return _act("update", target, changes=changes)


def _priority(text: str, now: datetime, tz: str) -> Command | None:
    lowered = re.fullmatch(
        r"(?:make|mark|set|flag)\s+(?P<t>.+?)\s+(?:as\s+)?(?:not|no\s+longer|non-?)\s*"
        r"(?:urgent|important|a\s+priority|(?:high|top)\s+priority)(?:\s+any\s*more)?",
        text,
        _I,
    )
    if lowered:  # "make 2 not urgent" takes the priority away; it never raises it
        return _act("update", lowered["t"], changes={"priority": "none"})
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
        return _act("update", special["t"], changes={"priority": level})
    level = match.groupdict().get("level") or match.groupdict().get("level2") or ""
    words = match.groupdict().get("prio") or "priority " + level.lower().lstrip("p")
    found = PRIORITY_RE.search(words) or PRIORITY_RE.search(words + " priority")
    if found is None:
        return None
    target = match["t"] or match.groupdict().get("t2") or ""
    return _act("update", target, changes={"priority": priority_of(found).value})


_WORD = r"[#@]?[^\W\d][\w-]*"
_TAGS = _WORD + r"(?:(?:\s*,\s*|\s+and\s+)" + _WORD + r")*"
_TAG_NOUN = r"(?:tags?|labels?)"


def _tag(text: str, now: datetime, tz: str) -> Command | None:
    every = re.fullmatch(
        r"(?:remove|clear|delete|drop|strip|take\s+off)\s+(?:all\s+)?(?:the\s+|its\s+|of\s+the\s+)?"
        r"(?:tags|labels)\s+(?:from|on|of|off)\s+(?P<t>.+)",
        text,
        _I,
    )
    if every is not None:  # "remove the tags from 2": all of them
        return _act("update", every["t"], changes={"tags": []})
    match = (
        re.fullmatch(
            r"(?:tag|label)\s+(?P<t>.+?)\s+(?:with\s+|as\s+)?(?:the\s+)?(?:"
            + _TAG_NOUN
            + r"\s+)?(?P<tags>[#@]\S+(?:,?\s+(?:and\s+)?[#@]\S+)*)",
            text,
            _I,
        )
        or re.fullmatch(
            r"add\s+(?:the\s+|a\s+)?(?:"
            + _TAG_NOUN
            + r"\s+)?(?P<tags>[#@]\S+(?:,?\s+(?:and\s+)?[#@]\S+)*)"
            r"\s+to\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"add\s+(?:the\s+|a\s+)?" + _TAG_NOUN + r"\s+(?P<tags>" + _TAGS + r")\s+to\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"(?:tag|label)\s+(?P<t>.+?)\s+(?:with|as)\s+(?:the\s+)?(?:"
            + _TAG_NOUN
            + r"\s+)?(?P<tags>"
            + _TAGS
            + r")",
            text,
            _I,
        )
        # "tag gym health and fitness": the words joined by "and" at the end are the tags.
        or re.fullmatch(r"(?:tag|label)\s+(?P<t>.+?)\s+(?P<tags>" + _TAGS + r")", text, _I)
    )
    match = match or re.fullmatch(
        # "put the tag finance on the invoice", "stick a work label on 2"
        r"(?:put|stick|slap|place|add)\s+(?:the\s+|a\s+|an\s+)?(?:(?:tags?|labels?)\s+(?P<tags>"
        + _TAGS
        + r")|(?P<tags2>"
        + _TAGS
        + r")\s+(?:tags?|labels?))\s+(?:on|onto|to)\s+(?P<t>.+)",
        text,
        _I,
    )
    if match is not None and "tags2" in match.groupdict() and match["tags2"]:
        return _act("tag", match["t"], tags=tuple(tag_words(match["tags2"])))
    match = match or re.fullmatch(
        # "put it under work", "file 2 under #home": a tag as a folder
        r"(?:put|file|keep|place|stick)\s+(?P<t>.+?)\s+under\s+(?:the\s+)?(?P<tags>" + _TAGS + r")"
        r"(?:\s+(?:tags?|labels?|list|folder|category|project))?",
        text,
        _I,
    )
    if match is not None and match["t"].lower() not in ("the", "a", "an", "my", "some"):
        return _act("tag", match["t"], tags=tuple(tag_words(match["tags"])))
    match = (
        re.fullmatch(
            r"(?:remove|delete|drop|clear|take|strip|get\s+rid\s+of)\s+(?:the\s+)?(?:"
            + _TAG_NOUN
            + r"\s+)?(?P<tags>"
            + _TAGS
            + r")\s+"
            + _TAG_NOUN
            + r"\s+(?:from|off|off\s+of)\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"(?:remove|delete|drop|clear|take|strip|get\s+rid\s+of)\s+(?:the\s+)?"
            + _TAG_NOUN
            + r"\s+(?P<tags>"
            + _TAGS
            + r")\s+(?:from|off)\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"(?:remove|delete|drop|clear|take)\s+(?P<tags>[#@]\S+(?:,?\s+(?:and\s+)?[#@]\S+)*)\s+(?:from|off)\s+"
            r"(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"take\s+(?:the\s+)?(?P<tags>" + _TAGS + r")\s+" + _TAG_NOUN + r"\s+off\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(r"un(?:tag|label)\s+(?P<tags>" + _TAGS + r")\s+from\s+(?P<t>.+)", text, _I)
        or re.fullmatch(r"un(?:tag|label)\s+(?P<t>.+)\s+(?P<tags>" + _WORD + r")", text, _I)
    )
    if match is not None:
        return _act("untag", match["t"], tags=tuple(tag_words(match["tags"])))
    return None


def _repeat(text: str, now: datetime, tz: str) -> Command | None:
    match = re.fullmatch(
        r"(?:make\s+)?(?P<t>.+?)\s+(?:repeat|recur)s?\s+(?P<rule>.+)"
        r"|(?:repeat|recur)\s+(?P<rest>.+)",
        text,
        _I,
    )
    if match is None:
        return None
    target, rule = match["t"], match["rule"]
    if match["rest"]:
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
        changes["first_due"] = parsed.first_due.isoformat()
    return _act("update", target, changes=changes)


def _details(text: str, now: datetime, tz: str) -> Command | None:
    history = re.fullmatch(
        r"(?:show\s+)?(?:the\s+)?(?:activity|history|log|changes)\s+(?:of|for|on)\s+(?P<t>.+)",
        text,
        _I,
    )
    if history:
        return _act("activity", history["t"])
    if re.fullmatch(
        r"(?:show\s+(?:me\s+)?)?(?:the\s+)?(?:activity|history|log|recent changes|recent activity)"
        r"|what changed|what happened",
        text,
        _I,
    ):
        return Act(action="activity", targets=())
    match = re.fullmatch(
        r"(?:details|info|more)\s+(?:of|for|on|about)\s+(?P<t>.+)|(?:details|info)\s+(?P<t2>.+)"
        r"|(?:show|open|get)\s+(?:me\s+)?(?P<t3>(?:task\s+)?#?\d{1,3}|the\s+\w+\s+(?:one|task)|it)",
        text,
        _I,
    )
    if match is None:
        return None
    return _act("details", match["t"] or match["t2"] or match["t3"])


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
    for parser in PARSERS[1:]:
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
    _tag,
    _details,
    _rename,
    _priority,
    moves.earlier,
    moves.statement,
    _reschedule,
    _reopen,
    _complete,
    _done_past,
    _skip,
    _delete,
    _repeat,
)
