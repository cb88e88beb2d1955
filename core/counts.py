"""How many of a user's tasks each view of the web app lists, counted in the database.

The views and their bounds are the ones the web app asks GET /api/tasks for, with the days
taken in one IANA zone (start of today, of tomorrow, and of the day 14 days from today, each
at 00:00 local time; a midnight that a DST change skips moves forward by the gap):

- inbox: every open task (`status=open`);
- today: open tasks due before the start of tomorrow: today's and every overdue one
  (`status=open&due_before=<tomorrow 00:00>`);
- overdue: open tasks due before now (`status=open&overdue=true`);
- upcoming: open tasks due from the start of today to before the start of the day 14 days
  on, so today's tasks count too (`status=open&due_after=<today 00:00>&due_before=<+14 days>`);
- completed: every finished task, skipped occurrences included (`status=completed`);
- tags: for each tag carried by at least one open task, how many open tasks carry it
  (`status=open&tag=<tag>`), sorted by tag.

Tasks without a due date count only in inbox (and their tags). Two aggregate queries over the
owner's rows, whatever their number.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import Integer, and_, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.occurrences import localize
from core.store.models import TaskRow
from core.timefmt import zone

UPCOMING_DAYS = 14


class TagCount(BaseModel):
    """How many open tasks carry one tag."""

    tag: str
    count: int


class TaskCounts(BaseModel):
    """The number of tasks each view lists (see the field descriptions)."""

    inbox: int = Field(description="open tasks")
    today: int = Field(description="open tasks due before the start of tomorrow (overdue too)")
    overdue: int = Field(description="open tasks due before now")
    upcoming: int = Field(
        description=f"open tasks due from the start of today to before {UPCOMING_DAYS} days on"
    )
    completed: int = Field(description="completed tasks, skipped occurrences included")
    tags: list[TagCount] = Field(description="open tasks per tag, sorted by tag")
    timezone: str = Field(description="the IANA zone the days were taken in")


def _midnight(day: date, timezone: str) -> datetime:
    return localize(datetime.combine(day, time(0)), zone(timezone))


async def count_tasks(
    session: AsyncSession, owner: str, *, now: datetime, timezone: str
) -> TaskCounts:
    """Count `owner`'s tasks per view, with today in `timezone` (a checked IANA name)."""
    today = now.astimezone(zone(timezone)).date()
    today_start = _midnight(today, timezone)
    tomorrow_start = _midnight(today + timedelta(days=1), timezone)
    horizon = _midnight(today + timedelta(days=UPCOMING_DAYS), timezone)
    is_open = TaskRow.completed.is_(False)
    views = select(
        func.count().filter(is_open).label("inbox"),
        func.count().filter(and_(is_open, TaskRow.due < tomorrow_start)).label("today"),
        func.count().filter(and_(is_open, TaskRow.due < now)).label("overdue"),
        func.count()
        .filter(and_(is_open, TaskRow.due >= today_start, TaskRow.due < horizon))
        .label("upcoming"),
        func.count().filter(TaskRow.completed.is_(True)).label("completed"),
    ).where(TaskRow.owner == owner)
    counted = (await session.execute(views)).one()

    tag = func.unnest(TaskRow.tags).table_valued("tag").lateral("tag")
    tag_name = tag.c.tag
    per_tag = (
        select(tag_name, func.count().cast(Integer))
        .select_from(TaskRow)
        .join(tag, true())  # each open task's tags, one row per tag
        .where(TaskRow.owner == owner, is_open)
        .group_by(tag_name)
        .order_by(tag_name)
    )
    tags = [TagCount(tag=name, count=n) for name, n in (await session.execute(per_tag)).all()]
    return TaskCounts(
        inbox=counted.inbox,
        today=counted.today,
        overdue=counted.overdue,
        upcoming=counted.upcoming,
        completed=counted.completed,
        tags=tags,
        timezone=timezone,
    )
