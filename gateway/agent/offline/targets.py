"""Which task(s) a command means: "2", "the first one", "1 and 3", "it", or words of a title."""

from __future__ import annotations

import re

from gateway.agent.offline.intents import Target

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "top": 1, "final": -1,
}  # fmt: skip
_ONE = (
    r"(?:(?:#|no\.?\s*|number\s+|task\s+|item\s+)?(?P<n>\d{1,3})"
    r"|(?:the\s+)?(?P<o>" + "|".join(_ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))"
    r"(?:\s+(?:one|task|item|todo))?)"
)
_IT = re.compile(
    r"(?:it|that|this|that\s+one|this\s+one|that\s+task|this\s+task|the\s+same(?:\s+one)?)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&|\+)\s*|\s+", re.IGNORECASE)


def parse_targets(text: str) -> tuple[Target, ...]:
    """The tasks named in `text`; an empty tuple when nothing is named."""
    phrase = " ".join(text.strip(" .!?\"'“”").split())
    phrase = re.sub(r"^(?:with\s+)?(?:my\s+)?", "", phrase, flags=re.IGNORECASE)
    if not phrase:
        return ()
    if _IT.fullmatch(phrase):
        return (Target(kind="it"),)
    pieces = [p for p in _SEPARATOR.split(phrase) if p]
    positions = _positions(phrase)
    if positions:
        return tuple(Target(kind="position", position=p) for p in positions)
    if len(pieces) > 1 and all(re.fullmatch(r"\d{1,3}", p) for p in pieces):
        return tuple(Target(kind="position", position=int(p)) for p in pieces)
    query = re.sub(r"^(?:the\s+)?(?:task|todo|to-do|item)\s+(?:called\s+|named\s+)?", "", phrase,
                   flags=re.IGNORECASE)  # fmt: skip
    query = re.sub(r"\s+(?:task|todo|to-do|item)$", "", query, flags=re.IGNORECASE)
    query = re.sub(r"^(?:the|my)\s+", "", query, flags=re.IGNORECASE).strip(" \"'“”")
    return (Target(kind="title", query=query),) if query else ()


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
        else:
            word = match["o"].lower()
            found.append(_ORDINALS.get(word) or int(re.sub(r"\D", "", word)))
        rest = rest[match.end() :]
        separator = re.match(r"\s*(?:,|\band\b|&|\+)?\s*", rest, re.IGNORECASE)
        rest = rest[separator.end() :] if separator else rest
    return found
