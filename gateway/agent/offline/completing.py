"""Completions in words: "done with X", "X is done", "I called the bank" (completes "Call the
bank"), "the plumber's been called", "flights are booked now"."""

from __future__ import annotations

import re
from datetime import datetime

from core.nl import find_when
from gateway.agent.offline.acts import act
from gateway.agent.offline.intents import Command
from gateway.agent.offline.targets import parse_targets, without_when_possessive
from gateway.agent.offline.words import cut

_I = re.IGNORECASE


_COMPLETE = (
    r"(?:complete|completed|finish|finished|done(?: with)?|check off|tick off|close|mark off"
    r"|cross off|(?:i|we) (?:(?:have|had) )?(?:just |already |finally )?(?:did|done|finished"
    r"|completed)(?: with)?|(?:i|we) (?:am|are|'m|'re) (?:all )?(?:done|finished) with)"
)


def parse_completion(text: str, now: datetime, tz: str) -> Command | None:
    deadline = re.fullmatch(r"(?P<verb>finish|complete)\s+(?P<t>.+)", text, _I)
    if (
        deadline
        and find_when(without_when_possessive(deadline["t"]))
        and any(target.kind == "title" for target in parse_targets(deadline["t"]))
    ):
        return None  # "finish the slides tonight": a task with a deadline, not a completion
    did = re.fullmatch(r"do\s+(?P<t>.+)", text, _I)
    if did and all(t.kind in ("position", "it") for t in parse_targets(did["t"])):
        return act("complete", did["t"])  # "do the second one": that one is done
    match = (
        re.fullmatch(_COMPLETE + r"(?!\s+not\b):?\s+(?P<t>.+)", text, _I)
        or re.fullmatch(
            r"mark\s+(?P<t>.+?)\s+(?:as\s+)?(?:done|complete|completed|finished)", text, _I
        )
        or _passive_done(text)
        or _is_done(text)
        or re.fullmatch(
            r"(?P<t>.+?)(?:\s+(?:is|are)|['\u2019]s)\s+(?:now\s+|all\s+)?"
            r"(?:done|complete|completed|finished)(?:\s+(?:now|already|too|as\s+well))?",
            text,
            _I,
        )
    )
    return act("complete", _without_when(match["t"])) if match else None


def _passive_done(text: str) -> re.Match[str] | None:
    """ "the plumber's been called", "rent has been paid": a done task, said in the passive."""
    match = re.fullmatch(
        r"(?P<t>.+?)(?:['\u2019]s|\s+has|\s+have|\s+was|\s+were)\s+(?:now\s+|already\s+)?"
        r"been\s+(?:now\s+|already\s+)?(?P<verb>[a-z]+)(?:\s+(?:now|already|today|too))?",
        text,
        _I,
    )
    if match is None:
        return None
    if match["verb"].lower() != "done" and base_form(match["verb"]) is None:
        return None
    if match["verb"].lower() in ("cancelled", "canceled"):
        return None  # "the class was cancelled": it will not happen, not that I did it
    return match


_TASK_PARTICIPLES = (
    r"(?:booked|paid|sent|sorted|done|fixed|cleaned|renewed|submitted|posted|returned|ordered"
    r"|bought|finished|delivered|collected|signed|filed|emailed|called|washed|packed|printed"
    r"|scheduled|confirmed|handed\s+in|taken\s+care\s+of|dealt\s+with)"
)


def _is_done(text: str) -> re.Match[str] | None:
    """ "flights are booked now", "the invoice is sent": done, said of the task's object."""
    return re.fullmatch(
        r"(?P<t>.+?)(?:\s+(?:is|are)|['\u2019]s|['\u2019]re)\s+(?:now\s+|all\s+|finally\s+)?"
        + _TASK_PARTICIPLES
        + r"(?:\s+(?:now|already|too))?",
        text,
        _I,
    )


def _without_when(target: str) -> str:
    """ "the report yesterday" -> "the report": when it was done does not name the task."""
    if all(t.kind != "title" for t in parse_targets(target)):
        return target  # "the 2nd one" is a position, not a date
    target = without_when_possessive(target)
    spans = find_when(target)
    return cut(target, [(span.start, span.end) for span in spans]).strip() if spans else target


# "I called the bank" completes "Call the bank": the past tense, turned back into the verb of
# the title, is looked up. Verbs that do not mean "I did it" are left alone.
_IRREGULAR = {
    "bought": "buy", "paid": "pay", "sent": "send", "wrote": "write", "took": "take",
    "made": "make", "got": "get", "gave": "give", "rang": "ring", "met": "meet", "fed": "feed",
    "went": "go", "sold": "sell", "brought": "bring", "drove": "drive", "told": "tell",
    "found": "find", "spoke": "speak", "swept": "sweep", "hung": "hang", "threw": "throw",
    "ran": "run", "read": "read", "put": "put", "cut": "cut", "picked": "pick", "cleaned": "clean",
    "did": "do", "sorted": "sort", "taken": "take", "written": "write", "given": "give",
    "rung": "ring", "spoken": "speak", "driven": "drive", "taught": "teach", "caught": "catch",
    "left": "leave", "held": "hold", "kept": "keep", "built": "build", "gotten": "get",
    "done": "do", "seen": "see", "saw": "see", "chosen": "choose",
}  # fmt: skip


_NOT_DONE = {
    "forgot", "missed", "failed", "tried", "wanted", "needed", "planned", "decided", "meant",
    "hoped", "used", "liked", "loved", "hated", "thought", "felt", "said", "started", "guessed",
    "believed", "wished", "expected", "intended", "postponed", "delayed", "moved", "added",
    "created", "deleted", "removed", "renamed", "rescheduled", "skipped",
}  # fmt: skip


_PAST = re.compile(
    r"(?:i|we)\s+(?:have\s+|had\s+)?(?:just\s+|already\s+|finally\s+)?(?P<verb>[a-z]+)\s+(?P<rest>.+)",
    _I,
)


# "walked the dog", "paid the rent": the subject left out, as in a diary. Only before a
# determiner, so that "baked beans" and "grilled cheese night" stay titles.
_PAST_NO_SUBJECT = re.compile(
    r"(?:just\s+|already\s+|finally\s+)?(?P<verb>[a-z]+)\s+(?P<rest>(?:the|my|our|a|an|his|her"
    r"|their|all|some|those|these|that|this)\s+.+)",
    _I,
)


def base_form(verb: str) -> str | None:
    """ "called" -> "call", "tidied" -> "tidy", "paid" -> "pay"; None when not a past tense."""
    word = verb.lower()
    if word in _NOT_DONE:
        return None
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.endswith("ed") or len(word) < 5:
        return None
    stem = word[:-2]
    if stem.endswith("i"):
        return stem[:-1] + "y"
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]  # "stopped" -> "stop"
    if len(stem) >= 6 and stem.endswith("ell"):
        return stem[:-1]  # British "cancelled", "travelled", "labelled"; not "spelled"
    if re.search(r"[^aeiou][aeiou][kvzcgu]$|[^aeiou][aeiou]s$|[^aeiouy]u$|at$|iz$", stem):
        return stem + "e"  # "baked" -> "bake", "used" -> "use", "updated" -> "update"
    return stem


# "phoned the council this morning": when it was done, in the past, is no due date.
_DONE_WHEN = re.compile(
    r"\s+(?:this\s+(?:morning|afternoon|evening)|yesterday(?:\s+\w+)?|earlier(?:\s+today)?"
    r"|last\s+(?:night|week)|just\s+now|an\s+hour\s+ago|\w+\s+(?:minutes?|hours?|days?)\s+ago)$",
    _I,
)


def parse_past_report(text: str, now: datetime, tz: str) -> Command | None:
    text = _DONE_WHEN.sub("", text)
    match = _PAST.fullmatch(text) or _PAST_NO_SUBJECT.fullmatch(text)
    if match is None or (match.re is _PAST_NO_SUBJECT and find_when(match["rest"])):
        return None  # "booked the flights for friday" is not a report of the past
    base = base_form(match["verb"])
    if match.re is _PAST_NO_SUBJECT and base == match["verb"].lower():
        return None  # "read the novel", "put the bins out": without "I" it is an imperative
    if base is None or re.match(r"not\b|never\b", match["rest"], _I):
        return None  # "I did not call the bank" completes nothing
    # "I called the bank and paid the rent": each past tense names a task of its own.
    clauses = re.split(
        r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:then\s+)?(?:(?:i|we)\s+(?:also\s+|then\s+)?)?",
        match["rest"],
        flags=_I,
    )
    tasks = [f"{base} {_without_when(clauses[0])}"]
    for clause in clauses[1:]:
        verb, _, rest = clause.partition(" ")
        later = base_form(verb) if rest else None
        if later is None:
            tasks[-1] += f" and {clause}"  # "I called bob and alice": one title, as said
        else:
            tasks.append(f"{later} {_without_when(rest)}")
    return act("complete", " and ".join(tasks))
