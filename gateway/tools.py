"""The task tools, once: MCP serves them at /mcp and the chat agent calls the same functions.

Each tool acts for the caller it is given (from the request's bearer token); no tool takes a
user id. Dates, recurrences and reminders may be natural language ("tomorrow 5pm", "every
weekday", "30 minutes before") or the API's exact forms (RFC 3339, RRULE, ISO 8601).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import confirmations, services
from core.errors import DomainError, InvalidTask
from core.nl.dates import parse_when
from core.nl.recurrence import parse_recurrence
from core.nl.reminders import duration_before
from core.priority import Priority
from core.services import series
from core.services.activity import ActivityPage, list_activity
from core.services.settings import user_zone
from core.services.tasks import TaskList
from core.store.uow import UnitOfWork
from core.task_query import TaskQuery
from core.tasks import TaskCreate, TaskOut, TaskPatch
from core.timefmt import check_timezone, format_rfc3339, parse_rfc3339
from gateway.errors import field_errors, summarize_fields

_ISO = re.compile(r"^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$", re.IGNORECASE)


class ToolFailure(Exception):
    """A tool could not do what was asked; the message says why, for the model or the person."""


@dataclass(frozen=True)
class Caller:
    """Who a tool acts for, and the database it acts on."""

    user_id: str
    sessions: async_sessionmaker[AsyncSession]
    actor: str = "agent"
    # Set for a chat turn: the deletes it asks for wait on one confirmation of this
    # conversation (id `turn_confirmation`), which only the user's next "yes" carries out.
    conversation: str | None = None
    turn_confirmation: str = field(default_factory=confirmations.new_confirmation_id)

    def uow(self) -> UnitOfWork:
        """A unit of work attributed to this caller."""
        return UnitOfWork(self.sessions, actor=self.actor, source="/todo/gateway/agent")


class DeleteResult(BaseModel):
    """What delete_task did: nothing yet but ask (status confirmation_needed), or, once the
    user confirmed, the delete (status deleted)."""

    status: Literal["confirmation_needed", "deleted"]
    deleted: bool
    confirmation_id: str | None
    task: TaskOut
    title: str
    titles: list[str]  # every task the confirmation covers (a chat turn may ask for several)
    message: str


class ConfirmedDelete(BaseModel):
    """What confirm_delete carried out."""

    deleted: list[TaskOut]
    not_found: list[str]  # tasks of the confirmation deleted meanwhile by other means
    message: str


async def _user_zone(caller: Caller, given: str | None) -> str:
    if given:
        return check_timezone(given)
    async with caller.sessions() as session:
        return await user_zone(session, caller.user_id)


def resolve_when(text: str, *, now: datetime, tz: str) -> datetime:
    """RFC 3339 as given, else natural language in `tz`."""
    try:
        return parse_rfc3339(text, what="due")
    except ValueError:
        return parse_when(text, now=now, tz=tz)


def resolve_reminder(text: str, *, now: datetime, tz: str) -> dict[str, str]:
    """'30 minutes before' / 'PT30M' -> {"before"}; '8am' / RFC 3339 -> {"at"}."""
    cleaned = text.strip().removeprefix("remind me").strip()
    if _ISO.match(cleaned):
        return {"before": cleaned.upper()}
    before = duration_before(cleaned)
    if before is not None:
        return {"before": before}
    at = resolve_when(cleaned.removeprefix("at ").strip(), now=now, tz=tz)
    return {"at": format_rfc3339(at)}


async def _fields(
    caller: Caller,
    *,
    now: datetime,
    timezone: str | None,
    due: str | None,
    recurrence: str | None,
    anchor: str | None,
    reminders: list[str] | None,
) -> dict[str, Any]:
    tz = await _user_zone(caller, timezone)
    fields: dict[str, Any] = {}
    if timezone:
        fields["timezone"] = tz
    if due:
        fields["due"] = format_rfc3339(resolve_when(due, now=now, tz=tz))
        fields.setdefault("timezone", tz)
    if recurrence:
        parsed = parse_recurrence(recurrence, now=now, tz=tz)
        fields["recurrence"] = {"rule": parsed.rule, "anchor": anchor or parsed.anchor}
        if "due" not in fields and parsed.first_due is not None:
            fields["due"] = format_rfc3339(parsed.first_due)
            fields.setdefault("timezone", tz)
    if reminders is not None:
        fields["reminders"] = [resolve_reminder(item, now=now, tz=tz) for item in reminders]
    return fields


async def add_task(
    caller: Caller,
    title: str,
    description: str = "",
    priority: Priority = Priority.none,
    tags: list[str] | None = None,
    due: str | None = None,
    timezone: str | None = None,
    recurrence: str | None = None,
    anchor: Literal["due", "completion"] | None = None,
    reminders: list[str] | None = None,
) -> TaskOut:
    """Add a task."""
    now = datetime.now(UTC)
    body: dict[str, Any] = {"title": title, "description": description, "priority": priority}
    body["tags"] = tags or []
    body |= await _fields(
        caller, now=now, timezone=timezone, due=due, recurrence=recurrence, anchor=anchor,
        reminders=reminders or [],
    )  # fmt: skip
    async with caller.uow() as uow:
        row = await services.create_task(
            uow, caller.user_id, TaskCreate.model_validate(body), now=now
        )
    return TaskOut.from_row(row)


async def list_tasks(
    caller: Caller,
    q: str | None = None,
    status: Literal["open", "completed", "all"] = "open",
    priority: list[Priority] | None = None,
    tags: list[str] | None = None,
    due_before: str | None = None,
    due_after: str | None = None,
    overdue: bool | None = None,
    sort: Literal["due", "priority", "created", "updated", "title"] | None = None,
    order: Literal["asc", "desc"] | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> TaskList:
    """List, filter and search the caller's tasks."""
    now = datetime.now(UTC)
    tz = await _user_zone(caller, None)
    before = format_rfc3339(resolve_when(due_before, now=now, tz=tz)) if due_before else None
    after = format_rfc3339(resolve_when(due_after, now=now, tz=tz)) if due_after else None
    query = TaskQuery.model_validate(
        {
            "q": q, "status": status, "priority": priority or [], "tag": tags or [],
            "due_before": before, "due_after": after, "overdue": overdue, "sort": sort,
            "order": order, "limit": limit, "cursor": cursor,
        }
    )  # fmt: skip
    async with caller.sessions() as session:
        return await services.list_tasks(session, caller.user_id, query, now=now)


async def get_task(caller: Caller, task_id: str) -> TaskOut:
    """One task."""
    async with caller.sessions() as session:
        return TaskOut.from_row(await services.get_task(session, caller.user_id, task_id))


async def update_task(
    caller: Caller,
    task_id: str,
    title: str | None = None,
    description: str | None = None,
    priority: Priority | None = None,
    tags: list[str] | None = None,
    due: str | None = None,
    clear_due: bool = False,
    timezone: str | None = None,
    recurrence: str | None = None,
    clear_recurrence: bool = False,
    anchor: Literal["due", "completion"] | None = None,
    reminders: list[str] | None = None,
) -> TaskOut:
    """Change some fields of a task (reschedule, rename, re-prioritise, retag...)."""
    now = datetime.now(UTC)
    patch: dict[str, Any] = {
        key: value
        for key, value in {
            "title": title, "description": description, "priority": priority, "tags": tags,
        }.items()
        if value is not None
    }  # fmt: skip
    patch |= await _fields(
        caller, now=now, timezone=timezone, due=due, recurrence=recurrence, anchor=anchor,
        reminders=reminders,
    )  # fmt: skip
    if clear_due:
        patch["due"] = None
    if clear_recurrence:
        patch["recurrence"] = None
    if anchor and "recurrence" not in patch:
        current = await get_task(caller, task_id)
        if current.recurrence is None:
            raise InvalidTask("only a recurring task has an anchor", field="anchor")
        patch["recurrence"] = {"rule": current.recurrence.rule, "anchor": anchor}
    async with caller.uow() as uow:
        row = await services.update_task(
            uow, caller.user_id, task_id, TaskPatch.model_validate(patch), now=now
        )
    return TaskOut.from_row(row)


async def complete_task(caller: Caller, task_id: str) -> TaskOut:
    """Mark a task done (a recurring one then gets its next occurrence)."""
    async with caller.uow() as uow:
        row = await services.complete_task(uow, caller.user_id, task_id, now=datetime.now(UTC))
    return TaskOut.from_row(row)


async def reopen_task(caller: Caller, task_id: str) -> TaskOut:
    """Mark a completed task open again."""
    async with caller.uow() as uow:
        row = await services.reopen_task(uow, caller.user_id, task_id, now=datetime.now(UTC))
    return TaskOut.from_row(row)


async def skip_task(caller: Caller, task_id: str) -> TaskOut:
    """Skip this occurrence of a recurring task."""
    async with caller.uow() as uow:
        row = await series.skip_task(uow, caller.user_id, task_id, now=datetime.now(UTC))
    return TaskOut.from_row(row)


async def delete_task(caller: Caller, task_id: str, confirm: bool = False) -> DeleteResult:
    """Ask to delete a task: nothing is deleted until the user confirms.

    The answer is a pending confirmation (status confirmation_needed, a confirmation_id): ask
    the user. In the chat, the user's next message saying yes deletes it; over MCP, call
    confirm_delete with the confirmation_id. `confirm` is still accepted, for older clients,
    but no longer deletes: a model must not be able to delete without the user's yes.
    """
    del confirm  # kept in the signature only so older callers' arguments stay valid
    task = await get_task(caller, task_id)
    chat = caller.conversation is not None
    confirmation_id = caller.turn_confirmation if chat else confirmations.new_confirmation_id()
    async with caller.sessions() as session, session.begin():
        covered = await confirmations.request_delete(
            session, caller.user_id, services.parse_task_id(task.id),
            confirmation_id=confirmation_id, conversation=caller.conversation,
            now=datetime.now(UTC),
        )  # fmt: skip
        titles = await confirmations.pending_titles(session, caller.user_id, covered)
    if chat:
        how = "Their next message saying yes deletes it; anything else keeps it."
    else:
        how = "If they say yes, call confirm_delete with this confirmation_id (valid 10 minutes)."
    return DeleteResult(
        status="confirmation_needed", deleted=False, confirmation_id=confirmation_id, task=task,
        title=task.title, titles=titles,
        message=f"Ask the user to confirm deleting “{task.title}”. {how}",
    )  # fmt: skip


async def carry_out_deletes(
    caller: Caller, task_ids: list[uuid.UUID]
) -> list[DeleteResult | ToolFailure]:
    """Delete the tasks of a confirmation the user gave, each on its own (one deleted meanwhile
    does not keep the others); a ToolFailure for each that could not be deleted."""
    results: list[DeleteResult | ToolFailure] = []
    for task_id in task_ids:
        try:
            task = await get_task(caller, str(task_id))
            async with caller.uow() as uow:
                await services.delete_task(uow, caller.user_id, task_id)
        except DomainError as exc:
            results.append(ToolFailure(exc.message))
            continue
        deleted = DeleteResult(
            status="deleted", deleted=True, confirmation_id=None, task=task, title=task.title,
            titles=[task.title], message=f"Deleted “{task.title}”.",
        )  # fmt: skip
        results.append(deleted)
    return results


async def confirm_delete(caller: Caller, confirmation_id: str) -> ConfirmedDelete:
    """Carry out a delete the user confirmed, with the confirmation_id delete_task gave.

    Works once, for the user it was given to, within 10 minutes; call it only after the user
    said yes to deleting those tasks.
    """
    async with caller.sessions() as session, session.begin():
        covered = await confirmations.claim(
            session, caller.user_id, confirmation_id, now=datetime.now(UTC)
        )
    results = await carry_out_deletes(caller, covered)
    deleted = [result.task for result in results if isinstance(result, DeleteResult)]
    missing = [str(t) for t, r in zip(covered, results, strict=True) if isinstance(r, ToolFailure)]
    if not deleted:
        raise ToolFailure("nothing to delete: the tasks of that confirmation no longer exist")
    names = ", ".join(f"“{task.title}”" for task in deleted)
    return ConfirmedDelete(deleted=deleted, not_found=missing, message=f"Deleted {names}.")


async def task_activity(
    caller: Caller, task_id: str | None = None, limit: int = 20
) -> ActivityPage:
    """What happened to the caller's tasks (or one task), newest first."""
    key = services.parse_task_id(task_id) if task_id else None
    async with caller.sessions() as session:
        return await list_activity(
            session, caller.user_id, task_id=key, limit=max(1, min(limit, 200))
        )


TOOLS = (
    add_task, list_tasks, get_task, update_task, complete_task, reopen_task, skip_task,
    delete_task, task_activity,
)  # fmt: skip

# Only over MCP, where an explicit call carries the user's yes. The chat agent never gets a
# tool that takes a confirmation id: there only the user's next message can confirm.
MCP_ONLY_TOOLS = (confirm_delete,)


async def run_tool(tool: Any, caller: Caller, **arguments: Any) -> Any:
    """Call a tool, turning every input problem into a ToolFailure with a clear message."""
    try:
        return await tool(caller, **arguments)
    except DomainError as exc:
        raise ToolFailure(exc.message) from None
    except ValidationError as exc:
        raise ToolFailure(summarize_fields(field_errors(exc.errors()))) from None
    except ValueError as exc:  # the natural-language parsers
        raise ToolFailure(str(exc)) from None
