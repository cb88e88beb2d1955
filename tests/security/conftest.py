"""Fixtures of the security suite: the session gateway's own signing key, to forge with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.auth import LocalSigningKey
from gateway.local_key import load_or_create_private_key
from tests.security.support import claims_for


@dataclass(frozen=True)
class Signer:
    """The gateway's real Ed25519 key: tokens it signs differ from good ones only as asked."""

    private: Ed25519PrivateKey
    kid: str

    def sign(
        self,
        claims: dict[str, Any],
        *,
        key: Any = None,
        alg: str = "EdDSA",
        headers: dict[str, Any] | None = None,
    ) -> str:
        """`claims` signed (by `key`, default the real one) with `kid` unless headers say."""
        return jwt.encode(
            claims, key or self.private, algorithm=alg, headers={"kid": self.kid, **(headers or {})}
        )

    def token(self, user: str | None, **overrides: Any) -> str:
        """A token for `user` with good local claims except `overrides`."""
        return self.sign(claims_for(user, **overrides))


@pytest.fixture(scope="session")
def signer(data_dir: Path, api_url: str) -> Signer:
    """Signs with the key the session's gateway verifies against."""
    kid = LocalSigningKey.load_or_create(data_dir).kid
    return Signer(load_or_create_private_key(data_dir), kid)


@pytest.fixture
def user_token(signer: Signer) -> Callable[[str], str]:
    """A valid token for any subject, also ones `todo token` would refuse to issue."""
    return lambda user: signer.token(user)
