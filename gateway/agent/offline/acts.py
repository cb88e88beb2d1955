"""The Act a parsed edit gives, or the question to ask when it names no task."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta

from gateway.agent.offline.intents import Act, Say
from gateway.agent.offline.targets import parse_targets


def act(
    action: str,
    target: str,
    *,
    changes: dict[str, object] | None = None,
    shift: relativedelta | None = None,
    tags: tuple[str, ...] = (),
) -> Act | Say:
    # One new title fits one task: "rename salt and pepper to spices" names one task.
    targets = parse_targets(target, several="title" not in (changes or {}))
    if not targets:
        return Say(f"Which task? Say e.g. “{action} 2” or “{action} dentist”.")
    return Act(action=action, targets=targets, changes=dict(changes or {}), shift=shift, tags=tags)
