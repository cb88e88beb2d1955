"""The service layer: one module a resource, used by every edge (REST routes, MCP and agent
tools, the functions), each change in a unit of work (core.store.uow).

- `tasks`: create, read, update, complete, reopen, delete a task (re-exported here).
- `series`: skip an occurrence, delete a series, make the next occurrence.
- `notifications`: list, mark read, add (notify) and announce notifications.
- `settings`: a user's zone and webhook, read and saved with their rules.
- `activity`: the activity log a page at a time; audit entries appended to each user's
  chain, and to and from rows.
- `updates`: the live-update stream: appended by push, read by the gateway's hub, purged.
"""

from core.services.tasks import (
    TaskList,
    complete_task,
    create_task,
    delete_task,
    finish,
    get_task,
    list_tasks,
    load_task,
    parse_task_id,
    publish,
    reopen_task,
    tasks_by_key,
    update_task,
)

__all__ = [
    "TaskList",
    "complete_task",
    "create_task",
    "delete_task",
    "finish",
    "get_task",
    "list_tasks",
    "load_task",
    "parse_task_id",
    "publish",
    "reopen_task",
    "tasks_by_key",
    "update_task",
]
