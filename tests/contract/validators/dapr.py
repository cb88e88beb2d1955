"""Dapr components judged by their documented metadata: `bindings.kafka` (../shared
dapr-metadata) and Resiliency policies."""

from __future__ import annotations

import json
import re
from functools import cache

import jsonschema
import yaml

from tests.contract.rendering import (
    Doc,
)
from tests.contract.validators.schemas import SHARED, require_shared


@cache
def kafka_spec() -> Doc:
    """The documented metadata of bindings.kafka, itself checked against its schema."""
    require_shared()
    spec: Doc = yaml.safe_load((SHARED / "dapr-metadata" / "bindings-kafka.yaml").read_text())
    meta_schema = json.loads(
        (SHARED / "dapr-metadata" / "component-metadata-schema.json").read_text()
    )
    jsonschema.validate(spec, meta_schema)
    return spec


# Metadata every Dapr binding takes, read by the runtime rather than the component.
RUNTIME_BINDING_FIELDS: dict[str, set[str] | None] = {
    "direction": {"input", "output", "input, output"},
    "route": None,
}


GO_DURATION = re.compile(r"^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$")


def _auth_profiles(spec: Doc) -> dict[str, dict[str, Doc]]:
    """authType value -> the metadata fields of its profile (authType itself included)."""
    profiles: dict[str, dict[str, Doc]] = {}
    for profile in spec.get("authenticationProfiles", []):
        fields = {field["name"]: field for field in profile["metadata"]}
        for value in fields["authType"]["allowedValues"]:
            profiles[value] = fields
    for builtin in spec.get("builtinAuthenticationProfiles", []):
        fields = {field["name"]: field for field in builtin["metadata"]}
        for value in fields["authType"]["allowedValues"]:
            profiles[value] = fields
    return profiles


def _type_error(field: Doc, value: str) -> str | None:
    kind = field.get("type", "string")
    if kind == "bool" and value not in ("true", "false"):
        return f'is a bool: "true" or "false", not {value!r}'
    if kind == "number" and not re.fullmatch(r"-?[0-9]+", value):
        return f"is a number, not {value!r}"
    if kind == "duration" and not GO_DURATION.match(value):
        return f"is a Go duration (e.g. 5s), not {value!r}"
    return None


def kafka_binding_errors(component: Doc) -> list[str]:
    """Everything wrong with one bindings.kafka component, judged by its documented metadata."""
    spec = kafka_spec()
    name = component.get("metadata", {}).get("name")
    errors: list[str] = []
    if component["spec"].get("version") != "v1":
        errors.append(f"{name}: bindings.kafka is version v1")
    items: dict[str, Doc] = {}
    for item in component["spec"].get("metadata", []):
        if item["name"] in items:
            errors.append(f"{name}: {item['name']} is set twice")
        items[item["name"]] = item
        sources = [key for key in ("value", "secretKeyRef", "envRef") if key in item]
        if len(sources) != 1:
            errors.append(f"{name}: {item['name']} needs exactly one of value/secretKeyRef/envRef")
        if "value" in item and not isinstance(item["value"], str):
            errors.append(f"{name}: {item['name']} must be a quoted string")

    def literal(field: str) -> str | None:
        value = items.get(field, {}).get("value")
        return value if isinstance(value, str) else None

    direction = literal("direction")
    if direction not in ("input", "output"):
        errors.append(f"{name}: direction must be set to input or output, got {direction!r}")

    profiles = _auth_profiles(spec)
    auth_type = literal("authType")
    if auth_type not in profiles:
        errors.append(f"{name}: authType must be one of {sorted(profiles)}, got {auth_type!r}")
    own_profile = profiles.get(auth_type or "", {})
    other_fields = {f for fields in profiles.values() for f in fields} - set(own_profile)

    common = {field["name"]: field for field in spec["metadata"]}
    for field_name, field in {**common, **own_profile}.items():
        applies = field.get("binding")
        wanted = field.get("required") and (applies is None or applies.get(direction or ""))
        if wanted and field_name not in items:
            errors.append(f"{name}: {field_name} is required")
    if direction == "input" and "topics" not in items:
        errors.append(f"{name}: an input binding needs topics")

    for field_name, item in items.items():
        if field_name in RUNTIME_BINDING_FIELDS:
            continue
        field = own_profile.get(field_name) or common.get(field_name)
        if field is None:
            where = "another authType's" if field_name in other_fields else "no documented"
            errors.append(f"{name}: {field_name} is {where} field of bindings.kafka")
            continue
        applies = field.get("binding")
        if applies and direction and not applies.get(direction):
            errors.append(f"{name}: {field_name} does not apply to an {direction} binding")
        if field.get("sensitive") and "secretKeyRef" not in item:
            errors.append(f"{name}: {field_name} is sensitive: use a secretKeyRef")
        value = item.get("value")
        if isinstance(value, str):
            allowed = field.get("allowedValues")
            if allowed and value not in allowed:
                errors.append(f"{name}: {field_name} must be one of {allowed}, got {value!r}")
            problem = _type_error(field, value)
            if problem:
                errors.append(f"{name}: {field_name} {problem}")
    mechanism = literal("saslMechanism")
    if auth_type == "password" and mechanism not in ("SHA-256", "SHA-512"):
        # Anything else (SCRAM-SHA-256 too) silently falls back to PLAIN, which Redpanda rejects.
        errors.append(f'{name}: saslMechanism must be exactly "SHA-256" or "SHA-512"')
    return errors


def resiliency_errors(resiliency: Doc, components: set[str]) -> list[str]:
    """Targets that name no component or no policy, and malformed policies."""
    errors: list[str] = []
    policies = resiliency["spec"]["policies"]
    for name, timeout in policies.get("timeouts", {}).items():
        if not GO_DURATION.match(str(timeout)):
            errors.append(f"timeout {name}: {timeout!r} is not a duration")
    for name, retry in policies.get("retries", {}).items():
        if retry.get("policy") not in ("constant", "exponential"):
            errors.append(f"retry {name}: policy is constant or exponential")
        for key in ("duration", "maxInterval"):
            if key in retry and not GO_DURATION.match(str(retry[key])):
                errors.append(f"retry {name}: {key} {retry[key]!r} is not a duration")
    for name, breaker in policies.get("circuitBreakers", {}).items():
        if not re.fullmatch(r"consecutiveFailures\s*(>=|>|==)\s*[0-9]+", breaker.get("trip", "")):
            errors.append(f"circuit breaker {name}: trip {breaker.get('trip')!r}")
    kinds = {"timeout": "timeouts", "retry": "retries", "circuitBreaker": "circuitBreakers"}
    for target, sides in resiliency["spec"]["targets"].get("components", {}).items():
        if target not in components:
            errors.append(f"target {target} is no component")
        for side, refs in sides.items():
            for kind, policy in refs.items():
                if policy not in policies.get(kinds[kind], {}):
                    errors.append(f"{target}.{side}: no {kind} policy {policy!r}")
    return errors
