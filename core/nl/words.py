"""The shared vocabulary of dates and recurrence: weekdays, months, numbers and their regexes."""

from __future__ import annotations

import re

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Regex fragments, written for lower-cased text. Longer spellings come first so that the
# alternation does not stop at a prefix ("thu" inside "thursday").
WEEKDAY_RE = (
    r"(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?"
    r"|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)"
)
MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "a couple of": 2,
    "a few": 3,
}
NUMBER_RE = (
    r"(?:\d+|a\s+couple\s+of|a\s+few|forty-five|"
    + "|".join(sorted((w for w in NUMBER_WORDS if " " not in w and "-" not in w), key=len)[::-1])
    + ")"
)
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
# A day of the month written as an ordinal: 1st, 2nd, 23rd, 31st.
ORDINAL_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)"
# The same, with the suffix optional ("march 3").
DAY_NUMBER_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
UNIT_RE = r"(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|years?|yrs?)"


def weekday_index(word: str) -> int:
    """0 for Monday up to 6 for Sunday, from any spelling in WEEKDAY_RE."""
    prefix = word.lower()[:3]  # every spelling starts with the name's first three letters
    for index, name in enumerate(WEEKDAY_NAMES):
        if name.lower().startswith(prefix):
            return index
    raise ValueError(f"not a weekday: {word!r}")


def month_number(word: str) -> int:
    """1 for January up to 12, from any spelling in MONTH_RE."""
    prefix = word.lower()[:3]
    for index, name in enumerate(MONTH_NAMES, start=1):
        if name.lower().startswith(prefix):
            return index
    raise ValueError(f"not a month: {word!r}")


def number_value(word: str) -> int:
    """The integer of "3", "three", "a", "a couple of"."""
    word = re.sub(r"\s+", " ", word.strip().lower())
    if word.isdigit():
        return int(word)
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    raise ValueError(f"not a number: {word!r}")


def day_number(word: str) -> int:
    """The day of "3rd", "3", "03"."""
    return int(re.sub(r"(st|nd|rd|th)$", "", word.strip().lower()))


def ordinal(day: int) -> str:
    """1 -> 1st, 22 -> 22nd, 13 -> 13th."""
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def unit_name(word: str) -> str:
    """The canonical unit ("minutes", "hours", "days"...) of a spelling such as "hrs"."""
    word = word.lower()
    if word.startswith("mi"):
        return "minutes"
    if word.startswith("h"):
        return "hours"
    if word.startswith("d"):
        return "days"
    if word.startswith("w"):
        return "weeks"
    if word.startswith("mo"):
        return "months"
    if word.startswith("y"):
        return "years"
    raise ValueError(f"not a unit: {word!r}")


def normalize(text: str) -> str:
    """Lower-case, typographic quotes and apostrophes made plain, whitespace collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"')
    return re.sub(r"\s+", " ", text.strip().lower())


# Typos (issue 12). The words a date or recurrence phrase is made of, as the grammar spells
# them; `core.nl.typos` corrects a misspelt token towards one of these, and only where the
# grammar is about to read one (after "on", "every", "next"…, or before a number or a time).
TYPO_VOCABULARY = (
    *(name.lower() for name in WEEKDAY_NAMES),
    *(name.lower() for name in MONTH_NAMES if len(name) > 4),
    *("today", "tomorrow", "tonight", "yesterday", "every", "daily", "weekly", "monthly"),
    *("yearly", "annually", "hourly", "biweekly", "fortnight", "fortnightly", "quarterly"),
    *("weekday", "weekdays", "weekend", "weekends", "minutes", "hours", "weeks", "month"),
    *("months", "morning", "afternoon", "evening", "midnight", "until"),
)
# Said anywhere: no title word is this close to "tomorrow", "today" or "tonight".
TYPO_ANYWHERE = ("today", "tomorrow", "tonight")
# A swap or one wrong letter in these frequency words is a typo wherever it stands ("dialy",
# "montly"); "yearly" is left out, as "early" and "nearly" are one letter away.
TYPO_SWAPS = (
    *("daily", "weekly", "monthly", "fortnightly", "tomorrow"),
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
)
TYPO_REAL_WORDS = frozenset(
    {"dally", "weakly", "early", "nearly", "mostly", "deadly", "sundae", "sundaes", "fridge"}
)
# Short forms people type, read as the word they stand for.
SHORT_FORMS = {
    # "this wek", "next wk", "end of mnth": only where a date is expected (after a cue).
    "wek": "week",
    "mnth": "month",
    "mth": "month",
    "nxet": "next",
    "enxt": "next",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmw": "tomorrow",
    "tmrow": "tomorrow",
    "2moro": "tomorrow",
    "2morow": "tomorrow",
    "2morrow": "tomorrow",
    "tomoz": "tomorrow",
    "tonite": "tonight",
    "2nite": "tonight",
    "evry": "every",
    "evrey": "every",
    "evey": "every",
    "fortnite": "fortnight",
    "fortnitely": "fortnightly",
    "wknd": "weekend",
    "nxt": "next",
    "tdy": "today",
    "tody": "today",
    "aprl": "april",
    "wk": "week",
    "ev": "every",  # Todoist's short "ev mon"
}
# Other words of the grammar, never "corrected" into one of the above.
GRAMMAR_WORDS = frozenset(
    "quarter quarters half past after twenty minute hour hours day days week year years later"
    " midday noon night nights other times first second third fourth fifth last end".split()
)
# The words after which a date or recurrence word is expected.
DATE_CUES = frozenset(
    "on by due next this every each until till before after from starting coming last other"
    " and & of in".split()
)
