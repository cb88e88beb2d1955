"""Something done, reported in the past tense, that names a task of the list on screen.

"called mom" (after a list with "Call mom"), "went to the gym" ("Gym"), "I've been to the
dentist", "did the groceries": the verb turned back to its base form, and the words after it,
must fit exactly one shown task. Without a list on screen these stay what they were (a title,
or not understood): "called mom" alone could as well be a note to keep.
"""

from __future__ import annotations

import re
from typing import Any

from gateway.agent.offline.completing import base_form
from gateway.agent.offline.intents import Act, Target

_REPORT = re.compile(
    r"^(?:(?:i|we)(?:'ve|'d)?\s+(?:have\s+|had\s+)?)?(?:just\s+|already\s+|finally\s+)?(?P<verb>[a-z]+)"
    r"\s+(?P<rest>.+?)(?:\s+(?:already|today|yesterday|earlier(?:\s+today)?|just\s+now|now"
    r"|this\s+(?:morning|afternoon|evening)|last\s+night|at\s+last|finally))?$",
    re.IGNORECASE,
)
# Words that say nothing about which task it was.
_FILLER = {
    "the", "a", "an", "my", "our", "to", "at", "up", "off", "out", "with", "for", "of", "in",
    "on", "that", "this", "it",
}  # fmt: skip


def reported_done(text: str, shown: list[dict[str, Any]]) -> Act | None:
    """Complete the one shown task a past-tense report names, if exactly one fits."""
    text = re.sub(r"(?:\s+have|'ve)\s+been\s+to\b", " went to", text, flags=re.IGNORECASE)
    match = _REPORT.match(text.strip(" .!"))
    if match is None:
        return None
    base = base_form(match["verb"])
    if base is None or base == match["verb"].lower():
        return None  # not a past tense ("read", "put" are the same either way: not a report)
    words = [w for w in re.findall(r"\w+", match["rest"].casefold()) if w not in _FILLER]
    fits = _fitting([base, *words], shown) or _fitting(words, shown)
    if len(fits) != 1:
        return None
    return Act("complete", (Target(kind="id", query=str(fits[0]["id"])),))


def _fitting(words: list[str], shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not words:
        return []
    return [
        task
        for task in shown
        if all(
            re.search(rf"\b{re.escape(w)}", str(task.get("title", "")).casefold()) for w in words
        )
    ]
