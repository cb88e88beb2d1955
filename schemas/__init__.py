"""Versioned JSON Schemas of every event type, generated from the pydantic models in core.events.

`python -m schemas.generate` rewrites the files; a contract test fails when they drift.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).parent


def schema_path(event_type: str, version: int) -> Path:
    """Where the schema of one event type and version lives."""
    return SCHEMA_DIR / f"{event_type}.v{version}.json"


@cache
def load_schema(event_type: str, version: int = 1) -> dict[str, Any]:
    """The committed JSON Schema of an event type and version."""
    schema: dict[str, Any] = json.loads(schema_path(event_type, version).read_text())
    return schema
