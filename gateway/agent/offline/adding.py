"""Quick-add: "remind me to pay rent every month on the 1st at 9am, p1 #home" -> add_task args.

The pieces are cut out of the text one kind at a time (tags, priority, reminders, recurrence,
date and time); what is left is the title. Values are resolved here, so the tool receives an
RFC 3339 due date, an RRULE and ISO 8601 reminder durations, never words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from core.nl import find_recurrence, find_when, parse_recurrence, parse_time_of_day, parse_when
from core.nl.dates import DEFAULT_TIME
from core.nl.words import NUMBER_RE, UNIT_RE, number_value, unit_name
from core.priority import Priority
from gateway.agent.offline.words import (
    NOT_PRIORITY_RE,
    PRIORITY_RE,
    TAG_RE,
    TAG_WORDS_RE,
    cut,
    priority_of,
    tag_words,
    tidy_title,
)

# Words that say 'add this task': a message starting with one is always an add.
ADD_VERB = re.compile(
    r"^\s*(?:please\s+)?(?:"
    r"add(?:\s+(?:a|an))?(?:\s+new)?(?:\s+(?:task|todo|to-do|item|reminder)"
    r"(?:\s+(?:called|named|titled|saying))?)?"
    r"|create(?:\s+(?:a|an))?(?:\s+new)?\s+(?:task|todo|to-do|item|reminder)"
    r"(?:\s+(?:called|named|titled|saying))?"
    r"|new\s+(?:task|todo|to-do|item)|(?:task|todo|to-do)\s*:|schedule"
    r"|let'?s|let\s+us|(?:i|we)\s+(?:need|have|want|ought)\s+to|(?:i|we)\s+(?:must|should)"
    r"|(?:i|we)\s+(?:will|shall|am\s+going\s+to|are\s+going\s+to|have\s+got\s+to|gotta)|(?:don'?t|do\s+not)\s+(?:let\s+me\s+)?forget"
    r"(?:\s+to)?|remember\s+to|note\s+to\s+self"
    r")\s*:?\s+",
    re.IGNORECASE,
)
REMIND_PREFIX = re.compile(r"^\s*(?:please\s+)?remind\s+me\s+", re.IGNORECASE)
_LIST_SUFFIX = re.compile(
    r"\s+(?:to|on|in)\s+(?:my\s+|the\s+)?(?:todo\s+|to-do\s+|task\s+)?list\s*$", re.IGNORECASE
)
_DESCRIPTION = re.compile(
    r"\s+(?:--|\u2014)\s+(?P<a>.+)$|[,;]?\s*\b(?:description|desc|notes?|details)\s*:\s*(?P<b>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_ASK = (
    r"(?:,\s*)?(?:and\s+)?"
    r"(?:remind\s+me|with\s+(?:a\s+)?reminder|reminder|alert\s+me|notify\s+me|ping\s+me)"
)
_BEFORE = re.compile(
    _ASK + r"\s+(?:(?P<n>" + NUMBER_RE + r"|half\s+an)\s*(?P<u>" + UNIT_RE + r")"
    r"|(?:the|a)\s+(?P<d>day|night|evening|week))\s+(?:before|earlier|ahead|in\s+advance|prior)",
    re.IGNORECASE,
)
_AT = re.compile(_ASK + r"\s+(?=(?:at|on|@|tomorrow|today|tonight|in|next|this|\d)\b)", re.I)
_UNITS = {"minutes": "M", "hours": "H", "days": "D", "weeks": "D", "months": "D", "years": "D"}
_DAYS = {"weeks": 7, "months": 30, "years": 365}


@dataclass
class AddPlan:
    """The add_task arguments, whether any task detail was written inline, and a reply note.

    `sources` keeps the words each piece came from, by kind ("tag", "priority", "reminder",
    "recurrence", "date", "time"), for quick-add chips; reminders are in the order of
    `arguments["reminders"]`.
    """

    arguments: dict[str, Any] = field(default_factory=dict)
    details: bool = False
    note: str = ""
    error: str = ""
    sources: dict[str, list[str]] = field(default_factory=dict)


def parse_add(text: str, *, now: datetime, tz: str, explicit: bool = False) -> AddPlan:
    """Turn an add command (with or without "add") into add_task arguments."""
    plan = AddPlan()
    sources = plan.sources
    remind_prefix = REMIND_PREFIX.match(text)
    remind_at_due = bool(remind_prefix)
    text = REMIND_PREFIX.sub("", ADD_VERB.sub("", text, count=1), count=1)
    text = _LIST_SUFFIX.sub("", text)
    description = _DESCRIPTION.search(text)
    if description:
        plan.arguments["description"] = (description["a"] or description["b"]).strip()
        text = text[: description.start()]
    worded = list(TAG_WORDS_RE.finditer(text))
    sources["tag"] = [m.group(0).strip(" ,") for m in worded]
    tags = [tag for m in worded for tag in tag_words(m["tags"])]
    text = TAG_WORDS_RE.sub(" ", text)
    tags += [m["tag"].rstrip(".:/-").lower() for m in TAG_RE.finditer(text)]
    sources["tag"] += [m.group(0) for m in TAG_RE.finditer(text)]
    text = TAG_RE.sub(" ", text)
    text = NOT_PRIORITY_RE.sub(" ", text)
    priorities = list(PRIORITY_RE.finditer(text))
    sources["priority"] = [m.group(0) for m in priorities[:1]]
    text = PRIORITY_RE.sub(" ", text)
    text, before, at_phrases, sources["reminder"] = _reminders(text)
    try:
        due, recurrence, text = _schedule(text, now=now, tz=tz, sources=sources)
        reminders = _resolve_reminders(before, at_phrases, due, recurrence, now=now, tz=tz)
    except ValueError as exc:
        plan.error = str(exc)
        return plan
    if remind_at_due and not reminders:
        if due is not None:
            reminders.append("PT0S")  # a reminder when the task falls due
            sources["reminder"].append(remind_prefix.group(0).strip() if remind_prefix else "")
        else:
            plan.note = 'There is no time, so no reminder is set; say e.g. "remind me at 5pm".'
    title = tidy_title(text)
    if not title:
        plan.error = 'What should the task be called? Say e.g. "add call mom tomorrow 5pm".'
        return plan
    args = plan.arguments
    args["title"] = title
    if priorities:
        args["priority"] = priority_of(priorities[0]).value
    if tags:
        args["tags"] = list(dict.fromkeys(tags))
    if due is not None:
        args["due"] = due.isoformat()
        args["timezone"] = tz
    if recurrence is not None:
        args["recurrence"], anchor = recurrence
        if anchor == "completion":
            args["anchor"] = anchor
    if reminders:
        args["reminders"] = reminders
    plan.details = bool(
        priorities or tags or due or recurrence or reminders or remind_at_due or explicit
    )
    if args.get("priority") == Priority.none.value:
        del args["priority"]
    return plan


def _reminders(text: str) -> tuple[str, list[str], list[str], list[str]]:
    """Cut "remind me 30 minutes before" / "remind me at 8am" out; return what they asked
    (durations before, phrases of moments) and the words of each, in that order."""
    before: list[str] = []
    words: list[str] = []
    for match in _BEFORE.finditer(text):
        before.append(_duration(match["n"], match["u"], match["d"]))
        words.append(match.group(0).strip(" ,"))
    text = _BEFORE.sub(" ", text)
    at_phrases: list[str] = []
    while (asked := _AT.search(text)) is not None:
        rest = text[asked.end() :]
        spans = find_when(rest)
        taken_end = 0
        for span in spans:
            if rest[taken_end : span.start].strip(" ,"):
                break
            taken_end = span.end
        if not taken_end:
            break
        at_phrases.append(rest[:taken_end].strip(" ,"))
        words.append(text[asked.start() : asked.end() + taken_end].strip(" ,"))
        text = text[: asked.start()] + " " + rest[taken_end:]
    return text, before, at_phrases, words


def _duration(count: str | None, unit: str | None, day_word: str | None) -> str:
    if day_word:
        return "P7D" if day_word == "week" else "P1D"
    assert count is not None and unit is not None
    if count.lower().startswith("half"):
        return "PT30M"
    amount, name = number_value(count), unit_name(unit)
    if name in _DAYS:
        return f"P{amount * _DAYS[name]}D"
    prefix = "P" if name == "days" else "PT"
    return f"{prefix}{amount}{_UNITS[name]}"


def _schedule(
    text: str, *, now: datetime, tz: str, sources: dict[str, list[str]]
) -> tuple[datetime | None, tuple[str, str] | None, str]:
    """Cut the recurrence and the due date/time out of `text` and resolve them."""
    recurrence_text = None
    found = find_recurrence(text)
    if found:
        recurrence_text = text[found[0] : found[1]]
        text = cut(text, [found])
    spans = find_when(text)
    when = " ".join(text[s.start : s.end] for s in spans)
    sources["recurrence"] = [recurrence_text] if recurrence_text else []
    kind = "date" if any(s.kind != "time" for s in spans) else "time"
    sources["date" if kind == "date" else "time"] = [when] if when else []
    text = cut(text, [(s.start, s.end) for s in spans])
    if recurrence_text is None:
        return (parse_when(when, now=now, tz=tz) if when else None), None, text
    has_day = any(s.kind != "time" for s in spans)
    at = parse_time_of_day(when) if when and not has_day else None
    parsed = parse_recurrence(recurrence_text, now=now, tz=tz, default_time=at or DEFAULT_TIME)
    due = parse_when(when, now=now, tz=tz) if has_day else parsed.first_due
    return due, (parsed.rule, parsed.anchor), text


def _resolve_reminders(
    before: list[str],
    at_phrases: list[str],
    due: datetime | None,
    recurrence: tuple[str, str] | None,
    *,
    now: datetime,
    tz: str,
) -> list[str]:
    """Reminders as the tool wants them: ISO 8601 durations before the due date, or RFC 3339."""
    if before and due is None:
        raise ValueError(
            'A reminder "before" needs a due date; say when the task is due, e.g. "tomorrow 5pm".'
        )
    reminders = list(before)
    for phrase in at_phrases:
        time_only = all(span.kind == "time" for span in find_when(phrase))
        if due is not None and time_only:
            at_time = parse_time_of_day(phrase) or time(9)
            moment = datetime.combine(due.date(), at_time, tzinfo=due.tzinfo)
            if moment > due:  # "remind me at 8pm" for a task due at 9am: the evening before
                moment -= timedelta(days=1)
            if recurrence is not None:
                # A fixed moment would fire once; a duration before follows every occurrence.
                reminders.append(_iso(due - moment))
                continue
            reminders.append(moment.isoformat())
        else:
            reminders.append(parse_when(phrase, now=now, tz=tz).isoformat())
    return reminders


def _iso(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "") if delta else "PT0S"
