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
    r"(?P<t>(?:that|this)\s+one|it|that|this|(?:the\s+)?(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th)?)"
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


# "4 can go to monday", "the second one can wait till friday": a move.
_CAN_GO = re.compile(
    r"^" + _TARGET + r"\s+(?:can|could|should|will)\s+(?:go|wait|move|be\s+moved|be\s+pushed)"
    r"\s+(?:to|till|until|for|on)\s+(?P<w>.+)$",
    _I,
)
# "skip the 3rd one just this week": skipping is for this time only anyway.
_THIS_TIME = re.compile(
    r"\s+(?:just\s+|only\s+)?(?:this\s+(?:week|time|once|month)|for\s+(?:now|this\s+week)|once)$",
    _I,
)


# "set a reminder 1 day before for number 2": a reminder on a task named last.
_REMINDER_FOR = re.compile(
    r"^(?:set|add|put|create)\s+(?:a\s+|one\s+)?reminder\s+(?P<spec>.+?)\s+(?:for|on|to)\s+"
    + _TARGET
    + r"$",
    _I,
)
# "set a reminder 1 hour before the first one": the amount, then the task it comes before.
_REMINDER_BEFORE = re.compile(
    r"^(?:set|add|put|create)\s+(?:a\s+|one\s+)?reminder\s+(?:for\s+)?(?P<amount>.+?)\s+"
    r"before\s+" + _TARGET + r"$",
    _I,
)
# "scrap it", "bin the second one": a delete, when what follows names a task by reference.
_SCRAP = re.compile(
    r"^(?:scrap|bin|ditch|trash|nuke|axe|junk|kill|scratch)\s+(?:"
    + _TARGET
    + r"|(?P<one>the\s+.+?\s+one))$",
    _I,
)
# "laundry and the stairs are both done, mark them": done, with the asking left over.
_BOTH_DONE = re.compile(
    r"^(?P<what>.+?\s+and\s+.+?)\s+(?:are|r)\s+(?:both\s+|all\s+)?(?:done|finished|completed?)"
    r"(?:\s*,?\s*(?:so\s+)?(?:mark|tick|check)\s+(?:them|both)(?:\s+(?:off|done|as\s+done))?)?$",
    _I,
)


_TICK_OFF = re.compile(
    r"^(?:tick|check|cross|mark)\s+(?P<what>both|them(?:\s+both|\s+all)?|all\s+of\s+them|"
    r"(?:that|this)\s+one|it|that|the\s+(?:first|second|third|fourth|fifth|last)(?:\s+one)?"
    r"|(?:number\s+)?\d+)\s+off$",
    _I,
)


# "make number 3 every wednesday", "change 2 to every monday": the repeat of that task.
_MAKE_REPEAT = re.compile(
    r"^(?:make|change|set|switch)\s+"
    + _TARGET
    + r"\s+(?:to\s+|into\s+)?(?P<r>every\b.+|daily|weekly"
    r"|monthly|yearly|fortnightly)$",
    _I,
)
# "the 3rd is sorted, tick it", "number 2's done, mark it": a completion.
_IS_SORTED = re.compile(
    r"^"
    + _TARGET
    + r"(?:\s+is|'s)\s+(?:all\s+)?(?:sorted|done|finished|complete|completed|handled)"
    r"(?:\s*,?\s*(?:so\s+)?(?:tick|mark|check|cross)\s+it(?:\s+off)?(?:\s+as\s+done)?)?$",
    _I,
)
# "set a reminder an hour before the vet appointment": a reminder on the task named last.
_REMINDER_BEFORE_TITLE = re.compile(
    r"^(?:set|add|put|create)\s+(?:a\s+|one\s+)?reminders?\s+(?:for\s+)?(?P<amount>(?:an?|one|two"
    r"|three|\d+(?:\.\d+)?|half\s+an?)\s*(?:min(?:ute)?s?|h|hrs?|hours?|days?|weeks?))\s+before\s+"
    r"(?P<title>(?:the|my)\s+.+)$",
    _I,
)
# "take the date off the slides": no due date any more.
_DATE_OFF = re.compile(
    r"^(?:take|get)\s+(?:the\s+)?(?:due\s+)?(?:date|deadline)\s+off\s+(?:of\s+)?(?P<t>.+)$", _I
)


def spelled_out_follow_up(message: str) -> str:
    """`message` as the plain follow-up it stands for; unchanged when it is none of these."""
    text = message.rstrip(" .!")
    text = re.sub(
        r"\b(?:that|this)\s+(first|second|third|fourth|fifth|last)\b", r"the \1", text, flags=_I
    )
    if re.match(
        r"(?:move|push|reschedule|shift)\s+.+\s+to\s+|(?:make|change)\s+.+\s+every\b", text, _I
    ):
        text = re.sub(r"\s+instead$", "", text, flags=_I)  # "move it to saturday instead"
    said = _said_first(text)
    if said is not None:
        return said
    text = _AND.sub("", text)
    said = _said_after_and(text)
    if said is not None:
        return said
    if re.match(r"skip\b", text, _I):
        text = _THIS_TIME.sub("", text)
    text = re.sub(r"\bboth\s+of\s+(?:those|these|them)\b", "both", text, flags=_I)
    retitle = _RETITLE.match(text)
    if retitle:
        return f"rename {retitle['t'] or 'it'} to {retitle['x']}"
    return text if text != message.rstrip(" .!") else message


def _said_first(text: str) -> str | None:
    """The follow-ups read before a leading "and" is dropped, or None."""
    repeat = _MAKE_REPEAT.match(text)
    if repeat and find_recurrence(repeat["r"]):
        return f"make {repeat['t']} repeat {repeat['r']}"
    sorted_ = _IS_SORTED.match(text)
    if sorted_:
        return f"complete {sorted_['t']}"
    before_title = _REMINDER_BEFORE_TITLE.match(text)
    if before_title:
        return f"remind me about {before_title['title']} {before_title['amount']} before"
    date_off = _DATE_OFF.match(text)
    if date_off:
        return f"remove the date from {date_off['t']}"
    if _ALL_DONE.match(text):
        return "complete all of them"
    asked = _WHAT_ABOUT.match(text)
    if asked:
        return f"what about {asked['t'] or asked['u']}?"
    return None


def _said_after_and(text: str) -> str | None:
    """The follow-ups read once a leading "and" is dropped, in order, or None."""
    it_is = _IT_IS.match(text)
    if it_is and PRIORITY_RE.fullmatch(it_is["what"].strip()):
        return f"make it {it_is['what']}"
    repeats = _REPEATS.match(text)
    if repeats and find_recurrence(repeats["r"]):
        return f"make {repeats['t']} repeat {repeats['r']}"
    should = _SHOULD_BE.match(text) or _SET_FOR.match(text)
    if should and find_when(should["w"]) and not find_recurrence(should["w"]):
        return f"move {should['t']} to {should['w']}"
    tick = _TICK_OFF.match(text)
    if tick:
        return f"complete {tick['what']}"
    should_be = _SHOULD_BE.match(text)
    if should_be and PRIORITY_RE.fullmatch(should_be["w"].strip()):
        return f"make {should_be['t']} {should_be['w']}"
    before = _REMINDER_BEFORE.match(text)
    if before:
        return f"remind me about {before['t']} {before['amount']} before"
    scrap = _SCRAP.match(text)
    if scrap:
        return f"delete {scrap['t'] or scrap['one']}"
    reminder_for = _REMINDER_FOR.match(text)
    if reminder_for:
        return f"remind me about {reminder_for['t']} {reminder_for['spec']}"
    both = _BOTH_DONE.match(text)
    if both:
        return f"complete {both['what']}"
    reminder = _ADD_REMINDER.match(text)
    if reminder:
        return f"remind me {reminder['spec']}"
    can_go = _CAN_GO.match(text)
    if can_go and find_when(can_go["w"]):
        return f"move {can_go['t']} to {can_go['w']}"
    return None
