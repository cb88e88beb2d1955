"""The PostgreSQL NOTIFY channels, named once: each has one writer side and one listener side,
often in different packages (the unit of work wakes the relay, notify wakes the webhook sender,
push wakes the gateway's live-update hub)."""

OUTBOX_CHANNEL = "todo_outbox"  # a commit wrote outbox rows: core.store.uow -> eventing.relay
WEBHOOK_CHANNEL = "todo_webhooks"  # a webhook is queued: notify -> eventing.webhook_sender
UPDATES_CHANNEL = "todo_updates"  # payload "seq:owner": push -> gateway.live
