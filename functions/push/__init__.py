"""push: task-updates go into the user's stream; NOTIFY wakes every process serving clients."""
