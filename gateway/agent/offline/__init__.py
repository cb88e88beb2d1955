"""The offline quick-add model's logic: commands in plain words to task tool calls and replies.

`decide(read_conversation(items), now=..., tz=...)` gives the next Decision; the Agents SDK
`Model` wrapper is `gateway.agent.offline_model.QuickAddModel`.
"""

from gateway.agent.offline.conversation import Conversation, read_conversation
from gateway.agent.offline.intents import Decision, ToolCall
from gateway.agent.offline.planner import decide

__all__ = ["Conversation", "Decision", "ToolCall", "decide", "read_conversation"]
