"""Matching search text against tasks: word prefixes in two configurations, and typos.

Every word must match, as a prefix in the 'english' or 'simple' text search configuration
("groc" finds "groceries") over the stored `search_vector`, or, for words of four letters or
more, as a likely typo of a title word by pg_trgm word similarity ("dentst" still finds "Call
the dentist").
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Float, and_, case, cast, false, func, literal, literal_column, or_
from sqlalchemy.sql.elements import ColumnElement

from core.store.models import TaskRow

MAX_QUERY_WORDS = 16
# A typo in a shorter word is usually another word ("cat", "car"); those match as prefixes only.
TYPO_MIN_LENGTH = 4
# pg_trgm word similarity from which a title word counts as a typo of a query word. Its default,
# 0.6, misses a dropped letter: "dentst" ~ "dentist" is 0.57, "grocries" ~ "groceries" 0.58.
TYPO_SIMILARITY = 0.5
_WORD = re.compile(r"[^\W_]+")  # letters and digits only: nothing reaches to_tsquery unquoted


def _prefix_query(word: str) -> ColumnElement[Any]:
    """`word` as a prefix, stemmed ('english') and as typed ('simple'): either may match."""
    prefix = literal(f"{word}:*")
    return func.to_tsquery(literal_column("'simple'::regconfig"), prefix).op("||")(
        func.to_tsquery(literal_column("'english'::regconfig"), prefix)
    )


def text_match(q: str) -> tuple[ColumnElement[bool], ColumnElement[float]]:
    """The match condition and relevance score of search text `q`.

    Every word must match, as a prefix of a word of the title or description or (words of
    TYPO_MIN_LENGTH or more) as a likely typo of a title word. The score counts the words that
    match as typed (a typo counts its similarity, below 1) and then ts_rank_cd, which weighs
    title words (A) above description words (B).
    """
    words = _WORD.findall(q.lower())[:MAX_QUERY_WORDS]
    if not words:  # only punctuation: it matches nothing rather than everything
        return false(), literal(0.0, Float)
    title = func.lower(TaskRow.title)
    queries = [_prefix_query(word) for word in words]
    everything = queries[0]
    for query in queries[1:]:
        everything = everything.op("&&")(query)
    rank: ColumnElement[Any] = func.ts_rank_cd(TaskRow.search_vector, everything)
    conditions: list[ColumnElement[bool]] = []
    for word, query in zip(words, queries, strict=True):
        exact = TaskRow.search_vector.op("@@")(query)
        if len(word) < TYPO_MIN_LENGTH:
            conditions.append(exact)
            rank = rank + 1.0
            continue
        needle = literal(word)
        # `title %> word`, not `word <% title`: the form the trigram index answers, so the
        # bitmap recheck does not run the test a second time as a filter.
        conditions.append(or_(exact, title.op("%>")(needle)))
        # Similarity costs microseconds a row: only for the words that did not match as typed.
        rank = rank + case((exact, 1.0), else_=func.word_similarity(needle, title))
    return and_(*conditions), cast(rank, Float)
