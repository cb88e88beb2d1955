"""The chat agent: its tools, its models (an LLM, or the offline quick-add model)."""

import re

# A conversation id: what a client may send and what the history is keyed by.
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
