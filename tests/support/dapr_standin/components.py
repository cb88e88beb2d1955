"""Dapr Component manifests of `bindings.kafka`, read and checked as daprd reads them, and the
Go value formats (booleans, durations, JSON) their metadata and payloads use."""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

_AUTH_TYPES = {
    "none",
    "password",
    "mtls",
    "oidc",
    "oidc_private_key_jwt",
    "certificate",
    "awsiam",
}
_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


class ComponentError(ValueError):
    """A component manifest the real sidecar would refuse too."""


class BindingError(RuntimeError):
    """An output binding invocation failed (daprd answers 500 / INTERNAL)."""


# --------------------------------------------------------------------------- components


def parse_go_bool(value: str, *, name: str) -> bool:
    """Parse a boolean as Go's strconv.ParseBool (which Dapr's metadata decoding uses)."""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ComponentError(f"invalid boolean for {name!r}: {value!r}")


def parse_go_duration(value: str, *, name: str) -> float:
    """Seconds in a Go duration ("10s", "1m30s", "500ms"); a bare number means seconds."""
    text = value.strip()
    with contextlib.suppress(ValueError):
        return float(text)
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ComponentError(f"invalid duration for {name!r}: {value!r}")
    return sum(float(n) * _DURATION_UNITS[u] for n, u in parts)


def go_json(value: Any) -> bytes:
    """JSON bytes as Go's json.Marshal writes a decoded value (daprd's HTTP output binding)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


@dataclass(frozen=True)
class KafkaBindingComponent:
    """One `bindings.kafka` Dapr component: its name, metadata (strings) and scopes."""

    name: str
    metadata: Mapping[str, str]
    scopes: tuple[str, ...] = ()

    @classmethod
    def from_manifest(cls, doc: Mapping[str, Any]) -> KafkaBindingComponent:
        """Build from a Component manifest (the Kubernetes CRD shape), validating it."""
        if doc.get("apiVersion") != "dapr.io/v1alpha1" or doc.get("kind") != "Component":
            raise ComponentError("not a dapr.io/v1alpha1 Component")
        name = (doc.get("metadata") or {}).get("name")
        spec = doc.get("spec") or {}
        if not name:
            raise ComponentError("component without metadata.name")
        if spec.get("type") != "bindings.kafka":
            raise ComponentError(f"{name}: type {spec.get('type')!r} is not bindings.kafka")
        metadata: dict[str, str] = {}
        for item in spec.get("metadata") or []:
            if "value" in item:
                metadata[item["name"]] = _metadata_string(item["value"])
            elif "secretKeyRef" in item:
                log.info("%s: %s is a secretKeyRef; the stand-in reads it as ''", name, item)
                metadata[item["name"]] = ""
        component = cls(name=name, metadata=metadata, scopes=tuple(doc.get("scopes") or ()))
        component.validate()
        return component

    def get(self, key: str, default: str = "") -> str:
        """A metadata value; names match case-insensitively, as in Dapr's decoding."""
        for name, value in self.metadata.items():
            if name.lower() == key.lower():
                return value
        return default

    @property
    def brokers(self) -> str:
        """The `brokers` metadata as a comma-separated bootstrap list."""
        return ",".join(b.strip() for b in self.get("brokers").split(",") if b.strip())

    @property
    def topics(self) -> list[str]:
        """Topics the input side consumes."""
        return [t.strip() for t in self.get("topics").split(",") if t.strip()]

    @property
    def publish_topic(self) -> str:
        """The one topic the output side produces to."""
        return self.get("publishTopic").strip()

    @property
    def consumer_group(self) -> str:
        """The input side's consumer group."""
        return self.get("consumerGroup").strip()

    @property
    def directions(self) -> set[str]:
        """`direction` metadata; without it Dapr tries both sides."""
        raw = self.get("direction")
        if not raw.strip():
            return {"input", "output"}
        return {d.strip().lower() for d in raw.split(",") if d.strip()}

    @property
    def is_input(self) -> bool:
        """True when this component runs an input binding (it also needs topics)."""
        return "input" in self.directions and bool(self.topics)

    @property
    def is_output(self) -> bool:
        """True when this component accepts output binding invocations."""
        return "output" in self.directions

    @property
    def auto_offset_reset(self) -> str:
        """aiokafka's `auto_offset_reset` for `initialOffset` (default newest)."""
        value = self.get("initialOffset", "newest").strip().lower()
        return "earliest" if value == "oldest" else "latest"

    @property
    def consume_retry_enabled(self) -> bool:
        """`consumeRetryEnabled` (default false)."""
        return parse_go_bool(self.get("consumeRetryEnabled", "false"), name="consumeRetryEnabled")

    @property
    def route(self) -> str:
        """The app path input deliveries go to: `route` metadata, else the component name."""
        return (self.get("route").strip() or self.name).lstrip("/")

    @property
    def escape_headers(self) -> bool:
        """`escapeHeaders`: URL-escape header values on delivery."""
        return parse_go_bool(self.get("escapeHeaders", "false"), name="escapeHeaders")

    @property
    def exclude_header_regex(self) -> re.Pattern[str] | None:
        """`excludeHeaderMetaRegex`: metadata/header names not copied across."""
        pattern = self.get("excludeHeaderMetaRegex")
        return re.compile(pattern) if pattern else None

    def session_timeout(self) -> float:
        """`sessionTimeout` in seconds (Dapr default 10 s)."""
        return parse_go_duration(self.get("sessionTimeout", "10s"), name="sessionTimeout")

    def validate(self) -> None:
        """Refuse what daprd's Kafka component refuses at init."""
        auth = self.get("authType").strip().lower()
        if not auth:
            raise ComponentError(f"{self.name}: kafka error: 'authType' attribute was missing")
        if auth not in _AUTH_TYPES:
            raise ComponentError(f"{self.name}: kafka error: invalid value for 'authType'")
        if not self.brokers:
            raise ComponentError(f"{self.name}: kafka error: 'brokers' is required")
        if self.get("initialOffset").strip().lower() not in ("", "oldest", "newest"):
            raise ComponentError(f"{self.name}: kafka error: invalid initialOffset")
        unknown = self.directions - {"input", "output"}
        if unknown:
            raise ComponentError(f"{self.name}: invalid direction {sorted(unknown)}")
        if self.is_input and not self.consumer_group:
            raise ComponentError(f"{self.name}: an input binding needs consumerGroup")
        parse_go_bool(self.get("consumeRetryEnabled", "false"), name="consumeRetryEnabled")
        parse_go_bool(self.get("escapeHeaders", "false"), name="escapeHeaders")
        self.session_timeout()

    def with_brokers(self, brokers: str) -> KafkaBindingComponent:
        """A copy whose `brokers` metadata is `brokers` (to point at the test broker)."""
        metadata = {k: v for k, v in self.metadata.items() if k.lower() != "brokers"}
        metadata["brokers"] = brokers
        return replace(self, metadata=metadata)


def _metadata_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def load_components(*sources: Any) -> list[KafkaBindingComponent]:
    """Kafka binding components from YAML files, folders (*.yaml, *.yml), dicts or components.

    Manifests of other component types (and other kinds) are skipped; a malformed Kafka
    binding raises ComponentError.
    """
    found: list[KafkaBindingComponent] = []
    for source in sources:
        if isinstance(source, KafkaBindingComponent):
            found.append(source)
        elif isinstance(source, Mapping):
            found.extend(_from_documents([source], origin="<dict>"))
        elif isinstance(source, str | Path):
            path = Path(source)
            files = (
                sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
                if path.is_dir()
                else [path]
            )
            for file in files:
                docs = [d for d in yaml.safe_load_all(file.read_text()) if d]
                found.extend(_from_documents(docs, origin=str(file)))
        elif isinstance(source, Iterable):
            found.extend(load_components(*source))
        else:
            raise TypeError(f"cannot load components from {source!r}")
    return found


def _from_documents(docs: Iterable[Mapping[str, Any]], *, origin: str) -> list[Any]:
    components = []
    for doc in docs:
        if doc.get("kind") != "Component" or (doc.get("spec") or {}).get("type") != (
            "bindings.kafka"
        ):
            log.debug("%s: skipping %s %s", origin, doc.get("kind"), doc.get("metadata"))
            continue
        components.append(KafkaBindingComponent.from_manifest(doc))
    return components
