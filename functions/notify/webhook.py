"""Signed webhook POSTs of notifications, retried with backoff.

The body is JSON; `X-Todo-Signature: sha256=<hex HMAC-SHA256 of the body with the user's
secret>` lets the receiver check it came from us (the GitHub convention).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tenacity import (
    AsyncRetrying,
    RetryError,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from core.store.eventing_models import WebhookDeliveryRow

log = logging.getLogger("functions.notify.webhook")
SIGNATURE_HEADER = "X-Todo-Signature"


def sign(body: bytes, secret: str) -> str:
    """The signature header value of `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class _Retry(Exception):
    pass


async def send(
    sessions: async_sessionmaker[AsyncSession],
    delivery_id: int,
    url: str,
    payload: dict[str, Any],
    secret: str | None,
    *,
    attempts: int = 4,
    max_backoff: float = 8.0,
) -> bool:
    """POST `payload` until a 2xx (or a 4xx: the receiver refuses); record how it went."""
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "X-Todo-Event": "notification"}
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    tries = 0
    status: int | None = None
    error: str | None = None

    async def once(client: httpx.AsyncClient) -> None:
        nonlocal tries, status, error
        tries += 1
        try:
            response = await client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            status, error = None, f"{type(exc).__name__}: {exc}"
            raise _Retry from exc
        status = response.status_code
        error = None if response.is_success else f"HTTP {status}"
        if status >= 500 or status in (408, 429):
            raise _Retry

    async with httpx.AsyncClient(timeout=10) as client:
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(attempts),
                wait=wait_random_exponential(multiplier=0.5, max=max_backoff),
                retry=retry_if_exception_type(_Retry),
            ):
                with attempt:
                    await once(client)
        except RetryError:
            pass
    delivered = status is not None and 200 <= status < 300
    async with sessions() as session, session.begin():
        await session.execute(
            update(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.id == delivery_id)
            .values(
                attempts=WebhookDeliveryRow.attempts + tries,
                status=status,
                last_error=error,
                delivered_at=datetime.now(UTC) if delivered else None,
            )
        )
    if not delivered:
        log.warning("webhook not delivered", extra={"url": url, "error": error})
    return delivered
