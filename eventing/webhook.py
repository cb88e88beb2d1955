"""One signed webhook POST of a notification, to an address checked and pinned at send time.

The body is JSON; `X-Todo-Signature: sha256=<hex HMAC-SHA256 of the body with the user's
secret>` lets the receiver check it came from us (the GitHub convention).

Against SSRF the host is resolved here, every address it resolves to must pass the policy
(`core.webhook_url`), and the request connects to the address that was checked: the URL's
host is swapped for that IP while the `Host` header and TLS (SNI and certificate check) keep
the name, so a DNS answer that changes between check and connect cannot redirect us.
Redirects are not followed, and proxies from the environment are not used.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
import ssl
from dataclasses import dataclass
from ipaddress import ip_address
from typing import Any

import httpx

from core.webhook_url import (
    Address,
    UnsafeWebhookUrl,
    WebhookPolicy,
    check_shape,
    literal_address,
    refusal,
)

SIGNATURE_HEADER = "X-Todo-Signature"


def sign(body: bytes, secret: str) -> str:
    """The signature header value of `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """How one try went: delivered, worth another try later, or never going to work."""

    delivered: bool
    retry: bool
    status: int | None = None
    error: str | None = None


class RefusedAddress(Exception):
    """The host resolves to an address the policy refuses."""


async def checked_addresses(host: str, port: int, policy: WebhookPolicy) -> list[Address]:
    """Every address `host` resolves to, if none is refused; else `RefusedAddress`."""
    literal = literal_address(host)
    if literal is not None:
        found: list[Address] = [literal]
    else:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
        # The scope of a link-local IPv6 answer ("fe80::1%eth0") is not part of the address.
        found = list(dict.fromkeys(ip_address(str(info[4][0]).split("%")[0]) for info in infos))
    for addr in found:
        if (why := refusal(addr, policy)) is not None:
            raise RefusedAddress(f"{host} resolves to {addr} ({why} address)")
    if not found:  # pragma: no cover - getaddrinfo raises rather than answer nothing
        raise OSError(f"{host} has no address")
    return found


def _pinned(
    parts_url: httpx.URL, addr: Address
) -> tuple[httpx.URL, dict[str, str], dict[str, Any]]:
    """The request URL on `addr`, plus the Host header and TLS name of the original host."""
    host = parts_url.raw_host.decode("ascii")  # IDNA form: what DNS, Host and SNI carry
    port = parts_url.port
    host_header = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
    extensions: dict[str, Any] = {}
    if parts_url.scheme == "https" and literal_address(host) is None:
        extensions["sni_hostname"] = host  # also the name the certificate must match
    return parts_url.copy_with(host=str(addr)), {"Host": host_header}, extensions


def classify(status: int) -> Attempt:
    """A receiver's answer: 2xx delivered; 5xx, 408, 429 later; anything else never."""
    if 200 <= status < 300:
        return Attempt(True, False, status)
    transient = status >= 500 or status in (408, 429)
    return Attempt(False, transient, status, f"HTTP {status}")


async def post_once(
    url: str,
    payload: dict[str, Any],
    secret: str | None,
    policy: WebhookPolicy,
    *,
    deadline: float,
    verify: ssl.SSLContext | bool = True,
) -> Attempt:
    """One POST of `payload` to `url`, all of it (resolve, connect, answer) within `deadline` s.

    `verify`: the trust store for https (the tests' own CA; the sender keeps the default).
    """
    try:  # a URL saved before the checks existed; its addresses are checked below
        check_shape(url)
        target = httpx.URL(url)
    except (UnsafeWebhookUrl, httpx.InvalidURL) as exc:
        return Attempt(False, False, None, str(exc))
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "X-Todo-Event": "notification"}
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    port = target.port or (443 if target.scheme == "https" else 80)
    try:
        async with asyncio.timeout(deadline):
            host = target.raw_host.decode("ascii")
            addresses = await checked_addresses(host, port, policy)
            pinned, host_header, extensions = _pinned(target, addresses[0])
            # A client per try: pooled connections are keyed by IP, and another user's host
            # on the same IP must never ride on a connection made with this SNI.
            async with httpx.AsyncClient(
                timeout=deadline, follow_redirects=False, trust_env=False, verify=verify
            ) as client:
                response = await client.post(
                    pinned,
                    content=body,
                    headers={**headers, **host_header},
                    extensions=extensions,
                )
    except RefusedAddress as exc:
        return Attempt(False, False, None, f"refused: {exc}")
    except TimeoutError:
        return Attempt(False, True, None, f"no answer within {deadline:g} s")
    except (httpx.HTTPError, OSError) as exc:
        # httpx's and the resolver's messages name no URL (so no query token leaks here).
        return Attempt(False, True, None, f"{type(exc).__name__}: {exc}"[:300])
    return classify(response.status_code)
