"""A fake identity provider: signing keys, tokens, and one JWKS endpoint on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import jwt
import pytest
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from gateway.auth import JwksTokenVerifier, Unauthorized

ISSUER = "https://auth.example.test"
AUDIENCE = "todo-api"


@dataclass(frozen=True)
class SigningKey:
    """An identity provider's private key, the algorithm it signs with and its key id."""

    private: Any
    alg: str
    kid: str

    def jwk(self) -> dict[str, Any]:
        """The public half as it appears in a JWKS."""
        algorithms: dict[str, Any] = {
            "EdDSA": OKPAlgorithm,
            "RS256": RSAAlgorithm,
            "ES256": ECAlgorithm,
        }
        to_jwk = algorithms[self.alg]
        return {**to_jwk.to_jwk(self.private.public_key(), as_dict=True), "kid": self.kid}


def sign(key: SigningKey, alg: str | None = None, **overrides: Any) -> str:
    """A token with good claims unless overridden; an override of None drops the claim."""
    now = int(time.time())
    claims = {"sub": "alice", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 300}
    claims.update(overrides)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key.private, algorithm=alg or key.alg, headers={"kid": key.kid})


async def rejection(verifier: Any, token: str) -> str:
    """The message of the Unauthorized a token gets; fails the test if it is accepted."""
    with pytest.raises(Unauthorized) as caught:
        await verifier.verify(token)
    assert caught.value.status == 401
    assert caught.value.headers == {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    assert not token or token not in caught.value.message  # never echo the token back
    return caught.value.message


class JwksServer:
    """A JWKS endpoint on 127.0.0.1, as an identity provider publishes one; it counts fetches.

    Use as a context manager (serving inside the block). `keys` may be changed in place (a
    rotation); `broken_body` and `status` make it misbehave."""

    def __init__(self, keys: list[dict[str, Any]]) -> None:
        self.keys = keys
        self.fetches = 0
        self.broken_body: bytes | None = None  # serve this instead of the key set
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.fetches += 1
                body = outer.broken_body or json.dumps({"keys": outer.keys}).encode()
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/jwks.json"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> JwksServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def verifier(self, **kwargs: Any) -> JwksTokenVerifier:
        """A verifier of this provider's tokens (ISSUER, AUDIENCE), refetching at once."""
        kwargs = {"issuer": ISSUER, "audience": AUDIENCE, "refresh_cooldown": 0, **kwargs}
        return JwksTokenVerifier(self.url, **kwargs)
