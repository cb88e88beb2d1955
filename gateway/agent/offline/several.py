"""Several tasks in one message: "add milk, eggs and bread", "buy milk tomorrow, call mom friday",
"add two tasks: call the bank and email sarah", a bulleted, lettered or numbered list.

A message is split only when its parts clearly are separate tasks:
- list separators: new lines, semicolons, "1. … 2. …" or "a) … b) …" markers;
- a comma list after "add" ("add milk, eggs and bread"): the last "and" splits too;
- an announced count ("add two tasks: …"): split until the count is reached, else ask;
- "and" between two parts that each carry their own details ("X #home and Y #work") or each
  start with their own verb and object ("call the bank and email sarah").
"and" inside a name stays: "call mom and dad", "salt and pepper", "Q&A prep".
Every part must read as a task on its own (a title, no error): "…, remind me 30 minutes before"
and "…, at 9am" are details of one task, not a second one.

Shared details: when the items are things rather than sentences (not every item starts with a
verb: "buy milk, eggs and bread tomorrow") and only the last one carries details, those details
belong to the whole list: "add milk, eggs and bread tomorrow #shopping" gives three tasks due
tomorrow, tagged shopping. With a verb on each item ("email the landlord and fix the sink
tomorrow") each clause keeps its own details, as a person reading the sentence would. Items
are never given the first item's verb ("buy milk, eggs" -> "Buy milk", "Eggs"), as agreed.
A comma list that ends a phrase ("meeting with john, paul and ringo", "trip to paris, france"),
a later part that points back ("write report and send it to boss") or a part that is a
statement ("call mom, she is sick") keeps the message one task.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from core.nl import find_when
from core.nl.patterns import DAY_RE, TIME_RE
from core.nl.words import number_value
from gateway.agent.offline.adding import ADD_VERB, REMIND_PREFIX, parse_add
from gateway.agent.offline.intents import Add, Command, Say
from gateway.agent.offline.replies import is_question
from gateway.agent.offline.separators import (
    AND,
    ANNOUNCED,
    BULLET,
    COUNT_LEAD,
    HEADING,
    heading_lead,
    split,
)
from gateway.agent.offline.words import TAG_WORDS_RE, TASK_VERBS, cut

_I = re.IGNORECASE
# More tasks than this in one message is more likely a pasted text than a list to add.
MAX_TASKS = 20
# The details one part may carry; with `sharing` they are copied onto every item.
_DETAILS = ("due", "timezone", "tags", "priority", "recurrence", "anchor", "reminders")
_DETAILS_KEYS = frozenset(_DETAILS)
# A line that is a command of its own rather than a task.
_COMMAND_LINE = re.compile(
    r"^(?:delete|remove|move|rename|reschedule|postpone|mark|undo|show|list|find|search|skip"
    r"|reopen|(?:complete|done|finish|tick\s+off)\s+(?:\d+|it|that|this)\b)\b",
    _I,
)
# "add #work to 1, 2 and 3", "add the tag urgent to gym and dentist" tag tasks: an edit.
_TAGGING = re.compile(r"^add\s+(?:the\s+|a\s+)?(?:(?:tags?|labels?)\b|[#@])", _I)
# A description ("-- notes: a, b") may hold commas of its own.
_DESCRIBED = re.compile(r"\s--\s|\u2014|\b(?:description|desc|notes?|details)\s*:", _I)
_BACK = re.compile(r"\b(?:it|them|this|that|those|these|one|him|her|his|their)\b", _I)
# "she is sick", "it's late": a sentence about something, not a task.
_SUBJECT = re.compile(r"^(?:i|you|he|she|it|we|they|it's|that's|there's|this is)\b", _I)
# "meeting with john, paul and ringo", "trip to paris, france": the list is the object of the
# first part's last preposition when the later items are bare words.
_OBJECT_LIST = re.compile(
    r"\b(?:with|to|for|from|about|of|between|including|like|at|in|on|via)\s+[\w'-]+$", _I
)
# A part that only adds a detail to the task before it: "remind me 30 min before", "at 9am".
_MODIFIER = re.compile(
    r"^(?:and\s+)?(?:remind(?!\s+me\s+to\b)|reminders?\b|alert|notify|ping|repeat|every\b|again\b"
    r"|at\b|on\b|by\b|in\b|due\b|from\b|until\b|with\b|priority\b|p[1-4]\b|#|@)",
    _I,
)
# "10 minutes before", "the day before", "an hour earlier": a reminder's offset, not a task.
_OFFSET = re.compile(
    r"(?:\S+\s+){0,2}(?:before|earlier|ahead|in\s+advance|prior|beforehand)"
    r"(?:\s+(?:it|that|the\s+\w+))?",
    _I,
)
_PARTICLES = {"up", "down", "out", "off", "in", "back", "over", "on", "away"}


def from_lines(text: str, *, now: datetime, tz: str) -> Command | None:
    """A message of several lines, one task a line (bullets and numbers dropped). A first line
    ending in ":" is a heading, never a task: its add verb is dropped and its details
    ("tomorrow:", "for #work:") go onto every item that has none of its own."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    head, colon, first_item = lines[0].partition(":")
    if colon and first_item.strip() and heading_lead(head + ":") is not None:
        lines = [head + ":", first_item.strip(), *lines[1:]]  # "add these: milk\neggs"
    lead = heading_lead(lines[0])
    common: dict[str, Any] = {}
    if lead is not None or lines[0].endswith(":"):
        common = _details_of(lines[0].rstrip(":"), now=now, tz=tz)
        lead, lines = lead or "", lines[1:]
    parts = [BULLET.sub("", line, count=1).strip(" ,;.") for line in lines]
    if len(parts) < 2 or any(_COMMAND_LINE.match(part) or is_question(part) for part in parts):
        return None  # "complete 1\ndelete 2" are commands, not tasks to add
    return _adds(parts, lead=lead or "", now=now, tz=tz, sharing=False, common=common)


def _details_of(heading: str, *, now: datetime, tz: str) -> dict[str, Any]:
    """The due date, tags and priority a heading names ("add for tomorrow #home")."""
    # parse_add reads details around a title, so the heading is read with a stand-in one.
    plan = parse_add(heading + " x", now=now, tz=tz)
    return {k: v for k, v in plan.arguments.items() if k in _DETAILS} if not plan.error else {}


# "tomorrow: dentist at 9, gym at 6pm", "things to do today - laundry, dishes": a heading that
# names the day every item shares.
_DAY_HEADING = re.compile(
    r"^(?:add\s+)?(?:for\s+|(?:my\s+)?(?:things|stuff|jobs|chores|errands|tasks|plans?)\s+(?:(?:to\s+do|to\s+get"
    r"\s+done|for)\s+)?)?(?P<day>(?:today|tonight|tomorrow|this\s+weekend|(?:this|next)\s+week"
    r"|(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day))\s*(?::|\s-|\u2013|\u2014)\s*"
    r"(?P<body>.+)$",
    _I,
)


def _lead_and_body(message: str, *, plain: bool) -> tuple[str, str] | None:
    """The add verb a list starts with ("add", "remind me to"; maybe none) and the list after
    it; None: no list of tasks (no verb, heading or count, and not `plain`)."""
    day_heading = _DAY_HEADING.match(message)
    if day_heading and re.search(r",|;|\s/\s", day_heading["body"]):
        # The day goes onto each item that names none, beside the item's own time.
        items, _ = split(day_heading["body"])
        day = day_heading["day"]
        dated = [item if DAY_RE.search(item.lower()) else f"{item} {day}" for item in items]
        message = "add the following tasks: " + "; ".join(dated)
    counting = COUNT_LEAD.match(message)  # "create two tasks: …": the verb is not a title
    if counting:
        message = message[counting.end() :]
    lead_match = ADD_VERB.match(message) or REMIND_PREFIX.match(message)
    heading = HEADING.match(message)
    if lead_match is None and heading is None and not plain and not counting:
        return None
    lead = lead_match.group(0) if lead_match else ""
    body = message[len(lead) :] if lead_match else message
    if heading is not None and not lead_match:
        body = message[heading.end() :]
    body = ADD_VERB.sub("", body.rstrip(" ."), count=1) if lead_match else body.rstrip(" .")
    return lead, body


def _tag_list(body: str) -> tuple[str, str]:
    """A tag list ("tagged home and garden", "tags: home, diy") is one detail, never items:
    the body without it, and the list ("" if none)."""
    tagged = [m for m in TAG_WORDS_RE.finditer(body) if m.group(0).strip(" ,")]
    if not tagged:
        return body, ""
    phrase = " ".join(m.group(0).strip(" ,") for m in tagged)
    return cut(body, [m.span() for m in tagged]).strip(" ,"), phrase


def from_sentence(message: str, *, now: datetime, tz: str, plain: bool = False) -> Command | None:
    """Several tasks in one line; `plain` when no add verb was required ("buy x, call y")."""
    if is_question(message) or _TAGGING.match(message):
        return None
    found = _lead_and_body(message, plain=plain)
    if found is None:
        return None
    lead, body = found
    if _DESCRIBED.search(body):
        return None  # commas in a description do not separate tasks
    announced = ANNOUNCED.match(body)
    said = ""
    common: dict[str, Any] = {}
    if announced:
        body = body[announced.end() :]
        said = announced["count"] or ("two" if announced["both"] else "")
        if announced["details"]:
            common = _details_of(announced["details"], now=now, tz=tz)
    body, tag_phrase = _tag_list(body)
    # "X and also Y", "X then Y": never inside one title, so always two tasks.
    body = re.sub(r"\s+(?:and\s+also|(?:and\s+)?then)\s+", "; ", body, flags=_I)
    parts, how = split(body)
    if tag_phrase and parts:  # said once, for every task: the last one carries it
        parts[-1] = f"{parts[-1]} {tag_phrase}"
    parts = _details_joined(parts, " and " if how == "and" else ", ", now=now, tz=tz)
    if how == "comma":  # "milk, eggs and bread": the last "and" of a comma list splits too
        parts = parts[:-1] + AND.split(parts[-1])
        parts = _details_joined(parts, " and ", now=now, tz=tz)
    if said:
        count = number_value(said.lower())
        return _counted(parts, body, count, said, lead=lead, now=now, tz=tz, common=common)
    # An announced list ("these:", "a few things:") needs no proof that its parts are tasks.
    if (how == "and" or (how == "comma" and plain)) and not announced:
        if not _separate(parts, lead=lead, now=now, tz=tz):
            return None
    if len(parts) < 2:
        return None
    return _adds(parts, lead=lead, now=now, tz=tz, sharing=how != "and", common=common)


def _counted(
    parts: list[str],
    body: str,
    count: int,
    said: str,
    *,
    lead: str,
    now: datetime,
    tz: str,
    common: dict[str, Any] | None = None,
) -> Command | None:
    """ "add two tasks: A and B": split on "and" too until the count is reached, else ask."""
    if len(parts) < count:
        parts = [piece for part in parts for piece in AND.split(part)]
    if len(parts) != count:
        return Say(
            f"You said {said} tasks, but I found {len(parts)} in “{body}”. Write them again, "
            "separated by commas, e.g. “add milk, eggs and bread”."
        )
    if count < 2:
        return None
    return _adds(parts, lead=lead, now=now, tz=tz, sharing=True, common=common)


def _separate(parts: list[str], *, lead: str, now: datetime, tz: str) -> bool:
    """Parts joined by "and" (or a plain comma list) are tasks each when every part starts with
    its own verb and object, or every part carries its own details; a part that points back
    ("write report and send it to boss") continues the first."""
    if any(_BACK.search(part) for part in parts[1:]):
        return False
    if all(_starts_with_verb(part) for part in parts):
        return True
    return all(parse_add(_with(lead, part), now=now, tz=tz).details for part in parts)


def _starts_with_verb(part: str) -> bool:
    words = re.findall(r"[\w'-]+", re.sub(r"^to\s+", "", part.strip(), flags=_I).lower())
    if not words or words[0] not in TASK_VERBS:
        return False
    rest = [word for word in words[1:] if word not in _PARTICLES]
    return bool(rest)


def _details_joined(parts: list[str], glue: str, *, now: datetime, tz: str) -> list[str]:
    """A part that is only a detail ("…, urgent", "…, tomorrow at 5") goes back onto the part
    before it, so that it is shared as a trailing detail or read as part of that task."""
    joined: list[str] = []
    for part in parts:
        title = parse_add(part, now=now, tz=tz).arguments.get("title")
        if joined and (_detail_only(part) or not title):
            joined[-1] = joined[-1] + glue + part
        else:
            joined.append(part)
    return joined


# ", important", ", it's top priority": a priority said after the task, not a task.
_PRIORITY_ONLY = re.compile(
    r"(?:(?:it'?s|it\s+is|this\s+is|very|really|super)\s+)*(?:a\s+)?(?:important|urgent|critical"
    r"|asap|(?:top|high|highest|low|medium)\s+prio(?:rity)?|p[1-4])",
    _I,
)


def _detail_only(part: str) -> bool:
    """A part that starts with a detail ("at 9am", "thu until march", "remind me 30 min
    before") continues the task before it."""
    return bool(
        _PRIORITY_ONLY.fullmatch(part.strip(" ,.!"))
        or _MODIFIER.match(part)
        or DAY_RE.match(part)
        or TIME_RE.match(part)
        or _OFFSET.fullmatch(part.strip(" ,."))
    )


def _with(lead: str, part: str) -> str:
    """The part as an add of its own: "remind me to " + "pay rent friday"."""
    if lead and REMIND_PREFIX.match(lead) and not re.match(r"to\b", part, _I):
        return lead + "to " + part
    return lead + part if lead else part


def _adds(
    parts: list[str],
    *,
    lead: str,
    now: datetime,
    tz: str,
    sharing: bool,
    common: dict[str, Any] | None = None,
) -> Command | None:
    """One Add per part, or None when some part is not a task of its own."""
    if len(parts) > MAX_TASKS:
        return Say(
            f"That is {len(parts)} tasks; I add up to {MAX_TASKS} at a time. "
            "Send the rest in another message."
        )
    if len(parts) < 2 or any(not part or _detail_only(part) for part in parts):
        return None
    if any(_SUBJECT.match(part) for part in parts) or _object_list(parts, now=now, tz=tz):
        return None
    plans = [parse_add(_with(lead, part), now=now, tz=tz, explicit=True) for part in parts]
    if any(plan.error or not _lettered(plan.arguments.get("title")) for plan in plans):
        return None  # "read chapter 3, 4 and 5": the numbers are not tasks
    arguments = [plan.arguments for plan in plans]
    bare = [parse_add(part, now=now, tz=tz).details for part in parts]
    if sharing and bare[-1] and not any(bare[:-1]) and not all(map(_starts_with_verb, parts)):
        shared = {k: v for k, v in arguments[-1].items() if k in _DETAILS}
        arguments = [{**args, **shared} for args in arguments]
    if common:
        arguments = [
            args if _DETAILS_KEYS & set(args) else {**args, **common} for args in arguments
        ]
    adds = [
        Add(arguments=_ordered(args), note=plan.note)
        for args, plan in zip(arguments, plans, strict=True)
    ]
    return Add(arguments=adds[0].arguments, note=adds[0].note, more=tuple(adds[1:]))


def _lettered(title: object) -> bool:
    return isinstance(title, str) and bool(re.search(r"[^\W\d_]", title))


def _object_list(parts: list[str], *, now: datetime, tz: str) -> bool:
    """ "meeting with john, paul and ringo": one task whose last words are a list."""
    if not _OBJECT_LIST.search(parts[0]):
        return False
    spans = find_when(parts[0])
    if spans and not parts[0][spans[-1].end :].strip():
        return False  # "dentist on thursday at 2pm plus haircut …": a time, not an object
    later = parts[1:]
    titles = [str(parse_add(part, now=now, tz=tz).arguments.get("title", "")) for part in later]
    return all(len(title.split()) <= 2 and not _starts_with_verb(title) for title in titles)


def _ordered(arguments: dict[str, Any]) -> dict[str, Any]:
    """Title first, as a single add sends it."""
    return {"title": arguments["title"], **arguments}
