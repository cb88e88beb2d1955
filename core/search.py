"""Search, filter and sort a user's tasks, one keyset page at a time.

`q` matches title and description through the stored `search_vector`: every word must match,
as a prefix in the 'english' or 'simple' configuration ("groc" finds "groceries"), or, for words
of five letters or more, as a typo of a title word ("dentst" still finds "Call the dentist";
see core.text_match). Pages are keyset-paginated: the cursor holds the sort key of
the last row and a fingerprint of the query, so it cannot be replayed against another query.

How pages are read: a list without `q` walks one of the owner's btree indexes in the sort's
order, seeking straight to the cursor, and stops after a page; where one index range cannot give
the order (undated rows last, open and completed rows together, one or two priorities by due
date) a few ranges are read a page each and merged. A text search first collects its matches
from the GIN index, then sorts them. Either way only ids and sort keys are sorted; the page's
rows are read last.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    Select,
    and_,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from core.cursor import decode_cursor, encode_cursor, fingerprint
from core.errors import InvalidCursor
from core.priority import Priority
from core.store.models import TaskRow
from core.task_query import TaskQuery
from core.text_match import find_typos, text_match


@dataclass(frozen=True)
class TaskPage:
    """A page of tasks and the cursor of the next one (None on the last page)."""

    items: list[TaskRow]
    next_cursor: str | None


@dataclass(frozen=True)
class _Key:
    """One column of the ordering. NULLs always sort last, whatever the direction."""

    expr: ColumnElement[Any] | QueryableAttribute[Any]
    descending: bool
    kind: str  # how the cursor stores it: datetime | int | str | float | uuid
    nullable: bool = False


def _filters(owner: str, query: TaskQuery, now: datetime) -> list[ColumnElement[bool]]:
    filters: list[ColumnElement[bool]] = [TaskRow.owner == owner]
    if query.status != "all":
        filters.append(TaskRow.completed.is_(query.status == "completed"))
    if query.priority:
        filters.append(TaskRow.priority.in_(sorted({p.rank for p in query.priority})))
    if query.tag:
        filters.append(TaskRow.tags.contains(query.tag))
    if query.due_before is not None:
        filters.append(TaskRow.due < query.due_before)
    if query.due_after is not None:
        filters.append(TaskRow.due >= query.due_after)
    overdue = and_(TaskRow.completed.is_(False), TaskRow.due < now)
    if query.overdue is True:
        filters.append(overdue)
    elif query.overdue is False:  # a task without a due date is not overdue (NOT NULL is NULL)
        filters.append(or_(TaskRow.due.is_(None), ~overdue))
    return filters


def _keys(query: TaskQuery, rank: ColumnElement[float]) -> list[_Key]:
    desc = query.effective_order == "desc"
    sort = query.effective_sort
    due = _Key(TaskRow.due, False, "datetime", nullable=True)
    tie = _Key(TaskRow.id, desc, "uuid")
    if sort == "relevance":
        return [_Key(rank, desc, "float"), tie]
    if sort == "due":
        return [_Key(TaskRow.due, desc, "datetime", nullable=True), tie]
    if sort == "priority":  # equal priorities: soonest due first, then id (stable)
        # Ascending is p1 first (urgent), as in Todoist: the stored rank (4 = urgent) descends.
        urgent_first = not desc
        return [_Key(TaskRow.priority, urgent_first, "int"), due, _Key(TaskRow.id, False, "uuid")]
    if sort == "created":
        return [_Key(TaskRow.created_at, desc, "datetime"), tie]
    if sort == "updated":
        return [_Key(TaskRow.updated_at, desc, "datetime"), tie]
    return [_Key(func.lower(TaskRow.title), desc, "str"), tie]


def _fits(key: _Key, value: Any) -> bool:
    """Whether a cursor value is one this key can hold; anything else was not issued by us."""
    if value is None:
        return key.nullable
    if key.kind == "int":  # only priority sorts on an int; out of range it would not even bind
        return bool(Priority.none.rank <= value <= Priority.urgent.rank)
    return True


def _after(keys: list[_Key], values: list[Any]) -> ColumnElement[bool]:
    """Rows strictly after the cursor row in the ordering given by `keys` (NULLs last)."""
    if not any(key.nullable for key in keys) and len({key.descending for key in keys}) == 1:
        # One direction and no NULLs: a row comparison, which a btree index seeks to directly.
        row = tuple_(*[key.expr for key in keys])
        cursor = tuple_(*[literal(v, key.expr.type) for key, v in zip(keys, values, strict=True)])
        return row < cursor if keys[0].descending else row > cursor
    alternatives: list[ColumnElement[bool]] = []
    equal_so_far: list[ColumnElement[bool]] = []
    for key, value in zip(keys, values, strict=True):
        if value is None:
            strictly_after: ColumnElement[bool] = false()  # nothing sorts after NULL...
            equal: ColumnElement[bool] = key.expr.is_(None)
        else:
            beyond = key.expr < value if key.descending else key.expr > value
            strictly_after = or_(beyond, key.expr.is_(None)) if key.nullable else beyond
            equal = key.expr == value
        alternatives.append(and_(*equal_so_far, strictly_after))
        equal_so_far.append(equal)
    first, value = keys[0], values[0]
    if first.nullable:
        return or_(*alternatives)
    # Mixed directions (sort=priority): bound the leading key too, so the index scan starts at
    # the cursor's group instead of reading and discarding every earlier row.
    bound = first.expr <= value if first.descending else first.expr >= value
    return and_(bound, or_(*alternatives))


def _order_by(keys: list[_Key]) -> list[Any]:
    # NULLS LAST only where NULLs exist: `created_at DESC NULLS LAST` would not match the
    # index's `DESC` (NULLS FIRST) order and would sort every row of the user instead.
    order = [key.expr.desc() if key.descending else key.expr.asc() for key in keys]
    return [
        term.nulls_last() if key.nullable else term for key, term in zip(keys, order, strict=True)
    ]


def _labelled(keys: list[_Key]) -> list[Any]:
    return [key.expr.label(f"k{i}") for i, key in enumerate(keys)]


def _keyed_ids(keys: list[_Key]) -> Select[Any]:
    """Ids and sort keys only, for a subquery: whole rows are read for the page alone. (A
    subquery of whole rows also costs SQLAlchemy a proxy per column, per branch, per request:
    more than PostgreSQL takes to answer a filtered page.)"""
    return select(TaskRow.id.label("row_id"), *_labelled(keys))


def _plain_page(filters: list[Any], keys: list[_Key], values: list[Any] | None, size: int) -> Any:
    after = [_after(keys, values)] if values is not None else []
    return (
        select(TaskRow, *_labelled(keys))
        .where(*filters, *after)
        .order_by(*_order_by(keys))
        .limit(size)
    )


def _merged_page(
    filters: list[Any],
    keys: list[_Key],
    values: list[Any] | None,
    size: int,
    *,
    by_status: bool,
    priorities: list[int] | None = None,
) -> Any:
    """The page merged from parts that are each one range of an index, read in its order.

    Undated rows (always last) apart from dated ones for sort=due, and open rows apart from
    completed ones when both are asked for, since the indexes lead with (owner, completed).
    Each part stops after a page; only those few rows are sorted together. With `priorities`
    (sort=due filtered by a few priorities), each priority is a part too: the priority index
    holds each priority's rows in due order, so a part reads only rows of its priority instead
    of skipping every other one in the status index.
    """
    by_part = [[TaskRow.completed.is_(False)], [TaskRow.completed.is_(True)]] if by_status else [[]]
    ranks: list[list[Any]] = [[TaskRow.priority == rank] for rank in priorities or []] or [[]]
    statuses = [[*status, *rank] for status in by_part for rank in ranks]
    branches: list[Select[Any]] = []
    for status in statuses:
        if not keys[0].nullable:  # sort=priority: the status was the only split needed
            after = [_after(keys, values)] if values is not None else []
            branches.append(_branch(keys, keys, [*filters, *status, *after], size))
            continue
        due, tie = keys
        dated = replace(due, nullable=False)
        if values is None or values[0] is not None:  # else every dated row is before it
            after = [_after([dated, tie], values)] if values is not None else []
            where = [*filters, *status, due.expr.is_not(None), *after]
            branches.append(_branch(keys, [dated, tie], where, size))
        after = [_after([tie], values[1:])] if values is not None and values[0] is None else []
        # due is NULL throughout: ordering by it too is the index's own order.
        where = [*filters, *status, due.expr.is_(None), *after]
        branches.append(_branch(keys, [dated, tie], where, size))
    page = union_all(*branches) if len(branches) > 1 else branches[0]
    return _reordered(page.subquery("page"), keys, size)


def _branch(keys: list[_Key], order: list[_Key], where: list[Any], size: int) -> Select[Any]:
    return _keyed_ids(keys).where(*where).order_by(*_order_by(order)).limit(size)


def _search_page(filters: list[Any], keys: list[_Key], values: list[Any] | None, size: int) -> Any:
    """With q: every match from the GIN index first (a fence), then sorted."""
    after = [_after(keys, values)] if values is not None else []
    matches = _keyed_ids(keys).where(*filters, *after).cte("matches").prefix_with("MATERIALIZED")
    return _reordered(matches, keys, size)


def _reordered(source: Any, keys: list[_Key], size: int) -> Any:
    """The first `size` of `source`'s ids in the order of `keys`, then those rows only."""
    ordered = [replace(key, expr=source.c[f"k{i}"]) for i, key in enumerate(keys)]
    top = select(source).order_by(*_order_by(ordered)).limit(size).subquery("top")
    outer = [replace(key, expr=top.c[f"k{i}"]) for i, key in enumerate(keys)]
    return (
        select(TaskRow, *[key.expr for key in outer])
        .join(top, TaskRow.id == top.c.row_id)
        .order_by(*_order_by(outer))
    )


def _query_fingerprint(owner: str, query: TaskQuery) -> str:
    shape = query.model_dump(mode="json", exclude={"cursor", "limit"})
    shape["sort"], shape["order"] = query.effective_sort, query.effective_order
    # Filters are sets: the same priorities or tags in another order are the same query.
    shape["priority"], shape["tag"] = sorted(set(shape["priority"])), sorted(shape["tag"])
    return fingerprint({"owner": owner, **shape})


async def search_tasks(
    session: AsyncSession, owner: str, query: TaskQuery, *, now: datetime
) -> TaskPage:
    """One page of `owner`'s tasks matching `query`, in its order.

    A text search, and a page by due date of one or two priorities, set planner settings
    (below) for the rest of the session's transaction.
    """
    filters = _filters(owner, query, now)
    rank: ColumnElement[float] = literal(0.0, Float)
    keys = _keys(query, rank)
    query_print = _query_fingerprint(owner, query)
    values = None
    if query.cursor is not None:  # checked before any query runs
        values = decode_cursor(query.cursor, query_print, [key.kind for key in keys])
        if not all(_fits(key, value) for key, value in zip(keys, values, strict=True)):
            raise InvalidCursor("this cursor is not valid for this query", field="cursor")
    if query.q:
        # The planner prices a tsquery test as one operator though each costs microseconds,
        # so for a user who owns most rows it would rather test every row (200+ ms at 100k
        # tasks) than read the GIN index. And the statement is prepared: from its sixth run a
        # generic plan, blind to what the words match, would scan the owner's whole index as
        # well (2x slower at 100k tasks). Set in the same round trip as the typo look-up.
        settings = [
            func.set_config("enable_seqscan", "off", True),
            func.set_config("plan_cache_mode", "force_custom_plan", True),
        ]
        typos = await find_typos(session, owner, query.q, *settings)
        condition, rank = text_match(query.q, typos)
        filters.append(condition)
        keys = _keys(query, rank)
    size = query.limit + 1
    if query.q:
        statement = _search_page(filters, keys, values, size)
    elif keys[0].nullable or (query.status == "all" and query.effective_sort == "priority"):
        # Up to two priorities are read as parts of their own (see _merged_page); more, and the
        # parts would cost more than the rows they skip.
        ranks = sorted({p.rank for p in query.priority})
        split = query.effective_sort == "due" and 0 < len(ranks) <= 2
        if split:
            # Each part walks the priority index in due order and stops after a page (about
            # 1 ms at 100k tasks). Misjudging how many rows a tag keeps, the planner would
            # rather AND the tag index's bitmap in and sort every row of the part (15+ ms).
            await session.execute(select(func.set_config("enable_bitmapscan", "off", True)))
        statement = _merged_page(
            filters,
            keys,
            values,
            size,
            by_status=query.status == "all",
            priorities=ranks if split else None,
        )
    else:
        statement = _plain_page(filters, keys, values, size)
    rows = (await session.execute(statement)).all()
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = encode_cursor(
            query_print, [last[i + 1] for i in range(len(keys))], [key.kind for key in keys]
        )
    return TaskPage(items=[row[0] for row in rows], next_cursor=next_cursor)
