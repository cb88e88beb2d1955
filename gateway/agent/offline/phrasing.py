"""How a request is worded, undone: polite wrappers, openers, contractions, sign-offs.

"could you please add X", "I need you to put X on my list", "I'm gonna X", "oops, undo that",
"the plumber one, set it for thursday", "… Regards": each is turned into the plain request
the parsers read, so the wrapper never reaches a title.
"""

from __future__ import annotations

import re

from gateway.agent.offline.adding import ADD_VERB
from gateway.agent.offline.words import TASK_VERBS

_I = re.IGNORECASE
# Polite or roundabout openings; the request after them is parsed as if said directly.
_WRAPPER = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so)\b[,!]?\s+)?(?:(?:"
    r"(?:could|can|would|will)\s+(?:you|u)(?:\s+(?:please|pls|plz|kindly))?"
    r"(?:\s+be\s+so\s+kind\s+as\s+to|\s+mind|\s+be\s+able\s+to)?"
    r"|(?:please|pls|plz|kindly)(?:\s+to)?|do\s+the\s+needful(?:\s+and)?"
    r"|(?:(?:could|can|would)\s+(?:you|u)\s+)?do\s+me\s+a\s+(?:favou?r|kindness)(?:\s+and)?"
    r"|i(?:\s+(?:need|want|would\s+like)|['\u2019]d\s+like|\s+'d\s+like)\s+(?:you|u)\s+to"
    r"|i\s+(?:was|am|'m)\s+wondering\s+(?:if|whether)\s+(?:you|u)\s+(?:could|can|would|might)"
    r"|(?:dear|hey|hi|hello)\s+(?:assistant|bot|todo(?:\s+app)?)\s*,"
    r"|i\s+(?:was|am|'m)\s+wondering\s+(?:if|whether)\s+(?:you|u)\s+(?:could|can|would|might)"
    r"|(?:dear|hey|hi|hello)\s+(?:assistant|bot|todo(?:\s+app)?)\s*,"
    r"|i(?:'d|\s+would)\s+like\s+to|go\s+ahead\s+and"
    r"|(?:would|will)\s+it\s+be\s+possible\s+to|is\s+it\s+possible\s+to|do\s+you\s+mind"
    r"|(?:can|could|may)\s+i\s+(?:ask\s+you\s+to|get\s+you\s+to)"
    r")[\s,]+)+",
    _I,
)
_GERUND = re.compile(
    r"^(add|put(?=ting)|creat|mak|not|writ|jott?|remind|stick|pop(?=ping))(?:t|p)?ing\b", _I
)
_ON_LIST = re.compile(
    r"^(?:put|pop|stick|throw|get|place|add|write)\s+(?P<x>.+?)\s+(?:on|in|to|onto|into)\s+(?:my|the|our)"
    r"\s+(?:[\w-]+\s+)?(?:list|todos?|to-?do\s+list|tasks)(?P<after>\s+.+)?$",
    _I,
)
_NOTE = re.compile(
    r"^(?:(?:make|take|leave)\s+(?:a\s+)?note(?:\s+to\s+self)?(?:\s+to|\s+that|\s*:)?"
    r"|(?:jot|write|note|put|take)\s+down(?:\s+that|\s*:)?)\s+(?P<x>.+)$",
    _I,
)
# "remind me what I have tomorrow" asks for a list, not a reminder.
_REMIND_WHAT = re.compile(
    r"^remind\s+me\s+(?:of\s+)?(?:what|which\s+tasks)\s+(?:i\s+have|is\s+due|'s\s+due|is\s+on"
    r"|i\s+need\s+to\s+do|i\s+have\s+to\s+do)",
    _I,
)
_SET_REMINDER = re.compile(
    r"^(?:(?:set|create|add|make|put\s+in|schedule)\s+(?:a\s+|an\s+)?"
    r"|i(?:\s+would\s+like|'d\s+like|\s+want|\s+need)\s+(?:a|an)\s+)"
    r"reminder\s+(?:to|that\s+i\s+(?:need\s+to|should|must))\s+"
    r"|^reminders?\s*:\s*",
    _I,
)
# "make sure I remember to X", "note: X", "add to my list: X", "to do: X" all add X.
_ADD_LEAD = re.compile(
    r"^(?:make\s+sure\s+(?:that\s+)?i\s+(?:remember\s+to|don'?t\s+forget\s+to|do\s+not\s+forget\s+to)"
    r"|(?:note|to\s+do|todo|to-do)\s*:"
    r"|todo"
    r"|add\s+this\s*:|new\s+one\s*:|one\s+more\s*:|add\s+(?:a\s+)?(?:task|todo)\s*:"
    r"|add\s+(?:this\s+)?(?:to|on(?:to)?)\s+(?:my|the|our)\s+(?:[\w-]+\s+)?"
    r"(?:list|todos?|to-?do\s+list|tasks)\s*:?(?:\s+that)?"
    r")\s+",
    _I,
)
# "add this to my list please: X": the politeness sits between the lead and the colon.
_LEAD_PLEASE = re.compile(r"\s+(?:please|pls|plz)\s*:", _I)
# "… on 1 december. Regards", "…, best": a letter's sign-off is not part of the request.
_SIGN_OFF = re.compile(
    r"(?:[.!,]\s*|\s+)(?:(?:kind|best|warm|many)\s+)?(?:regards|thanks(?:\s+in\s+advance)?"
    r"|thank\s+you|cheers|ta|rgds)[.!]*$|[.,]\s*best[.!]*$",
    _I,
)
_TRAILING = re.compile(
    r"(?:,?\s+(?:please|pls|plz)|,\s*(?:thanks|thank\s+you|thx|ty|cheers|ta)"
    r"(?:\s+(?:so|very)\s+much|\s+a\s+lot|\s+a\s+bunch|\s+in\s+advance)?|\s+(?:thx|ty|tnx))+"
    r"[\s.!]*$",
    _I,
)


# Contractions that start a request ("I've done X", "we're done with X", "I'll call Y") are
# spelled out; inside a title they stay as written.
_CONTRACTION = re.compile(
    r"^(?P<who>i|we|you|they)(?:'|\u2019)(?P<tail>ve|m|d|ll|re)\b", re.IGNORECASE
)
_TAILS = {"ve": "have", "m": "am", "d": "would", "ll": "will", "re": "are"}
# "hi, add milk", "thanks! show my tasks": the greeting in front of a request is dropped.
GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|yo|good\s+(?:morning|afternoon|evening))"
    r"(?:\s+there|\s+assistant|\s+bot)?\s*[,!.]*|(?:morning|afternoon|evening)\s*[,!.]+"
    r"|(?:ok(?:ay)?|alright|right|so)\s*[,!.]*"
    r"|(?:thanks|thank\s+you|cheers|great|nice|cool|perfect|lovely|awesome|brilliant|excellent)"
    r"\s*[,!.]+)\s+",
    _I,
)


# Words in front of a request that change nothing: "actually make that 5pm", "oops, undo
# that", "also tag groceries with shop", "so, add milk".
FILLER_LEAD = re.compile(
    r"^(?:(?:sorry\s+to\s+(?:bother|trouble)\s+you|sorry\s+to\s+ask)(?:\s*,?\s*but)?[,.!]?\s+|"
    r"(?:actually|oops|oh|sorry|wait|hmm+|um+|er+|ah|also|and\s+also|then|and\s+then|plus"
    r"|btw|by\s+the\s+way|one\s+more\s+thing|oh\s+and|ok(?:ay)?\s+so|go\s+on(?:\s+then)?"
    r"|come\s+on|right\s+then|so\s+then|scrap\s+that|scratch\s+that|forget\s+that"
    r"|never\s+mind\s+that"
    r"|(?:i\s+)?just\s+wanted\s+to\s+say|quick\s+one|quick\s+question)\b"
    r"(?:\s*[,.!:\-\u2013\u2014]\s*|\s+))+(?=\S+\s+\S)",
    _I,
)
# "the plumber one, set it for thursday": the task named first, then an edit of "it".
TOPIC_FIRST = re.compile(
    r"^(?P<t>(?:the|my|our|that|this)\s+[^,]{2,60}?),\s+(?P<rest>(?:set|move|put|make|change|mark"
    r"|rename|push|postpone|delete|complete|skip|bump|reschedule)\s+it\b.*)$",
    _I,
)


def topic_first(match: re.Match[str]) -> str:
    moved = re.match(r"(?:set|put|move|push|reschedule|change)\s+it\s+(?:for|to|on|at|till)\s+(.+)",
                     match["rest"], _I)  # fmt: skip
    if moved:
        return f"move {match['t']} to {moved[1]}"
    return match["rest"].replace(" it", " " + match["t"], 1)


# "skip this week's piano lesson, we're away": the reason is not part of the edit.
EDIT_START = re.compile(
    r"(?:skip|move|postpone|delete|remove|cancel|complete|push|reschedule|bump|drop)\b", _I
)
REASON = re.compile(
    r"\s*[,;(-]\s*(?:as|because|since|cos|coz|cause)?\s*(?:we|i|they|she|he|it)(?:['\u2019](?:re|m|ll|s)"
    r"|\s+(?:are|am|is|will|won'?t|can'?t|have|had))\b.*$",
    _I,
)
# "what've I finished?", "what'd I do today": the question word's contraction spelled out.
WH_HAVE = re.compile(r"\b(?P<wh>what|where|who|which|when)['\u2019](?P<v>ve|d)\b", _I)
# "ad buy printer ink": "add" with a letter missing, before a verb.
AD_TYPO = re.compile(r"^ad\s+(?=(?:" + "|".join(sorted(TASK_VERBS)) + r")\b)", _I)


# ":)", ";-)", ":D", "xx" at the end of a message: tone, not words.
EMOTICON = re.compile(r"(?:\s*(?:[:;=8][-']?[()dDpP/\\|*]+|<3|\^\^|\bx{1,3}))+\s*$")


def expand_contractions(message: str) -> str:
    """ "I've done X" -> "I have done X"; "we're done with X" -> "we are done with X";
    "gotta X" -> "I have got to X"; "I'll need to X" -> "I need to X"."""
    message = _SPOKEN_MODAL.sub(_modal, _spelled_out(message), 1)
    return _FUTURE_NEED.sub(lambda m: f"{m['who']} {m['need']} to", message, 1)


# Spoken forms of "going to", "got to", "want to" after "I"/"we" at the start of a request.
_SPOKEN = {"gonna": "going to", "gotta": "have got to", "wanna": "want to", "hafta": "have to"}
_SPOKEN_MODAL = re.compile(
    r"^(?P<who>i|we) (?:am |are |have )?(?P<word>gonna|gotta|wanna|hafta)\b", _I
)
_BARE_SPOKEN = re.compile(r"^(?:gotta|need\s+to|have\s+to|must|gonna|wanna)\s*:?\s+", _I)
# "I'll need to X", "we will have to X": the future adds nothing to the task.
_FUTURE_NEED = re.compile(r"^(?P<who>i|we) will (?P<need>need|have) to\b", _I)


def _modal(match: re.Match[str]) -> str:
    who, word = match["who"], _SPOKEN[match["word"].lower()]
    be = ("am " if who.lower() == "i" else "are ") if word == "going to" else ""
    return f"{who} {be}{word}"


def _spelled_out(message: str) -> str:
    bare = _BARE_SPOKEN.match(message)
    if bare:  # "gotta call the bank", "gonna do laundry": the subject is left out
        said = bare.group(0).split()[0].lower()
        lead = {"gonna": "I am going to ", "wanna": "I want to "}.get(said, "I have got to ")
        message = lead + message[bare.end() :]
    match = _CONTRACTION.match(message)
    if match is None:
        return message
    tail = _TAILS[match["tail"].lower()]
    if match["tail"].lower() == "d" and re.match(
        r"\s+(?:done|finished|completed)\b", message[match.end() :], _I
    ):
        tail = "had"
    return f"{match['who']} {tail}{message[match.end() :]}"


# Words a polite or roundabout opening is made of. When nothing but these comes before an add
# verb ("if you could add", "be a dear and add", "I was hoping you could add"), they go.
_POLITE = frozenset(
    """
    a an and are be been can could dear do does go ahead help hey hi hello hoping i i'd if
    just kindly let love me mind might my ok okay please pls plz possibly quick quickly real
    so sweet that the then think to u want was we were will wonder wondering would yes you
    your bot assistant also please could'nt great good ask asking able wanted star legend
    darling doll hon mate pal buddy sweetheart angel gem treasure champ
    """.split()
)
_ADD_WORD = re.compile(
    r"\b(?:add(?:ing)?|create|creating|note\s+down|jot\s+down|write\s+down|put\s+down|set\s+up"
    r"|remind\s+me)\b",
    _I,
)
# "…, that would be great", "… if you can", "… if possible": politeness after the request.
_POLITE_END = re.compile(
    r"[\s,]+(?:that\s+would\s+be\s+(?:great|lovely|brilliant|amazing|perfect|awesome)"
    r"|if\s+(?:you\s+(?:can|could|would|don'?t\s+mind)|possible|that'?s\s+ok(?:ay)?)"
    r"|when\s+you\s+(?:can|get\s+a\s+chance))[\s.!?]*$",
    _I,
)


def _polite_prefix(message: str) -> str:
    """ "if you could add X that would be great" -> "add X that would be great"."""
    verb = _ADD_WORD.search(message)
    if verb is None or verb.start() == 0:
        return message
    words = re.findall(r"[\w']+", message[: verb.start()].lower())
    if words and all(word in _POLITE for word in words):
        return message[verb.start() :]
    return message


def unwrap(message: str) -> str:
    """The request inside "could you please …", "I need you to put … on my list",
    "can you make a note to …" (the wrapper never reaches a title)."""
    message = _POLITE_END.sub("", message)
    # "can I add a task? buy milk": the question is the add.
    message = re.sub(r"\b(add\s+(?:a\s+)?(?:new\s+)?(?:task|todo|item))\s*\?\s+", r"\1: ", message,
                     flags=_I)  # fmt: skip
    wrapper = _WRAPPER.match(message)
    rest = _polite_prefix(message[wrapper.end() :] if wrapper else message)
    wrapper = wrapper or (re.match(r".", message) if rest != message else None)
    if not rest.strip():
        return message
    rest = _GERUND.sub(
        lambda m: m[1] + ("e" if m[1].lower() in ("creat", "mak", "not", "writ") else ""), rest
    )
    rest = _TRAILING.sub("", _SIGN_OFF.sub("", rest.rstrip(" .")).rstrip(" ."))
    if wrapper:
        rest = re.sub(r"\s+for\s+me(?=\s*\??$)", "", rest, flags=_I)
    rest = _SET_REMINDER.sub("remind me to ", rest)
    rest = _REMIND_WHAT.sub("what do i have", rest)
    lead = _ADD_LEAD.match(_LEAD_PLEASE.sub(":", rest, count=1))
    if lead:
        rest = _LEAD_PLEASE.sub(":", rest, count=1)[lead.end() :]
        # "add to my list that we must call the vet": the add verb is already in "we must".
        rest = rest if ADD_VERB.match(expand_contractions(rest)) else "add " + rest
    listed = _ON_LIST.match(rest) or _NOTE.match(rest)
    if listed:
        rest = "add " + listed["x"] + (listed.groupdict().get("after") or "")
    if wrapper and rest.endswith("?"):
        rest = rest.rstrip(" ?")  # "could you add X?" asks for an add, not a question
    return rest
