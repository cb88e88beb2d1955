"""Security headers on every HTTP response: no sniffing, no referrer, no framing, no features.

The web app's pages send their own strict Content-Security-Policy (`gateway.routes.ui`: scripts
and styles only from this origin, no inline script). Every other response gets one too: API
answers (JSON, event streams) and static files `default-src 'none'`, so a response opened as a
document can run nothing; the API documentation pages (/docs, /redoc), whose Swagger UI and
ReDoc start from an inline script, get a policy that only forbids framing, plugins and <base>.
A header a route set itself is never replaced.

Strict-Transport-Security (HSTS_MAX_AGE, with includeSubDomains) goes only on answers to
requests that came over HTTPS: the connection's own scheme, or X-Forwarded-Proto: https from the
proxy in front (Kourier and Knative's queue-proxy in the cluster). A plain-http answer never
carries it, so `todo serve` on localhost never pins http://localhost to HTTPS in a browser.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
# Powerful browser features the app never uses, off for this origin and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
)  # fmt: skip
HEADERS: dict[bytes, bytes] = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"permissions-policy": PERMISSIONS_POLICY.encode(),
    b"x-frame-options": b"DENY",  # frame-ancestors for browsers that predate it
    b"cross-origin-opener-policy": b"same-origin",
}


def arrived_over_https(scope: Scope) -> bool:
    """The request came over HTTPS: to this server, or to the proxy that forwarded it."""
    if scope.get("scheme") == "https":
        return True
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-proto":
            # A chain of proxies lists one scheme each; the first is the client's own.
            return bool(value.split(b",")[0].strip().lower() == b"https")
    return False


class SecurityHeadersMiddleware:
    """Add the headers above (and a fitting CSP) to each HTTP response that lacks them."""

    def __init__(self, app: ASGIApp, hsts_max_age: int = 0) -> None:
        self.app = app
        self.hsts = (
            f"max-age={hsts_max_age}; includeSubDomains".encode() if hsts_max_age > 0 else None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hsts = self.hsts if self.hsts is not None and arrived_over_https(scope) else None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in HEADERS.items() if k not in present]
                if b"content-security-policy" not in present:
                    kind = dict(headers).get(b"content-type", b"")
                    policy = DOCS_POLICY if kind.startswith(b"text/html") else API_POLICY
                    headers.append((b"content-security-policy", policy.encode()))
                if hsts is not None and b"strict-transport-security" not in present:
                    headers.append((b"strict-transport-security", hsts))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
