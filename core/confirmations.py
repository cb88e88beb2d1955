"""Delete confirmations kept by the server, so only the user can say yes to a delete.

A delete asked through the chat agent or MCP is recorded here, not carried out. It is carried
out once, by the owner: the next chat turn of the same conversation saying "yes", or MCP's
`confirm_delete` with the confirmation's id. A model can ask for a delete but never confirm it.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.store.confirmation_models import DeleteConfirmationRow as Row
from core.store.models import TaskRow

# Long enough to read the question and answer it, short enough that a forgotten "delete X"
# cannot be confirmed by a "yes" meant for something else much later.
CONFIRMATION_TTL = timedelta(minutes=10)
# Spent and expired confirmations are kept this long (to see what was asked and answered),
# then dropped when their owner asks for the next delete.
KEPT_FOR = timedelta(days=1)


class ConfirmationNotFound(DomainError):
    """No pending confirmation with that id for this user: unknown, used, expired or another
    user's (all look the same, so an id reveals nothing)."""

    code = "confirmation_not_found"


def new_confirmation_id() -> str:
    """A random, unguessable confirmation id (192 bits)."""
    return secrets.token_urlsafe(24)


async def request_delete(
    session: AsyncSession,
    owner: str,
    task_id: uuid.UUID,
    *,
    confirmation_id: str,
    conversation: str | None,
    now: datetime,
) -> list[uuid.UUID]:
    """Add the task to the pending confirmation `confirmation_id` (made if new); return the
    tasks it now covers. A chat turn uses one id for every delete it asks for, so one "yes"
    answers them all; concurrent tool calls of that turn meet in the same row."""
    await session.execute(delete(Row).where(Row.owner == owner, Row.expires_at < now - KEPT_FOR))
    new = insert(Row).values(
        id=confirmation_id, owner=owner, task_ids=[task_id], conversation_id=conversation,
        created_at=now, expires_at=now + CONFIRMATION_TTL,
    )  # fmt: skip
    already = Row.task_ids.contains(new.excluded.task_ids)
    upsert = new.on_conflict_do_update(
        index_elements=[Row.id],
        set_={
            "task_ids": case(
                (already, Row.task_ids), else_=Row.task_ids.op("||")(new.excluded.task_ids)
            ),
            "expires_at": new.excluded.expires_at,
        },
        where=(Row.owner == new.excluded.owner) & Row.used_at.is_(None),
    )
    covered = (await session.execute(upsert.returning(Row.task_ids))).scalar_one_or_none()
    if covered is None:  # that id was spent (or is someone else's): never extend it
        raise ConfirmationNotFound("that delete confirmation was already used")
    return list(covered)


async def claim(
    session: AsyncSession, owner: str, confirmation_id: str, *, now: datetime
) -> list[uuid.UUID]:
    """Spend the owner's pending MCP confirmation `confirmation_id`; the tasks it covers.

    One UPDATE decides, so two concurrent confirm calls cannot both win. Chat confirmations
    are not accepted here: only that conversation's next turn answers them.
    """
    statement = (
        update(Row)
        .where(Row.id == confirmation_id, Row.owner == owner, Row.conversation_id.is_(None))
        .where(Row.used_at.is_(None), Row.expires_at > now)
        .values(used_at=now, outcome="deleted")
        .returning(Row.task_ids)
    )
    covered = (await session.execute(statement)).scalar_one_or_none()
    if covered is None:
        raise ConfirmationNotFound(
            "no pending delete confirmation with that id: it was already used, has expired "
            "(they last 10 minutes) or was never given to you; call delete_task again"
        )
    return list(covered)


async def settle_conversation(
    session: AsyncSession, owner: str, conversation: str, *, confirmed: bool, now: datetime
) -> list[uuid.UUID]:
    """Spend every pending confirmation of the owner's conversation, carried out (`confirmed`)
    or cancelled; the tasks to delete (none when cancelled or nothing was pending)."""
    statement = (
        update(Row)
        .where(Row.owner == owner, Row.conversation_id == conversation)
        .where(Row.used_at.is_(None), Row.expires_at > now)
        .values(used_at=now, outcome="deleted" if confirmed else "cancelled")
        .returning(Row.created_at, Row.task_ids)
    )
    rows = sorted((await session.execute(statement)).all())
    covered = [task_id for _, task_ids in rows for task_id in task_ids]
    return list(dict.fromkeys(covered)) if confirmed else []


async def pending_titles(session: AsyncSession, owner: str, task_ids: list[uuid.UUID]) -> list[str]:
    """The titles of the owner's tasks among `task_ids`, in that order."""
    rows = await session.execute(
        select(TaskRow.id, TaskRow.title).where(TaskRow.owner == owner, TaskRow.id.in_(task_ids))
    )
    titles = {task_id: title for task_id, title in rows}
    return [titles[task_id] for task_id in task_ids if task_id in titles]
