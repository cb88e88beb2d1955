"""FastAPI dependencies shared by the route modules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from core.store.uow import UnitOfWork


async def unit_of_work(request: Request) -> AsyncIterator[UnitOfWork]:
    """A unit of work over the app's database; rolled back unless the service commits."""
    async with UnitOfWork(request.app.state.sessions) as uow:
        yield uow


async def read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for reads."""
    async with request.app.state.sessions() as session:
        yield session


async def utc_now() -> datetime:
    """The request's clock (async: FastAPI would run a plain function in a worker thread)."""
    return datetime.now(UTC)


Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
Session = Annotated[AsyncSession, Depends(read_session)]
Now = Annotated[datetime, Depends(utc_now)]
