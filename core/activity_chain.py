"""The keyed activity chain: only the audit writer, who holds the key, can add an entry.

The plain chain (core/activity.py) is a sha256 over the previous hash and the entry, so anyone
who can write the activity table can also compute a valid hash for a row of their own. A keyed
entry stores `k1:` + HMAC-SHA256 over the same bytes, with a key derived from
EVENT_SIGNING_KEY for this purpose alone: a row inserted by SQL has no valid keyed hash.

Chains written before keys (plain sha256 hashes, no prefix) still verify: the prefix is the
version. A plain entry is accepted only before a chain's first keyed entry, whose HMAC covers
the plain hash before it through `prev_hash`, and so vouches for the plain entries behind it.
A plain entry after a keyed one was not written by the audit writer. (Until a user's first
event after the upgrade, that user's chain is all plain and checked as before.)
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any

from core.activity import GENESIS, ChainProblem, entry_hash
from core.signing import KeyRing

KEYED = "k1:"
PURPOSE = "todo audit chain v1"
NOT_OURS = "not written by the audit writer"


def chain_keys(ring: KeyRing) -> KeyRing:
    """The audit chain's keys, derived from the event signing keys (first one writes)."""
    return ring.derive(PURPOSE)


def keyed_hash(key: bytes, prev_hash: str, content: dict[str, Any]) -> str:
    """`k1:` + HMAC-SHA256 over the previous hash and the entry's canonical JSON."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    digest = hmac.new(key, (prev_hash + canonical).encode(), hashlib.sha256).hexdigest()
    return KEYED + digest


def _keyed_ok(keys: KeyRing, prev_hash: str, content: dict[str, Any], stored: str) -> bool:
    return any(
        hmac.compare_digest(keyed_hash(key, prev_hash, content), stored) for key in keys.keys
    )


def verify_keyed_chain(
    owner: str, entries: Iterable[tuple[dict[str, Any], str, str]], keys: KeyRing
) -> list[ChainProblem]:
    """Check one user's entries (content, prev_hash, hash) in seq order, keyed or plain."""
    problems: list[ChainProblem] = []
    expected_prev, expected_seq, keyed_seen = GENESIS, 1, False
    for content, prev_hash, stored_hash in entries:
        seq = int(content["seq"])
        if seq != expected_seq:
            problems.append(
                ChainProblem(owner, expected_seq, f"missing entries {expected_seq}..{seq - 1}")
            )
        if prev_hash != expected_prev:
            problems.append(ChainProblem(owner, seq, "broken link to the previous entry"))
        if stored_hash.startswith(KEYED):
            keyed_seen = True
            if not _keyed_ok(keys, prev_hash, content, stored_hash):
                problems.append(ChainProblem(owner, seq, f"changed or {NOT_OURS}"))
        elif keyed_seen:
            problems.append(ChainProblem(owner, seq, f"{NOT_OURS} (unkeyed after keyed)"))
        elif entry_hash(prev_hash, content) != stored_hash:
            problems.append(ChainProblem(owner, seq, "changed"))
        expected_prev, expected_seq = stored_hash, seq + 1
    return problems
