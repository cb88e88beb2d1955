"""Plans said as statements about oneself or the day, spelled out as the add they mean.

"we're out of milk" (buy milk), "I'm meeting Sam at 3 tomorrow", "I've got a meeting with Tom
on monday at 10", "there's a meeting at 3", "it's mom's birthday on friday", "Tom's birthday is
on the 12th". A statement without a date ("I'm feeling tired") is not a plan and stays as it is.
"""

from __future__ import annotations

import re

from core.nl import find_recurrence, find_when
from core.nl.words import MONTH_RE, ordinal
from gateway.agent.offline.verb_typos import fix_detail_words

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


# "it's really important to send the contract", "it is urgent that I call the bank".
_PRIORITY_FIRST = re.compile(
    r"^(?:it'?s|it\s+is)\s+(?:really\s+|very\s+|super\s+|so\s+|extremely\s+)?(?P<p>important"
    r"|urgent|critical|vital|crucial|essential)\s+(?:to|that\s+(?:i|we)(?:\s+(?:must|should))?)"
    r"\s+(?P<rest>.+)$",
    _I,
)
_LEVEL = {"urgent": "urgent", "critical": "urgent"}
# "this is p2: water plants", "nice to have: learn guitar": the priority said as a heading.
_PRIORITY_HEADING = re.compile(
    r"^(?:this\s+is|it'?s|make\s+(?:it|this))\s+(?P<p>p[1-4])\s*[:\-]\s*(?P<rest>.+)$"
    r"|^(?P<nice>nice\s+to\s+have|low\s+prio(?:rity)?|whenever|someday|some\s+day)\s*[:\-]\s*"
    r"(?P<rest2>.+)$",
    _I,
)


# Day numbers said as words: "the third of December", "December the twenty-first".
_DAY_WORDS = {
    word: n
    for n, word in enumerate(
        (
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
            "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
            "twentieth"
        ).split(),
        start=1,
    )
}
_DAY_WORDS |= {f"twenty-{w}": 20 + n for w, n in list(_DAY_WORDS.items())[:9]}
_DAY_WORDS |= {f"twenty {w}": 20 + n for w, n in list(_DAY_WORDS.items())[:9]}
_DAY_WORDS |= {"thirtieth": 30, "thirty-first": 31, "thirty first": 31}
_DAY_WORD = r"(?P<day>" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")"
_WORDED_DATE = re.compile(
    r"\bthe\s+" + _DAY_WORD + r"\s+of\s+(?P<m>" + MONTH_RE + r")\b"
    r"|\b(?P<m2>" + MONTH_RE + r")\s+(?:the\s+)?" + _DAY_WORD.replace("day>", "day2>") + r"\b",
    _I,
)
# "every monday, 6 times": the count belongs to the repeat.
_TIMES_AFTER = re.compile(
    r",\s*(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+times\b", _I
)
# "2 weeks after I last did it": a repeat counted from the last completion.
_SINCE_DONE = re.compile(
    r"\b(?:every\s+)?(?P<n>\w+)\s+(?P<unit>days?|weeks?|months?)\s+after\s+(?:i|we)\s+"
    r"(?:last\s+)?(?:did|do|finish(?:ed)?|complete(?:d)?)\s+(?:it|them|this)\b",
    _I,
)


def spelled_out_details(message: str) -> str:
    """Dates, counts and repeats said in words, as the grammar reads them."""
    message = _WORDED_DATE.sub(
        lambda m: (
            f"the {ordinal(_DAY_WORDS[m['day'].lower()])} of {m['m']}"
            if m["day"]
            else f"{m['m2']} {ordinal(_DAY_WORDS[m['day2'].lower()])}"
        ),
        message,
    )
    message = re.sub(r"\barvo\b", "afternoon", message, flags=_I)  # Australian
    # "at 7.30": the British clock with a dot.
    message = re.sub(
        r"\b(at|by|around|from)\s+(\d{1,2})\.([0-5]\d)\b", r"\1 \2:\3", message, flags=_I
    )
    # "at 1400 hrs": the 24-hour clock without a colon.
    message = re.sub(
        r"\b(at|by|around|from)\s+([01]\d|2[0-3])([0-5]\d)\s*(?:hrs|hours|h)\b",
        r"\1 \2:\3",
        message,
        flags=_I,
    )
    # "reminder to call grandpa", "remnder: pay rent": a reminder asked for.
    spelled = fix_detail_words(message)
    asked = re.match(r"^(?:reminder\s*(?:to\b|:)|remind\s+to\b)\s*", spelled, _I)
    if asked:
        message = "remind me to " + spelled[asked.end() :]
    if find_recurrence(message):
        message = _TIMES_AFTER.sub(r" for \g<n> times", message)
    return _SINCE_DONE.sub(r"every \g<n> \g<unit> after I finish it", message)


# "with a reminder 45 minutes before, add school run …": the add said after its detail.
_DETAIL_FIRST = re.compile(
    r"^(?P<detail>(?:with\s+(?:a\s+)?reminders?|remind\s+me)\s+[^,]+?)\s*,\s*(?P<add>add\b.+)$", _I
)
# "put buy stamps on my to do list": the list is where tasks go anyway.
_PUT_ON_LIST = re.compile(
    r"^(?:put|stick|pop|throw|jot|write|note)\s+(?:down\s+)?(?P<what>.+?)\s+(?:on|in|onto|to)\s+"
    r"(?:my\s+|the\s+|our\s+)?(?:to[\s-]?do|todo|task|tasks)\s*list(?:\s*,?\s*(?:please|pls|thanks))?$",
    _I,
)


def _priority_request(message: str) -> str | None:
    """The add a priority-first statement means ("urgent: call the bank"), or None."""
    first = _PRIORITY_FIRST.match(message)
    if first:
        level = _LEVEL.get(first["p"].lower(), "high")
        return f"add {first['rest']} {'urgent' if level == 'urgent' else 'high priority'}"
    heading = _PRIORITY_HEADING.match(message)
    if heading and heading["p"]:
        return f"add {heading['rest']} {heading['p']}"
    if heading and heading["nice"] and heading["nice"].lower().startswith(("nice", "low")):
        return f"add {heading['rest2']} low priority"
    return None


def as_request(message: str) -> str:
    """`message` as the add it means when it states a plan; otherwise unchanged."""
    message = spelled_out_details(message)
    first = _DETAIL_FIRST.match(message)
    if first:
        message = f"{first['add']}, {first['detail']}"
    put = _PUT_ON_LIST.match(message)
    if put:
        return "add " + put["what"]
    prioritised = _priority_request(message)
    if prioritised is not None:
        return prioritised
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
