"""Which task(s) a command means: "2", "the first one", "1 and 3", "it", "both", "the last two",
or words of one or more titles ("gym and groceries")."""

from __future__ import annotations

import re

from core.nl import find_when
from core.nl.words import NUMBER_RE, NUMBER_WORDS, number_value
from gateway.agent.offline.intents import Target

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "top": 1, "final": -1,
}  # fmt: skip
# "number two", "item three": the number words of core.nl.words, said as a list position.
_POSITION_WORDS = [w for w in NUMBER_WORDS if w.isalpha() and w not in ("a", "an")]
_ONE = (
    r"(?:(?:#|no\.?\s*|number\s+|task\s+|item\s+)?(?P<n>\d{1,3})"
    r"|(?:no\.?\s*|number\s+|task\s+|item\s+)(?P<w>" + "|".join(_POSITION_WORDS) + r")\b"
    r"|(?:the\s+)?(?P<o>" + "|".join(_ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))"
    r"(?:\s+(?:one|task|item|todo))?)"
)
_IT = re.compile(
    r"(?:it|that|this|that\s+one|this\s+one|that\s+task|this\s+task|the\s+same(?:\s+one)?)",
    re.IGNORECASE,
)
# "both", "them", "all of them": every task of the latest list or group (kind "it" with a
# query: the conversation says which tasks, as it does for "it").
_GROUP = re.compile(
    r"(?P<both>both(?:\s+of\s+them|\s+tasks|\s+ones)?|them\s+both|the\s+two(?:\s+of\s+them)?)"
    r"|(?:them(?:\s+all)?|all(?:\s+of)?\s+them|all(?:\s+(?:three|four|five|six|ones))?"
    r"|(?:those|these)(?:\s+(?:two|three|four|five|six|ones))?|every\s+one(?:\s+of\s+them)?)",
    re.IGNORECASE,
)
# "the first three", "the last 2": a run of positions at one end of the list.
_RUN = re.compile(
    r"(?:the\s+)?(?P<end>first|top|last|final)\s+(?P<n>"
    + NUMBER_RE
    + r")(?:\s+(?:ones|tasks|items))?",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&|\+)\s*|\s+", re.IGNORECASE)
# Several titles in one command: "gym and groceries", "gym, groceries and call mom".
_TITLES = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", re.IGNORECASE)
# Words that say what kind of thing a task is, not which: the lookup uses the distinctive words.
_KIND_NOUN = re.compile(
    r"\s+(?:session|class|appointment|appt|lesson|one|ones|thing|stuff|task|todo|to-do|item)$",
    re.IGNORECASE,
)


def parse_targets(text: str, *, several: bool = True) -> tuple[Target, ...]:
    """The tasks named in `text`; an empty tuple when nothing is named. With `several` false,
    words joined by "and" stay one title."""
    phrase = " ".join(text.strip(" .!?\"'“”").split())
    phrase = re.sub(r"\s+(?:for\s+me|for\s+us|please|pls|thanks)$", "", phrase, flags=re.I)
    phrase = re.sub(r"^(?:with\s+)?(?:my\s+)?", "", phrase, flags=re.IGNORECASE)
    # "complete the first three now", "and 2 as well": words that do not name a task.
    phrase = re.sub(r"\s+(?:now|already|too|as\s+well|please|pls|plz)$", "", phrase, flags=re.I)
    if not phrase:
        return ()
    group = _GROUP.fullmatch(phrase)
    if group:
        return (Target(kind="it", query="both" if group["both"] else "all"),)
    run = _RUN.fullmatch(phrase)
    if run and number_value(run["n"]) > 1:
        count = number_value(run["n"])
        first = run["end"].lower() in ("first", "top")
        positions = range(1, count + 1) if first else range(-count, 0)
        return tuple(Target(kind="position", position=p) for p in positions)
    single = _single(phrase)
    if single and single[0].kind != "title":
        return single
    parts = [p for p in _TITLES.split(phrase) if p]
    if len(parts) > 1 and several:
        each = [_single(re.sub(r"^(?:my\s+)", "", p, flags=re.IGNORECASE)) for p in parts]
        if all(each):
            return tuple(target for targets in each for target in targets)
    return single


def without_when_possessive(text: str) -> str:
    """ "this week's gym" -> "gym", "tomorrow\u2019s standup" -> "standup": the day names an
    occurrence, not the task."""
    for match in re.finditer(r"['\u2019]?s\s+", text):  # "tomorrows standup" too
        head = text[: match.start()]
        words = re.sub(r"^.*?\b(?:the|my|our)\s+", "", head, flags=re.IGNORECASE)
        spans = find_when(words)
        if spans and spans[0].start == 0 and spans[-1].end == len(words):
            return (head[: len(head) - len(words)] + text[match.end() :]).strip()
    return text


def _single(phrase: str) -> tuple[Target, ...]:
    if _IT.fullmatch(phrase):
        return (Target(kind="it"),)
    pieces = [p for p in _SEPARATOR.split(phrase) if p]
    positions = _positions(phrase)
    if positions:
        return tuple(Target(kind="position", position=p) for p in positions)
    if len(pieces) > 1 and all(re.fullmatch(r"\d{1,3}", p) for p in pieces):
        return tuple(Target(kind="position", position=int(p)) for p in pieces)
    query = _title_query(phrase)
    return (Target(kind="title", query=query),) if query else ()


def _title_query(phrase: str) -> str:
    """The words to look a title up by: without "the task called", possessive days ("this
    week's"), a trailing day ("gym today") and kind nouns ("session", "class")."""
    query = re.sub(r"^(?:the\s+)?(?:task|todo|to-do|item)\s+(?:called\s+|named\s+)?", "", phrase,
                   flags=re.IGNORECASE)  # fmt: skip
    query = without_when_possessive(query)
    query = re.sub(r"^(?:the|my|our)\s+", "", query, flags=re.IGNORECASE).strip(" \"'“”")
    spans = find_when(query)
    while spans and spans[-1].end == len(query) and spans[-1].start > 0:
        query = re.sub(r"\s+(?:for|on|at|by|in|from)$", "", query[: spans[-1].start].rstrip(" ,"))
        spans = spans[:-1]
    query = re.sub(r"\s+(?:for|on|at|by|in|from)$", "", query, flags=re.IGNORECASE)
    spans = find_when(query)
    if spans and spans[0].start == 0 and spans[0].end < len(query):
        query = query[spans[0].end :].strip(" ,")  # "the 6pm gym", "tonight's yoga class"
        query = re.sub(r"^(?:the|my|our)\s+", "", query, flags=re.IGNORECASE)
    while (shorter := _KIND_NOUN.sub("", query)) != query and shorter:
        query = shorter
    return query.strip(" \"'“”")


def _positions(phrase: str) -> list[int]:
    """ "2", "the first one", "1 and 3", "1, 2 and 4" -> positions; [] when it is not that."""
    found: list[int] = []
    rest = phrase
    while rest:
        match = re.match(_ONE, rest, re.IGNORECASE)
        if match is None:
            return []
        if match["n"]:
            found.append(int(match["n"]))
        elif match["w"]:  # "number two"
            found.append(number_value(match["w"]))
        else:
            word = match["o"].lower()
            found.append(_ORDINALS.get(word) or int(re.sub(r"\D", "", word)))
        rest = rest[match.end() :]
        separator = re.match(r"\s*(?:,|\band\b|&|\+)?\s*", rest, re.IGNORECASE)
        rest = rest[separator.end() :] if separator else rest
    return found
