"""The session factory bound to the current context, if any.

`todo serve` runs the functions inside its eventing process, over that process's database: the
caller (eventing.targets) binds its session factory around each call, and the function's
runtime (functions.runtime.get_sessions) takes it instead of opening its own from
DATABASE_URL. It lives here, below both, so that neither package imports the other.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_bound: ContextVar[async_sessionmaker[AsyncSession] | None] = ContextVar("sessions", default=None)


def bind_sessions(sessions: async_sessionmaker[AsyncSession]) -> Token[Any]:
    """Make handlers called from here on (in this context) use `sessions`."""
    return _bound.set(sessions)


def unbind_sessions(token: Token[Any]) -> None:
    """Undo `bind_sessions`."""
    _bound.reset(token)


def bound_sessions() -> async_sessionmaker[AsyncSession] | None:
    """The factory bound in this context, or None."""
    return _bound.get()
