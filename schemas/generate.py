"""Generate `schemas/<type>.v<version>.json` from the event models: `python -m schemas.generate`."""

from __future__ import annotations

import json
import sys
from typing import Any

from core.events import EVENT_TYPES, Event
from schemas import SCHEMA_DIR, schema_path


def render(model: type[Event]) -> str:
    """The JSON Schema text of one event model, stable across runs."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": model.schema_id(),
        **model.model_json_schema(mode="serialization"),
    }
    schema["title"] = f"{model.type} v{model.version}"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def generated() -> dict[str, str]:
    """File name -> content for every event type."""
    return {
        schema_path(model.type, model.version).name: render(model) for model in EVENT_TYPES.values()
    }


def main() -> int:
    """Write every schema file and remove stale ones."""
    files = generated()
    for stale in SCHEMA_DIR.glob("*.json"):
        if stale.name not in files:
            stale.unlink()
    for name, content in files.items():
        (SCHEMA_DIR / name).write_text(content)
    sys.stdout.write(f"wrote {len(files)} schemas to {SCHEMA_DIR}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
