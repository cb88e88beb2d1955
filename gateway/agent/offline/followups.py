"""Follow-ups that only make sense after the previous turn: "and the third", "same for 3",
"what about the gym one?" (the previous action on another task), and "yes" to a question that
asked to delete several tasks at once."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from core.nl import find_when
from gateway.agent.offline.commands import NO, YES, parse_command
from gateway.agent.offline.conversation import (
    FIND_PREFIX,
    Conversation,
    Exchange,
    pending_deletes,
    tasks_of,
)
from gateway.agent.offline.intents import Act, Command, Say, Target
from gateway.agent.offline.replies import quoted
from gateway.agent.offline.targets import parse_targets

_I = re.IGNORECASE
# "and the third", "also 2", "and 2 as well": the previous action, on the task named.
_AND = re.compile(
    r"(?:and\s+also|and|also|plus)\s+(?P<t>.+?)(?:\s+(?:too|as\s+well|also))?"
    r"|(?P<t2>.+?)\s+(?:too|as\s+well)",
    _I,
)
# "same for 3", "do the same with groceries", "what about the gym one?".
_SAME = re.compile(
    r"(?:(?:(?:and\s+)?(?:now\s+)?do\s+)?the\s+same\s+(?:for|with|to)|same\s+(?:for|with|goes\s+for)"
    r"|(?:and\s+)?(?:what|how)\s+about)\s+(?P<t>.+?)(?:\s+(?:too|as\s+well|also))?",
    _I,
)
# Only a task named the way one points at it: "the gym", "my gym one", "2", "that one".
_NOUN_PHRASE = re.compile(r"(?:the|my|that|this|those|these|both|all|them|it|#?\d)\b", _I)


def command_for(conversation: Conversation, text: str, *, now: datetime, tz: str) -> Command | None:
    """The Command a follow-up gives, or None when `text` is not a follow-up."""
    waiting = pending_deletes(conversation)
    if len(waiting) > 1 and (YES.fullmatch(text) or NO.fullmatch(text)):
        if NO.fullmatch(text):
            return Say(f"OK, I kept {quoted([str(t['title']) for t in waiting])}.")
        targets = tuple(Target(kind="id", query=str(t["id"])) for t in waiting)
        return Act(action="delete", targets=targets, changes={"confirm": True})
    bare = text.rstrip(" ?!.")
    answer = _answer_to_which(conversation, bare, now=now, tz=tz)
    if answer is not None:
        return answer
    pointed = parse_targets(bare)
    if pointed and all(t.kind == "it" for t in pointed):
        return _pointed_at(bare)
    targets = _named(bare)
    if not targets:
        return None
    previous = _previous_act(conversation, now=now, tz=tz)
    if previous is None and _WHAT_ABOUT.match(bare):
        return Act(action="details", targets=targets)  # "what about the second one?"
    if previous is None:
        if all(t.kind == "position" for t in targets) or _CONTINUING.match(bare):
            # "and the dentist", "same for 3" with nothing said before: never a new task.
            return Say(f"What should I do with “{text}”? Say e.g. “complete 2” or “delete 2”.")
        return None
    return replace(previous, targets=targets)


_WHAT_ABOUT = re.compile(r"(?:what|how)\s+about\b", re.I)
_CONTINUING = re.compile(r"(?:and|also|plus|same\s+for|what\s+about|how\s+about)\b", re.I)
# Words that do not tell one listed task from another: "the one with mom" -> "mom".
_FILLER = {"the", "one", "with", "for", "to", "my", "about", "a", "an", "of", "task", "please"}


def _answer_to_which(
    conversation: Conversation, bare: str, *, now: datetime, tz: str
) -> Command | None:
    """ "2", "both", "call bob" or "the one with mom" after "Several tasks match “call”. Which
    one?": the earlier command, with the chosen task(s) in place of "call" (any other task it
    named stays)."""
    lookup = _which_lookup(conversation)
    if lookup is None or len(conversation.messages) < 2:
        return None
    earlier = parse_command(conversation.messages[-2], now=now, tz=tz)
    if not isinstance(earlier, Act):
        return None
    options = tasks_of(lookup.output)
    chosen = _chosen(options, bare)
    if isinstance(chosen, Say) or chosen is None:
        return chosen
    asked = str(lookup.arguments.get("q", ""))
    ids = tuple(Target(kind="id", query=str(task["id"])) for task in chosen)
    targets: list[Target] = []
    for target in earlier.targets:
        replaced = target.kind == "title" and target.query == asked
        targets.extend(ids if replaced else (target,))
    if not any(t.kind == "id" for t in targets):
        targets = list(ids)
    return replace(earlier, targets=tuple(targets))


def _chosen(options: list[dict[str, Any]], bare: str) -> list[dict[str, Any]] | Say | None:
    """Which of the listed tasks an answer picks; None when it is no answer to the question."""
    picked = parse_targets(bare)
    if picked and all(t.kind == "position" for t in picked):
        indexes = [t.position - 1 if t.position > 0 else len(options) + t.position for t in picked]
        if not all(0 <= i < len(options) for i in indexes):
            return None  # the planner says the number is not in the list
        return [options[i] for i in indexes]
    if picked and all(t.kind == "it" and t.query for t in picked):
        return options  # "both", "all of them"
    words = {w for w in re.findall(r"\w+", bare.casefold()) if w not in _FILLER}
    fits = [
        task
        for task in options
        if words and words <= set(re.findall(r"\w+", str(task["title"]).casefold()))
    ]
    if len(fits) > 1:
        return Say(f"More than one of those tasks matches “{bare}”; say its number, e.g. “1”.")
    return fits or None


def _which_lookup(conversation: Conversation) -> Exchange | None:
    """The lookup whose matches the previous turn listed with "Which one?", or None."""
    previous = conversation.previous_turn()
    if not previous or not all(e.call_id.startswith(FIND_PREFIX) for e in previous):
        return None
    ambiguous = [e for e in previous if len(tasks_of(e.output)) > 1]
    return ambiguous[0] if ambiguous else None


def _pointed_at(bare: str) -> Command | None:
    """ "both", "them", "that one" said alone, and not after "Which one?": a question, never a
    task called "Both"."""
    if re.fullmatch(r"all(?:\s+\w+)?", bare, _I):
        return None  # "all" alone may ask for a list of everything; the list parser decides
    return Say(
        f"What should I do with “{bare}”? Say e.g. “complete {bare}”, “delete {bare}” or "
        f"“move {bare} to friday”."
    )


def _named(text: str) -> tuple[Target, ...]:
    """The targets of "and the third" / "same for gym"; () when `text` is not that shape."""
    same = _SAME.fullmatch(text)
    match = same or _AND.fullmatch(text)
    if match is None:
        return ()
    named = match["t"] or match.groupdict().get("t2") or ""
    targets = parse_targets(named)
    if all(t.kind != "title" for t in targets):
        return targets  # "the 4th one" is a position, not a date
    if find_when(named) or (same is None and not _NOUN_PHRASE.match(named)):
        return ()  # "also call the bank tomorrow" is a new request, not the last one again
    return targets


def _previous_act(conversation: Conversation, *, now: datetime, tz: str) -> Act | None:
    """The action of the latest earlier message that was one, over follow-ups and "2"s."""
    for message in reversed(conversation.messages[:-1]):
        command = parse_command(message, now=now, tz=tz)
        if isinstance(command, Act) and command.action not in ("activity",):
            return command
        bare = message.rstrip(" ?!.")
        if not (_named(bare) or parse_targets(bare)):
            return None
    return None
