"""Every event a test made must validate against its committed schema (checked at teardown).

`tests.support.databases.fresh_database` calls `invalid_events` before it drops a test database, so
each event the suite wrote to any outbox, in any test, is checked: its CloudEvent envelope and
its data against `schemas/<type>.v<version>.json`.
"""

from __future__ import annotations

import asyncio
import re

from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from core.cloudevents import from_outbox
from core.store.db import make_engine, make_sessionmaker
from core.store.eventing_models import OutboxRow
from schemas import load_schema

_EXTENSION = re.compile(r"^[a-z][a-z0-9]{0,19}$")
_CORE = {"id", "source", "specversion", "type", "datacontenttype", "dataschema", "subject", "time"}


def problems_of(row: OutboxRow) -> list[str]:
    """What is wrong with one outbox row's event (empty when it is valid)."""
    found: list[str] = []
    event = from_outbox(row)
    attributes = event.get_attributes()
    for name in attributes:
        if name not in _CORE and not _EXTENSION.match(name):
            found.append(f"bad extension name {name!r}")
    version = int(row.dataschema.rsplit(":v", 1)[1])
    validator = Draft202012Validator(load_schema(row.type, version), format_checker=FormatChecker())
    for error in validator.iter_errors(row.data):
        found.append(f"{'/'.join(map(str, error.path)) or '<data>'}: {error.message}")
    return [f"{row.type} {row.event_id}: {problem}" for problem in found]


async def _invalid(url: str) -> tuple[int, list[str]]:
    engine = make_engine(url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = list((await session.execute(select(OutboxRow))).scalars())
    finally:
        await engine.dispose()
    return len(rows), [problem for row in rows for problem in problems_of(row)]


def invalid_events(url: str) -> tuple[int, list[str]]:
    """How many events the database holds, and every schema problem among them."""
    return asyncio.run(_invalid(url))
