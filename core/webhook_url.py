"""Which webhook URLs and addresses we POST to: the rules against SSRF, in plain Python.

A user's webhook URL makes our server send requests, so it must never reach what only our
server can reach: loopback, private networks, link-local (cloud metadata), cluster-internal
names. The URL is checked when saved (its shape, literal IPs in any notation, local names) and
every address its host resolves to is checked again at send time, since DNS can change.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from urllib.parse import SplitResult, urlsplit

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network

# Refused even when private targets are allowed: only WEBHOOK_ALLOWED_NETWORKS opens them.
METADATA_ADDRESSES = frozenset(
    ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack instance metadata
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS metadata over IPv6
        "100.100.100.200",  # Alibaba Cloud metadata
        "168.63.129.16",  # Azure wire server (a public address, so named here)
    )
)
SHARED = IPv4Network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_IPV4_COMPATIBLE = IPv6Network("::/96")  # deprecated ::a.b.c.d
_NAT64 = IPv6Network("64:ff9b::/96")
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".svc", ".lan", ".home.arpa")
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")  # C0, space, DEL and C1
_NUMERIC_HOST = re.compile(r"[0-9a-fx.]+")


class UnsafeWebhookUrl(ValueError):
    """The webhook URL may not be used; the message names why."""


@dataclass(frozen=True)
class WebhookPolicy:
    """What the operator allows beyond public addresses."""

    allow_private: bool = False
    allowed_networks: tuple[Network, ...] = ()


def _embedded_ipv4(addr: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 form carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr.teredo is not None:
        return addr.teredo[1]
    if addr in _IPV4_COMPATIBLE and int(addr) > 1:
        return IPv4Address(int(addr) & 0xFFFFFFFF)
    if addr in _NAT64:
        return IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def _kind(addr: Address) -> str | None:
    """What makes `addr` non-public, or None for a public address."""
    if addr in METADATA_ADDRESSES:
        return "cloud metadata"
    if isinstance(addr, IPv6Address):
        inner = _embedded_ipv4(addr)
        if inner is not None and (kind := _kind(inner)) is not None:
            return kind
    for kind, hit in (
        ("loopback", addr.is_loopback),
        ("unspecified", addr.is_unspecified),
        ("link-local", addr.is_link_local),
        ("multicast", addr.is_multicast),
        ("shared", isinstance(addr, IPv4Address) and addr in SHARED),
        ("private", addr.is_private),
        ("reserved", addr.is_reserved),
    ):
        if hit:
            return kind
    return None if addr.is_global else "non-public"


def refusal(addr: Address, policy: WebhookPolicy) -> str | None:
    """Why `addr` may not be sent to under `policy` (e.g. "loopback"), or None if it may."""
    if any(addr in net for net in policy.allowed_networks if net.version == addr.version):
        return None
    kind = _kind(addr)
    if kind is None or (policy.allow_private and kind != "cloud metadata"):
        return None
    return kind


def literal_address(host: str) -> Address | None:
    """`host` as an IP if it is one in any notation the resolver takes (127.1, 0x7f000001)."""
    host = host.rstrip(".")
    try:
        return ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(host) and any(c.isdigit() for c in host):
        try:  # inet_aton: the legacy forms getaddrinfo itself accepts (octal, hex, 1-3 parts)
            return IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def is_internal_name(host: str) -> bool:
    """A name that only means something inside our own host or network."""
    host = host.rstrip(".")
    return host in LOCAL_NAMES or host.endswith(INTERNAL_SUFFIXES) or "." not in host


def check_shape(url: str) -> SplitResult:
    """The parts of `url` if it is an http(s) URL without control characters or credentials."""
    if _CONTROL.search(url):
        raise UnsafeWebhookUrl(
            "webhook_url must not contain spaces or control characters (CR, LF, tab, ...)"
        )
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed [IPv6 bracket
        raise UnsafeWebhookUrl("webhook_url is not a valid URL") from None
    if parts.scheme not in ("https", "http") or not host:
        raise UnsafeWebhookUrl("webhook_url must be an http(s) URL")
    if "@" in parts.netloc:
        raise UnsafeWebhookUrl(
            "webhook_url must not contain credentials (user:password@); "
            "the receiver can check webhook_secret's signature instead"
        )
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise UnsafeWebhookUrl("webhook_url has an invalid port") from None
    return parts


def check_webhook_url(url: str, policy: WebhookPolicy) -> SplitResult:
    """The parts of `url` if it may be saved as a webhook, else `UnsafeWebhookUrl`."""
    parts = check_shape(url)
    host = parts.hostname or ""
    addr = literal_address(host)
    private = False
    if addr is not None:
        kind = _kind(addr)
        private = kind is not None
        if (why := refusal(addr, policy)) is not None:
            raise UnsafeWebhookUrl(
                f"webhook_url points to {addr} ({why} address); webhooks go to public hosts"
            )
    elif is_internal_name(host):
        private = True
        if not policy.allow_private:
            raise UnsafeWebhookUrl(
                f"webhook_url host {host!r} is a local or internal name; "
                "webhooks go to public hosts"
            )
    if parts.scheme == "http" and not (private and policy.allow_private):
        raise UnsafeWebhookUrl("webhook_url must use https (http only to allowed private hosts)")
    return parts


def public_form(url: str) -> str:
    """`url` as it may be logged: scheme, host, port and path; no credentials or query."""
    try:  # cut at the first control character: urlsplit itself drops CR, LF and tab
        parts = urlsplit(_CONTROL.split(url, maxsplit=1)[0])
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<unparsable url>"
    path = parts.path[:200]
    return f"{parts.scheme}://{host}{port}{path}"
