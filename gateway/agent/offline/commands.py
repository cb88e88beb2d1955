"""What a message asks for: one Command per message, tried from the most specific pattern on."""

from __future__ import annotations

import re
from datetime import datetime

from core.nl import find_recurrence, find_when
from gateway.agent.offline import replies, several
from gateway.agent.offline.adding import ADD_VERB, REMIND_PREFIX, parse_add
from gateway.agent.offline.edits import PARSERS
from gateway.agent.offline.followup_forms import spelled_out_follow_up
from gateway.agent.offline.intents import Add, Command, Say, Undo
from gateway.agent.offline.listing import parse_list, parse_query
from gateway.agent.offline.phrasing import (
    AD_TYPO,
    EDIT_START,
    EMOTICON,
    FILLER_LEAD,
    GREETING,
    REASON,
    TOPIC_FIRST,
    WH_HAVE,
    expand_contractions,
    topic_first,
    unwrap,
)
from gateway.agent.offline.reminding import parse_reminder_edit
from gateway.agent.offline.smalltalk import small_talk
from gateway.agent.offline.statements import as_request
from gateway.agent.offline.tagging import tags_said_late
from gateway.agent.offline.targets import parse_targets
from gateway.agent.offline.verb_typos import fix_command_verb
from gateway.agent.offline.words import PRIORITY_RE, TAG_RE, TAG_WORDS_RE, cut

_I = re.IGNORECASE
YES = re.compile(
    r"(?:yes|y|yep|yeah|yup|sure|ok|okay|confirm(?:ed)?|do it|go ahead|please do|delete it"
    r"|yes,? (?:please|delete it|do it|go ahead|i'm sure|sure))",
    _I,
)
NO = re.compile(
    r"(?:no|n|nope|nah|cancel|don't|do not|keep it|never ?mind|stop|no,? (?:thanks|keep it))", _I
)
_UNDO = re.compile(
    r"(?:undo|revert|take that back)(?: (?:that|it|this|the last (?:one|change)))?", _I
)

_BARE_VERB = re.compile(
    r"(?P<verb>add|new|create|new task|remind me|complete|done|finish|delete|remove|skip|reopen"
    r"|rename|move|postpone|reschedule)",
    _I,
)


def parse_command(text: str, *, now: datetime, tz: str) -> Command:
    """The Command for one message (Say with help when it is not understood).

    In order: small talk, the message rewritten to a plain command, what needs no parser,
    the parsers, then what a message no parser took is. The held-out tables pin the order.
    """
    message = EMOTICON.sub("", " ".join(text.strip().split())) or text.strip()
    bare = message.rstrip(" .!")
    talk = small_talk(bare)
    if talk is not None:
        return talk
    if (YES.fullmatch(bare) or NO.fullmatch(bare)) and not re.match(r"delete\b", bare, _I):
        return Say("There is nothing waiting for a yes or no right now.")
    message = _rewritten(message)
    bare = message.rstrip(" .!")
    # Only a full stop is dropped for the parsers: "!!" is a priority and "?" may end a title.
    sentence = message.rstrip(" .")
    command: Command | None = small_talk(bare)
    if command is None:
        command = _unparsed(bare)
    if command is None:
        command = _parsed(text, sentence, bare, now=now, tz=tz)
    if command is None:
        command = _left_over(message, sentence, bare, now=now, tz=tz)
    return command


def _rewritten(message: str) -> str:
    """The message as the plain command it stands for (greeting, filler, typos, forms off)."""
    message = FILLER_LEAD.sub("", GREETING.sub("", message, count=1), count=1)
    message = TOPIC_FIRST.sub(topic_first, message, 1)
    if EDIT_START.match(message):
        message = REASON.sub("", message)
    message = WH_HAVE.sub(lambda m: m["wh"] + (" have" if m["v"] == "ve" else " did"), message)
    message = expand_contractions(unwrap(fix_command_verb(AD_TYPO.sub("add ", message, count=1))))
    return spelled_out_follow_up(as_request(tags_said_late(message)))


def _unparsed(bare: str) -> Command | None:
    """Undo, a bare position ("2") or a bare verb ("delete"): answered without a parser."""
    if _UNDO.fullmatch(bare):
        return Undo()
    positions = parse_targets(bare)
    if positions and all(target.kind == "position" for target in positions):
        return Say(
            f"What should I do with “{bare}”? Say e.g. “complete {bare}”, “delete {bare}” or "
            f"“move {bare} to friday”."
        )
    verb = _BARE_VERB.fullmatch(bare)
    if verb:
        if verb["verb"].lower() in ("add", "new", "create", "new task", "remind me"):
            return Say("What should I add? Say e.g. “add call mom tomorrow 5pm”.")
        word = verb["verb"].lower()
        return Say(f"Which task? Say e.g. “{word} 2” or “{word} dentist”.")
    return None


def _parsed(text: str, sentence: str, bare: str, *, now: datetime, tz: str) -> Command | None:
    """What the first parser to take the message makes of it."""
    many = several.from_lines(text, now=now, tz=tz) or several.from_sentence(
        sentence, now=now, tz=tz
    )
    if many is not None:
        return many  # several tasks in one message ("add milk, eggs and bread")
    query = parse_query(bare, now=now, tz=tz)
    if query is not None:
        return query  # "show me what is due tomorrow", "how many …": never an edit
    for parser in (parse_reminder_edit, _add, *PARSERS):
        command = parser(sentence, now, tz)
        if command is not None:
            return command
    return parse_list(bare, now=now, tz=tz)


def _left_over(message: str, sentence: str, bare: str, *, now: datetime, tz: str) -> Command:
    """A message no parser took: a task said plainly, or a question of what was meant."""
    if replies.is_question(bare):
        return Say(replies.not_understood(bare))  # a question never becomes a task
    if _unread_edit(bare):
        return Say(_ASK_EDIT)  # an edit the parsers could not read is never a new task
    many = several.from_sentence(sentence, now=now, tz=tz, plain=True)
    if many is not None:
        return many  # "buy milk tomorrow, call mom on friday p1"
    plan = parse_add(message, now=now, tz=tz)
    if plan.error and plan.details:
        return Say(plan.error)
    if plan.details and not plan.error:
        return Add(arguments=plan.arguments, note=plan.note)
    if _not_a_task(bare):
        return Say(replies.not_understood(bare))
    if plan.arguments.get("title") and not plan.error:
        # No command word: a plain statement is a task, as in Todoist's quick add.
        return Add(arguments=plan.arguments, note=plan.note)
    return Say(replies.not_understood(bare))


def _unread_edit(bare: str) -> bool:
    """An edit no parser could read ("change the dentist thing"): asked about, never added."""
    # A priority or tag said as a detail ("update my cv, medium priority") is not the thing
    # being changed.
    probe = TAG_RE.sub(" ", TAG_WORDS_RE.sub(" ", PRIORITY_RE.sub(" ", bare)))
    spans = [(span.start, span.end) for span in find_when(probe)]
    rule = find_recurrence(probe)
    probe = cut(probe, spans + ([rule] if rule else []))
    edit = _FAILED_EDIT.match(probe)
    return edit is not None and bool(
        _EDIT_ONLY.match(probe)
        or _EDIT_OBJECT.search(probe, edit.end())
        or (edit["verb"].lower() in _CHANGE_VERBS and re.search(r"\bto\b", probe[edit.end() :]))
    )


def _not_a_task(bare: str) -> bool:
    """A statement, a report of the past, filler or gibberish: no task to add."""
    words = re.findall(r"[\w']+", bare)
    return bool(
        _STATEMENT.match(bare)
        or _HOW_MINE_IS.match(bare)
        or _PAST_REPORT.search(bare)
        or all(_gibberish(word) for word in words)
        or _filler(words)
    )


# An edit the parsers could not read is asked about, never added as a task. "change the oil"
# is a task; "change the dentist thing", "update the gym one", "set it up" are edits.
_CHANGE_VERBS = {"change", "update", "edit", "modify", "set", "switch", "turn"}
_FAILED_EDIT = re.compile(
    r"(?P<verb>change|set|update|edit|modify|move|push|shift|delay|bump|make|mark|tag|label|clear"
    r"|switch|turn|remove|cancel|rename|reschedule|postpone|snooze|untag|unlabel|reopen"
    r"|re-?prioriti[sz]e|deprioriti[sz]e|prioriti[sz]e)\b",
    _I,
)
_EDIT_ONLY = re.compile(
    r"(?:rename|reschedule|postpone|snooze|untag|unlabel|reopen|re-?prioriti[sz]e"
    r"|deprioriti[sz]e|prioriti[sz]e)\b",
    _I,
)
_EDIT_OBJECT = re.compile(
    r"\b(?:it|that|this|them|those|these|one|ones|thing|task|tasks|todo|item|entry|priority"
    r"|due|deadline|date|time|title|name|tags?|labels?|reminders?|recurrence|repeat|\d+)\b",
    _I,
)
_ASK_EDIT = (
    "I could not work out that change, so I changed nothing. Say which task and what to change, "
    "e.g. “move dentist to friday”, “rename 2 to buy food” or “make gym high priority”."
)
# A sentence with a subject ("I am tired", "it's raining") says something; it is not a task.
_STATEMENT = re.compile(
    r"(?:i|i'm|im|i am|you|you're|youre|u|he|she|it|it's|its|we|we're|they|they're|that's"
    r"|there's|this is|that is|there is)\s",
    _I,
)
# "my head hurts", "our flat is cold": how something of mine is, not something to do.
_HOW_MINE_IS = re.compile(
    r"(?:my|our)\s+[\w'-]+(?:\s+[\w'-]+)?\s+(?:hurts?|aches?|is|are|isn't|aren't|feels?"
    r"|looks?|sucks?|rocks?|seems?)\b",
    _I,
)
# "the meeting went well", "lunch was great": a report of the past, not a task.
_PAST_REPORT = re.compile(r"\b(?:was|were|went|had\s+been)\b", _I)
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Words that are never a task on their own: fillers, interjections, test messages.
_FILLERS = {
    "ok", "okay", "k", "kk", "fine", "alright", "good", "bad", "sure", "maybe", "whatever",
    "lol", "haha", "hm", "huh", "meh", "wow", "oops", "ah", "oh", "um", "uh", "er", "yo",
    "nothing", "something", "anything", "please", "sorry", "test", "testing", "hello",
    "nevermind", "never", "mind", "idk", "so", "well", "what", "why", "hey", "again", "more",
    "not", "now", "later", "forget", "it", "that", "this", "wrong", "chat", "no", "yes",
}  # fmt: skip


def _filler(words: list[str]) -> bool:
    """A message made only of fillers ("hmm", "ok fine", "nothing", "test")."""
    plain = [re.sub(r"(\w)\1{2,}", r"\1", w.lower()).replace("mm", "m") for w in words]
    return bool(plain) and all(w in _FILLERS or len(w) == 1 for w in plain)


def _gibberish(word: str) -> bool:
    """Keyboard mashing: four keys in a row ("asdf", "qwerty"), or no vowel in a long word."""
    low = word.lower()
    if len(low) >= 4 and not re.search(r"[aeiouy\d]", low):
        return True
    return any(low[i : i + 4] in row for row in _ROWS for i in range(len(low) - 3))


def _add(text: str, now: datetime, tz: str) -> Command | None:
    if not (ADD_VERB.match(text) or REMIND_PREFIX.match(text)):
        return None
    if re.search(r"\binstead$", text, _I):
        return None  # "let's do the dentist on friday instead" moves a task
    if re.match(
        r"add\s+(?:the\s+|a\s+)?(?:tags?\s+|labels?\s+)?[#@]\S+(?:(?:\s*,\s*|\s+and\s+|\s+)[#@]\S+)*"
        r"\s+to\s",
        text,
        _I,
    ):
        return None  # "add #work to 2" tags a task
    if re.match(
        r"add\s+(?:the\s+|a\s+)?(?:tags?|labels?)\s+\S+(?:\s*,\s*\S+|\s+and\s+\S+)*\s+to\s",
        text,
        _I,
    ):
        return None  # "add #work to 2" tags a task
    plan = parse_add(text, now=now, tz=tz, explicit=True)
    if plan.error:
        return Say(plan.error)
    return Add(arguments=plan.arguments, note=plan.note)
