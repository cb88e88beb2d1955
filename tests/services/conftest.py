"""The service tests call core.services directly, in units of work, without HTTP.

They get a database of their own, as the function tests do (the same fixtures): over the
session database the gateway's relay (started by any test that serves the API) would deliver
their events to the functions, e.g. recur making the next occurrence a test makes itself.
"""

from __future__ import annotations

import uuid

import pytest

from tests.functions.conftest import database_url, engine, sessionmaker

__all__ = ["database_url", "engine", "owner", "sessionmaker"]


@pytest.fixture
def owner() -> str:
    """A user of this test alone."""
    return f"svc-{uuid.uuid4().hex[:10]}"
