"""The occurrence a completion (or skip) of a recurring task calls for, and taking it back.

recur creates `following(done)` after a completion. When the user reopens that occurrence
("Undo" right after completing it), the one recur made is no longer wanted: `untouched_successor`
finds it so the reopen can delete it in its own transaction. Only an occurrence nobody has
touched goes: same series, exactly the index this completion called for, still open, and never
changed (`updated_at == created_at`: recur writes both from one clock reading and every change
of a task moves `updated_at`). One the user already edited, completed or skipped stays.
"""

from __future__ import annotations

from sqlalchemy import select

from core.errors import InvalidRecurrence
from core.events import TaskSnapshot, snapshot
from core.occurrences import Occurrence, next_occurrence
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.timefmt import in_range, parse_rfc3339


def following(done: TaskSnapshot) -> Occurrence | None:
    """The occurrence after the completed (or skipped) `done`; None when the series ended."""
    if done.recurrence is None or done.due is None or done.completed_at is None:
        return None
    due = parse_rfc3339(done.due, what="due")
    origin = done.series_origin or due
    found = next_occurrence(
        done.recurrence.rule,
        origin=origin,
        timezone=done.timezone,
        anchor=done.recurrence.anchor,
        current_index=done.occurrence_index - done.series_base_index,
        current_due=due,
        completed_at=done.completed_at,
    )
    if found is None or not in_range(found.due):  # a series ends where the date range does
        return None
    return Occurrence(found.index + done.series_base_index, found.due)


async def untouched_successor(uow: UnitOfWork, done: TaskRow) -> TaskRow | None:
    """The occurrence recur made after the completed `done`, if nobody has touched it since.

    Locked for update: a concurrent edit or completion either lands first (and the row no
    longer qualifies) or waits for this transaction.
    """
    if not done.completed or done.series_id is None or not done.recurrence_rule:
        return None
    try:
        nxt = following(snapshot(done))
    except InvalidRecurrence:  # a rule with no further occurrence: recur made none either
        return None
    if nxt is None:
        return None
    query = (
        select(TaskRow)
        .where(
            TaskRow.owner == done.owner,
            TaskRow.series_id == done.series_id,
            TaskRow.occurrence_index == nxt.index,
            TaskRow.id != done.id,
            TaskRow.completed.is_(False),
            TaskRow.updated_at == TaskRow.created_at,
        )
        .with_for_update()
    )
    return (await uow.session.execute(query)).scalar_one_or_none()
