"""`/.well-known/jwks.json`: the public key of the embedded mode's local signing key.

Lets another service (or a second gateway) verify `todo token` tokens with AUTH_JWKS_URL
pointing here. With AUTH_JWKS_URL set the identity provider publishes the keys, so 404.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from gateway.errors import ApiError

router = APIRouter(tags=["auth"])


class _NoLocalKey(ApiError):
    status = 404
    code = "not_found"


@router.get("/.well-known/jwks.json", operation_id="get_jwks")
async def jwks(request: Request) -> dict[str, Any]:
    """The local signing key's public JWK set (embedded mode only)."""
    key = getattr(request.app.state, "local_key", None)
    if key is None:
        raise _NoLocalKey("keys are published by the identity provider (AUTH_JWKS_URL)")
    keys: dict[str, Any] = key.jwks()
    return keys
