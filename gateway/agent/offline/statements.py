"""Plans said as statements about oneself or the day, spelled out as the add they mean.

"we're out of milk" (buy milk), "I'm meeting Sam at 3 tomorrow", "I've got a meeting with Tom
on monday at 10", "there's a meeting at 3", "it's mom's birthday on friday", "Tom's birthday is
on the 12th". A statement without a date ("I'm feeling tired") is not a plan and stays as it is.
"""

from __future__ import annotations

import re

from core.nl import find_when

_I = re.IGNORECASE

# "we're out of milk", "we have run out of coffee", "out of eggs": something to buy.
_OUT_OF = re.compile(
    r"^(?:(?:i|we)\s+(?:am\s+|are\s+|have\s+|had\s+)?)?(?:(?:run|ran|running)\s+)?(?:all\s+)?"
    r"out\s+of\s+(?P<what>.+)$",
    _I,
)
# "I am meeting Sam", "we are going to the cinema": what one is doing then.
_DOING = re.compile(r"^(?:i|we)\s+(?:am|are)\s+(?P<ing>[a-z]+ing)\s+(?P<rest>.+)$", _I)
# "I have got a meeting with Tom", "we have a call with the bank", "there is a meeting at 3",
# "it is mom's birthday": the thing itself is the task.
_HAVING = re.compile(
    r"^(?:(?:i|we)\s+(?:have\s+got|have|got)\s+(?:a|an|the|my|our)"
    r"|(?:there\s+is|there\s+are|it\s+is|it's|there's)(?:\s+(?:a|an|the|my|our)(?=\s))?)\s+"
    r"(?P<what>.+)$",
    _I,
)
# "Tom's birthday is on the 12th", "the party is at 8 on saturday": X is on a day.
_IS_ON = re.compile(
    r"^(?P<what>.+?)\s+(?:is|are)\s+(?P<when>(?:on|at|this|next|tomorrow|today|tonight|in)\b.+)$",
    _I,
)
# Not things to do: "it is time to …" is handled as an add verb below; "I am going to X" is the
# future of X.
_GOING_TO_DO = re.compile(r"^going\s+to\s+(?!the\b|a\b|an\b|my\b|our\b)", _I)


# "… is at 5pm now", "it is on friday instead": a task that moved, which the edits read.
_CHANGE = re.compile(r"\b(?:now|instead|anymore|any\s+more|moved|changed|postponed)\b", _I)
_QUESTION = re.compile(r"^(?:how|what|which|when|where|who|why|is|are|do|does|can)\b", _I)


def as_request(message: str) -> str:
    """`message` as the add it means when it states a plan; otherwise unchanged."""
    message = re.sub(
        r"^(?:i|we)\s+(?:want|need|would\s+like)\s+to\s+(?=(?:add|create|make|set\s+up)\b)",
        "",
        message,
        flags=_I,
    )
    time_to = re.match(r"^it(?:'s|\s+is)\s+(?:high\s+)?time\s+to\s+(?P<rest>.+)$", message, _I)
    if time_to:
        return "add " + time_to["rest"]
    out = _OUT_OF.match(message)
    if out:
        return "add buy " + out["what"]
    if not find_when(message) or _CHANGE.search(message) or _QUESTION.match(message):
        return message  # no plan, or a change of one ("the vet is at 5pm now"), or a question
    doing = _DOING.match(message)
    if doing and not _GOING_TO_DO.match(f"{doing['ing']} {doing['rest']}"):
        if doing["ing"].lower() == "going":
            return "add go " + doing["rest"]
        return f"add {doing['ing']} {doing['rest']}"
    having = _HAVING.match(message)
    if having:
        return "add " + having["what"]
    is_on = _IS_ON.match(message)
    if is_on and not re.match(r"(?:it|this|that|there)\b", message, _I):
        return f"add {is_on['what']} {is_on['when']}"
    return message
