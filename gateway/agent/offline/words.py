"""Pieces of a task written inline: #tags, priorities (p1, "urgent", "!!"), and tidy titles."""

from __future__ import annotations

import re

from core.priority import Priority

# A tag starts with a letter, so "#2" stays a number ("complete #2").
TAG_RE = re.compile(r"(?<![\w&#@])[#@](?P<tag>[^\W\d][\w\-.:/]*)")
# A tag written in words: "tagged work", "tag it work", "label it car", "with the tag car",
# "tagged car and admin". Plain "tag" or "label" stays a title word ("buy a gift tag").
_TAG_WORD = r"[#@]?[^\W\d][\w-]*"
# A word of the grammar never continues a list of tags ("with tag pets and priority high").
_NOT_TAG = (
    r"(?!(?:priority|prio|due|every|remind|tomorrow|today|tonight|p[1-4]|make|mark|set|flag"
    r"|it)\b)"
)
# "…, and make it urgent" in an add: the words that carry the priority, cut with it.
MAKE_IT_RE = re.compile(
    r"(?:,\s*|\s+)(?:and\s+)?(?:make|mark|set|flag)\s+(?:it|this|that)\s+(?:as\s+)?"
    r"(?=(?:an?\s+)?(?:urgent|important|critical|high|low|medium|top|p[1-4]|priority)\b)",
    re.IGNORECASE,
)
TAG_WORDS_RE = re.compile(
    # ", tags home and diy", ", tag kids" (but ", tag it home" is below)
    r"(?:,\s*(?:and\s+)?(?:tags|labels|(?:tag|label)(?!\s+(?:it|this|that|as|with)\b))"
    r"(?:\s*[-:\u2013])?"
    r"|(?:,\s*|\s+|^)(?:and\s+)?(?:"
    r"(?:tag|label)\s+(?:it|this|that)(?:\s+(?:as|with))?"
    r"|(?:tag|label)\s+(?:as|with)"
    r"|(?:tagged|labell?ed)(?:\s+(?:as|with))?"
    r"|with\s+(?:the\s+|a\s+)?(?:tags?|labels?)(?:\s+of)?"
    r"|(?:tags?|labels?)\s*:"  # "tags: home, diy"
    r"))(?:\s+|(?<=[:\-\u2013])\s*)(?P<tags>"
    + _TAG_WORD
    + r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+plus\s+)"
    + _NOT_TAG
    + _TAG_WORD
    + r")*)(?!\w)",
    re.IGNORECASE,
)


def tag_words(text: str) -> list[str]:
    """The tags of a TAG_WORDS_RE "tags" group: "car and admin" -> ["car", "admin"]."""
    names = re.split(
        r"\s*,\s*(?:and\s+)?|\s+(?:and|or|plus)\s+|\s*&\s*|\s+(?=[#@])", text.strip(), flags=re.I
    )
    return [name.lstrip("#@").rstrip(".:/-").lower() for name in names if name.strip("#@")]


# Todoist's p1..p4: p1 is the most urgent, p4 means no priority.
_P_LEVELS = {"1": Priority.urgent, "2": Priority.high, "3": Priority.medium, "4": Priority.none}
_WORD_LEVELS = {
    "urgent": Priority.urgent,
    "top": Priority.urgent,
    "highest": Priority.urgent,
    "high": Priority.high,
    "important": Priority.high,
    "medium": Priority.medium,
    "normal": Priority.medium,
    "critical": Priority.urgent,
    "low": Priority.low,
    "lowest": Priority.low,
    "no": Priority.none,
    "none": Priority.none,
}
PRIORITY_RE = re.compile(
    r"(?:(?<!!)(?P<bang>!!!|!!)(?!!)|(?<![\w!])(?:"
    r"p(?P<p>[1-4])s?"
    r"|(?:priority|prio)\s*[:=]?\s*(?P<named>urgent|high|medium|normal|low|none|[1-4])"
    r"|(?:(?:it'?s|it\s+is|this\s+is|that'?s)\s+(?:a\s+)?)?"
    r"(?P<word>urgent|top|highest|high|important|critical|medium|normal|low|lowest|no)[\s-]+"
    r"(?:priority|prio|importance)"
    # "important:" / "urgent!" / "(important)" / "it's important" flag the task itself.
    r"|(?P<flag>important|urgent|critical)\s*(?::|!+|\s-(?=\s))"
    r"|\(\s*(?P<paren>important|urgent|critical)\s*\)"
    # "book the MOT next week, important": a last word after a comma flags the task.
    r"|(?:(?<=,\s)|(?<=,)|(?<=\s-\s)|(?<=\s\u2013\s))(?P<tail>important|critical|urgent)"
    r"(?=\s*[.!]*$)"
    r"|(?:it'?s|this\s+is|(?:very|really|super)(?=\s+important))\s+(?P<said>important|urgent|critical)"
    r"|(?P<urgent>(?:(?:very|really|super|extremely|most)[\s-]+)?urgent(?:ly)?|asap"
    r"|as\s+soon\s+as\s+possible)!*"
    r")(?![\w!]))",
    re.IGNORECASE,
)
# "not urgent", "no rush": cut out first, so they never raise the priority.
NOT_PRIORITY_RE = re.compile(
    r"(?<![\w!])(?:(?:it'?s|this\s+is|that'?s|(?:which|that)\s+(?:is|are))\s+)?(?:"
    r"not\s+(?:very\s+|that\s+|so\s+|too\s+)?(?:urgent|important|critical|pressing"
    r"|a\s+priority|(?:a\s+)?(?:high|top)\s+priority)"
    r"|non-?urgent|no\s+(?:rush|hurry)|not\s+in\s+a\s+(?:rush|hurry)|(?:there'?s\s+)?no\s+rush"
    r")(?:\s+at\s+all|\s+any\s*more|\s+really)?(?!\w)(?:\s*,?\s+but(?=\s))?",
    re.IGNORECASE,
)
_FLAG_LEVELS = {"important": Priority.high, "urgent": Priority.urgent, "critical": Priority.urgent}


def priority_of(match: re.Match[str]) -> Priority:
    """The Priority a PRIORITY_RE match names."""
    if match["p"]:
        return _P_LEVELS[match["p"]]
    if match["named"]:
        named = match["named"].lower()
        return _P_LEVELS[named] if named.isdigit() else _WORD_LEVELS[named]
    if match["word"]:
        return _WORD_LEVELS[match["word"].lower()]
    flag = match["flag"] or match["paren"] or match["said"] or match["tail"]
    if flag:
        return _FLAG_LEVELS[flag.lower()]
    if match["bang"]:
        return Priority.urgent if len(match["bang"]) == 3 else Priority.high
    return Priority.urgent


# "tomorrow I must go to the bank": once the leading date is cut, a subject and a modal start
# what is left; they are not part of the title.
_MODAL = (
    r"(?:(?:really|just|also|definitely|still|absolutely|then)\s+)?(?:"
    r"must|should|shall|need\s+to|have\s+to|have\s+got\s+to|got\s+to|gotta|want\s+to|wanna"
    r"|ought\s+to|(?:will|['\u2019]ll)(?:\s+(?:have|need)\s+to)?|(?:am|are|['\u2019]m|['\u2019]re)"
    r"\s+going\s+to|(?:['\u2019]d|had)\s+better|(?:['\u2019]ve)\s+got\s+to"
    r")(?:\s+(?:really|just|also|definitely|still|then))?"
)
SUBJECT_MODAL_RE = re.compile(
    r"^[\s,;:-]*(?:i|we|you|(?:me|\w+)\s+and\s+(?:i|me|\w+))(?:\s+|(?=['\u2019]))"
    + _MODAL
    # With no subject only where a date was cut: "tonight gotta finish the essay",
    # "tomorrow, remember to buy milk".
    + r"\s+(?=\w)|^[\s,;:-]+(?:"
    + _MODAL
    + r"|remember\s+to|(?:don'?t|do\s+not)\s+forget\s+to)"
    r"\s+(?=\w)",
    re.IGNORECASE,
)
# "... a week prior. Cheers", "...? Thank you so much.": a closing pleasantry is no title.
THANKS_RE = re.compile(
    r"[.!?,;]\s*(?:(?:many\s+)?thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much|\s+a\s+lot"
    r"|\s+in\s+advance)?|cheers|thx|ty|ta)[\s.!]*$",
    re.IGNORECASE,
)


def cut(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the given spans (each replaced by a space)."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


_DASHES = "\u2013\u2014"  # en and em dash
_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_LOOSE = re.compile(
    r"^(?:(?:to|about|that|and|then|with|on|at|by|for|due|[,;:-" + _DASHES + r"])\s+)+"
    r"|(?:\s+(?:to|about|and|then|with|on|at|by|for|due|from|starting|every"
    r"|[,;:-" + _DASHES + r"]))+$"
)


def tidy_title(text: str) -> str:
    """Collapse spaces, drop dangling words and punctuation, capitalise the first letter."""
    title = " ".join(re.sub(r"\(\s*\)|\[\s*\]", " ", text).split())
    title = re.sub(r"\s+([,;:.!?])", r"\1", title)
    previous = None
    while previous != title:
        previous = title
        title = _LOOSE.sub("", title).strip(" ,;:-" + _DASHES).strip()
        title = re.sub(r"[,;:]+$", "", title)
    title = title.strip(_QUOTES).strip()
    return title[:1].upper() + title[1:]


# Imperative verbs that start a task; a part starting with one (and an object after it) is a
# task of its own. Phrasal particles ("pick up") do not count as the object.
TASK_VERBS = frozenset(
    """
    buy get order pick collect return send post mail email e-mail text message call ring phone
    reply write draft finish submit file print sign scan read review check fix repair clean
    wash tidy vacuum hoover iron mop sweep cook bake make prepare pack unpack book cancel
    renew pay transfer deposit withdraw recharge top schedule plan organise organize arrange
    meet visit see take bring drop feed walk water mow trim paint charge install update
    upgrade backup back download upload share invite thank congratulate ask tell remind
    confirm follow study practise practice learn revise research watch listen go drive fly
    change replace empty refill fill sort throw donate sell list apply register prep
    """.split()
)
