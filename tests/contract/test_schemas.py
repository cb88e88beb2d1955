"""The committed JSON Schemas are exactly what the event models generate."""

from __future__ import annotations

from schemas import SCHEMA_DIR
from schemas.generate import generated


def test_schemas_match_the_models() -> None:
    files = generated()
    on_disk = {path.name: path.read_text() for path in SCHEMA_DIR.glob("*.json")}
    stale = sorted(set(on_disk) - set(files))
    missing = sorted(set(files) - set(on_disk))
    drifted = sorted(name for name in files if name in on_disk and on_disk[name] != files[name])
    hint = "run `python -m schemas.generate` and commit the result"
    assert not stale and not missing and not drifted, f"{stale=} {missing=} {drifted=}: {hint}"


def test_every_event_type_has_a_schema_with_its_id() -> None:
    import json

    from core.events import EVENT_TYPES

    for event_type, model in EVENT_TYPES.items():
        schema = json.loads((SCHEMA_DIR / f"{event_type}.v{model.version}.json").read_text())
        assert schema["$id"] == model.schema_id()
        assert schema["type"] == "object"
