"""Health, readiness, metrics and request ids."""

from __future__ import annotations

import httpx


async def test_health_and_ready(api_url: str) -> None:
    async with httpx.AsyncClient(base_url=api_url) as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        ready = await client.get("/readyz")
        assert ready.status_code == 200 and ready.json() == {"status": "ready"}


async def test_metrics_count_requests_by_route(alice: httpx.AsyncClient) -> None:
    await alice.post("/api/tasks", json={"title": "measured"})
    text = (await alice.get("/metrics")).text
    assert 'http_requests_total{method="POST",route="/api/tasks",status="201"}' in text
    assert "http_request_duration_seconds_bucket" in text


async def test_request_id_is_echoed_or_made(alice: httpx.AsyncClient) -> None:
    given = await alice.get("/healthz", headers={"X-Request-ID": "trace-123"})
    assert given.headers["x-request-id"] == "trace-123"
    made = await alice.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert made.headers["x-request-id"] != "bad id with spaces"
    assert len(made.headers["x-request-id"]) == 32


async def test_not_ready_while_database_unreachable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gateway.app import create_app
    from gateway.settings import Settings
    from tests.support.servers import serve_in_thread

    url = "postgresql://postgres@127.0.0.1:1/none"  # nothing listens on port 1
    app = create_app(Settings(data_dir=tmp_path, database_url=url), url)
    with serve_in_thread(app) as base:
        async with httpx.AsyncClient(base_url=base) as client:
            assert (await client.get("/healthz")).status_code == 200  # alive, just not ready
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["error"]["code"] == "not_ready"


async def test_jwks_publishes_the_local_key(api_url: str, issue_token) -> None:  # type: ignore[no-untyped-def]
    import jwt

    async with httpx.AsyncClient(base_url=api_url) as client:
        keys = (await client.get("/.well-known/jwks.json")).json()["keys"]
    token = issue_token("jwks-user")
    key = jwt.PyJWK(keys[0])
    assert jwt.get_unverified_header(token)["kid"] == keys[0]["kid"]
    claims = jwt.decode(token, key, algorithms=["EdDSA"], options={"verify_aud": False})
    assert claims["sub"] == "jwks-user"
