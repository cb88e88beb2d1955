"""Tags in words on existing tasks: "tag 2 #home", "add the tag X to Y", "put the tag X on Y",
"put it under work", "remove the X tag from Y", "remove the tags from 2"."""

from __future__ import annotations

import re
from datetime import datetime

from gateway.agent.offline.acts import act
from gateway.agent.offline.intents import Command
from gateway.agent.offline.words import tag_words

_I = re.IGNORECASE


_WORD = r"[#@]?[^\W\d][\w-]*"


_TAGS = _WORD + r"(?:(?:\s*,\s*|\s+and\s+)" + _WORD + r")*"


_TAG_NOUN = r"(?:tags?|labels?)"


def parse_tagging(text: str, now: datetime, tz: str) -> Command | None:
    every = re.fullmatch(
        r"(?:remove|clear|delete|drop|strip|take\s+off)\s+(?:all\s+)?(?:the\s+|its\s+|of\s+the\s+)?"
        r"(?:tags|labels|tag|label)\s+(?:from|on|of|off)\s+(?P<t>.+)",
        text,
        _I,
    )
    if every is not None:  # "remove the tags from 2": all of them
        return act("update", every["t"], changes={"tags": []})
    match = (
        re.fullmatch(
            r"(?:tag|label)\s+(?P<t>.+?)\s+(?:with\s+|as\s+)?(?:the\s+)?(?:"
            + _TAG_NOUN
            + r"\s+)?(?P<tags>[#@]\S+(?:,?\s+(?:and\s+)?[#@]\S+)*)",
            text,
            _I,
        )
        or re.fullmatch(
            r"add\s+(?:the\s+|a\s+)?(?:"
            + _TAG_NOUN
            + r"\s+)?(?P<tags>[#@]\S+(?:,?\s+(?:and\s+)?[#@]\S+)*)"
            r"\s+to\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"add\s+(?:the\s+|a\s+)?" + _TAG_NOUN + r"\s+(?P<tags>" + _TAGS + r")\s+to\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"(?:tag|label)\s+(?P<t>.+?)\s+(?:with|as)\s+(?:the\s+)?(?:"
            + _TAG_NOUN
            + r"\s+)?(?P<tags>"
            + _TAGS
            + r")",
            text,
            _I,
        )
        # "tag gym health and fitness": the words joined by "and" at the end are the tags.
        or re.fullmatch(r"(?:tag|label)\s+(?P<t>.+?)\s+(?P<tags>" + _TAGS + r")", text, _I)
    )
    match = match or re.fullmatch(
        # "put the tag finance on the invoice", "stick a work label on 2"
        r"(?:put|stick|slap|place|add)\s+(?:the\s+|a\s+|an\s+)?(?:(?:tags?|labels?)\s+(?P<tags>"
        + _TAGS
        + r")|(?P<tags2>"
        + _TAGS
        + r")\s+(?:tags?|labels?))\s+(?:on|onto|to)\s+(?P<t>.+)",
        text,
        _I,
    )
    if match is not None and "tags2" in match.groupdict() and match["tags2"]:
        return act("tag", match["t"], tags=tuple(tag_words(match["tags2"])))
    match = match or re.fullmatch(
        # "put it under work", "file 2 under #home": a tag as a folder
        r"(?:put|file|keep|place|stick)\s+(?P<t>.+?)\s+under\s+(?:the\s+)?(?P<tags>" + _TAGS + r")"
        r"(?:\s+(?:tags?|labels?|list|folder|category|project))?",
        text,
        _I,
    )
    if match is not None and match["t"].lower() not in ("the", "a", "an", "my", "some"):
        return act("tag", match["t"], tags=tuple(tag_words(match["tags"])))
    match = (
        re.fullmatch(
            r"(?:remove|delete|drop|clear|take|strip|get\s+rid\s+of)\s+(?:the\s+)?(?:"
            + _TAG_NOUN
            + r"\s+)?(?P<tags>"
            + _TAGS
            + r")\s+"
            + _TAG_NOUN
            + r"\s+(?:from|off|off\s+of)\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"(?:remove|delete|drop|clear|take|strip|get\s+rid\s+of)\s+(?:the\s+)?"
            + _TAG_NOUN
            + r"\s+(?P<tags>"
            + _TAGS
            + r")\s+(?:from|off)\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"(?:remove|delete|drop|clear|take)\s+(?P<tags>[#@]\S+(?:,?\s+(?:and\s+)?[#@]\S+)*)\s+(?:from|off)\s+"
            r"(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(
            r"take\s+(?:the\s+)?(?P<tags>" + _TAGS + r")\s+" + _TAG_NOUN + r"\s+off\s+(?P<t>.+)",
            text,
            _I,
        )
        or re.fullmatch(r"un(?:tag|label)\s+(?P<tags>" + _TAGS + r")\s+from\s+(?P<t>.+)", text, _I)
        or re.fullmatch(r"un(?:tag|label)\s+(?P<t>.+)\s+(?P<tags>" + _WORD + r")", text, _I)
    )
    if match is not None:
        return act("untag", match["t"], tags=tuple(tag_words(match["tags"])))
    bare = re.fullmatch(r"un(?:tag|label)\s+(?P<t>(?:the\s+)?\S+(?:\s+one)?)", text, _I)
    if bare is not None:  # "untag groceries": every tag of it
        return act("update", bare["t"], changes={"tags": []})
    return None


# "…, put it under the fitness tag", "add fix gate tags home and diy", "… label errands": tags
# said after the task, as #tags, before the message is split into tasks or read as an add.
_UNDER_TAG = re.compile(
    r"(?:,\s*|\s+)(?:and\s+)?(?:put|file|place|keep)\s+(?:it|this)\s+(?:under|in)\s+(?:the\s+)?"
    r"(?P<tag>[^\W\d][\w-]*)\s+(?:tag|label|category)\s*$",
    _I,
)
_LAST_TAGS = re.compile(
    r"(?<!\bthe)(?<!\ba)(?<!\ban)(?<!\bmy)(?<!\bour)(?<!\bnew)"
    r",?\s+(?:(?:with|and)\s+(?:the\s+|a\s+)?)?(?:tags?|labels?)\s+(?!(?:today|tomorrow|tonight|next|this|every|on|at|for|the|a|an)\b)"
    r"(?P<a>[^\W\d][\w-]*)(?:\s+(?:and|&)\s+(?P<b>[^\W\d][\w-]*))?\s*[.!]?$",
    _I,
)


def tags_said_late(message: str) -> str:
    """`message` with tags said in words at its end written as #tags."""
    under = _UNDER_TAG.search(message)
    if under:
        return message[: under.start()] + f" #{under['tag']}"
    last = _LAST_TAGS.search(message)
    if last and re.match(r"(?:add|create|new)\b", message, _I):
        tags = " ".join(f"#{word}" for word in (last["a"], last["b"]) if word)
        return message[: last.start()] + " " + tags
    return message
