"""Reminders in words: "remind me 30 mins before", "ping me at 8 the day before", "nudge me".

A reminder request is an *ask* ("remind me", "ping me", "give me a heads-up", "with a
reminder", "set an alert") followed by zero or more *specs*, joined by "and", "again" or
commas ("remind me twice: a day before and an hour before"). A spec is one of:

- an amount before the due time: "an hour before", "30 mins prior", "half an hour ahead",
  "an hour and a half before", "1.5 hrs earlier", "two days in advance";
- a clock time relative to the due day: "at 8 the day before", "the day before at 8pm",
  "(on) the morning of";
- a moment in the usual date words: "at 5pm", "tomorrow at 8" (`Asked.phrase`);
- nothing at all ("nudge me"): a reminder when the task falls due.

`find_reminders` cuts them out of a text; `core.nl.reminder_times.resolve` turns them into
what the tools take.
"""

from __future__ import annotations

import re
from datetime import time, timedelta

from core.nl.dates import find_when, parse_time_of_day
from core.nl.patterns import TIME_RE
from core.nl.reminder_times import Asked, iso_duration
from core.nl.words import NUMBER_WORDS, number_value, unit_name

_I = re.IGNORECASE
_NUMBER = (
    r"(?:\d+(?:\.\d+)?|a\s+couple\s+of|a\s+few|"
    + "|".join(sorted((w for w in NUMBER_WORDS if " " not in w), key=len, reverse=True))
    + ")"
)
_UNIT = r"(?:minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)"
# One amount of time: "30 mins", "1h", "an hour and a half", "half an hour", "1 hour 30 minutes".
AMOUNT = (
    r"(?:half\s+an?\s+(?:hour|day)"
    r"|" + _NUMBER + r"\s*-?\s*" + _UNIT + r"(?:\s+and\s+a\s+half)?"
    r"(?:\s+(?:and\s+)?\d+\s*(?:minutes?|mins?|m))?"
    r"|the\s+(?:day|night|evening|week))(?!\w)"
)
_BEFORE_WORD = r"(?:before(?:hand)?|earlier|ahead(?:\s+of\s+time)?|in\s+advance|prior|b4)(?!\w)"
_SEP = r"(?:\s*(?:,|;|:|&|\band\b|\bthen\b|\bagain\b|\balso\b|\bplus\b)\s*)+|\s+"
_AMOUNTS = re.compile(
    r"(?P<amounts>"
    + AMOUNT
    + r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)"
    + AMOUNT
    + r")*)\s+"
    + _BEFORE_WORD,
    _I,
)
# A clock time as the date grammar reads it ("at 8pm", "half eight", "noon").
_CLOCK = r"(?:" + TIME_RE.pattern + r")"
_DAYS_BACK = (
    r"(?P<back>the\s+(?:day|night|evening)|an?\s+day|\w+\s+days?)\s+(?:before|prior|earlier)"
)
_BACK_AT = re.compile(_DAYS_BACK + r"\s+(?P<clock>" + _CLOCK + r")", _I)
_AT_BACK = re.compile(r"(?P<clock>" + _CLOCK + r")\s+(?:on\s+)?" + _DAYS_BACK, _I)
_PART_OF = re.compile(
    r"(?:(?:on\s+|in\s+)?the\s+(?P<part>morning|afternoon|evening)\s+of(?:\s+the\s+day)?"
    r"|that\s+(?P<that>morning|afternoon|evening))(?!\w)",
    _I,
)
# "on the day", "the same day at 7": the due day itself, at 09:00 unless a time is said.
_SAME_DAY = re.compile(
    r"(?:on\s+)?(?:the\s+same\s+day|that\s+day|the\s+day(?:\s+itself|\s+of)?)"
    r"(?!\s+(?:before|prior|earlier|after))(?:\s+(?P<clock>" + _CLOCK + r"))?(?!\w)",
    _I,
)
# "at 8am that day", "7pm on the day": the clock said first.
_AT_SAME_DAY = re.compile(
    r"(?P<clock>"
    + _CLOCK
    + r")\s+(?:on\s+)?(?:the\s+same\s+day|that\s+day|the\s+day(?:\s+itself)?)"
    r"(?!\s+(?:before|prior|earlier|after))(?!\w)",
    _I,
)
# Indian English "before 1 hour": the amount after the word.
_BEFORE_AMOUNT = re.compile(r"(?:before|prior\s+to)\s+(?P<amounts>" + AMOUNT + r")", _I)
# "with a 30 minute reminder", "a 10-min heads-up".
_ADJECTIVE = re.compile(
    r"(?:,\s*|\s+|^)(?:and\s+)?(?:with\s+|set\s+|add\s+)?(?:a|an)\s+(?P<amounts>" + AMOUNT + r")"
    r"[\s-]+(?:reminder|alert|heads[\s-]?up|warning|notification)(?!\w)",
    _I,
)
NOUN = r"(?:reminders?|alerts?|alarms?|notifications?|heads[\s-]?ups?|nudges?|pings?|shouts?)"
# The ask: the words that say "remind me". A plural noun or "twice" makes "A and B before" two.
_LEAD = (
    r"(?P<lead>(?:,\s*|;\s*|\.\s+|\(\s*|\+\s*|\s+|^)"
    r"(?:(?:and|&|also|then|plus|please|pls|kindly|but|do)\s+)*)"
)
_GIVE = r"(?:give|send|set|get)\s+(?:me|us)\s+(?:a|an|another|two|2)?\s*" + NOUN
_WITH = (
    r"(?:with|w/|set|add|put|create|include|and|i\s+(?:want|need|would\s+like)|i'd\s+like)"
    r"\s*(?:a|an|another|two|2)?\s*" + NOUN
)
_NOUN_FIRST = NOUN + (
    r"(?=\s*:|\s+(?:\d|an?\s|half|one|two|three|at\s|@|on\s|the\s+(?:day|night|morning)))"
)
_ASK = re.compile(
    _LEAD + r"(?P<ask>(?:remind|remember|ping|alert|notify|nudge|warn|buzz|text)\s+(?:me|us)"
    r"|(?:remind|notify|ping)(?=\s+(?:\d|an?\s|half|one|two|three|at\s|the\s+day|before\s))"
    r"|" + _GIVE + r"|" + _WITH + r"|" + _NOUN_FIRST + r")"
    r"(?P<twice>\s+(?:twice|two\s+times|again|too|also))?"
    r"(?:\s+(?:about|of)\s+(?:it|this|that))?\s*:?",  # "remind me about it an hour before"
    _I,
)
# "1 hour prior to the meeting", "15 min before it": the task named again, closing the clause.
_OF_TASK = re.compile(
    r"(?:\s+(?:to\s+)?(?:it|that|the\s+[\w'-]+(?:\s+[\w'-]+)?|my\s+[\w'-]+)(?=\s*(?:$|[,.;)!?])))?",
    _I,
)
_TAIL = re.compile(r"^\s*(?:too|as\s+well|also|please)?\s*\)?", _I)
_AM = re.compile(r"(?:\d|\s)a\.?m\b", _I)
_PARTS = {"morning": time(9), "afternoon": time(15), "evening": time(18)}


def find_reminders(text: str) -> tuple[str, list[Asked], list[str]]:
    """Cut every reminder request out of `text`; return the rest, what was asked, and the
    words of each request (for quick-add chips)."""
    asked: list[Asked] = []
    words: list[str] = []
    while (match := _ADJECTIVE.search(text)) is not None:
        asked.append(Asked(before=amount_of(match["amounts"])))
        words.append(match.group(0).strip(" ,"))
        text = text[: match.start()] + " " + text[match.end() :]
    position = 0
    while (match := _ASK.search(text, position)) is not None:
        last = match["ask"].split()[-1].lower()
        plural = (last.endswith("s") and last != "us") or bool(
            match["twice"] and re.search(r"twice|two", match["twice"], _I)
        )
        specs, end = read_specs(text, match.end(), split=plural)
        bare = not specs and _ends_clause(text, end)
        # "nudge me", "with a reminder" alone ask for one when the task falls due.
        verb = re.search(r"\b(?:me|us)\b|^(?:with|w/)", match["ask"], _I)
        if not specs and not (bare and verb):
            position = match.end()
            continue
        if specs and specs[-1].before is not None:
            end += len(_OF_TASK.match(text[end:])[0])  # type: ignore[index]
        end += len(_TAIL.match(text[end:])[0])  # type: ignore[index]
        asked.extend(specs or [Asked()])
        start = match.start() + len(match["lead"]) - len(match["lead"].lstrip(",;( "))
        words.append(text[start:end].strip(" ,()"))
        text = text[: match.start()] + " " + text[end:]
        position = match.start()
    return text, asked, words


def read_specs(text: str, start: int, *, split: bool) -> tuple[list[Asked], int]:
    """The specs written from `start` on, and where they end (`start` when there are none)."""
    specs: list[Asked] = []
    end = position = start
    while True:
        found = _one_spec(text, position, split=split)
        if found is None:
            return specs, end
        specs.extend(found[0])
        end = found[1]
        gap = re.match(_SEP, text[end:], _I)
        position = end + (len(gap[0]) if gap else 0)
        if position == end and position < len(text):
            return specs, end


def _one_spec(text: str, start: int, *, split: bool) -> tuple[list[Asked], int] | None:
    rest = text[start:]
    lead = len(rest) - len(rest.lstrip())
    rest = rest.lstrip()
    for regex in (_BACK_AT, _AT_BACK):
        match = regex.match(rest)
        if match:
            clock = parse_time_of_day(match["clock"])
            evening = re.search(r"night|evening", match["back"], _I)
            if clock is not None and evening and clock.hour < 12 and not _AM.search(match["clock"]):
                clock = clock.replace(hour=clock.hour + 12)  # "at 8 the night before": 20:00
            if clock is not None:
                return [Asked(days_back=_days(match["back"]), at=clock)], start + lead + match.end()
    match = _AT_SAME_DAY.match(rest) or _SAME_DAY.match(rest)
    if match:
        clock = parse_time_of_day(match["clock"]) if match["clock"] else None
        return [Asked(days_back=0, at=clock or time(9))], start + lead + match.end()
    match = _PART_OF.match(rest)
    if match:
        part = (match["part"] or match["that"]).lower()
        return [Asked(days_back=0, at=_PARTS[part])], start + lead + match.end()
    match = _AMOUNTS.match(rest) or _BEFORE_AMOUNT.match(rest)
    if match:
        pieces = re.split(r"\s*,\s*|\s+and\s+(?!a\s+half)|\s*&\s*", match["amounts"], flags=_I)
        amounts = [amount_of(piece) for piece in pieces if piece.strip()]
        found = amounts if split else [sum(amounts, timedelta())]
        return [Asked(before=amount) for amount in found], start + lead + match.end()
    skip = re.match(r"for\s+(?=\S)", rest, _I)  # "an alarm for 8am"
    if skip:
        lead, rest = lead + skip.end(), rest[skip.end() :]
    spans = find_when(rest)  # "at 5pm", "tomorrow at 8", "thursday 5pm"
    taken = 0
    for span in spans:
        if rest[taken : span.start].strip(" ,"):
            break
        taken = span.end
    if taken:
        return [Asked(phrase=rest[:taken].strip(" ,"))], start + lead + taken
    return None


def _ends_clause(text: str, end: int) -> bool:
    return not text[end:].strip() or bool(re.match(r"\s*[,;.)!]", text[end:]))


def _days(back: str) -> int:
    word = back.lower().split()
    if word[0] in ("the", "a", "an"):
        return 1
    return number_value(word[0])


def amount_of(text: str) -> timedelta:
    """The span of one amount: "30 mins" 30 minutes, "an hour and a half" 90 minutes."""
    phrase = " ".join(text.lower().replace("-", " ").split())
    if phrase.startswith("the "):
        return timedelta(days=7) if phrase.endswith("week") else timedelta(days=1)
    if phrase.startswith("half"):
        return timedelta(minutes=30) if "hour" in phrase else timedelta(hours=12)
    match = re.match(
        r"(?P<n>" + _NUMBER + r")\s*(?P<u>[a-z]+)(?P<half>\s+and\s+a\s+half)?"
        r"(?:\s+(?:and\s+)?(?P<m>\d+)\s*[a-z]+)?$",
        phrase,
    )
    if match is None:
        raise ValueError(f"not an amount of time: {text!r}")
    count = float(match["n"]) if re.fullmatch(r"[\d.]+", match["n"]) else number_value(match["n"])
    count += 0.5 if match["half"] else 0
    unit = "minutes" if match["u"] == "m" else unit_name(match["u"])
    size = {"minutes": 1, "hours": 60, "days": 1440, "weeks": 10080}.get(unit, 1440)
    return timedelta(minutes=round(count * size) + int(match["m"] or 0))


# An amount alone, the "before" optional: "30 minutes before", "2h", "an hour and a half earlier".
_AMOUNT_ALONE = re.compile(r"^\s*(?P<amount>" + AMOUNT + r")(?:\s+" + _BEFORE_WORD + r")?\s*$", _I)


def duration_before(text: str) -> str | None:
    """ "30 minutes before" -> "PT30M", the ISO 8601 duration a reminder "before" takes; None
    if `text` is not an amount of time."""
    match = _AMOUNT_ALONE.match(text)
    return None if match is None else iso_duration(amount_of(match["amount"]))
