"""Secret values written where only references belong: in manifests, scripts and docs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tests.contract.rendering import (
    Doc,
)


def walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, value) of a YAML tree, depth first."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}[{index}]")


SECRETISH = re.compile(
    r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|DATABASE_URL|DSN", re.I
)


CREDENTIAL_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s/:@'\"]+:(?P<password>[^\s@'\"/]+)@", re.I)


KNOWN_SECRET_FORMATS = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----|\bsk-[A-Za-z0-9_-]{20,}|\bAKIA[0-9A-Z]{16}\b"
)


FROM_LITERAL = re.compile(r"--from-literal=(?P<key>[A-Za-z0-9_.-]+)=(?P<value>[^\s`)]*)")


PLACEHOLDER = re.compile(r"^[\"']?(\$\{?\w+\}?|\$\(.*\)|<[^>]*>)[\"']?$")


def yaml_secret_findings(doc: Doc) -> list[str]:
    """Secret values written into a manifest instead of referenced."""
    findings = []
    if doc.get("kind") == "Secret":
        findings.append(f"Secret {doc['metadata'].get('name')} is committed")
    for path, node in walk(doc):
        if not isinstance(node, dict) or not isinstance(node.get("name"), str):
            continue
        # Env vars and Dapr metadata items are {name, value | valueFrom | secretKeyRef}.
        if "value" in node and SECRETISH.search(node["name"].replace("-", "_")):
            findings.append(f"{path}: {node['name']} has a literal value")
    for path, node in walk(doc):
        if isinstance(node, str) and (
            CREDENTIAL_URL.search(node) or KNOWN_SECRET_FORMATS.search(node)
        ):
            findings.append(f"{path}: looks like a credential")
    return findings


def text_secret_findings(text: str) -> list[str]:
    """Credentials in scripts and docs: inline in URLs, known key formats, kubectl literals."""
    findings = []
    for match in CREDENTIAL_URL.finditer(text):
        if not PLACEHOLDER.match(match["password"]):
            findings.append(f"credential in URL: {match[0]}")
    findings += [f"key material: {m[0][:12]}..." for m in KNOWN_SECRET_FORMATS.finditer(text)]
    for match in FROM_LITERAL.finditer(text):
        if SECRETISH.search(match["key"]) and not PLACEHOLDER.match(match["value"]):
            findings.append(f"literal secret: --from-literal={match['key']}=...")
    return findings
