"""The service tests call core.services directly, in units of work, without HTTP.

They get a database of their own, as the function tests do: over the session database the
gateway's relay (started by any test that serves the API) would deliver their events to the
functions, e.g. recur making the next occurrence a test makes itself.
"""

from __future__ import annotations

import uuid

import pytest

from tests.support.databases import database_fixtures

database_url, engine, sessionmaker = database_fixtures("package")


@pytest.fixture
def owner() -> str:
    """A user of this test alone."""
    return f"svc-{uuid.uuid4().hex[:10]}"
