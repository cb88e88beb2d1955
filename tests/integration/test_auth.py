"""Bearer-JWT auth against a real JWKS server, a real key file and a real HTTP app."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from jwt.utils import base64url_encode

from gateway.auth import (
    AuthUnavailable,
    CurrentUser,
    JwksTokenVerifier,
    LocalSigningKey,
    Principal,
    build_verifier,
)
from gateway.errors import ApiError, error_body
from gateway.local_key import jwk_thumbprint
from gateway.settings import Settings
from tests.support.jwks import AUDIENCE, ISSUER, JwksServer, SigningKey, rejection, sign
from tests.support.servers import serve_in_thread

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ed_key() -> SigningKey:
    return SigningKey(ed25519.Ed25519PrivateKey.generate(), "EdDSA", "ed-1")


@pytest.fixture(scope="module")
def rsa_key() -> SigningKey:
    return SigningKey(rsa.generate_private_key(65537, 2048), "RS256", "rsa-1")


@pytest.fixture(scope="module")
def ec_key() -> SigningKey:
    return SigningKey(ec.generate_private_key(ec.SECP256R1()), "ES256", "ec-1")


@pytest.fixture
def jwks(ed_key: SigningKey, rsa_key: SigningKey, ec_key: SigningKey) -> Iterator[JwksServer]:
    with JwksServer([ed_key.jwk(), rsa_key.jwk(), ec_key.jwk()]) as server:
        yield server


def closed_port_url() -> str:
    """A URL on which nothing listens: the connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/jwks.json"


# JWKS mode


@pytest.mark.parametrize("alg", ["EdDSA", "RS256", "ES256"])
async def test_valid_token_of_each_allowed_algorithm_names_its_subject(
    jwks: JwksServer, ed_key: SigningKey, rsa_key: SigningKey, ec_key: SigningKey, alg: str
) -> None:
    key = {"EdDSA": ed_key, "RS256": rsa_key, "ES256": ec_key}[alg]
    principal = await jwks.verifier().verify(sign(key, sub="user-42"))
    assert principal == Principal(user_id="user-42")


async def test_key_set_is_cached_between_tokens(jwks: JwksServer, ed_key: SigningKey) -> None:
    verifier = jwks.verifier()
    for _ in range(3):
        await verifier.verify(sign(ed_key))
    assert jwks.fetches == 1


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"iss": "https://evil.example"}, "wrong issuer"),
        ({"aud": "another-api"}, "wrong audience"),
        ({"exp": -120}, "token expired"),
        ({"exp": None}, "missing claim 'exp'"),
        ({"sub": None}, "missing claim 'sub'"),
        ({"sub": ""}, "empty subject"),
        ({"sub": 42}, "subject must be a string"),
        ({"iss": None}, "missing claim 'iss'"),
        ({"aud": None}, "missing claim 'aud'"),
        ({"nbf": 600}, "token not yet valid"),
        ({"iat": 600}, "token not yet valid"),
    ],
)
async def test_bad_claims_are_rejected_with_the_reason(
    jwks: JwksServer, ed_key: SigningKey, overrides: dict[str, Any], reason: str
) -> None:
    # Times are given relative to now and made absolute when the test runs: computed at
    # collection, "+600 s" had passed by the time a long suite reached this test.
    claims = {
        name: int(time.time()) + value
        if name in ("exp", "nbf", "iat") and value is not None
        else value
        for name, value in overrides.items()
    }
    assert await rejection(jwks.verifier(), sign(ed_key, **claims)) == f"invalid token: {reason}"


async def test_clock_skew_within_leeway_is_tolerated(jwks: JwksServer, ed_key: SigningKey) -> None:
    now = int(time.time())
    token = sign(ed_key, exp=now - 10, nbf=now + 10, iat=now + 10)
    assert await jwks.verifier().verify(token) == Principal(user_id="alice")


async def test_issuer_and_audience_are_not_checked_when_unset(
    jwks: JwksServer, ed_key: SigningKey
) -> None:
    verifier = jwks.verifier(issuer=None, audience=None)
    token = sign(ed_key, iss="https://anyone.example", aud="anything")
    assert await verifier.verify(token) == Principal(user_id="alice")


async def test_unsigned_alg_none_token_is_rejected(jwks: JwksServer, ed_key: SigningKey) -> None:
    now = int(time.time())
    claims = {"sub": "alice", "iss": ISSUER, "aud": AUDIENCE, "exp": now + 300}
    # alg "none" signs with no key; PyJWT's types insist on one, so None is cast to pass them.
    token = jwt.encode(claims, cast("str", None), algorithm="none", headers={"kid": ed_key.kid})
    assert await rejection(jwks.verifier(), token) == "invalid token: algorithm not allowed"


async def test_hs256_signed_with_the_rsa_public_key_is_rejected(
    jwks: JwksServer, rsa_key: SigningKey
) -> None:
    # Key confusion: a verifier that let the token pick HS256 would check this HMAC with the
    # published public key as the secret, and accept it.
    public_pem = rsa_key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": rsa_key.kid}
    claims = {"sub": "mallory", "iss": ISSUER, "aud": AUDIENCE, "exp": int(time.time()) + 300}
    signing_input = b".".join(
        base64url_encode(json.dumps(part).encode()) for part in (header, claims)
    )
    mac = hmac.new(public_pem, signing_input, hashlib.sha256).digest()
    token = (signing_input + b"." + base64url_encode(mac)).decode()
    assert await rejection(jwks.verifier(), token) == "invalid token: algorithm not allowed"


async def test_allowed_algorithm_that_does_not_match_the_key_is_rejected(
    jwks: JwksServer, rsa_key: SigningKey
) -> None:
    token = sign(rsa_key, alg="RS512")
    assert await rejection(jwks.verifier(), token) == "invalid token: algorithm not allowed"


async def test_unknown_kid_is_rejected_after_one_refetch(jwks: JwksServer) -> None:
    stranger = SigningKey(ed25519.Ed25519PrivateKey.generate(), "EdDSA", "stranger")
    message = await rejection(jwks.verifier(), sign(stranger))
    assert message == "invalid token: unknown signing key"
    assert jwks.fetches == 2


async def test_known_kid_signed_by_another_key_is_rejected(
    jwks: JwksServer, ed_key: SigningKey
) -> None:
    impostor = SigningKey(ed25519.Ed25519PrivateKey.generate(), "EdDSA", ed_key.kid)
    assert await rejection(jwks.verifier(), sign(impostor)) == "invalid token: bad signature"


async def test_rotated_in_key_is_picked_up_after_the_set_was_cached(
    jwks: JwksServer, ed_key: SigningKey
) -> None:
    verifier = jwks.verifier()
    await verifier.verify(sign(ed_key))
    rotated = SigningKey(ed25519.Ed25519PrivateKey.generate(), "EdDSA", "ed-2")
    jwks.keys.append(rotated.jwk())

    assert await verifier.verify(sign(rotated, sub="bob")) == Principal(user_id="bob")
    assert await verifier.verify(sign(ed_key)) == Principal(user_id="alice")
    assert jwks.fetches == 2


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "", "eyJhbGciOiJFZERTQSJ9.e30."])
async def test_garbage_token_is_rejected(jwks: JwksServer, token: str) -> None:
    assert await rejection(jwks.verifier(), token) in {
        "invalid token: malformed token",
        "invalid token: no key id (kid) in header",
    }


async def test_unreachable_jwks_is_auth_unavailable(ed_key: SigningKey) -> None:
    verifier = JwksTokenVerifier(closed_port_url(), issuer=ISSUER, audience=AUDIENCE)
    with pytest.raises(AuthUnavailable) as caught:
        await verifier.verify(sign(ed_key))
    assert (caught.value.status, caught.value.code) == (503, "auth_unavailable")


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, b'{"error": "boom"}'), (200, b"<html>not json</html>"), (200, b'{"keys": []}')],
)
async def test_broken_jwks_endpoint_is_auth_unavailable(
    jwks: JwksServer, ed_key: SigningKey, status: int, body: bytes
) -> None:
    jwks.status, jwks.broken_body = status, body
    with pytest.raises(AuthUnavailable):
        await jwks.verifier().verify(sign(ed_key))


async def test_build_verifier_uses_jwks_when_configured(
    jwks: JwksServer, rsa_key: SigningKey, tmp_path: Path
) -> None:
    settings = Settings(
        auth_jwks_url=jwks.url, auth_issuer=ISSUER, auth_audience=AUDIENCE, data_dir=tmp_path
    )
    assert await build_verifier(settings).verify(sign(rsa_key)) == Principal(user_id="alice")
    assert not (tmp_path / "auth").exists()


# Local mode


async def test_local_key_is_reused_across_instances(tmp_path: Path) -> None:
    first = LocalSigningKey.load_or_create(tmp_path)
    second = LocalSigningKey.load_or_create(tmp_path)
    token = first.issue_token("alice@example.com")
    assert await second.verifier().verify(token) == Principal(user_id="alice@example.com")
    assert first.jwks() == second.jwks()


def test_local_key_file_is_private(tmp_path: Path) -> None:
    LocalSigningKey.load_or_create(tmp_path / "nested" / "data")
    path = tmp_path / "nested" / "data" / "auth" / "signing-key.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")


def test_processes_starting_together_share_one_key(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from gateway.auth import LocalSigningKey;"
        "print(LocalSigningKey.load_or_create(Path(sys.argv[1])).kid)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE
        )
        for _ in range(6)
    ]
    kids = {proc.communicate(timeout=60)[0].strip() for proc in procs}
    assert all(proc.returncode == 0 for proc in procs)
    assert len(kids) == 1
    assert kids == {LocalSigningKey.load_or_create(tmp_path).kid.encode()}
    assert [p.name for p in (tmp_path / "auth").iterdir()] == ["signing-key.pem"]


async def test_token_from_another_data_dirs_key_is_rejected(tmp_path: Path) -> None:
    ours = LocalSigningKey.load_or_create(tmp_path / "ours")
    theirs = LocalSigningKey.load_or_create(tmp_path / "theirs")
    message = await rejection(ours.verifier(), theirs.issue_token("alice"))
    assert message == "invalid token: unknown signing key"


async def test_local_token_claims(tmp_path: Path) -> None:
    key = LocalSigningKey.load_or_create(tmp_path)
    token = key.issue_token("a.b_c-d", ttl=timedelta(hours=1))
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(
        token, jwt.PyJWK(key.jwks()["keys"][0]), algorithms=["EdDSA"], audience="todo"
    )
    assert (header["alg"], header["kid"]) == ("EdDSA", key.kid)
    assert (claims["sub"], claims["iss"], claims["aud"]) == ("a.b_c-d", "todo-local", "todo")
    assert claims["exp"] - claims["iat"] == 3600
    assert abs(claims["iat"] - datetime.now(UTC).timestamp()) < 5


async def test_local_verifier_checks_audience_and_issuer(tmp_path: Path) -> None:
    key = LocalSigningKey.load_or_create(tmp_path)
    private = serialization.load_pem_private_key(
        (tmp_path / "auth" / "signing-key.pem").read_bytes(), password=None
    )
    signer = SigningKey(private, "EdDSA", key.kid)
    wrong_aud = sign(signer, iss="todo-local", aud="other")
    wrong_iss = sign(signer, iss="elsewhere", aud="todo")
    assert await rejection(key.verifier(), wrong_aud) == "invalid token: wrong audience"
    assert await rejection(key.verifier(), wrong_iss) == "invalid token: wrong issuer"


@pytest.mark.parametrize(
    "user", ["", "x" * 65, "bob smith", "../etc", "bob\n", "zoë", "a:b", "a/b", "<script>"]
)
def test_invalid_user_names_are_refused(tmp_path: Path, user: str) -> None:
    key = LocalSigningKey.load_or_create(tmp_path)
    with pytest.raises(ValueError, match="invalid user name"):
        key.issue_token(user)


def test_longest_valid_user_name_is_accepted(tmp_path: Path) -> None:
    assert LocalSigningKey.load_or_create(tmp_path).issue_token("x" * 64).count(".") == 2


def test_jwks_publishes_the_public_key_under_its_thumbprint(tmp_path: Path) -> None:
    key = LocalSigningKey.load_or_create(tmp_path)
    (jwk,) = key.jwks()["keys"]
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]})
    expected = base64url_encode(hashlib.sha256(canonical.replace(" ", "").encode()).digest())
    assert jwk["kid"] == key.kid == expected.decode()
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"]) == ("OKP", "Ed25519", "EdDSA", "sig")
    assert "d" not in jwk


def test_thumbprint_matches_rfc_8037_example() -> None:
    # RFC 8037 appendix A.3.
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    assert jwk_thumbprint(jwk) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


async def test_build_verifier_defaults_to_the_local_key(tmp_path: Path) -> None:
    verifier = build_verifier(Settings(data_dir=tmp_path, auth_jwks_url=None))
    token = LocalSigningKey.load_or_create(tmp_path).issue_token("carol")
    assert await verifier.verify(token) == Principal(user_id="carol")


# The dependency, through a real HTTP server


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, str]]:
    app = FastAPI()

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        body = error_body(exc.code, exc.message)
        return JSONResponse(body, status_code=exc.status, headers=exc.headers)

    @app.get("/me")
    async def me(user: CurrentUser) -> dict[str, str]:
        return {"user_id": user.user_id}

    with serve_in_thread(app, lifespan="off") as url:
        yield app, url


@pytest.fixture
def local_key(tmp_path: Path) -> LocalSigningKey:
    return LocalSigningKey.load_or_create(tmp_path)


async def get_me(base_url: str, headers: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base_url) as client:
        return await client.get("/me", headers=headers)


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
async def test_good_token_yields_the_user(
    api: tuple[FastAPI, str], local_key: LocalSigningKey, scheme: str
) -> None:
    app, base_url = api
    app.state.verifier = local_key.verifier()
    response = await get_me(base_url, {"Authorization": f"{scheme} {local_key.issue_token('dan')}"})
    assert response.status_code == 200
    assert response.json() == {"user_id": "dan"}


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "missing bearer token"),
        ({"Authorization": "Bearer"}, "missing bearer token"),
        ({"Authorization": "Basic YWxpY2U6c2VjcmV0"}, "authorization scheme must be Bearer"),
    ],
)
async def test_missing_or_non_bearer_credentials_get_a_plain_challenge(
    api: tuple[FastAPI, str],
    local_key: LocalSigningKey,
    headers: dict[str, str],
    message: str,
) -> None:
    app, base_url = api
    app.state.verifier = local_key.verifier()
    response = await get_me(base_url, headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"error": {"code": "unauthorized", "message": message}}


async def test_invalid_token_gets_an_invalid_token_challenge(
    api: tuple[FastAPI, str], local_key: LocalSigningKey, tmp_path: Path
) -> None:
    app, base_url = api
    app.state.verifier = local_key.verifier()
    foreign = LocalSigningKey.load_or_create(tmp_path / "other").issue_token("eve")
    response = await get_me(base_url, {"Authorization": f"Bearer {foreign}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert response.json()["error"]["message"] == "invalid token: unknown signing key"
    assert foreign not in response.text


async def test_unreachable_jwks_answers_503(api: tuple[FastAPI, str], ed_key: SigningKey) -> None:
    app, base_url = api
    app.state.verifier = JwksTokenVerifier(closed_port_url(), issuer=ISSUER, audience=AUDIENCE)
    response = await get_me(base_url, {"Authorization": f"Bearer {sign(ed_key)}"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "auth_unavailable"
