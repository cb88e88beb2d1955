"""The embedded mode's Ed25519 signing key: one PEM file in the data folder, shared by processes.

The file is written once and never replaced. A new key would silently invalidate every token
already handed out, so when two processes start together the first complete file wins (a hard
link of a fully written temp file) instead of the last one (`os.replace`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import stat
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from core.secret_file import create_once

KEY_FILE = Path("auth") / "signing-key.pem"

# RFC 7638 §3.2: the thumbprint hashes only the required members of each key type.
_THUMBPRINT_MEMBERS = {
    "OKP": ("crv", "kty", "x"),
    "EC": ("crv", "kty", "x", "y"),
    "RSA": ("e", "kty", "n"),
}

log = logging.getLogger(__name__)


def key_path(data_dir: Path) -> Path:
    """Where the signing key of a data folder lives."""
    return data_dir / KEY_FILE


def load_or_create_private_key(data_dir: Path) -> Ed25519PrivateKey:
    """The Ed25519 key in `<data_dir>/auth/signing-key.pem`, generated on first use."""
    path = key_path(data_dir)
    if not path.exists():
        _create(path)
    return _load(path)


def _create(path: Path) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    create_once(path, pem)


def _load(path: Path) -> Ed25519PrivateKey:
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        log.warning("signing key %s is readable by other users; chmod 600 it", path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def public_jwk(key: Ed25519PublicKey) -> dict[str, Any]:
    """The public key as a JWK (RFC 8037), without kid or use."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw)}


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """The RFC 7638 SHA-256 thumbprint of a public JWK, base64url without padding."""
    # Neither pyjwt nor cryptography computes thumbprints; the rule is a few lines of JSON.
    members = {name: jwk[name] for name in _THUMBPRINT_MEMBERS[jwk["kty"]]}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True)
    return _b64url(hashlib.sha256(canonical.encode()).digest())


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
