"""Quick-add: "remind me to pay rent every month on the 1st at 9am, p1 #home" -> add_task args.

The pieces are cut out of the text one kind at a time (tags, priority, reminders, recurrence,
date and time); what is left is the title. Values are resolved here, so the tool receives an
RFC 3339 due date, an RRULE and ISO 8601 reminder durations, never words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.nl import find_recurrence, find_when, parse_recurrence, parse_time_of_day, parse_when
from core.nl.dates import DEFAULT_TIME
from core.nl.reminder_times import Asked, resolve
from core.nl.reminders import find_reminders, read_specs
from core.nl.title_days import is_title_day, without_title_days
from core.priority import Priority
from core.timefmt import format_rfc3339
from gateway.agent.offline.verb_typos import fix_detail_words
from gateway.agent.offline.words import (
    MAKE_IT_RE,
    NOT_PRIORITY_RE,
    PRIORITY_RE,
    SUBJECT_MODAL_RE,
    TAG_RE,
    TAG_WORDS_RE,
    THANKS_RE,
    cut,
    priority_of,
    tag_words,
    tidy_title,
)

# Words that say 'add this task': a message starting with one is always an add.
ADD_VERB = re.compile(
    r"^\s*(?:please\s+)?(?:"
    r"add(?:\s+(?:a|an|one))?(?:\s+new)?(?:\s+(?:task|todo|to-do|item|reminder)s?"
    r"(?:\s+(?:called|named|titled|saying))?)?"
    r"|(?:create|make|open|start|set\s+up)(?:\s+for\s+me)?(?:\s+(?:a|an|one))?(?:\s+new)?"
    r"\s+(?:task|todo|to-do|item|reminder)(?:\s+for\s+me)?"
    r"(?:\s+(?:called|named|titled|saying|to|for|that\s+says))?"
    r"|new\s+(?:task|todo|to-do|item)|(?:task|todo|to-do)\s*:|schedule"
    r"|(?:(?:i|we)\s+)?(?:need|have|have\s+got|got)\s+to\s+remember\s+to"
    r"|let'?s|let\s+us|(?:i|we)\s+(?:need|have|want|ought)\s+to|(?:i|we)\s+(?:must|should)"
    r"|(?:i|we)\s+(?:had|would|'d)\s+better|(?:i|we)\s+(?:am|are|was|were)\s+(?:supposed|meant)\s+to"
    r"|(?:(?:i|we)\s+)?(?:shouldn'?t|should\s+not|mustn'?t|must\s+not|can'?t|cannot)\s+forget"
    r"(?:\s+to)?"
    r"|(?:please\s+)?remember\s+that\s+(?:i|we)\s+(?:have|need|must|should)(?:\s+to)?"
    r"|(?:i|we)\s+(?:will|shall|am\s+going\s+to|are\s+going\s+to|have\s+got\s+to|gotta)|(?:don'?t|do\s+not)\s+(?:let\s+me\s+)?forget"
    r"(?:\s+to)?|remember\s+to|note\s+to\s+self"
    # "I should really X", "we must definitely X": the adverb is not part of the task.
    r")(?:\s+(?:really|definitely|probably|actually|seriously|totally|absolutely|still))?\s*:?\s+",
    re.IGNORECASE,
)
# "remind me (to)", "set (me) a reminder for 9:30 to ...", "add a reminder: ...": an add that
# also asks for a reminder when the task falls due.
REMIND_PREFIX = re.compile(
    r"^\s*(?:please\s+)?(?:remind\s+(?:me|us)(?:\s+(?:about|of)(?:\s+the)?(?=\s|$))?"
    r"|(?:ping|nudge|alert|notify)\s+(?:me|us)|(?:set|create|add|make|schedule|put\s+in|get)\s+(?:me\s+)?"
    r"(?:a\s+|an\s+)?(?:new\s+)?reminder(?:\s+for(?=\s))?(?:\s*:)?)(?:\s+|$)",
    re.IGNORECASE,
)
# "10 minutes before" with no ask of its own, right after "remind me" or closing the message.
_BARE_BEFORE = r"(?P<spec>(?:\S+\s+){1,4}?(?:before(?:hand)?|earlier|ahead|in\s+advance|prior))"
# "remind me 10 minutes before the standup": the article belongs to the reminder words.
_BARE_AT_START = re.compile(
    r"^\s*" + _BARE_BEFORE + r"(?!\w)(?:\s+(?:the|my|our)(?=\s))?", re.IGNORECASE
)
# "..., 10 minutes before"; "... at 8am and 10 minutes before" keeps the one at 8am too.
_BARE_AT_END = re.compile(
    r"\s*(?:,|(?P<also>,?\s+and(?:\s+again|\s+also)?))\s*" + _BARE_BEFORE + r"\s*$", re.IGNORECASE
)
_LIST_SUFFIX = re.compile(
    r"\s+(?:to|on|in|onto)\s+(?:my\s+|the\s+|our\s+)?(?:(?:todo|to-do|task)\s+list|list"
    r"|shopping(?:\s+list)?|grocery\s+list|groceries\s+list)\s*$",
    re.IGNORECASE,
)
_DESCRIPTION = re.compile(
    r"\s+(?:--|\u2014)\s+(?P<a>.+)$|[,;]?\s*\b(?:description|desc|notes?|details)\s*:\s*(?P<b>.+)$",
    re.IGNORECASE | re.DOTALL,
)


# Indian English "by tomorrow itself", "today only": emphasis on the day, not the title.
_ITSELF = re.compile(
    r"\b(?P<day>today|tomorrow|tonight|morning|evening|week|month|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)\s+(?:itself|only)\b",
    re.IGNORECASE,
)


# "sort the loft sometime, no rush": no date at all, and not part of the title.
_VAGUE_WHEN = re.compile(
    r"\s+(?:sometime|some\s+time\s+soon|someday|some\s+day|at\s+some\s+point|whenever"
    r"|eventually|when\s+i\s+(?:can|get\s+(?:a\s+)?(?:chance|time|round\s+to\s+it)))(?=\s*(?:[,.;!]|$))",
    re.IGNORECASE,
)
# "on the first of every month", "every month on the fifteenth": the day in digits, as the
# rule grammar reads it.
_ORDINAL_WORDS = {
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
    "eleventh": "11th", "twelfth": "12th", "fifteenth": "15th", "twentieth": "20th",
    "twenty-fifth": "25th", "thirtieth": "30th",
}  # fmt: skip
_DAY_IN_WORDS = re.compile(
    r"\b(?P<word>" + "|".join(_ORDINAL_WORDS) + r")"
    r"(?P<rest>\s+(?:day\s+)?of\s+(?:every|each|the)\s+month)",
    re.IGNORECASE,
)


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


_FOLLOWING = re.compile(
    r"^(?:the\s+)?(?:following|below)\s+(?:task|todo|to-do|item|reminder|one)\s*:\s*", re.I
)
_BEFORE_WHEN = re.compile(
    r"\bbefore\s+(?=(?:midnight|noon|midday|eod|tonight|tomorrow|today|the\s+end\s+of"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}(?::\d\d)?\s*(?:am|pm))\b)",
    re.I,
)
_SAID_AGAIN = re.compile(
    r"^(?:(?:i|we)\b|(?:don'?t|do\s+not)\s+forget\s+to\b|remember\s+to\b)", re.I
)
_GOTTA = re.compile(r"^(i|we)(?:'ve|\s+have)?\s+gotta\b", re.IGNORECASE)


def _unwrapped(text: str) -> tuple[str, re.Match[str] | None]:
    """The task without the words around it ("add", "remind me to", "the following task:",
    "thanks"), and the "remind me" prefix it had, if any."""
    text = _ITSELF.sub(r"\g<day>", fix_detail_words(text))
    text = _VAGUE_WHEN.sub("", text)
    text = _DAY_IN_WORDS.sub(lambda m: _ORDINAL_WORDS[m["word"].lower()] + m["rest"], text)
    remind_prefix = REMIND_PREFIX.match(text)
    text = (
        REMIND_PREFIX.sub("", text, count=1) if remind_prefix else ADD_VERB.sub("", text, count=1)
    )
    text = REMIND_PREFIX.sub("", text, count=1)
    text = _FOLLOWING.sub("", text, count=1)  # "add the following task: book the venue"
    text = _BEFORE_WHEN.sub("by ", text)  # "submit the form before midnight": its deadline
    if _SAID_AGAIN.match(text):  # "don't forget: I've gotta pick up Mia": one wrapper in another
        text = ADD_VERB.sub("", _GOTTA.sub(r"\1 have got to", text, count=1), count=1)
    return _LIST_SUFFIX.sub("", THANKS_RE.sub("", text)), remind_prefix


def _peel_tags(text: str, sources: dict[str, list[str]]) -> tuple[str, list[str]]:
    """The text without its tags ("#work", "tagged work"), and the tags; `sources` notes them."""
    worded = list(TAG_WORDS_RE.finditer(text))
    sources["tag"] = [m.group(0).strip(" ,") for m in worded]
    tags = [tag for m in worded for tag in tag_words(m["tags"])]
    text = TAG_WORDS_RE.sub(" ", text)
    tags += [m["tag"].rstrip(".:/-").lower() for m in TAG_RE.finditer(text)]
    sources["tag"] += [m.group(0) for m in TAG_RE.finditer(text)]
    return TAG_RE.sub(" ", text), tags


def _remind_at_due(
    plan: AddPlan, prefix: re.Match[str], due: datetime | None, reminders: list[str]
) -> None:
    """A "remind me to …" with no reminder of its own: one when the task falls due, if it has
    a time; else a note that none is set."""
    if due is not None:
        reminders.append("PT0S")
        plan.sources["reminder"].append(prefix.group(0).strip())
    else:
        plan.note = 'There is no time, so no reminder is set; say e.g. "remind me at 5pm".'


def parse_add(text: str, *, now: datetime, tz: str, explicit: bool = False) -> AddPlan:
    """Turn an add command (with or without "add") into add_task arguments."""
    plan = AddPlan()
    sources = plan.sources
    text, remind_prefix = _unwrapped(text)
    remind_at_due = bool(remind_prefix)
    description = _DESCRIPTION.search(text)
    if description:
        plan.arguments["description"] = (description["a"] or description["b"]).strip()
        text = text[: description.start()]
    text, tags = _peel_tags(text, sources)
    text = NOT_PRIORITY_RE.sub(" ", MAKE_IT_RE.sub(" ", text))
    priorities = list(PRIORITY_RE.finditer(text))
    sources["priority"] = [m.group(0) for m in priorities[:1]]
    text = PRIORITY_RE.sub(" ", text)
    text, asked, sources["reminder"] = _reminders(text, after_prefix=remind_at_due)
    try:
        due, recurrence, text = _schedule(text, now=now, tz=tz, sources=sources)
        reminders = resolve(asked, due, recurrence is not None, now=now, tz=tz)
    except ValueError as exc:
        plan.error = str(exc)
        return plan
    if remind_prefix and not reminders:  # "remind me to pay rent friday 9am": when it is due
        _remind_at_due(plan, remind_prefix, due, reminders)
    title = tidy_title(SUBJECT_MODAL_RE.sub("", text, count=1))
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
        args["due"] = format_rfc3339(due)
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


def _reminders(text: str, *, after_prefix: bool) -> tuple[str, list[Asked], list[str]]:
    """Cut the reminder requests out; after a leading "remind me", an amount before with no
    ask of its own ("remind me 10 minutes before the standup", "..., 10 minutes before") is
    one too."""
    text, asked, words = find_reminders(text)
    if after_prefix:
        for bare in (_BARE_AT_START.match(text), _BARE_AT_END.search(text)):
            if bare is None:
                continue
            specs, end = read_specs(text, bare.start("spec"), split=False)
            if specs and end == bare.end("spec"):
                if bare.groupdict().get("also"):
                    asked.append(Asked())  # when it falls due, as "remind me to" says
                asked.extend(specs)
                words.append(bare["spec"])
                text = text[: bare.start()] + " " + text[bare.end() :]
                break
    return text, asked, words


def _schedule(
    text: str, *, now: datetime, tz: str, sources: dict[str, list[str]]
) -> tuple[datetime | None, tuple[str, str] | None, str]:
    """Cut the recurrence and the due date/time out of `text` and resolve them."""
    recurrence_text = None
    found = find_recurrence(text)
    if found:
        recurrence_text = text[found[0] : found[1]]
        text = cut(text, [found])
    spans = without_title_days(text, find_when(text))
    when = " ".join(text[s.start : s.end] for s in spans)
    sources["recurrence"] = [recurrence_text] if recurrence_text else []
    kind = "date" if any(s.kind != "time" for s in spans) else "time"
    sources["date" if kind == "date" else "time"] = [when] if when else []
    text = cut(text, [(s.start, s.end) for s in spans if not is_title_day(text, s)])
    if recurrence_text is None:
        return (parse_when(when, now=now, tz=tz) if when else None), None, text
    has_day = any(s.kind != "time" for s in spans)
    at = parse_time_of_day(when) if when and not has_day else None
    parsed = parse_recurrence(recurrence_text, now=now, tz=tz, default_time=at or DEFAULT_TIME)
    due = parse_when(when, now=now, tz=tz) if has_day else parsed.first_due
    return due, (parsed.rule, parsed.anchor), text
