"""The cache of verified tokens: each kept until its exp, never beyond, and never past a key's
rotation out of the JWKS."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from gateway.auth import Principal, VerifiedTokens
from tests.support.jwks import JwksServer, SigningKey, rejection, sign


@pytest.fixture
def key() -> SigningKey:
    return SigningKey(ed25519.Ed25519PrivateKey.generate(), "EdDSA", "ed-cache")


@pytest.fixture
def jwks(key: SigningKey) -> Iterator[JwksServer]:
    with JwksServer([key.jwk()]) as server:
        yield server


def _principal(user: str, *, expires_in: float) -> Principal:
    return Principal(user, expires_at=datetime.now(UTC) + timedelta(seconds=expires_in))


def _jwk(key: SigningKey) -> jwt.PyJWK:
    return jwt.PyJWK({**key.jwk(), "alg": "EdDSA"})


async def test_a_token_rotated_out_of_the_key_set_is_refused_after_the_refetch(
    jwks: JwksServer, key: SigningKey
) -> None:
    verifier = jwks.verifier()
    token = sign(key)
    assert await verifier.verify(token) == Principal(user_id="alice")
    assert await verifier.verify(token) == Principal(user_id="alice")  # from the cache
    assert jwks.fetches == 1
    successor = SigningKey(ed25519.Ed25519PrivateKey.generate(), "EdDSA", "ed-next")
    jwks.keys[:] = [successor.jwk()]
    # A token of the new key makes the verifier refetch the set, which no longer has the old.
    assert await verifier.verify(sign(successor, sub="bob")) == Principal(user_id="bob")
    assert jwks.fetches == 2
    assert await rejection(verifier, token) == "invalid token: unknown signing key"


async def test_a_failed_token_is_judged_again(jwks: JwksServer, key: SigningKey) -> None:
    verifier = jwks.verifier()
    early = sign(key, nbf=int(time.time()) + 32)  # beyond the 30 s leeway
    assert await rejection(verifier, early) == "invalid token: token not yet valid"
    assert await rejection(verifier, early) == "invalid token: token not yet valid"


def test_an_entry_lasts_until_the_tokens_exp_and_not_beyond(key: SigningKey) -> None:
    cache = VerifiedTokens(8)
    cache.put("t", _principal("alice", expires_in=0.5), _jwk(key))
    entry = cache.get("t")
    assert entry is not None and entry.principal.user_id == "alice"
    time.sleep(0.6)  # deliberate: the entry's 0.5 s pass
    assert cache.get("t") is None


def test_a_token_past_its_exp_is_not_kept(key: SigningKey) -> None:
    cache = VerifiedTokens(8)
    cache.put("late", _principal("alice", expires_in=-5), _jwk(key))  # within pyjwt's leeway
    cache.put("never", Principal("alice", expires_at=None), _jwk(key))  # exp beyond year 9999
    assert cache.get("late") is None and cache.get("never") is None


def test_the_least_recently_used_entry_goes_first(key: SigningKey) -> None:
    cache = VerifiedTokens(2)
    for token in ("a", "b"):
        cache.put(token, _principal(token, expires_in=60), _jwk(key))
    assert cache.get("a") is not None  # now "b" is the least recently used
    cache.put("c", _principal("c", expires_in=60), _jwk(key))
    assert [cache.get(token) is not None for token in ("a", "b", "c")] == [True, False, True]
