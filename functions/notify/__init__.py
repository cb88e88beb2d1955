"""notify: a due reminder becomes a notification, a live update, and an optional webhook."""
