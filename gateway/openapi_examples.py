"""An example request and answer for each operation of the OpenAPI document (by operationId).

Tests check each example against its schema (tests/integration/test_openapi_document.py) and
send the create example to the running gateway; schemathesis' examples phase sends them all.
"""

from __future__ import annotations

from typing import Any

TASK_EXAMPLE: dict[str, Any] = {
    "id": "0b7ad3a0-6f2e-4f43-9d2b-5e0c3a1f8c11",
    "title": "Pay rent",
    "description": "transfer to the landlord",
    "priority": "high",
    "tags": ["home"],
    "due": "2031-01-01T09:00:00+01:00",
    "timezone": "Europe/Berlin",
    "recurrence": {
        "rule": "FREQ=MONTHLY;BYMONTHDAY=1",
        "anchor": "due",
        "text": "every month on the 1st at 9:00",
    },
    "reminders": [{"before": "PT30M", "text": "30 min before"}],
    "completed": False,
    "completed_at": None,
    "skipped": False,
    "series_id": "5d1e3f0a-8a3c-4b6e-9f50-2c4d6e8fa0b1",
    "created_at": "2030-12-01T08:00:00Z",
    "updated_at": "2030-12-01T08:00:00Z",
}
_NEW_TASK = {
    "title": "Pay rent",
    "description": "transfer to the landlord",
    "priority": "high",
    "tags": ["home"],
    "due": "2031-01-01T09:00:00+01:00",
    "timezone": "Europe/Berlin",
    "recurrence": {"rule": "FREQ=MONTHLY;BYMONTHDAY=1"},
    "reminders": [{"before": "PT30M"}],
}
_NOTIFICATION = {
    "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "task_id": TASK_EXAMPLE["id"],
    "title": "Pay rent",
    "body": "Pay rent is due Today 09:00",
    "fire_at": "2031-01-01T07:30:00Z",
    "due": "2031-01-01T08:00:00Z",
    "timezone": "Europe/Berlin",
    "late": False,
    "read": False,
    "created_at": "2031-01-01T07:30:01Z",
}
_SETTINGS_OUT = {
    "webhook_url": "https://hooks.example.com/todo",
    "webhook_secret_set": True,
    "timezone": "Europe/Berlin",
}
_SSE_UPDATES = (
    'id: 42\nevent: task\ndata: {"kind": "task", "action": "updated", "task": {...}}\n\n'
    'id: 43\nevent: notification\ndata: {"kind": "notification", ...}\n\n'
)
_SSE_CHAT = (
    'event: conversation\ndata: {"conversation_id": "3f2a9c"}\n\n'
    'event: delta\ndata: {"text": "Added "}\n\n'
    'event: tool_call\ndata: {"name": "add_task", "arguments": {"title": "Pay rent"}}\n\n'
    'event: tool_result\ndata: {"name": "add_task", "output": {...}}\n\n'
    "event: done\ndata: {}\n\n"
)

# The request body example of each operation that takes one.
REQUEST_EXAMPLES: dict[str, Any] = {
    "parse_task": {"text": "pay rent every month on the 1st 9am p1 #home", "mode": "task"},
    "create_task": _NEW_TASK,
    "update_task": {"priority": "urgent", "due": "2031-01-02T09:00:00+01:00"},
    "replace_settings": {
        "webhook_url": "https://hooks.example.com/todo",
        "webhook_secret": "a-long-random-secret-0123",
        "timezone": "Europe/Berlin",
    },
    "update_settings": {"timezone": "Europe/Berlin"},
    "chat": {"message": "remind me to pay rent on the 1st of every month at 9"},
}
# The example of each operation's success answer (delete_task answers 204, no body).
RESPONSE_EXAMPLES: dict[str, Any] = {
    "healthz": {"status": "ok"},
    "readyz": {"status": "ready"},
    "metrics": "# HELP http_requests_total HTTP requests answered\n"
    'http_requests_total{method="GET",route="/healthz",status="200"} 1.0\n',
    "get_jwks": {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
                "alg": "EdDSA",
                "use": "sig",
            }
        ]
    },
    "parse_task": {
        "title": "pay rent",
        "description": None,
        "priority": "urgent",
        "tags": ["home"],
        "due": "2031-01-01T09:00:00+01:00",
        "timezone": "Europe/Berlin",
        "recurrence": {
            "rule": "FREQ=MONTHLY;BYMONTHDAY=1",
            "anchor": "due",
            "text": "every month on the 1st at 9:00",
        },
        "reminders": [],
        "chips": [
            {
                "kind": "recurrence",
                "text": "every month on the 1st at 9:00",
                "source": "every month on the 1st",
            },
            {"kind": "time", "text": "Wed 1 Jan 09:00", "source": "9am"},
            {"kind": "priority", "text": "Urgent", "source": "p1"},
            {"kind": "tag", "text": "#home", "source": "#home"},
        ],
    },
    "create_task": TASK_EXAMPLE,
    "list_tasks": {"items": [TASK_EXAMPLE], "next_cursor": None},
    "task_counts": {
        "inbox": 12,
        "today": 3,
        "overdue": 1,
        "upcoming": 5,
        "completed": 40,
        "tags": [{"tag": "home", "count": 4}],
        "timezone": "Europe/Berlin",
    },
    "get_task": TASK_EXAMPLE,
    "update_task": {**TASK_EXAMPLE, "priority": "urgent", "due": "2031-01-02T09:00:00+01:00"},
    "complete_task": {**TASK_EXAMPLE, "completed": True, "completed_at": "2031-01-01T08:05:00Z"},
    "skip_task": {
        **TASK_EXAMPLE,
        "completed": True,
        "completed_at": "2031-01-01T08:05:00Z",
        "skipped": True,
    },
    "reopen_task": TASK_EXAMPLE,
    "list_activity": {
        "items": [
            {
                "seq": 7,
                "event_id": "9b2f8a8e-0d3c-4d47-8f0e-1c2b3a4d5e6f",
                "type": "todo.task.completed.v1",
                "task_id": TASK_EXAMPLE["id"],
                "actor": "alice",
                "time": "2031-01-01T08:05:00Z",
                "changes": {"completed": [False, True]},
            }
        ],
        "next_cursor": None,
    },
    "list_notifications": {"items": [_NOTIFICATION], "unread": 1},
    "mark_notification_read": {**_NOTIFICATION, "read": True},
    "mark_all_notifications_read": {"items": [], "unread": 0},
    "get_settings": _SETTINGS_OUT,
    "replace_settings": _SETTINGS_OUT,
    "update_settings": _SETTINGS_OUT,
    "create_stream_ticket": {
        "ticket": "Qm9vdHN0cmFwLXRpY2tldC0wMTIzNDU2Nzg5",
        "expires_at": "2031-01-01T08:01:00Z",
    },
    "stream_updates": _SSE_UPDATES,
    "chat": _SSE_CHAT,
    "get_conversation": {
        "conversation_id": "3f2a9c",
        "messages": [
            {"role": "user", "text": "remind me to pay rent on the 1st at 9"},
            {"role": "tool", "name": "add_task", "arguments": {"title": "Pay rent"}, "output": {}},
            {"role": "assistant", "text": "Added “Pay rent”, monthly on the 1st at 09:00."},
        ],
    },
}
