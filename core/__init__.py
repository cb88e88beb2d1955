"""The task domain: tasks, recurrence, reminders, search, and their store."""
