"""The HTTP gateway: REST API, auth, health, metrics and the `todo` CLI."""
