"""Forged and broken bearer tokens against every surface of the running gateway.

tests/integration/test_auth.py proves the verifiers themselves; this file proves that the HTTP
surfaces use them the same way: REST, activity, notifications, chat, MCP, server-sent events
(header and `?access_token=`) and the WebSocket (query and header) each refuse every token
below with a JSON 401 and an RFC 6750 challenge, and accept a good one (so a refusal is never
an accident of the request). Then the same through a gateway in JWKS mode, with RS256 and EdDSA
keys published by a local JWKS server.
"""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from jwt.algorithms import OKPAlgorithm

from gateway.app import create_app
from gateway.settings import Settings
from tests.security.conftest import Signer
from tests.security.support import (
    Answer,
    b64url,
    claims_for,
    hmac_token,
    is_invalid_token_401,
    probe,
    probe_all,
    release_streams,
    unverified,
)
from tests.support.jwks import JwksServer, SigningKey
from tests.support.servers import serve_in_thread

# alg "none" signs with no key; PyJWT's types insist on one, so None is cast to pass them.
NO_KEY = cast("str", None)
VICTIM = "jwt-victim"
HOUR = 3600


def _public_key_forms(jwks: dict[str, Any]) -> dict[str, bytes]:
    """The published Ed25519 key in every form a confused verifier might use as HMAC secret."""
    (jwk,) = jwks["keys"]
    public = OKPAlgorithm.from_jwk(json.dumps(jwk))
    assert isinstance(public, ed25519.Ed25519PublicKey)  # a JWKS publishes public keys only
    return {
        "raw": public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
        "pem": public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        "jwk-json": json.dumps(jwk).encode(),
        "jwk-x": jwk["x"].encode(),
    }


def _swap_payload(token: str, claims: dict[str, Any]) -> str:
    header, _, signature = token.split(".")
    return f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"


def _retagged(token: str, alg: str) -> str:
    """The same signature under a header that names another (allowed) algorithm."""
    header, payload, signature = token.split(".")
    fields = json.loads(jwt.utils.base64url_decode(header)) | {"alg": alg}
    return f"{b64url(json.dumps(fields).encode())}.{payload}.{signature}"


@dataclass(frozen=True)
class Attack:
    """A forged token, the reason the gateway must give, and how a careless verifier reads it."""

    token: str
    reason: str | None
    lax_subject: str | None = None  # what a verifier skipping the attacked check would accept


def local_attacks(signer: Signer, jwks: dict[str, Any]) -> dict[str, Attack]:
    """Every attack on the embedded mode's tokens, built with the gateway's real key."""
    now = int(time.time())
    good = claims_for(VICTIM)
    stranger = ed25519.Ed25519PrivateKey.generate()
    stranger_jwk = OKPAlgorithm.to_jwk(stranger.public_key(), as_dict=True)
    attacks: dict[str, Attack] = {
        "alg none": Attack(
            jwt.encode(good, NO_KEY, algorithm="none", headers={"kid": signer.kid}),
            "algorithm not allowed",
            VICTIM,
        ),
        "expired": Attack(signer.token(VICTIM, iat=now - 2 * HOUR, exp=now - HOUR),
                          "token expired", VICTIM),
        "not yet valid (nbf)": Attack(signer.token(VICTIM, nbf=now + HOUR),
                                      "token not yet valid", VICTIM),
        "wrong issuer": Attack(signer.token(VICTIM, iss="https://evil.example"),
                               "wrong issuer", VICTIM),
        "wrong audience": Attack(signer.token(VICTIM, aud="another-api"),
                                 "wrong audience", VICTIM),
        "no audience": Attack(signer.token(VICTIM, aud=None), "missing claim 'aud'", VICTIM),
        "no expiry": Attack(signer.token(VICTIM, exp=None), "missing claim 'exp'", VICTIM),
        "no sub": Attack(signer.token(None), "missing claim 'sub'"),
        "non-string sub": Attack(signer.token(None, sub=42), "subject must be a string"),
        "unknown kid": Attack(signer.sign(good, headers={"kid": "no-such-key"}),
                              "unknown signing key", VICTIM),
        "no kid": Attack(jwt.encode(good, signer.private, algorithm="EdDSA"),
                         "no key id (kid) in header", VICTIM),
        "right kid, another Ed25519 key": Attack(signer.sign(good, key=stranger),
                                                 "bad signature", VICTIM),
        "attacker key embedded in header (jwk)": Attack(
            signer.sign(good, key=stranger, headers={"jwk": stranger_jwk}), "bad signature", VICTIM
        ),
        "attacker key by URL (jku)": Attack(
            signer.sign(good, key=stranger, headers={"jku": "http://127.0.0.1:9/jwks.json"}),
            "bad signature",
            VICTIM,
        ),
        "payload swapped under a real signature": Attack(
            _swap_payload(signer.token("jwt-someone-else"), good), "bad signature", VICTIM
        ),
        "real signature relabelled ES256": Attack(
            _retagged(signer.token(VICTIM), "ES256"), "algorithm not allowed", VICTIM
        ),
        "oversized garbage (12 KiB)": Attack(
            b64url(json.dumps({"alg": "EdDSA", "kid": signer.kid}).encode())
            + "."
            + "A" * 12_000
            + ".sig", "bad signature"
        ),
        "not a JWT at all": Attack("' OR '1'='1", "malformed token"),
    }  # fmt: skip
    for form, secret in _public_key_forms(jwks).items():
        header = {"alg": "HS256", "typ": "JWT", "kid": signer.kid}
        attacks[f"HS256 keyed with the public key ({form})"] = Attack(
            hmac_token(header, good, secret), "algorithm not allowed", VICTIM
        )
    return attacks


@pytest.fixture(scope="module")
def published_jwks(api_url: str) -> dict[str, Any]:
    """What the gateway publishes at /.well-known/jwks.json (all an attacker has)."""
    response = httpx.get(f"{api_url}/.well-known/jwks.json")
    assert response.status_code == 200
    jwks: dict[str, Any] = response.json()
    return jwks


@pytest.fixture(scope="module")
def attacks(signer: Signer, published_jwks: dict[str, Any]) -> dict[str, Attack]:
    return local_attacks(signer, published_jwks)


ATTACK_NAMES = (
    "alg none", "expired", "not yet valid (nbf)", "wrong issuer", "wrong audience",
    "no audience", "no expiry", "no sub", "non-string sub", "unknown kid", "no kid",
    "right kid, another Ed25519 key", "attacker key embedded in header (jwk)",
    "attacker key by URL (jku)", "payload swapped under a real signature",
    "real signature relabelled ES256", "oversized garbage (12 KiB)", "not a JWT at all",
    "HS256 keyed with the public key (raw)", "HS256 keyed with the public key (pem)",
    "HS256 keyed with the public key (jwk-json)", "HS256 keyed with the public key (jwk-x)",
)  # fmt: skip


def test_every_attack_is_run(attacks: dict[str, Attack]) -> None:
    assert set(attacks) == set(ATTACK_NAMES)


def assert_refused_everywhere(answers: list[Answer], token: str, reason: str | None) -> None:
    """Every HTTP surface: JSON 401 + invalid_token challenge; every WebSocket: not opened."""
    wrong = []
    for answer in answers:
        if answer.surface.startswith("ws"):
            ok = answer.status not in (101, 500) and answer.status < 500
        else:
            ok = is_invalid_token_401(answer, reason) and token not in json.dumps(answer.body)
        if not ok:
            wrong.append(answer.describe())
    assert not wrong, "\n".join(wrong)


async def test_a_good_token_opens_every_surface(api_url: str, signer: Signer) -> None:
    # The control: the same requests with a valid token succeed, so each refusal below is the
    # token's doing and not a broken request.
    token = signer.token(f"jwt-good-{uuid.uuid4().hex[:8]}")
    answers = await probe_all(api_url, token)
    await release_streams(api_url, token)
    expected = {"rest get": 404, "rest complete": 404, "rest delete": 404, "rest create": 201}
    wrong = [
        answer.describe()
        for answer in answers
        if answer.status != (101 if answer.surface.startswith("ws") else 200)
        and answer.status != expected.get(answer.surface)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", ATTACK_NAMES)
async def test_forged_token_is_refused_on_every_surface(
    api_url: str, attacks: dict[str, Attack], name: str
) -> None:
    attack = attacks[name]
    answers = await probe_all(api_url, attack.token)
    assert_refused_everywhere(answers, attack.token, attack.reason)


@pytest.mark.parametrize("name", ATTACK_NAMES)
def test_each_forgery_is_wrong_only_where_it_attacks(
    attacks: dict[str, Attack], published_jwks: dict[str, Any], name: str
) -> None:
    # A verifier that skipped the one check under attack would take the forgery for the victim:
    # so each test above really exercises that check, not some unrelated defect of the token.
    attack = attacks[name]
    if attack.lax_subject is None:
        return
    if name.startswith("HS256"):
        header, payload, _ = attack.token.split(".")
        secrets = _public_key_forms(published_jwks).values()
        forged = [
            hmac_token(
                json.loads(jwt.utils.base64url_decode(header)),
                json.loads(jwt.utils.base64url_decode(payload)),
                s,
            )
            for s in secrets
        ]
        assert attack.token in forged  # the published key material is the HMAC secret
    assert unverified(attack.token)["sub"] == attack.lax_subject


async def test_a_huge_token_is_refused_not_crashed(api_url: str) -> None:
    token = "e" * (200 * 1024)
    for surface in ("rest list", "mcp", "sse"):
        try:
            answer = await probe(api_url, surface, token)
        except httpx.HTTPError:
            continue  # the HTTP layer may drop a 200 KiB header line; it must not let it in
        assert answer.status in (400, 401, 413, 414, 431), answer.describe()


# -- subjects the local issuer would never write ---------------------------------------------


@pytest.mark.parametrize(
    "odd",
    [":x", "/../x", "%2F", "*", "<script>", "zoë", "@example.com", "'; --", "\\"],
)
async def test_printable_odd_subjects_are_separate_users(
    api_url: str, user_token: Callable[[str], str], odd: str
) -> None:
    # An identity provider may issue any string as `sub`; each must stay its own user, never a
    # pattern or a path that reaches someone else's rows.
    owner = f"jwt-odd-{uuid.uuid4().hex[:8]}"
    headers = {"Authorization": f"Bearer {user_token(owner)}"}
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        task = (await client.post("/api/tasks", json={"title": "owned"}, headers=headers)).json()
        for user in (owner + odd, odd + owner, odd):
            other = {"Authorization": f"Bearer {user_token(user)}"}
            listed = await client.get("/api/tasks", params={"status": "all"}, headers=other)
            assert listed.status_code == 200, (user, listed.text)
            assert task["id"] not in {item["id"] for item in listed.json()["items"]}
            got = await client.get(f"/api/tasks/{task['id']}", headers=other)
            assert got.status_code == 404, (user, got.text)


# Regression: a validly signed `sub` with NUL was a 500 on every route (PostgreSQL text cannot
# hold NUL); control/format characters, surrounding spaces or 1000 characters made look-alike
# identities. gateway/auth.py now refuses them as 'invalid token: invalid subject'.
@pytest.mark.parametrize(
    "subject",
    [
        pytest.param("jwt-nul\x00bob", id="NUL"),
        pytest.param("jwt-newline\nbob", id="newline"),
        pytest.param("jwt-escape\x1b[2Jbob", id="ESC"),
        pytest.param("jwt-bidi\u202ebob", id="RTL-override"),
        pytest.param(" jwt-padded ", id="surrounding-spaces"),
        pytest.param("j" * 1000, id="1000-chars"),
    ],
)
async def test_subjects_no_issuer_would_write_are_refused(
    api_url: str, user_token: Callable[[str], str], subject: str
) -> None:
    token = user_token(subject)
    answers = [await probe(api_url, surface, token) for surface in ("rest list", "rest create")]
    assert all(answer.status == 401 for answer in answers), [a.describe() for a in answers]


# Regression: /ws closed with code 4401 before accept(), which uvicorn turned into a bare 403
# with no body and no challenge; the refusal is now the app's JSON 401 (a WebSocket denial
# response), like every other surface.
@pytest.mark.parametrize("surface", ["ws ?access_token", "ws header"])
async def test_websocket_refusal_is_a_json_401_with_a_challenge(
    api_url: str, attacks: dict[str, Attack], surface: str
) -> None:
    answer = await probe(api_url, surface, attacks["expired"].token)
    assert is_invalid_token_401(answer, "token expired"), answer.describe()


# -- JWKS mode: tokens from an identity provider ---------------------------------------------

ISSUER = "https://idp.example.test"
# Every surface shares one verifier (the local-mode tests above prove each uses it); in JWKS
# mode one surface of each kind is enough to show the verifier in force is the JWKS one.
JWKS_SURFACES = ("rest create", "activity", "chat", "mcp", "sse ?access_token", "ws header")
AUDIENCE = "todo-api"


class IdpKey(SigningKey):
    """An identity provider's key as it publishes it (with `alg` and `use`), signing for users."""

    def jwk(self) -> dict[str, Any]:
        return {**super().jwk(), "alg": self.alg, "use": "sig"}

    def sign(self, user: str | None, *, key: Any = None, **overrides: Any) -> str:
        claims = claims_for(user, iss=ISSUER, aud=AUDIENCE) | overrides
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key or self.private, algorithm=self.alg,
                          headers={"kid": self.kid})  # fmt: skip


@pytest.fixture(scope="module")
def idp_keys() -> dict[str, IdpKey]:
    return {
        "RS256": IdpKey(rsa.generate_private_key(65537, 2048), "RS256", "rsa-1"),
        "EdDSA": IdpKey(ed25519.Ed25519PrivateKey.generate(), "EdDSA", "ed-1"),
    }


def _jwks_gateway(database_url: str, data_dir: Path, jwks_url: str) -> Iterator[str]:
    settings = Settings(
        data_dir=data_dir, database_url=database_url, auth_jwks_url=jwks_url,
        auth_issuer=ISSUER, auth_audience=AUDIENCE, event_transport="dapr",
    )  # fmt: skip
    with serve_in_thread(create_app(settings, database_url)) as url:
        yield url


@pytest.fixture(scope="module")
def jwks_gateway(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, idp_keys: dict[str, IdpKey]
) -> Iterator[str]:
    """A gateway that trusts only the keys of a (local) identity provider's JWKS."""
    with JwksServer([key.jwk() for key in idp_keys.values()]) as server:
        yield from _jwks_gateway(database_url, tmp_path_factory.mktemp("jwks-mode"), server.url)


@pytest.mark.parametrize("alg", ["RS256", "EdDSA"])
async def test_jwks_mode_accepts_the_idps_tokens_everywhere(
    jwks_gateway: str, idp_keys: dict[str, IdpKey], alg: str
) -> None:
    token = idp_keys[alg].sign(f"idp-{uuid.uuid4().hex[:8]}")
    answers = await probe_all(jwks_gateway, token)
    await release_streams(jwks_gateway, token)
    expected = {"rest get": 404, "rest complete": 404, "rest delete": 404, "rest create": 201}
    wrong = [
        answer.describe()
        for answer in answers
        if answer.status != expected.get(answer.surface, 101 if "ws" in answer.surface else 200)
    ]
    assert not wrong, "\n".join(wrong)


def jwks_attacks(keys: dict[str, IdpKey], local: str) -> dict[str, tuple[str, str | None]]:
    rsa_key, ed_key = keys["RS256"], keys["EdDSA"]
    now = int(time.time())
    good = claims_for("idp-victim", iss=ISSUER, aud=AUDIENCE)
    rsa_pem = rsa_key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": rsa_key.kid}
    attacker = rsa.generate_private_key(65537, 2048)
    return {
        "HS256 keyed with the RSA public key (PEM)": (hmac_token(header, good, rsa_pem),
                                                      "algorithm not allowed"),
        "HS256 keyed with the RSA JWK": (
            hmac_token(header, good, json.dumps(rsa_key.jwk()).encode()), "algorithm not allowed"
        ),
        "alg none": (jwt.encode(good, NO_KEY, algorithm="none", headers={"kid": rsa_key.kid}),
                     "algorithm not allowed"),
        "wrong issuer": (rsa_key.sign("idp-victim", iss="https://evil.example"), "wrong issuer"),
        "wrong audience": (ed_key.sign("idp-victim", aud="todo"), "wrong audience"),
        "no issuer": (rsa_key.sign("idp-victim", iss=None), "missing claim 'iss'"),
        "expired": (ed_key.sign("idp-victim", exp=now - HOUR), "token expired"),
        "RS256 under the EdDSA key's kid": (
            jwt.encode(good, rsa_key.private, algorithm="RS256", headers={"kid": ed_key.kid}),
            "algorithm not allowed",
        ),
        "attacker RSA key under the real kid": (rsa_key.sign("idp-victim", key=attacker),
                                                "bad signature"),
        "unknown kid": (
            jwt.encode(good, attacker, algorithm="RS256", headers={"kid": "attacker-1"}),
            "unknown signing key",
        ),
        "a local `todo token` token": (local, "unknown signing key"),
    }  # fmt: skip


JWKS_ATTACK_NAMES = (
    "HS256 keyed with the RSA public key (PEM)", "HS256 keyed with the RSA JWK", "alg none",
    "wrong issuer", "wrong audience", "no issuer", "expired", "RS256 under the EdDSA key's kid",
    "attacker RSA key under the real kid", "unknown kid", "a local `todo token` token",
)  # fmt: skip


@pytest.fixture(scope="module")
def idp_attacks(idp_keys: dict[str, IdpKey], signer: Signer) -> dict[str, tuple[str, str | None]]:
    attacks = jwks_attacks(idp_keys, signer.token("idp-victim"))
    assert set(attacks) == set(JWKS_ATTACK_NAMES)
    return attacks


@pytest.mark.parametrize("name", JWKS_ATTACK_NAMES)
async def test_jwks_mode_refuses_forgeries_everywhere(
    jwks_gateway: str, idp_attacks: dict[str, tuple[str, str | None]], name: str
) -> None:
    token, reason = idp_attacks[name]
    answers = await probe_all(jwks_gateway, token, JWKS_SURFACES)
    assert_refused_everywhere(answers, token, reason)


async def test_jwks_mode_publishes_no_key_of_its_own(jwks_gateway: str) -> None:
    async with httpx.AsyncClient(base_url=jwks_gateway) as client:
        response = await client.get("/.well-known/jwks.json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def gateway_without_idp(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """JWKS mode whose identity provider cannot be reached."""
    url = f"http://127.0.0.1:{_closed_port()}/jwks.json"
    yield from _jwks_gateway(database_url, tmp_path_factory.mktemp("idp-down"), url)


async def test_unreachable_idp_is_503_everywhere(
    gateway_without_idp: str, idp_keys: dict[str, IdpKey]
) -> None:
    # Keys that cannot be fetched mean no token can be judged: a 503 to retry, never a pass.
    answers = await probe_all(gateway_without_idp, idp_keys["RS256"].sign("idp-victim"))
    wrong = [
        answer.describe()
        for answer in answers
        if answer.status != 503
        or not isinstance(answer.body, dict)
        or answer.body.get("error", {}).get("code") != "auth_unavailable"
    ]
    assert not wrong, "\n".join(wrong)
