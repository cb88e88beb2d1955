"""Typos of date, weekday, month and recurrence words ("tmrw", "thursdy", "evry", "decmber").

A token is corrected towards the grammar's own vocabulary (`words.TYPO_VOCABULARY`) with
rapidfuzz, but only where the grammar is about to read a date word: after a cue such as "on",
"every" or "next", or right before a number or a time ("thursdy 5pm", "decmber 3"). Relative
days ("tomorow") are corrected anywhere; a title word ("thirsty", "fiesta", "sundae") is left
alone, and a corrected token that ends up in no date phrase keeps its original spelling,
because the phrases are mapped back onto the text as typed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from core.nl.words import (
    DATE_CUES,
    GRAMMAR_WORDS,
    MONTH_RE,
    NUMBER_WORDS,
    SHORT_FORMS,
    TYPO_ANYWHERE,
    TYPO_REAL_WORDS,
    TYPO_SWAPS,
    TYPO_VOCABULARY,
    WEEKDAY_NAMES,
    WEEKDAY_RE,
)

MIN_LENGTH = 5  # shorter tokens are too often real words ("ever", "very", "moth")
CUTOFF = 80.0
ANYWHERE_CUTOFF = 85.0
_TOKEN = re.compile(r"[a-z0-9']+|&")
_KNOWN = re.compile(r"(?:" + WEEKDAY_RE + "|" + MONTH_RE + r"|\d.*)")
_ALWAYS = ("tomorrow", "tonight", "every", "fortnightly", "next")
_WEEKDAYS = tuple(name.lower() for name in WEEKDAY_NAMES)
_COUNT = re.compile(r"\d{1,3}(?:st|nd|rd|th)?")
_NEXT_CUE = re.compile(r"\d|at\b|morning|afternoon|evening|night|noon")
# A short form ("nxt") is also read as a date word right before a weekday or a unit.
_SHORT_CUE = re.compile(r"(?:" + WEEKDAY_RE + r"|week|month|year)\b")


class Corrected(NamedTuple):
    """The corrected lower-case text, and for each of its offsets the offset in the original."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the corrected text as a span of the original."""
        return self.origin[start], self.origin[end]


def correct(lowered: str, *, whole: bool = False) -> Corrected:
    """Correct the date words in `lowered` (lower-case text); see the module docstring.

    `whole` says the text is nothing but a date or rule ("wendesday"), so every token is cued."""
    tokens = list(_TOKEN.finditer(lowered))
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    before = ""  # the token before, as corrected: "nxt wek" cues "wek" with "next"
    for token in tokens:
        after = lowered[token.end() :].lstrip()
        fixed = _fix(token[0], "on" if whole else before, after)
        before = fixed or token[0]
        if fixed is None:
            continue
        pieces.append(lowered[last : token.start()])
        origin.extend(range(last, token.start()))
        pieces.append(fixed)
        origin.extend([token.start()] * len(fixed))
        last = token.end()
    pieces.append(lowered[last:])
    origin.extend(range(last, len(lowered) + 1))
    return Corrected("".join(pieces), origin)


def _fix(word: str, before: str, after: str) -> str | None:
    """The word `word` stands for, or None to leave it as typed."""
    # "on 3 decmeber", "in 20 minuts": after a day number or a count, a date word is expected.
    cued = before in DATE_CUES or bool(_NEXT_CUE.match(after)) or bool(_COUNT.fullmatch(before))
    short = SHORT_FORMS.get(word)
    if short is not None:  # "a fortnite" too, but never "play fortnite"
        if cued or before == "a" or short in _ALWAYS or _SHORT_CUE.match(after):
            return short
        return None
    if word in TYPO_VOCABULARY or word in GRAMMAR_WORDS or word in DATE_CUES:
        return None
    if word in NUMBER_WORDS:
        return None
    if _KNOWN.fullmatch(word):
        return None
    if len(word) < MIN_LENGTH:
        return None
    if cued:
        found = process.extractOne(word, TYPO_VOCABULARY, scorer=fuzz.ratio, score_cutoff=CUTOFF)
        return None if found is None else found[0]
    if not after and before:
        # The last word of a message is where a bare day goes ("gym thursdy", "report frday");
        # only weekdays, and only close ones ("sundae" and "thirsty" stay as typed).
        found = process.extractOne(word, _WEEKDAYS, scorer=fuzz.ratio, score_cutoff=ANYWHERE_CUTOFF)
        if found is not None:
            return found[0]
    found = process.extractOne(word, TYPO_ANYWHERE, scorer=fuzz.ratio, score_cutoff=ANYWHERE_CUTOFF)
    if found is not None:
        return str(found[0])
    if word in TYPO_REAL_WORDS:
        return None
    swapped = process.extractOne(
        word, TYPO_SWAPS, scorer=DamerauLevenshtein.distance, score_cutoff=1
    )
    return None if swapped is None else str(swapped[0])
