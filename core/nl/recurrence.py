"""Recurrence in words ("every month on the 1st", "every! 3 days") to RRULEs.

`parse_recurrence` returns an RFC 5545 RRULE accepted by `core.recurrence.normalize_rule`, the
anchor ("completion" for Todoist's "every!" or "... after completion", else "due") and the first
due date the rule gives from now. The due date is the rule's start, so a time of day ("at 9am")
goes into that first due date, not into the rule. `find_recurrence` finds the phrase inside a
longer text. The way back, a rule in words, is core.humanize.describe_rule.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, NamedTuple

from dateutil.rrule import rrulestr

from core.errors import InvalidRecurrence
from core.nl import rrule_words
from core.nl.dates import (
    DEFAULT_TIME,
    clock_in_part,
    local_now,
    parse_time_of_day,
    parse_when,
    zone_of,
)
from core.nl.patterns import TIME_RE, TIME_WORDS
from core.nl.rrule_words import RuleParts
from core.nl.typos import correct
from core.nl.words import MONTH_RE, WEEKDAY_RE, WEEKDAYS, normalize, weekday_index
from core.recurrence import normalize_rule

Anchor = Literal["due", "completion"]
_COMPLETION = re.compile(
    r"\s*,?\s*\b(?:after|from|since|counting from)\s+"
    r"(?:(?:the\s+)?(?:last\s+)?completion|(?:it(?:'s| is)\s+)?(?:done|completed|finished)"
    r"|i\s+(?:finish|complete|do)\s+it|completing(?:\s+it)?|finishing(?:\s+it)?"
    # "after I've changed it", "after we replace it": counted from when it was last done
    r"|(?:i|we)(?:'ve|\s+have)?\s+(?:[a-z]+)\s+(?:it|them))"
)
_UNTIL = re.compile(
    r"\s*,?\s*\b(?:until|till|through|ending(?:\s+on)?)\s+(?P<when>[^,]+?)(?=,|\s+for\s|$)"
)
_STARTING = re.compile(
    r"\s*,?\s*\b(?:starting(?:\s+(?:on|from))?|from|beginning(?:\s+on)?)\s+(?P<when>[^,]+?)"
    r"(?=,|\s+until\s|\s+for\s|$)"
)
# "every weekday except friday": those days come out of BYDAY.
_EXCEPT = re.compile(
    r"\s*,?\s*\b(?:except|excluding)\s+(?:on\s+)?(?P<days>"
    + WEEKDAY_RE
    + r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s+)"
    + WEEKDAY_RE
    + r")*)"
)
_COUNT = re.compile(r"\s*,?\s*\b(?:for\s+)?(?P<n>\d+|[a-z]+)\s+times\b")
_FOR_SPAN = re.compile(
    r"\s*,?\s*\bfor\s+(?P<n>\d+|[a-z]+)\s+(?P<unit>hours|days|weeks|months|years)\b"
)
# The words a recurrence phrase is made of; `find_recurrence` stops at the first other word.
_TRIGGER = re.compile(
    r"(?<![\w#])(?:every!|every|each|daily|weekly|monthly|yearly|annually|hourly|biweekly"
    r"|fortnightly|quarterly|weekdays)(?![\w])"
)
_VOCABULARY = re.compile(
    r"(?:every!?|each|other|and|&|,|on|the|of|in|a|an|day|days|weekday|weekdays|workday|workdays"
    r"|business|work|weekend|weekends|week|weeks|month|months|year|years|hour|hours|fortnight"
    r"|quarter|morning|afternoon|evening|night|daily|weekly|monthly|yearly|annually|hourly"
    r"|biweekly|fortnightly|quarterly|first|second|third|fourth|fifth|last|times|for|until|till"
    r"|working|except|excluding"
    r"|starting|from|beginning|after|completion|completed|done|finished|completing|\d+"
    r"|\d+(?:st|nd|rd|th)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|mon|tues?|weds?"
    r"|thu|thur|thurs|fri|sat|sun|next|tomorrow|today|end|" + MONTH_RE + r"|\d{4})"
)
# Words that may continue a phrase but never end one ("every monday and" -> "every monday").
_TRAILING = {"and", "&", ",", "on", "the", "of", "in", "a", "an", "for", "until", "till",
             "starting", "from", "beginning", "after", "next", "end", "except", "excluding",
             "working"}  # fmt: skip
_SPAN_FREQ = {"hours": "HOURLY", "days": "DAILY", "weeks": "WEEKLY", "months": "MONTHLY",
              "years": "YEARLY"}  # fmt: skip


# "[on] the 1st / the last day / the first monday of every month": the rule comes last.
_AND = r"(?:\s*,\s*|\s+and\s+|\s*&\s*)(?:the\s+)?"
_ORDINAL_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)"
_NTH = r"(?:first|second|third|fourth|fifth|last|[1-5](?:st|nd|rd|th))"
_MONTH_POSITION = (
    r"(?:" + _ORDINAL_DAY + r"(?:" + _AND + _ORDINAL_DAY + r")*|last\s+day"
    r"|" + _NTH + r"(?:" + _AND + _NTH + r")*\s+" + WEEKDAY_RE + r")"
)
_OF_EVERY = re.compile(
    r"(?:\bon\s+)?(?P<what>(?:the\s+)?" + _MONTH_POSITION + r")\s+of\s+(?:every|each)\s+"
    r"(?P<n>other\s+|\d+\s+)?months?\b"
)
_POSITION_BEFORE = re.compile(r"(?:\bon\s+)?(?:\bthe\s+)?\b" + _MONTH_POSITION + r"\s+of\s+$")
_PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")


def _day_of_month_before(lowered: str, start: int) -> int:
    """Where "on the 1st of" starts, when it stands right before "every month" at `start`."""
    if not re.match(r"(?:every|each)\s+(?:other\s+|\d+\s+)?months?\b", lowered[start:]):
        return start
    match = _POSITION_BEFORE.search(lowered[:start])
    return match.start() if match else start


def _time_after_part_of_day(lowered: str, end: int) -> int:
    """ "every morning at 8": the explicit time belongs to the rule, it overrides the morning."""
    if not lowered[:end].endswith(_PARTS_OF_DAY):
        return end
    match = TIME_RE.match(lowered, end + len(lowered[end:]) - len(lowered[end:].lstrip()))
    return match.end() if match and not match["word"] else end


class ParsedRecurrence(NamedTuple):
    """What `parse_recurrence` understood: the RRULE, its anchor and the first due date."""

    rule: str
    anchor: Anchor
    first_due: datetime | None


def find_recurrence(text: str) -> tuple[int, int] | None:
    """Where a recurrence phrase ("every monday and thursday until march") sits in `text`."""
    fixed = correct(text.lower())
    lowered = fixed.text
    spans = [_span_from(lowered, trigger) for trigger in _TRIGGER.finditer(lowered)]
    spans = [(_day_of_month_before(lowered, s), e) for s, e in spans]
    spans = [(s, _time_after_part_of_day(lowered, e)) for s, e in spans]
    # "every" needs something after it: "every blue moon" is not a rule we know. Todoist's
    # bare "every!" is "every! day".
    spans = [(s, e) for s, e in spans if not re.fullmatch(r"every|each", lowered[s:e])]
    # "quarterly report", "daily standup": a frequency word before a noun describes the title.
    spans = [(s, e) for s, e in spans if not _adjective(lowered, s, e)]
    spans = [(s, _rest_of_rule(lowered, e)) for s, e in spans]
    # The longest phrase wins: in "daily standup every weekday" the rule is "every weekday".
    longest = max(spans, key=lambda span: span[1] - span[0], default=None)
    return None if longest is None else fixed.span(*longest)


# After a rule and its time, these words carry on the rule ("every day at 8am until friday").
_CARRY_ON = re.compile(
    r"\s*,?\s*(?:until|till|through|ending|for\s+\w+\s+times|starting|beginning|except"
    r"|excluding)\b"
)


def _rest_of_rule(lowered: str, end: int) -> int:
    """Where the rule ends once the parts that may follow its time are taken in: "every day
    at 8am until 20 december", "every 6 weeks after I finish it"."""
    while True:
        completion = _COMPLETION.match(lowered, end)
        if completion:
            end = completion.end()
            continue
        gap = len(lowered[end:]) - len(lowered[end:].lstrip())
        clock = TIME_RE.match(lowered, end + gap)
        if clock is None or not _CARRY_ON.match(lowered, clock.end()):
            return end
        more = _CARRY_ON.match(lowered, clock.end())
        assert more is not None
        stop = _words_from(lowered, more.start())
        if stop <= clock.end():
            return end
        end = stop


def _words_from(lowered: str, start: int) -> int:
    """The end of the rule words from `start` on (as in `_span_from`)."""
    end = last_word_end = start
    for token in re.finditer(r"[\w!&']+|,", lowered[start:]):
        gap = lowered[end : start + token.start()]
        if gap.strip() or not _VOCABULARY.fullmatch(token.group(0)):
            break
        end = start + token.end()
        if token.group(0) not in _TRAILING:
            last_word_end = end
    return last_word_end


# Words after which a frequency word still ends the phrase ("daily at 8", "weekly, p1").
_AFTER_RULE = frozenset(
    "at by on in from until till starting for and with to then but or please pls before after"
    " around except remind reminder so".split()
)


_KEYWORD = re.compile(
    r"(?:daily|weekly|monthly|yearly|annually|hourly|biweekly|fortnightly|quarterly)(?!\w)"
)


def _adjective(lowered: str, start: int, end: int) -> bool:
    """ "quarterly" in "submit quarterly report" or "send the quarterly friday": a frequency
    word that describes or names a thing, not a schedule."""
    keyword = re.match(_KEYWORD, lowered[start:end])
    if keyword is None:
        return False
    if re.search(r"\b(?:the|a|an|my|our|your|his|her|their|this|that|its)\s+$", lowered[:start]):
        return True  # after an article it is a noun or an adjective
    following = re.match(r"\s+([a-z][\w'-]*)", lowered[end:])
    if keyword.end() != end - start or following is None:
        return False
    word = following[1]
    return word not in _AFTER_RULE and not _VOCABULARY.fullmatch(word)


# A part of the day inside a rule ("every sunday night", "every tuesday evening at 7").
_PART = re.compile(r"\b(?:in\s+the\s+)?(?P<part>morning|afternoon|evening|night)s?\b")


def _time_said(phrase: str) -> tuple[time | None, str]:
    """The time of day in a rule and the rule without it. An explicit time wins over a part of
    the day, read within it: "every morning at 8" is 08:00, "every tuesday evening at 7"
    19:00, "every sunday night" 20:00."""
    matches = list(TIME_RE.finditer(phrase))
    clock = next((m for m in matches if not m["word"]), None)
    part = _PART.search(phrase)
    if clock is not None and part is not None:
        at: time | None = clock_in_part(clock, part["part"])
    elif clock is not None or matches:
        at = parse_time_of_day((clock or matches[0])[0])
    elif part is not None:
        at = time(*TIME_WORDS[part["part"]])
    else:
        return None, phrase
    return at, _PART.sub(" ", TIME_RE.sub(" ", phrase))


def _of_every_month(phrase: str) -> str:
    """ "on the 1st of every month" -> "every month on the 1st" (also "the first monday of each
    month", "the last day of every other month")."""
    match = _OF_EVERY.search(phrase)
    if match is None:
        return phrase
    rule = f"every {match['n'] or ''} month on {match['what']}"
    return " ".join((phrase[: match.start()] + " " + rule + " " + phrase[match.end() :]).split())


def _span_from(lowered: str, trigger: re.Match[str]) -> tuple[int, int]:
    end = last_word_end = trigger.end()
    for token in re.finditer(r"[\w!&']+|,", lowered[trigger.end() :]):
        gap = lowered[end : trigger.end() + token.start()]
        if gap.strip() or not _VOCABULARY.fullmatch(token.group(0)):
            break
        if lowered[trigger.end() + token.end() :].startswith(":"):
            break  # "1:1 with boss" is a title, not a count
        end = trigger.end() + token.end()
        if token.group(0) not in _TRAILING:
            last_word_end = end
    return trigger.start(), last_word_end


def parse_recurrence(
    text: str, *, now: datetime, tz: str, default_time: time = DEFAULT_TIME
) -> ParsedRecurrence:
    """Turn "every month on the 1st at 9am" into an RRULE, anchor and first due; or ValueError."""
    local = local_now(now, tz)
    if text.strip().upper().startswith(("FREQ=", "RRULE:")):  # an RRULE is never "corrected"
        return _checked(text.strip().upper(), "due", local, None, default_time)
    phrase = correct(normalize(text), whole=True).text.strip(" .")
    anchor: Anchor = "due"
    if "every!" in phrase or _COMPLETION.search(phrase):
        anchor = "completion"
        phrase = _COMPLETION.sub("", phrase.replace("every!", "every"))
    phrase = _of_every_month(phrase)
    # "every second friday" is every other friday; "the second friday of the month" is not.
    phrase = re.sub(
        r"\b(every|each)\s+second\s+(?=" + WEEKDAY_RE + r"s?\b(?!\s+of\b))",
        r"\1 other ",
        phrase,
    )
    at, phrase = _time_said(phrase)
    # "every other morning": the part of the day was the unit.
    phrase = re.sub(r"\b(every|each)\s+(other|\d+)\s*$", r"\1 \2 day", phrase.strip())
    start: date | None = None
    starting = _STARTING.search(phrase)
    if starting:
        start = parse_when(starting["when"], now=now, tz=tz).date()
        phrase = phrase[: starting.start()] + phrase[starting.end() :]
    until = _UNTIL.search(phrase)
    until_text = until["when"].strip() if until else None
    if until:
        phrase = phrase[: until.start()] + phrase[until.end() :]
    count, phrase = _count(phrase)
    excluded = _EXCEPT.search(phrase)
    if excluded:
        phrase = phrase[: excluded.start()] + phrase[excluded.end() :]
    parts = rrule_words.parse_body(" ".join(phrase.replace(",", " , ").split()).strip(" ,"))
    if excluded:
        gone = {WEEKDAYS[weekday_index(day)] for day in re.findall(WEEKDAY_RE, excluded["days"])}
        if not parts.byday and parts.freq == "DAILY" and parts.interval == 1:
            parts.freq, parts.byday = "WEEKLY", list(WEEKDAYS)  # "every day except sunday"
        parts.byday = [day for day in parts.byday if day not in gone]
        if not parts.byday:
            raise ValueError("that leaves no day to repeat on")
    if count is not None:
        parts.count = count if isinstance(count, int) else _span_count(parts, *count)
    if until_text is not None:
        parts.until = _until(until_text, now=now, tz=tz)
    at = at or parts.at or default_time
    return _checked(parts.to_rrule(), anchor, local, start, at)


def _count(phrase: str) -> tuple[int | tuple[int, str] | None, str]:
    """ "for 10 times" -> 10; "for 6 weeks" -> (6, "weeks") to be divided by the interval."""
    match = _COUNT.search(phrase)
    if match:
        return rrule_words.number(match["n"]), phrase[: match.start()] + phrase[match.end() :]
    match = _FOR_SPAN.search(phrase)
    if match:
        rest = phrase[: match.start()] + phrase[match.end() :]
        return (rrule_words.number(match["n"]), match["unit"]), rest
    return None, phrase


def _span_count(parts: RuleParts, amount: int, unit: str) -> int:
    """ "every 2 weeks for 6 weeks" -> COUNT=3, when the units agree."""
    if _SPAN_FREQ[unit] != parts.freq:
        raise ValueError(f'"for {amount} {unit}" does not fit a rule that repeats {parts.freq}')
    return max(1, amount // parts.interval)


def _until(text: str, *, now: datetime, tz: str) -> str:
    """UNTIL in UTC (dateutil requires UTC with a zoned start): the end of the named day, or,
    for a bare month ("until march"), the end of the day before it starts."""
    zone = zone_of(tz)
    day = parse_when(text, now=now, tz=tz).date()
    if re.fullmatch(MONTH_RE + r"(?:\s+\d{4})?", text.strip()):
        day -= timedelta(days=1)
    last = datetime.combine(day, time(23, 59, 59), tzinfo=zone)
    return last.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _checked(
    rule: str, anchor: Anchor, local: datetime, start: date | None, at: time
) -> ParsedRecurrence:
    try:
        rule = normalize_rule(rule)
    except InvalidRecurrence as exc:
        raise ValueError(exc.message) from None
    return ParsedRecurrence(rule, anchor, first_due(rule, local, start=start, at=at))


def first_due(rule: str, local: datetime, *, start: date | None, at: time) -> datetime | None:
    """The first occurrence of `rule` at `at` on or after `start`, else after `local` (now)."""
    zone = local.tzinfo
    if "FREQ=HOURLY" in rule and start is None:  # the next full hour
        return local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    begin = datetime.combine(start or local.date(), at, tzinfo=zone)
    if start is None and begin <= local:
        begin += timedelta(days=1)
    if not re.search(r"BY(?:DAY|MONTHDAY|MONTH|SETPOS|YEARDAY|WEEKNO)=", rule):
        # A plain interval ("every 3 days") counts from its first due date: the next time the
        # time of day comes round, not the next multiple of the interval from today.
        return begin
    occurrence: datetime | None = rrulestr(rule, dtstart=begin).after(begin, inc=True)
    return occurrence
