"""The log filter that keeps credentials out of every line (tests/security/test_log_secrets.py
checks the same against a running server)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from uvicorn.logging import AccessFormatter

from core.logs import QUIET_LOGGERS, LogFormat, RedactSecretsFilter, configure_logging, redact

JWT = (
    "eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsImV4cCI6MX0."
    "c2lnbmF0dXJlLW9mLXRoZS10b2tlbi0wMTIzNDU2Nzg5"
)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"/ws?access_token={JWT}", "/ws?access_token=[redacted]"),
        (f"/ws?id=4&access_token={JWT}&x=1", "/ws?id=4&access_token=[redacted]&x=1"),
        ("/api/updates?ACCESS_TOKEN=opaque-123", "/api/updates?ACCESS_TOKEN=[redacted]"),
        ("/api/updates?ticket=abc123", "/api/updates?ticket=[redacted]"),
        ("https://app.example/#token=abc.def", "https://app.example/#token=[redacted]"),
        (f"Authorization: Bearer {JWT}", "Authorization: Bearer [redacted]"),
        (f"token was {JWT}.", "token was [redacted]."),
        ("POST https://bob:hunter2@hooks.example/x", "POST https://[redacted]@hooks.example/x"),
        ("/api/tasks?tokens=3&q=token", "/api/tasks?tokens=3&q=token"),  # not a secret
        ("GET /api/tasks 200", "GET /api/tasks 200"),
    ],
)  # fmt: skip
def test_redact(text: str, kept: str) -> None:
    assert redact(text) == kept


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO, logging.Handler]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecretsFilter())
    logger = logging.getLogger(f"test.redaction.{id(stream)}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    yield logger, stream, handler
    logger.handlers.clear()


def test_uvicorn_handshake_and_access_lines_keep_their_shape(
    captured: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    logger, stream, handler = captured
    handler.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
    # uvicorn's access formatter unpacks exactly these five arguments.
    logger.info(
        '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", f"/api/updates?access_token={JWT}",
        "1.1", 200,
    )  # fmt: skip
    assert stream.getvalue().strip() == (
        '127.0.0.1:5000 - "GET /api/updates?access_token=[redacted] HTTP/1.1" 200 OK'
    )


@pytest.fixture
def configured() -> Iterator[None]:
    """The process's logging as `todo serve` sets it up; put back afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    yield
    root.handlers[:], _ = saved
    root.setLevel(saved[1])
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    logging.captureWarnings(False)


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_extras_and_tracebacks_are_redacted(
    configured: None, capsys: pytest.CaptureFixture[str], log_format: LogFormat
) -> None:
    configure_logging("DEBUG", log_format)  # its handler writes to the captured stderr
    logger = logging.getLogger("test.redaction")
    logger.info("sent", extra={"url": "https://u:p@hooks.example/", "header": f"Bearer {JWT}"})
    try:
        raise ValueError(f"cannot decode {JWT}")
    except ValueError:
        logger.exception("refused %s", f"/ws?access_token={JWT}")
    logger.warning(b"?token=raw-bytes-secret")  # a message that is not even a str
    out = capsys.readouterr().err
    assert JWT not in out and JWT.split(".")[2] not in out, out
    assert "u:p@" not in out and "raw-bytes-secret" not in out, out
    assert "ValueError: cannot decode [redacted]" in out, out
    assert "access_token=[redacted]" in out and "https://[redacted]@hooks.example/" in out, out
