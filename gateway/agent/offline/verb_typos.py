"""Typos of the command word at the start of a message ("compelte 2", "dlete 3", "remnd me").

Only the first word is looked at, and only when it is not a word the grammar or English already
knows: "compete in the marathon" and "remain calm" stay as typed. The match is Damerau-style
(an adjacent swap is one typo) through rapidfuzz, as for date words in core/nl/typos.py.
"""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

COMMAND_VERBS = (
    "add", "complete", "delete", "remove", "reschedule", "postpone", "rename", "remind",
    "reopen", "finish", "create", "schedule", "cancel", "show", "list", "search", "skip",
    "move", "prioritize", "deprioritize", "untag", "snooze", "undo", "find", "mark",
)  # fmt: skip
# Real words one or two typos away from a command: never "corrected".
_REAL_WORDS = frozenset(
    {
        "compete", "competes", "deplete", "depleted", "remain", "remains", "remand", "rewind",
        "remove", "removal", "finnish", "finch", "create", "crate", "relate", "dilute",
        "schedule", "movie", "mover", "moved", "shower", "slow", "shoe", "shop", "lost",
        "lust", "last", "skim", "skin", "skit", "snoop", "unto", "fund", "fine", "kind",
        "mind", "remit", "relist", "resist", "insist", "search", "reach", "cancer", "canter",
        "panel", "candle", "rename", "remake", "revise", "render", "reopen", "ripen",
        "complex", "compose", "compute", "delegate", "delight", "postage", "poster",
    }
)  # fmt: skip
_FIRST = re.compile(r"^(?P<word>[a-z]{4,})\b", re.IGNORECASE)


def fix_command_verb(message: str) -> str:
    """`message` with a misspelt command word at its start spelled right."""
    polite = re.match(r"(?:please|pls|plz|kindly|pl)\s+", message, re.IGNORECASE)
    if polite:  # "pls compelte number 2": the word after the politeness
        return polite.group(0) + fix_command_verb(message[polite.end() :])
    match = _FIRST.match(message)
    if match is None:
        return message
    word = match["word"].lower()
    if word in COMMAND_VERBS or word in _REAL_WORDS:
        return message
    single = re.sub(r"(.)\1+", r"\1", word)  # "addd", "compleete": a key held too long
    for verb in COMMAND_VERBS:
        if single != word and single == re.sub(r"(.)\1+", r"\1", verb):
            return verb + message[match.end() :]
    # One typo in a short word, two in a long one ("compelte" is one swap; "remnd" one drop).
    allowed = 1 if len(word) < 7 else 2
    found = process.extractOne(
        word, COMMAND_VERBS, scorer=DamerauLevenshtein.distance, score_cutoff=allowed
    )
    if found is None or abs(len(found[0]) - len(word)) > 1 or _inflected(word, found[0]):
        return message
    if len(word) == 4 and sorted(word) != sorted(found[0]):
        return message  # four letters: only a swap ("mvoe"); "love" and "mode" are words
    return found[0] + message[match.end() :]


def _inflected(word: str, verb: str) -> bool:
    """ "shows", "moved", "listing": a form of the verb, not a typo of it."""
    endings = ("s", "es", "d", "ed", "ing")
    return any(word in (verb + end, verb.rstrip("e") + end) for end in endings)


# Words of a task's details that people misspell ("urgnet", "remnder", "priorty"); corrected
# anywhere in an add, as no title word is one typo away from them but these real words.
DETAIL_WORDS = ("urgent", "important", "priority", "reminder", "remind", "tomorrow")
_DETAIL_REAL = frozenset(
    {"remainder", "remainders", "remain", "remains", "remand", "argent", "impotent", "rewind"}
)
_WORD = re.compile(r"[a-z]{5,}", re.IGNORECASE)


def fix_detail_words(text: str) -> str:
    """`text` with near misses of priority and reminder words spelled right."""

    def fixed(match: re.Match[str]) -> str:
        word = match.group(0).lower()
        if word in DETAIL_WORDS or word in _DETAIL_REAL:
            return match.group(0)
        found = process.extractOne(
            word, DETAIL_WORDS, scorer=DamerauLevenshtein.distance, score_cutoff=1
        )
        if found is None or abs(len(found[0]) - len(word)) > 1 or _inflected(word, found[0]):
            return match.group(0)
        return found[0]

    return _WORD.sub(fixed, text)
