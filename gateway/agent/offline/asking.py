"""How people word a question about their tasks, spelled out in the words parse_list reads.

Typos ("waht", "tomorow"), shorthands ("todays tasks", "tomorrow agenda"), roundabout forms
("how does my week look", "share the list of pending tasks") and words that mean "my tasks"
("what's on my plate", "pending work") become the plain question they stand for.
"""

from __future__ import annotations

import re

from core.nl.typos import correct

# Words for "my tasks" that would otherwise be searched for: "what's on my plate", "the pending
# work for tomorrow" (Indian English), "what all is there" (= what is there).
_GENERIC = re.compile(
    r"\b(?:on\s+my\s+plate|(?:pending|remaining|open)\s+work|(?<=much)\s+work"
    r"|work\s+(?=(?:is\s+)?(?:pending"
    r"|remaining|left|due)\b)|(?<=what)\s+all"
    r"|(?:a\s+)?(?:quick\s+|brief\s+|short\s+)?(?:summary|overview|rundown|run-down|breakdown)"
    r"\s+of)\b",
    re.IGNORECASE,
)
# "tell me", "let me know", "show me", "I was wondering if you could tell me" before a question.
_ASK_ME = re.compile(
    r"^(?:i\s+(?:was\s+)?wonder(?:ing)?\s+(?:if|whether)\s+)?(?:(?:you\s+)?(?:could|can|would)"
    r"\s+(?:you\s+)?)?(?:please\s+)?(?:tell\s+me|let\s+me\s+know|show\s+me|give\s+me)\s+"
    r"(?=(?:how|what|what's|whats|which|whether|if|when|is|are|do|does|have|anything)\b)",
    re.IGNORECASE,
)
# "I want to see my tasks", "let me see what's due", "can I check today's list": a request to
# be shown the list, when what follows is about tasks ("I need to see the dentist" is a task).
_WANT_TO_SEE = re.compile(
    r"^(?:(?:i(?:'d|\s+would)\s+like(?:\s+to)?|i\s+(?:want|wanna|need)(?:\s+to)?|let\s+me|lemme"
    r"|(?:can|could|may)\s+i)\s+)?(?:see|view|check|look\s+at|know|find\s+out|hear)\s+"
    r"(?=(?:what|what's|whats|which|how|whether|if|when|everything|anything|all)\b"
    r"|(?:(?:my|the|our|all)\s+)?(?:[\w'-]+\s+){0,3}?(?:tasks?|todos?|to-dos?|list|agenda"
    r"|schedule|deadlines|plate)\b)",
    re.IGNORECASE,
)
# "quick summary of today", "an overview of next week": the list of that span.
_SUMMARY = re.compile(
    r"^(?:(?:give\s+me\s+)?(?:a|the|my)\s+)?(?:quick\s+|brief\s+|short\s+)?(?:summary|overview"
    r"|rundown|run-down|breakdown|recap)\s+(?:of|for)\b|^(?:summari[sz]e|sum\s+up|recap)\b",
    re.IGNORECASE,
)
# Text speak: "2day", "2moro".
_TEXT_SPEAK = (
    (re.compile(r"\b2day\b", re.IGNORECASE), "today"),
    (re.compile(r"\b2mo?r+o?w?\b", re.IGNORECASE), "tomorrow"),
)
_WHAT_TYPO = re.compile(r"^(?:waht|wat|wht|whta|wut|whaat|wot|whut)(?=\b|'s)", re.IGNORECASE)
_POSSESSIVE_DAY = re.compile(
    r"\b(today|tomorrow|tonight|week|weekend|month|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)'?s\b(?=\s+(?:tasks?|todos?|to-dos?|agenda|list|plan|schedule|work)\b"
    r"|\s*$)",
    re.IGNORECASE,
)
# "today's tasks", "tomorrow agenda", "this week's deadlines": the list for that day or week.
_DAY_FIRST = re.compile(
    r"^(?P<day>today|tomorrow|tonight|(?:this|next)\s+(?:week|weekend|month))\s+"
    r"(?P<noun>tasks?|todos?|to-dos?|agenda|list|plan|schedule|deadlines)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
# "share the list of pending tasks", "pull up my tasks": asking for the list.
_SHARE = re.compile(
    r"^(?:share|send\s+me|pull\s+up|bring\s+up|fetch)(?=\s+(?:me\s+)?(?:everything|anything"
    r"|my\s+[#@]|(?:the\s+|my\s+|all\s+)?(?:whole\s+|entire\s+|full\s+|complete\s+|p[1-4]\s+"
    r"|urgent\s+|important\s+|overdue\s+)?"
    r"(?:list|tasks|todos|to-dos|agenda|pending|open|remaining|overdue|completed)\b))",
    re.IGNORECASE,
)
# "how does my week look", "what's my day look like": the list of that day or week.
_LOOK = re.compile(
    r"^(?:how\s+(?:does|do|is)|how'?s|what'?s|what\s+(?:does|is))\s+(?:my\s+)?(?P<when>day"
    r"|week|weekend|tomorrow|today|schedule)(?:\s+(?:look(?:ing|s)?|shaping\s+up))?"
    r"(?:\s+like)?(?P<rest>.*)$",
    re.IGNORECASE,
)
# "my day" is today, "my week" this week; "soon" is the next seven days.
_SPANS = (
    (re.compile(r"\bmy\s+day\b", re.IGNORECASE), "today"),
    (re.compile(r"\bmy\s+(week|weekend)\b", re.IGNORECASE), r"this \1"),
    (re.compile(r"\b(?:due\s+)?soon\b", re.IGNORECASE), "due in the next 7 days"),
)


def spelled_out(text: str) -> str:
    """The question with its typos and shorthands spelled out: "waht", "tomorow", "todays
    tasks", "tomorrow's agenda" (= tasks for tomorrow)."""
    text = _ASK_ME.sub("", _WANT_TO_SEE.sub("show ", text))
    for pattern, meaning in _TEXT_SPEAK:
        text = pattern.sub(meaning, text)
    text = _WHAT_TYPO.sub("what", text)
    text = re.sub(r"^(?:summari[sz]e|sum\s+up|recap)\s+(?:for\s+me\s+)?", "show ", text, flags=re.I)
    text = re.sub(r"\b(i|we|you)'ve\b", r"\1 have", text, flags=re.IGNORECASE)
    text = re.sub(r"^(what|which|who|where|how)'re\b", r"\1 are", text, flags=re.IGNORECASE)
    text = re.sub(r",?\s+(?:mate|buddy|pal|please|pls|then)$", "", text, flags=re.IGNORECASE)
    fixed = correct(text.lower()).text
    text = fixed if fixed != text.lower() else text
    text = _POSSESSIVE_DAY.sub(r"\1", text)
    text = re.sub(r"\b[a-z]{4,6}\b", _task_word, text, flags=re.IGNORECASE)
    day_first = _DAY_FIRST.match(text)
    if day_first:
        text = f"show {day_first['noun']} {day_first['day']}{day_first['rest']}"
    text = _SHARE.sub("show", text)
    look = _LOOK.match(text)
    if look:
        text = f"show my {look['when']}{look['rest']}"
    text = _GENERIC.sub(" ", text)
    for pattern, meaning in _SPANS:
        text = pattern.sub(meaning, text)
    return text


def _task_word(match: re.Match[str]) -> str:
    """ "taks", "tsks": a misspelt "tasks" (only the letters of "task", a k among them)."""
    word = match.group(0).lower()
    if word[0] == "t" and "k" in word and set(word) <= set("task") and word not in ("task",):
        return "tasks"
    return match.group(0)


def asks_me(text: str) -> bool:
    """ "show me what…", "tell me how many…", "let me know what's…": only ever a question."""
    return bool(_ASK_ME.match(text) or _WANT_TO_SEE.match(text) or _SUMMARY.match(text))
