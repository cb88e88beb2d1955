"""Bearer-JWT authentication: who is calling, proved by a signed token.

Keys come from one of two places: a JWKS URL (in the cluster, tokens issued by Better Auth) or,
embedded, a local Ed25519 key in the data folder that also issues the tokens. Both verify the
same way: the algorithm is checked against a fixed allow-list before any key is looked up, the
key is picked by `kid`, and pyjwt checks the signature and the claims.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Protocol

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jwt.exceptions import InvalidSubjectError

from gateway.errors import ApiError
from gateway.local_key import jwk_thumbprint, load_or_create_private_key, public_jwk
from gateway.settings import Settings

# Asymmetric only: with HS* allowed, a published public key would double as an HMAC secret.
ALLOWED_ALGORITHMS = ("EdDSA", "RS256", "ES256")
LEEWAY = timedelta(seconds=30)
LOCAL_ISSUER = "todo-local"
LOCAL_AUDIENCE = "todo"
_USER_NAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
# Tokens verified recently, so a client's every request does not pay an Ed25519 (or RSA)
# verification again: a few thousand clients' worth, least recently used dropped first.
VERIFIED_TOKENS = 4096

# Reasons are ours, not pyjwt's messages: some of those quote parts of the token.
_REASONS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "token expired"),
    (jwt.ImmatureSignatureError, "token not yet valid"),
    (jwt.InvalidAudienceError, "wrong audience"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.InvalidAlgorithmError, "algorithm not allowed"),
    (jwt.InvalidSignatureError, "bad signature"),
    (InvalidSubjectError, "subject must be a string"),
    (jwt.DecodeError, "malformed token"),  # after InvalidSignatureError, its subclass
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    user_id: str
    # When the credential stops being valid (the JWT's exp): live-update streams end there.
    # Not part of who the caller is, so not of equality.
    expires_at: datetime | None = field(default=None, compare=False)


class Unauthorized(ApiError):
    """The request carries no valid bearer token."""

    status = 401
    code = "unauthorized"

    def __init__(
        self, message: str, *, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        default = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        super().__init__(message, headers=headers or default, **extra)


class AuthUnavailable(ApiError):
    """The signing keys cannot be fetched, so no token can be judged either way."""

    status = 503
    code = "auth_unavailable"


class TokenVerifier(Protocol):
    async def verify(self, token: str) -> Principal:
        """The caller a valid token names; raises Unauthorized or AuthUnavailable."""
        ...


class JwksTokenVerifier:
    """Verifies tokens against the keys published at a JWKS URL."""

    def __init__(
        self,
        jwks_url: str,
        *,
        issuer: str | None,
        audience: str | None,
        fetch_timeout: float = 5.0,
        refresh_cooldown: float = 30.0,
    ) -> None:
        self._issuer = issuer or None
        self._audience = audience or None
        # The client caches the set and refetches on an unknown kid at most once per cooldown,
        # so a stream of made-up kids cannot turn into a stream of requests to the issuer.
        self._client = _JwksClient(
            jwks_url,
            timeout=fetch_timeout,
            cooldown_duration=refresh_cooldown,
            # Some fronting proxies reject urllib's default User-Agent outright.
            headers={"User-Agent": "todo-gateway"},
        )
        self._verified = VerifiedTokens(VERIFIED_TOKENS)

    async def verify(self, token: str) -> Principal:
        """The caller a valid token names; raises Unauthorized or AuthUnavailable."""
        known = self._verified.get(token)
        # Trusted again only while the key that verified it is in the key set as last fetched
        # (and not yet due for a refetch): a key rotated out stops its tokens as before.
        if known is not None and self._still_published(known.key):
            return known.principal
        kid = _allowed_kid(token)
        # PyJWKClient fetches with blocking urllib; keep it off the event loop.
        key = await asyncio.to_thread(self._signing_key, kid)
        principal = _principal(token, key, issuer=self._issuer, audience=self._audience)
        self._verified.put(token, principal, key)
        return principal

    def _still_published(self, key: jwt.PyJWK) -> bool:
        cache = self._client.jwk_set_cache
        current = cache.get() if cache is not None else None
        return current is not None and any(published is key for published in current.keys)

    def _signing_key(self, kid: str) -> jwt.PyJWK:
        try:
            return self._client.get_signing_key(kid)
        except _KeySetUnavailable as exc:
            log.warning("cannot get signing keys from %s: %s", self._client.uri, exc.__cause__)
            raise AuthUnavailable("cannot fetch the token signing keys; try again shortly") from exc
        except jwt.PyJWKClientError:
            raise _invalid("unknown signing key") from None


class LocalSigningKey:
    """The embedded mode's own Ed25519 key: it issues tokens and verifies them."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private_key = private_key
        jwk = public_jwk(private_key.public_key())
        self.kid = jwk_thumbprint(jwk)
        self._jwk = {**jwk, "kid": self.kid, "alg": "EdDSA", "use": "sig"}

    @classmethod
    def load_or_create(cls, data_dir: Path) -> LocalSigningKey:
        """The key in `<data_dir>/auth/signing-key.pem`, created (mode 0600) on first use."""
        return cls(load_or_create_private_key(data_dir))

    def issue_token(self, user: str, *, ttl: timedelta = timedelta(days=30)) -> str:
        """A signed EdDSA token naming `user`, valid for `ttl`."""
        if not isinstance(user, str) or not _USER_NAME.fullmatch(user):
            raise ValueError(
                f"invalid user name {user!r}: use 1 to 64 letters, digits, '.', '_', '@' or '-'"
            )
        if ttl <= timedelta(0):
            raise ValueError("token ttl must be positive")
        now = datetime.now(UTC)
        claims = {
            "sub": user,
            "iss": LOCAL_ISSUER,
            "aud": LOCAL_AUDIENCE,
            "iat": now,
            "exp": now + ttl,
        }
        return jwt.encode(claims, self._private_key, algorithm="EdDSA", headers={"kid": self.kid})

    def verifier(self) -> TokenVerifier:
        """A verifier that accepts this key's tokens, with no HTTP involved."""
        return _StaticKeyVerifier(
            jwt.PyJWK(self._jwk), issuer=LOCAL_ISSUER, audience=LOCAL_AUDIENCE
        )

    def jwks(self) -> dict[str, Any]:
        """The public JWK set, as served at `/.well-known/jwks.json`."""
        return {"keys": [dict(self._jwk)]}


def build_verifier(settings: Settings) -> TokenVerifier:
    """JWKS verification when AUTH_JWKS_URL is set, otherwise the data folder's local key."""
    if settings.auth_jwks_url:
        return JwksTokenVerifier(
            settings.auth_jwks_url, issuer=settings.auth_issuer, audience=settings.auth_audience
        )
    return LocalSigningKey.load_or_create(settings.data_dir).verifier()


# Where a request's verified principal is kept (its ASGI scope state) once checked.
VERIFIED = "verified_principal"

_BEARER = HTTPBearer(
    auto_error=False, description="a JWT from AUTH_JWKS_URL's issuer or `todo token`"
)


async def current_user(
    request: Request,
    _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)] = None,
) -> Principal:
    """FastAPI dependency: the caller named by the request's bearer token."""
    verified = request.scope.get("state", {}).get(VERIFIED)
    if isinstance(verified, Principal):
        return verified  # this request's token, already verified by the rate limiter
    # `_declared` only puts the bearer scheme into the OpenAPI document; the header is read
    # below, so that every failure gets this API's own error body and challenge.
    # RFC 6750 §3.1: no error code when the client sent no (bearer) credentials at all.
    challenge = {"WWW-Authenticate": "Bearer"}
    header = request.headers.get("authorization")
    if not header:
        raise Unauthorized("missing bearer token", headers=challenge)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        raise Unauthorized("authorization scheme must be Bearer", headers=challenge)
    if not token.strip():
        raise Unauthorized("missing bearer token", headers=challenge)
    verifier: TokenVerifier = request.app.state.verifier
    return await verifier.verify(token.strip())


CurrentUser = Annotated[Principal, Depends(current_user)]


class _StaticKeyVerifier:
    """Verifies tokens against one known public key."""

    def __init__(self, key: jwt.PyJWK, *, issuer: str, audience: str) -> None:
        self._key = key
        self._issuer = issuer
        self._audience = audience
        self._verified = VerifiedTokens(VERIFIED_TOKENS)  # the key never changes: until exp

    async def verify(self, token: str) -> Principal:
        """The caller a valid token names; raises Unauthorized."""
        known = self._verified.get(token)
        if known is not None:
            return known.principal
        if _allowed_kid(token) != self._key.key_id:
            raise _invalid("unknown signing key")
        principal = _principal(token, self._key, issuer=self._issuer, audience=self._audience)
        self._verified.put(token, principal, self._key)
        return principal


@dataclass(frozen=True)
class _Verified:
    principal: Principal
    key: jwt.PyJWK  # the key that verified it
    until: float  # time.time() at the token's exp


class VerifiedTokens:
    """Tokens that passed verification, each until its exp and never beyond (a bounded LRU).

    Only successes are kept: a token that failed is judged again each time. A token past its
    exp is verified again, so pyjwt's leeway and error still apply to it as before.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[str, _Verified] = OrderedDict()

    def get(self, token: str) -> _Verified | None:
        """The verification of `token` if it is still within its exp."""
        entry = self._entries.get(token)
        if entry is None:
            return None
        if time.time() >= entry.until:
            del self._entries[token]
            return None
        self._entries.move_to_end(token)
        return entry

    def put(self, token: str, principal: Principal, key: jwt.PyJWK) -> None:
        """Remember that `token` verified with `key` as `principal`, until its exp."""
        if principal.expires_at is None:  # an exp beyond datetime's range: not worth keeping
            return
        until = principal.expires_at.timestamp()
        if time.time() >= until:  # accepted within the leeway only: judge it again next time
            return
        self._entries[token] = _Verified(principal, key, until)
        self._entries.move_to_end(token)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)


class _KeySetUnavailable(Exception):
    """The JWKS could not be fetched or parsed (as opposed to: it lacks the wanted kid)."""


class _JwksClient(jwt.PyJWKClient):
    # PyJWKClient raises PyJWKClientError both for "no such kid" (the token's fault, 401) and
    # for a fetch or parse failure (ours, 503); every fetch goes through here, so tag those.
    def get_signing_keys(self, refresh: bool = False) -> list[jwt.PyJWK]:
        try:
            return super().get_signing_keys(refresh)
        except (jwt.PyJWTError, ValueError) as exc:  # ValueError: the body was not JSON
            raise _KeySetUnavailable() from exc


def _invalid(reason: str) -> Unauthorized:
    return Unauthorized(f"invalid token: {reason}")


def _allowed_kid(token: str) -> str:
    """The kid of a token whose header names an allowed algorithm, before any key lookup."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise _invalid("malformed token") from None
    if header.get("alg") not in ALLOWED_ALGORITHMS:
        raise _invalid("algorithm not allowed")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _invalid("no key id (kid) in header")
    return kid


def _principal(
    token: str, key: jwt.PyJWK, *, issuer: str | None, audience: str | None
) -> Principal:
    required = ["exp", "sub", *(["iss"] if issuer else []), *(["aud"] if audience else [])]
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=list(ALLOWED_ALGORITHMS),
            issuer=issuer,
            audience=audience,
            leeway=LEEWAY,
            # Without an expected audience pyjwt would reject every token that has one.
            options={"require": required, "verify_aud": audience is not None},
        )
    except jwt.MissingRequiredClaimError as exc:
        raise _invalid(f"missing claim '{exc.claim}'") from None
    except jwt.PyJWTError as exc:
        reason = next((text for kind, text in _REASONS if isinstance(exc, kind)), "rejected")
        raise _invalid(reason) from None
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject.strip():
        raise _invalid("empty subject")
    # The subject becomes the owner of rows: no control or format characters (NUL cannot even
    # be stored), no look-alikes made of surrounding spaces, nothing unreasonably long.
    if (
        subject != subject.strip()
        or len(subject) > 255
        or any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in subject)
    ):
        raise _invalid("invalid subject")
    return Principal(user_id=subject, expires_at=_expiry(claims["exp"]))


def _expiry(exp: Any) -> datetime | None:
    """The exp claim as a datetime; one beyond datetime's range (year 9999) is never."""
    try:
        return datetime.fromtimestamp(exp, UTC)
    except (OverflowError, ValueError, OSError):
        return None
