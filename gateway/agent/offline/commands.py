"""What a message asks for: one Command per message, tried from the most specific pattern on."""

from __future__ import annotations

import re
from datetime import datetime

from gateway.agent.offline import replies
from gateway.agent.offline.adding import ADD_VERB, REMIND_PREFIX, parse_add
from gateway.agent.offline.edits import PARSERS
from gateway.agent.offline.intents import Add, Command, Say, Undo
from gateway.agent.offline.listing import parse_list
from gateway.agent.offline.targets import parse_targets

_I = re.IGNORECASE
YES = re.compile(
    r"(?:yes|y|yep|yeah|yup|sure|ok|okay|confirm(?:ed)?|do it|go ahead|please do|delete it"
    r"|yes,? (?:please|delete it|do it|go ahead|i'm sure|sure))",
    _I,
)
NO = re.compile(
    r"(?:no|n|nope|nah|cancel|don't|do not|keep it|never ?mind|stop|no,? (?:thanks|keep it))", _I
)
_HELP = re.compile(
    r"(?:help|\?|what can you do|what do you do|commands|how does this work|how do i use this"
    r"|what can i say|examples?)",
    _I,
)
_HELLO = re.compile(r"(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))(?: there)?", _I)
_THANKS = re.compile(r"(?:thanks|thank you|thx|ty|cheers|great|cool|perfect|nice)(?: .*)?", _I)
_UNDO = re.compile(
    r"(?:undo|revert|take that back)(?: (?:that|it|this|the last (?:one|change)))?", _I
)

_BARE_VERB = re.compile(
    r"(?P<verb>add|new|create|new task|remind me|complete|done|finish|delete|remove|skip|reopen"
    r"|rename|move|postpone|reschedule)",
    _I,
)


def parse_command(text: str, *, now: datetime, tz: str) -> Command:
    """The Command for one message (Say with help when it is not understood)."""
    message = " ".join(text.strip().split())
    bare = message.rstrip(" .!")
    if not bare or _HELP.fullmatch(bare):
        return Say(replies.HELP)
    if _HELLO.fullmatch(bare):
        return Say("Hi! " + replies.HELP)
    if _THANKS.fullmatch(bare):
        return Say("You're welcome.")
    if YES.fullmatch(bare) or NO.fullmatch(bare):
        return Say("There is nothing waiting for a yes or no right now.")
    if _UNDO.fullmatch(bare):
        return Undo()
    positions = parse_targets(bare)
    if positions and all(target.kind == "position" for target in positions):
        return Say(
            f"What should I do with “{bare}”? Say e.g. “complete {bare}”, “delete {bare}” or "
            f"“move {bare} to friday”."
        )
    verb = _BARE_VERB.fullmatch(bare)
    if verb:
        if verb["verb"].lower() in ("add", "new", "create", "new task", "remind me"):
            return Say("What should I add? Say e.g. “add call mom tomorrow 5pm”.")
        word = verb["verb"].lower()
        return Say(f"Which task? Say e.g. “{word} 2” or “{word} dentist”.")
    # Only a full stop is dropped for the parsers: "!!" is a priority and "?" may end a title.
    sentence = message.rstrip(" .")
    for parser in (_add, *PARSERS):
        command = parser(sentence, now, tz)
        if command is not None:
            return command
    listed = parse_list(bare, now=now, tz=tz)
    if listed is not None:
        return listed
    plan = parse_add(message, now=now, tz=tz)
    if plan.error and plan.details:
        return Say(plan.error)
    if plan.details and not plan.error:
        return Add(arguments=plan.arguments, note=plan.note)
    return Say(replies.not_understood(bare))


def _add(text: str, now: datetime, tz: str) -> Command | None:
    if not (ADD_VERB.match(text) or REMIND_PREFIX.match(text)):
        return None
    if re.match(r"add\s+(?:tags?\s+)?#\S+(?:\s+#\S+)*\s+to\s", text, _I):
        return None  # "add #work to 2" tags a task
    plan = parse_add(text, now=now, tz=tz, explicit=True)
    if plan.error:
        return Say(plan.error)
    return Add(arguments=plan.arguments, note=plan.note)
