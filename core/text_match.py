"""Matching search text against tasks: word prefixes in two configurations, and typos.

Every word must match, as a prefix in the 'english' or 'simple' text search configuration
("groc" finds "groceries") over the stored `search_vector`, or, for words of five letters or
more, as a typo of a title word ("dentst" still finds "Call the dentist"). A typo is one edit
(two for words of nine letters or more): a letter added, dropped or changed, or two
neighbouring letters swapped (Damerau: "grocreies" finds "groceries").

Typos are looked up among the owner's title words (`task_title_words`, kept by triggers), not
tested against every title: the title words within reach become lexemes of the query, which
the GIN index of `search_vector` answers like any other word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rapidfuzz.distance import OSA
from sqlalchemy import (
    Float,
    Text,
    and_,
    case,
    cast,
    column,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from core.store.models import TaskRow

MAX_QUERY_WORDS = 16
# A typo in a shorter word is usually another word ("dent", "rent"); those match as prefixes
# only. Five and nine letters, as Meilisearch's defaults for one and two typos.
TYPO_MIN_LENGTH = 5
# From this length a word may have two typos ("quartrley" for "quarterly").
TWO_TYPOS_LENGTH = 9
# At most this many title words stand for one typo, the closest first.
MAX_TYPO_WORDS = 8
_WORD = re.compile(r"[^\W_]+")  # letters and digits only: nothing reaches to_tsquery unquoted

# The owner's title words, as SQLAlchemy Core (no model: nothing but this module reads them).
_TITLE_WORDS = table("task_title_words", column("owner", Text), column("word", Text))

Typo = tuple[str, float]  # a title word and how close (below 1)
Typos = Mapping[str, Sequence[Typo]]


def query_words(q: str) -> list[str]:
    """The words of search text `q`, lower-cased, punctuation dropped."""
    return _WORD.findall(q.lower())[:MAX_QUERY_WORDS]


def allowed_typos(word: str) -> int:
    """How many edits `word` may carry and still match a title word (0: none)."""
    if len(word) < TYPO_MIN_LENGTH:
        return 0
    return 2 if len(word) >= TWO_TYPOS_LENGTH else 1


def typos_of(word: str, vocabulary: Iterable[str]) -> list[Typo]:
    """The words of `vocabulary` that `word` is a typo of, each with a score below 1, best first.

    Distance is optimal string alignment: an insertion, deletion, substitution or swap of two
    neighbouring letters is one edit.
    """
    limit = allowed_typos(word)
    found = []
    for candidate in vocabulary:
        if candidate == word or not _WORD.fullmatch(candidate):
            continue
        edits = OSA.distance(word, candidate, score_cutoff=limit)
        if edits <= limit:
            found.append((candidate, 1.0 - edits / (len(word) + 1)))
    found.sort(key=lambda item: (-item[1], item[0]))
    return found[:MAX_TYPO_WORDS]


async def find_typos(
    session: AsyncSession, owner: str, q: str, *also: ColumnElement[Any]
) -> dict[str, list[Typo]]:
    """For each word of `q` long enough to carry a typo, the owner's title words it may mean.

    `also`: expressions evaluated in the same statement (one round trip), such as settings.
    """
    words = [word for word in query_words(q) if allowed_typos(word)]
    if not words:
        if also:
            await session.execute(select(*also))
        return {}
    # A typo of a whole word changes its length by at most the edits allowed.
    shortest = min(len(word) - allowed_typos(word) for word in words)
    longest = max(len(word) + allowed_typos(word) for word in words)
    vocabulary = (
        select(_TITLE_WORDS.c.word)
        .where(
            _TITLE_WORDS.c.owner == owner,
            func.char_length(_TITLE_WORDS.c.word).between(shortest, longest),
        )
        .scalar_subquery()
    )
    # One row whatever the vocabulary holds, so `also` is always evaluated.
    found = (await session.execute(select(func.array(vocabulary), *also))).scalar_one()
    return {word: typos_of(word, found) for word in words}


def _prefix_query(word: str) -> ColumnElement[Any]:
    """`word` as a prefix, stemmed ('english') and as typed ('simple'): either may match."""
    prefix = literal(f"{word}:*")
    return func.to_tsquery(literal_column("'simple'::regconfig"), prefix).op("||")(
        func.to_tsquery(literal_column("'english'::regconfig"), prefix)
    )


def _title_word_query(word: str) -> ColumnElement[Any]:
    """Exactly `word` (letters and digits only) in a title: weight A of 'simple'."""
    return func.to_tsquery(literal_column("'simple'::regconfig"), literal(f"{word}:A"))


def text_match(
    q: str, typos: Typos | None = None
) -> tuple[ColumnElement[bool], ColumnElement[float]]:
    """The match condition and relevance score of search text `q`.

    Every word must match, as a prefix of a word of the title or description or (words of
    TYPO_MIN_LENGTH or more) as a typo of a title word listed in `typos` (see find_typos). The
    score counts the words that match as typed (a typo counts its score, below 1) and then
    ts_rank_cd, which weighs title words (A) above description words (B).
    """
    words = query_words(q)
    if not words:  # only punctuation: it matches nothing rather than everything
        return false(), literal(0.0, Float)
    typos = typos or {}
    queries = [_prefix_query(word) for word in words]
    everything = queries[0]
    for query in queries[1:]:
        everything = everything.op("&&")(query)
    rank: ColumnElement[Any] = func.ts_rank_cd(TaskRow.search_vector, everything)
    conditions: list[ColumnElement[bool]] = []
    for word, query in zip(words, queries, strict=True):
        near = typos.get(word, ())
        if not near:
            conditions.append(TaskRow.search_vector.op("@@")(query))
            rank = rank + 1.0
            continue
        either = query
        for typo, _ in near:
            either = either.op("||")(_title_word_query(typo))
        # One tsquery for the word and its typos: a single GIN lookup.
        conditions.append(TaskRow.search_vector.op("@@")(either))
        scores = [(TaskRow.search_vector.op("@@")(query), 1.0)]
        scores += [
            (TaskRow.search_vector.op("@@")(_title_word_query(typo)), score) for typo, score in near
        ]
        rank = rank + case(*scores, else_=0.0)
    return and_(*conditions), cast(rank, Float)
