"""recur: a completed or skipped occurrence of a recurring task makes the next one."""
