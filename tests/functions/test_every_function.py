"""What every function promises, checked for all four: 400 for junk, 5xx while the database is
down, 200 and no effect for a type it does not handle."""

from __future__ import annotations

import importlib

import pytest

from core.events import EVENT_TYPES
from core.store.db import make_engine, make_sessionmaker
from core.subscriptions import ACCEPTS
from tests.functions.conftest import FunctionClient
from tests.functions.function_events import FUNCTIONS, JUNK, wanted_event
from tests.support.cloud_events import MODES


def test_each_handler_accepts_its_entry_in_the_table() -> None:
    for name in FUNCTIONS:
        handler = importlib.import_module(f"functions.{name}.handler")
        main = importlib.import_module(f"functions.{name}.main")
        assert handler.ACCEPTS == ACCEPTS[name]
        assert main.ACCEPTS is handler.ACCEPTS  # what the entry point hands to `consume`


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize(("body", "refused_by"), JUNK)
async def test_junk_is_400_unless_the_type_is_not_theirs(
    function_client: FunctionClient, name: str, body: bytes, refused_by: set[str]
) -> None:
    response = await function_client(name).post(
        "/", content=body, headers={"Content-Type": "application/cloudevents+json"}
    )
    assert response.status_code == (400 if name in refused_by else 200)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("mode", MODES)
async def test_database_down_is_5xx(function_client: FunctionClient, name: str, mode: str) -> None:
    dead = make_sessionmaker(make_engine("postgresql://postgres@127.0.0.1:1/none", pool_size=1))
    headers, body = MODES[mode](wanted_event(name))
    response = await function_client(name, dead).post("/", content=body, headers=headers)  # type: ignore[call-arg]
    assert response.status_code >= 500


# Every event type a function does not accept, from the one table (core/subscriptions.py).
UNHANDLED = [
    (name, kind) for name in FUNCTIONS for kind in sorted(set(EVENT_TYPES) - ACCEPTS[name])
]


@pytest.mark.parametrize(("name", "other"), UNHANDLED)
async def test_an_unhandled_type_is_acknowledged(
    function_client: FunctionClient, name: str, other: str
) -> None:
    # Unsigned with empty data: had the handler read it, the answer would be 401 or 400.
    body = b'{"specversion":"1.0","id":"z","source":"/t","type":"%s","data":{}}' % other.encode()
    response = await function_client(name).post(
        "/", content=body, headers={"Content-Type": "application/cloudevents+json"}
    )
    assert response.status_code == 200
