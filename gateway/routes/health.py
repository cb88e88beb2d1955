"""Liveness, readiness and Prometheus metrics.

With METRICS_PORT set, the metrics are served on that port only (gateway/metrics_listener.py)
and /metrics here answers 404, as any unknown path would: a public route to the app's port then
never shows them.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from gateway.errors import ErrorBody, error_body

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    responses={
        503: {
            "model": ErrorBody,
            "description": "database unreachable, or `todo serve`'s eventing process not running",
        }
    },
)
async def readyz(request: Request) -> JSONResponse:
    """The process can serve: its database answers within 2 s (and its eventing runs)."""
    try:
        async with asyncio.timeout(2):
            async with request.app.state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means not ready, and says why
        return JSONResponse(
            error_body("not_ready", f"database unreachable: {type(exc).__name__}"),
            status_code=503,
        )
    # Set when something else must run too (todo serve's eventing process, see gateway/app.py).
    not_ready_because = getattr(request.app.state, "not_ready_because", None)
    if not_ready_because is not None and (reason := not_ready_because()) is not None:
        return JSONResponse(error_body("not_ready", reason), status_code=503)
    return JSONResponse({"status": "ready"})


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics(request: Request) -> Response:
    """Prometheus text exposition (404 when METRICS_PORT serves it instead)."""
    if request.app.state.settings.metrics_port is not None:
        raise HTTPException(status_code=404, detail="Not Found")
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
