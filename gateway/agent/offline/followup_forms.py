"""Follow-ups worded loosely, spelled out as the edit they mean.

"and tag it work", "it's urgent", "it repeats every week", "2 should be tomorrow", "set number 3
for 7pm", "change the title to X", "they're all done", "and the first one?": the same edits as
"tag it work", "make it urgent", "make it repeat every week", "move 2 to tomorrow", "rename it
to X", "complete all of them", "what about the first one".
"""

from __future__ import annotations

import re

from core.nl import find_recurrence, find_when
from gateway.agent.offline.words import PRIORITY_RE

_I = re.IGNORECASE
_TARGET = (
    r"(?P<t>it|that|this|(?:the\s+)?(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th)?)"
    r"(?:\s+one)?|(?:number|no\.?|#)\s*\d+|\d+)"
)
_AND = re.compile(
    r"^(?:and|also|oh\s+and|plus|and\s+also)\s+(?=(?:it|tag|make|move|set|change|rename|remind"
    r"|add\s+a\s+reminder|put)\b)",
    _I,
)
_WHAT_ABOUT = re.compile(
    r"^(?:(?:and|also)\s+" + _TARGET + r"\s*\??|" + _TARGET.replace("?P<t>", "?P<u>") + r"\s*\?)$",
    _I,
)
_IT_IS = re.compile(r"^(?:it'?s|it\s+is|that'?s|that\s+is)\s+(?P<what>.+)$", _I)
_REPEATS = re.compile(
    r"^" + _TARGET + r"\s+(?:(?:should|must|needs\s+to|has\s+to)\s+(?:repeat|recur|be|happen)"
    r"|repeats|recurs|happens|is)\s+(?P<r>.+)$",
    _I,
)
_SHOULD_BE = re.compile(
    r"^" + _TARGET + r"\s+(?:should|must|needs\s+to|has\s+to|is\s+meant\s+to)\s+be\s+"
    r"(?:due\s+)?(?P<w>.+)$",
    _I,
)
_SET_FOR = re.compile(r"^set\s+" + _TARGET + r"\s+(?:for|to|at|on)\s+(?P<w>.+)$", _I)
_RETITLE = re.compile(
    r"^(?:change|set|update|make)\s+(?:the\s+)?(?:title|name)(?:\s+of\s+" + _TARGET + r")?"
    r"\s+(?:to|into)\s+(?P<x>.+)$",
    _I,
)
_ALL_DONE = re.compile(
    r"^(?:(?:they'?re|they\s+are|those\s+are|these\s+are)\s+all|all\s+of\s+them\s+are"
    r"|everything(?:'s|\s+is)(?:\s+all)?)\s+(?:done|finished|completed?)"
    r"|(?:complete|finish|tick\s+off|check\s+off|close)\s+(?:everything|all|them\s+all)$",
    _I,
)


_ADD_REMINDER = re.compile(
    r"^(?:add|set|put|give\s+it)\s+(?:a\s+|one\s+)?reminder\s+(?:for\s+)?(?P<spec>(?:an?|one|two"
    r"|three|\d+(?:\.\d+)?|half\s+an?|a\s+few|a\s+couple\s+of)\s*(?:min(?:ute)?s?|m|h|hrs?|hours?"
    r"|days?|d|weeks?)\s+(?:before(?:hand)?|earlier|ahead|in\s+advance|prior))$",
    _I,
)


def spelled_out_follow_up(message: str) -> str:
    """`message` as the plain follow-up it stands for; unchanged when it is none of these."""
    text = message.rstrip(" .!")
    if _ALL_DONE.match(text):
        return "complete all of them"
    asked = _WHAT_ABOUT.match(text)
    if asked:
        return f"what about {asked['t'] or asked['u']}?"
    text = _AND.sub("", text)
    it_is = _IT_IS.match(text)
    if it_is and PRIORITY_RE.fullmatch(it_is["what"].strip()):
        return f"make it {it_is['what']}"
    repeats = _REPEATS.match(text)
    if repeats and find_recurrence(repeats["r"]):
        return f"make {repeats['t']} repeat {repeats['r']}"
    should = _SHOULD_BE.match(text) or _SET_FOR.match(text)
    if should and find_when(should["w"]) and not find_recurrence(should["w"]):
        return f"move {should['t']} to {should['w']}"
    reminder = _ADD_REMINDER.match(text)
    if reminder:
        return f"remind me {reminder['spec']}"
    retitle = _RETITLE.match(text)
    if retitle:
        return f"rename {retitle['t'] or 'it'} to {retitle['x']}"
    return text if text != message.rstrip(" .!") else message
