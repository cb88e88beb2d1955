"""Where one message divides into parts: lines, "1. … 2. …" or "a) … b) …" markers,
semicolons, commas and "and"; and the headings and announcements ("add:", "two tasks:") that
come before a list. Whether the parts really are separate tasks is decided in several.py.
"""

from __future__ import annotations

import itertools
import re

from core.nl.words import NUMBER_RE
from gateway.agent.offline.adding import ADD_VERB, REMIND_PREFIX

_I = re.IGNORECASE
# "two tasks:", "3 items -", "these:", "the following tasks:" before the list itself.
ANNOUNCED = re.compile(
    r"^(?:(?:(?:a\s+)?(?:few|couple(?:\s+of)?|bunch\s+of)|some|several|multiple|more)\s+"
    r"(?:new\s+)?|(?P<count>"
    + NUMBER_RE
    + r")\s*(?:new\s+)?|these|(?P<both>both)|(?:the\s+)?(?:following|below|below\s+mentioned))"
    r"\s*(?:tasks?|things?|items?|todos?|to-dos?|reminders?)?"
    # "three things for tomorrow:": details every item shares.
    r"(?P<details>\s+(?:for|on|by|due|this|next|tomorrow|today)\b[^:]{0,40}?)?"
    r"(?:\s+(?:to|on|for|in)\s+(?:my|the|our)\s+(?:[\w-]+\s+)?(?:list|to-?do\s+list|todos?|tasks))?"
    # "9:30" and "9-5" are times, not a count and a colon.
    r"(?:,?\s+(?:please|pls|plz|for\s+me))?\s*(?::(?!\d)|-(?!\d)|\u2013|\u2014)\s*",
    _I,
)
# "create two tasks: …": a verb that only announces a counted list.
COUNT_LEAD = re.compile(
    r"^(?:please\s+)?(?:create|make|add|put|set\s+up|note|jot\s+down)\s+(?=(?:"
    + NUMBER_RE
    + r")\s+(?:new\s+)?(?:tasks?|things?|items?|todos?|to-dos?|reminders?)\s*[:\-\u2013\u2014])",
    _I,
)
# A heading with no verb: "tasks:", "todo:", "new tasks:".
HEADING = re.compile(r"^(?:(?:new\s+)?(?:tasks?|todos?|to-dos?|to\s+do|list)\s*:)\s*", _I)
BULLET = re.compile(r"^\s*(?:[-*\u2022+]|\(?(?:\d{1,2}|[a-h])[.)])\s*", _I)
_MARKER = re.compile(
    r"(?:^|(?<=[\s,;:]))\(?(?:(?P<number>\d{1,2})[.)](?=\s|[^\W\d_])|(?P<letter>[a-h])[.)](?=\s))",
    _I,
)
# "buy milk then call mom", "email bob and also call alice": each its own task when every part
# starts with a verb (several.py decides).
AND = re.compile(r"\s+(?:(?:and\s+)?then|and\s+also|and|&|plus)\s+", _I)


def heading_lead(line: str) -> str | None:
    """The add lead of a heading line ("add:", "todo:", "add the following tasks:", "I need
    to:", or "add" alone), "" for a heading with no lead ("tasks:", "these:"), None when the
    line is an item."""
    probe = line.rstrip(":").rstrip() + ": x"
    lead = ADD_VERB.match(probe) or REMIND_PREFIX.match(probe) or HEADING.match(probe)
    rest = probe[lead.end() :] if lead else probe
    announced = ANNOUNCED.match(rest)
    if announced:
        rest = rest[announced.end() :]
    if rest != "x" or (lead is None and announced is None):
        return None
    if lead is None or lead.re is HEADING:
        return ""  # "new tasks:" names the list; it is not said before each item
    return lead.group(0)


def split(body: str) -> tuple[list[str], str]:
    """The parts and the separator that made them: marker, semicolon, comma, and, or none."""
    marks = list(_MARKER.finditer(body))
    if (
        len(marks) >= 2
        and _in_sequence([m["number"] or m["letter"] for m in marks])
        and marks[0].start() <= 1
    ):
        cuts = [m.start() for m in marks] + [len(body)]
        parts = [body[a:b] for a, b in itertools.pairwise(cuts)]
        return [BULLET.sub("", p, count=1).strip(" ,;.") for p in parts], "marker"
    if body.count(" / ") >= 1:  # "milk / eggs / bread"
        return [p.strip(" ,") for p in body.split(" / ") if p.strip(" ,")], "comma"
    if ";" in body:
        return [p.strip(" ,") for p in body.split(";") if p.strip(" ,")], "semicolon"
    if "," in body:
        parts = [p.strip() for p in body.split(",") if p.strip()]
        if len(parts) >= 2:
            lead = r"^(?:(?:and|&)\s+)?(?:also|then|plus)\s+|^(?:and|&)\s+"
            return [re.sub(lead, "", p, flags=_I) for p in parts], "comma"
    if AND.search(body):
        return AND.split(body), "and"
    return [body], "none"


def _in_sequence(marks: list[str]) -> bool:
    """1, 2, 3 or a, b, c: list markers rather than numbers inside a title."""
    first = marks[0].lower()
    if first not in ("1", "a"):
        return False
    expected = [str(n) if first == "1" else chr(ord("a") + n - 1) for n in range(1, 99)]
    return [m.lower() for m in marks] == expected[: len(marks)]
