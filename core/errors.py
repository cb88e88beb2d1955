"""Named domain errors. Edges map each `code` to a response; none of them is a server fault."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user's input can cause; `code` is stable and machine-readable."""

    code = "invalid_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """Nothing of that kind with that id belongs to the current user (a 404)."""

    code = "not_found"


class TaskNotFound(NotFound):
    """No task with that id belongs to the current user (another user's task looks the same)."""


class NotificationNotFound(NotFound):
    """No notification with that id belongs to the current user."""


class ConversationNotFound(NotFound):
    """No chat conversation with that id belongs to the current user."""


class InvalidSettings(DomainError):
    """A user setting that may not be saved (an unsafe webhook URL, an unknown zone)."""

    code = "validation_error"


class InvalidTask(DomainError):
    """A task's fields are inconsistent or out of range."""

    code = "validation_error"
    # The fields a cross-field rule reads (see core.tasks.apply_fields).
    involves: frozenset[str] = frozenset()


class TaskStateConflict(DomainError):
    """The request is valid, but not for the task as it is now (e.g. skip a task that is done,
    or a reminder "before" on a task without a due date): a 409."""

    code = "conflict"


class InvalidRecurrence(InvalidTask):
    """The RRULE does not parse, or asks for something we do not support."""

    code = "invalid_recurrence"


class InvalidCursor(DomainError):
    """A pagination cursor that we did not issue, or one issued for another query."""

    code = "invalid_cursor"


class InvalidQuery(DomainError):
    """A list/search query parameter with a value out of range."""

    code = "invalid_query"


class QuotaExceeded(DomainError):
    """The user already has as many of something as one user may keep."""

    code = "quota_exceeded"

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit
