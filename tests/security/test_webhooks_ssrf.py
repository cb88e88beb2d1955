"""Issue 13, finding 4: a webhook URL cannot make our server reach what only it can reach.

When saved (`PUT`/`PATCH /api/settings`): control characters, credentials, other schemes,
literal loopback/private/metadata addresses in any notation and local names are a 422 that
names the problem, and nothing changes. When sent: the host is resolved by the real resolver
and any refused address makes the delivery fail for good, with nothing sent and no secret in
the log. WEBHOOK_ALLOW_PRIVATE (on for the rest of the tests) is off here unless a test says.
"""

from __future__ import annotations

import logging
import ssl
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from ipaddress import ip_network

import httpx
import pytest
import trustme
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core import webhook_settings
from core.store.eventing_models import UserSettingsRow, WebhookDeliveryRow
from core.webhook_settings import WebhookSettings
from core.webhook_url import WebhookPolicy
from eventing.webhook import RefusedAddress, checked_addresses, post_once
from eventing.webhook_sender import WebhookSender
from tests.support.servers import serve_in_thread
from tests.support.webhooks import running, sender_settings, wait_for_delivery

STRICT = WebhookPolicy()
GOOD = "https://hooks.example.com/todo"


@pytest.fixture
def strict(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gateway checks saved URLs with WEBHOOK_ALLOW_PRIVATE off."""
    strict_settings = WebhookSettings(allow_private=False)
    monkeypatch.setattr(webhook_settings, "get_webhook_settings", lambda: strict_settings)


class Recorder:
    """A receiver that records each request's Host header."""

    def __init__(self) -> None:
        self.hosts: list[str] = []

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            self.hosts.append(request.headers["host"])
            return Response(status_code=204)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


@pytest.fixture
def recorder() -> Iterator[tuple[Recorder, int]]:
    hooks = Recorder()
    with serve_in_thread(hooks.app()) as url:
        yield hooks, int(url.rsplit(":", 1)[1])


REFUSED_WHEN_SAVED = {
    "https://hooks.example.com/a\r\nX-Injected: 1": "control characters",
    "https://hooks.example.com/a\nb": "control characters",
    "https://hooks.example.com/a\tb": "control characters",
    "https://hooks.example.com/\x85": "control characters",
    "https://user:pass@hooks.example.com/": "credentials",
    "https://token@hooks.example.com/": "credentials",
    "ftp://hooks.example.com/": "http(s) URL",
    "file:///etc/passwd": "http(s) URL",
    "http://hooks.example.com/": "https",
    "http://localhost:8080/": "local or internal name",
    "https://localhost/": "local or internal name",
    "https://app.localhost/": "local or internal name",
    "https://todo-gateway.default.svc/": "local or internal name",
    "https://metadata.google.internal/": "local or internal name",
    "https://todo-gateway/": "local or internal name",
    "http://127.0.0.1:5432/": "loopback",
    "https://127.1/": "loopback",
    "https://0x7f000001/": "loopback",
    "https://2130706433/": "loopback",
    "https://017700000001/": "loopback",
    "https://[::1]/": "loopback",
    "https://[::ffff:127.0.0.1]/": "loopback",
    "https://0.0.0.0/": "unspecified",
    "https://10.0.0.5/": "private",
    "https://192.168.1.1/": "private",
    "https://100.64.0.1/": "shared",
    "https://169.254.169.254/latest/meta-data/": "cloud metadata",
    "https://[fe80::1]/": "link-local",
    "https://224.0.0.251/": "multicast",
    "https://hooks.example.com:99999/": "invalid port",
}


@pytest.mark.usefixtures("strict")
async def test_unsafe_urls_are_refused_when_saved_and_change_nothing(
    alice: httpx.AsyncClient,
) -> None:
    saved = await alice.put(
        "/api/settings", json={"webhook_url": GOOD, "webhook_secret": "a-long-enough-secret"}
    )
    assert saved.status_code == 200, saved.text
    for url, problem in REFUSED_WHEN_SAVED.items():
        for method in ("PUT", "PATCH"):
            response = await alice.request(method, "/api/settings", json={"webhook_url": url})
            assert response.status_code == 422, (method, url, response.text)
            message = response.json()["error"]["message"]
            assert "webhook_url" in message and problem in message, (url, message)
    assert (await alice.get("/api/settings")).json()["webhook_url"] == GOOD


async def test_allow_private_lets_a_local_receiver_in_but_never_credentials_or_metadata(
    alice: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    allowing = WebhookSettings(allow_private=True)
    monkeypatch.setattr(webhook_settings, "get_webhook_settings", lambda: allowing)
    for url in ("http://127.0.0.1:9000/hook", "http://localhost:9000/hook", GOOD):
        response = await alice.put("/api/settings", json={"webhook_url": url})
        assert response.status_code == 200 and response.json()["webhook_url"] == url
    for url in (
        "http://u:p@127.0.0.1:9000/hook",
        "http://127.0.0.1:9000/\r\n",
        "https://169.254.169.254/",
        "http://hooks.example.com/",
    ):
        assert (await alice.put("/api/settings", json={"webhook_url": url})).status_code == 422


@pytest.mark.parametrize(
    "host",
    ["localhost", "127.0.0.1", "127.1", "2130706433", "0x7f000001", "::1", "::ffff:127.0.0.1"],
)
async def test_the_resolved_address_is_checked_at_send_time(host: str) -> None:
    with pytest.raises(RefusedAddress, match="loopback"):
        await checked_addresses(host, 443, STRICT)
    # The operator's allow-list opens exactly the networks it names.
    opened = WebhookPolicy(allowed_networks=(ip_network("127.0.0.0/8"), ip_network("::1/128")))
    if host != "::ffff:127.0.0.1":
        assert await checked_addresses(host, 443, opened)


async def test_a_name_that_resolves_to_loopback_is_refused_and_nothing_is_sent(
    recorder: tuple[Recorder, int],
) -> None:
    hooks, port = recorder
    # Saved before the checks existed, or a public name whose DNS now points inside.
    attempt = await post_once(
        f"http://localhost:{port}/hook", {"x": 1}, None, WebhookPolicy(), deadline=5
    )
    assert not attempt.delivered and not attempt.retry
    assert attempt.error is not None and "loopback" in attempt.error
    assert hooks.hosts == []


async def test_the_checked_address_is_pinned_and_the_host_header_kept(
    recorder: tuple[Recorder, int],
) -> None:
    hooks, port = recorder
    allowing = WebhookPolicy(allow_private=True)
    attempt = await post_once(f"http://localhost:{port}/hook", {"x": 1}, None, allowing, deadline=5)
    assert attempt.delivered, attempt
    assert hooks.hosts == [f"localhost:{port}"]


async def test_refused_deliveries_are_given_up_and_logged_without_secrets(
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
    recorder: tuple[Recorder, int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    hooks, port = recorder
    owner = f"ssrf-{uuid.uuid4().hex[:8]}"
    secret = "hook-secret-never-logged"
    # Rows saved before the checks: credentials, a token in the query, a CR/LF, loopback.
    urls = [
        f"http://alice:pa55word@127.0.0.1:{port}/hook",
        f"http://127.0.0.1:{port}/hook?token=query-secret-token",
        f"http://127.0.0.1:{port}/hook\r\nX-Evil: 1",
    ]
    for url in urls:
        user = f"{owner}-{len(url)}"
        async with sessionmaker() as session, session.begin():
            session.add(UserSettingsRow(owner=user, webhook_secret=secret, timezone="UTC"))
            session.add(
                WebhookDeliveryRow(
                    notification_id=uuid.uuid4(), owner=user, url=url, payload={}, attempts=0
                )
            )
    settings = sender_settings(allow_private=False, poll_interval=0.2)
    with caplog.at_level(logging.INFO):
        async with running(WebhookSender(database_url, sessionmaker, settings)):
            rows = [await wait_for_delivery(sessionmaker, f"{owner}-{len(u)}") for u in urls]
    assert hooks.hosts == []  # nothing reached the receiver
    for row in rows:
        assert row.given_up_at is not None and row.attempts == 1, row.last_error
    assert "credentials" in (rows[0].last_error or "")
    assert "loopback" in (rows[1].last_error or "")
    assert "control characters" in (rows[2].last_error or "")
    logged = caplog.text + " ".join(str(r.__dict__) for r in caplog.records)
    assert "webhook given up" in logged
    for leak in ("pa55word", "alice:", "query-secret-token", secret, "X-Evil"):
        assert leak not in logged, leak


@contextmanager
def serve_tls(app: Starlette, cert: trustme.LeafCert) -> Iterator[int]:
    """`app` over https on 127.0.0.1 with `cert`; yields the port."""
    with cert.private_key_pem.tempfile() as key, cert.cert_chain_pems[0].tempfile() as chain:
        with serve_in_thread(app, ssl_keyfile=key, ssl_certfile=chain) as url:
            yield int(url.rsplit(":", 1)[1])


async def test_https_to_the_pinned_address_still_checks_the_certificate_of_the_name() -> None:
    ca = trustme.CA()
    trusted = ssl.create_default_context()
    ca.configure_trust(trusted)
    allowing = WebhookPolicy(allow_private=True)
    hooks = Recorder()
    # The certificate names only "localhost": the request connects to 127.0.0.1, and TLS
    # (SNI and the certificate check) still uses the name, so it is accepted.
    with serve_tls(hooks.app(), ca.issue_cert("localhost")) as port:
        url = f"https://localhost:{port}/hook"
        attempt = await post_once(url, {"x": 1}, None, allowing, deadline=5, verify=trusted)
        assert attempt.delivered, attempt
        assert hooks.hosts == [f"localhost:{port}"]
        # Verification is on: a CA we do not trust (the system's only) is refused.
        untrusted = await post_once(url, {"x": 1}, None, allowing, deadline=5)
        assert not untrusted.delivered and untrusted.error, untrusted
        assert "CERTIFICATE_VERIFY_FAILED" in untrusted.error, untrusted.error
    # A certificate for another name is refused although the address is the same.
    with serve_tls(hooks.app(), ca.issue_cert("other.example")) as port:
        url = f"https://localhost:{port}/hook"
        wrong = await post_once(url, {"x": 1}, None, allowing, deadline=5, verify=trusted)
        assert not wrong.delivered and wrong.error and "match" in wrong.error, wrong.error
    assert len(hooks.hosts) == 1
