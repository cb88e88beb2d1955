"""The chat agent: its tools, its models (an LLM, or the offline quick-add model)."""
