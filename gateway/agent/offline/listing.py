"""Questions about tasks turned into list_tasks arguments, and a name for the list in replies.

"what's due this week", "show high priority #work", "find dentist", "what's overdue".
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from core.nl.dates import DateRange
from core.timefmt import format_rfc3339
from gateway.agent.offline.asking import asks_me, spelled_out
from gateway.agent.offline.intents import ListTasks
from gateway.agent.offline.keeping import FETCH, KINDS, Keep
from gateway.agent.offline.windows import RANGE, due_window
from gateway.agent.offline.words import (
    NOT_PRIORITY_RE,
    PRIORITY_RE,
    TAG_RE,
    cut,
    priority_of,
    tag_words,
)

_SHOW = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?P<verb>show|list|display|view|see|get"
    r"|give|tell|find|search|look\s+up|look\s+for|looking\s+for|where\s+is|where's|what's|whats"
    r"|when's|when\s+is|when\s+are|when\s+do\s+i\s+have"
    r"|what\s+is|what\s+are|what\s+do\s+i\s+have|what\s+have\s+i\s+got|what\s+did\s+i"
    r"|what\s+have\s+i|do\s+i\s+have|have\s+i\s+got|is\s+there|are\s+there|is\s+anything"
    r"|(?:are|is)\s+any(?=\s+(?:tasks|todos|to-dos|items|things|of\s+my)\b)"
    r"|anything|my|tasks|todos|to-dos"
    r"|agenda|overdue|upcoming|completed|next\s+up|which|any"
    r"|what\s+am\s+i\s+(?:doing|up\s+to)|what\s+(?:all\s+)?i(?=\s)"
    r"|what\s+(?:do|should|must|shall|can)\s+i"
    r"\s+(?:(?:need|have|got)\s+to\s+)?(?:do|work\s+on|start\s+with|tackle)"
    r"|what\s+(?:needs|is\s+there|remains)\s+(?:doing|to\s+(?:be\s+)?do(?:ne)?)"
    r"|(?:remaining|pending|outstanding|unfinished|open)(?=\s+(?:tasks|todos|to-dos|items|things"
    r"|stuff|jobs|work)\b)"
    r"|what(?=\s+(?:tasks|todos|to-dos|items|deadlines|things|jobs|chores)\b))\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "tagged work and due tomorrow": the word after "and" is another filter, not a second tag.
_NOT_FILTER = (
    r"(?!(?:due|overdue|high|low|medium|urgent|important|completed|done|open|today|tomorrow"
    r"|tonight|this|next|sorted|ordered|by|p[1-4]|priority|before|after)\b)"
)
# "tagged work", "labelled home", "with the tag work" in a question about tasks.
_LIST_TAGS = re.compile(
    r"\b(?:(?:tagged|labell?ed)(?:\s+(?:as|with))?"
    r"|(?:with|have|having|has|carry|carrying)\s+(?:the\s+|a\s+)?(?:tags?|labels?))\s+"
    r"(?P<tags>[#@]?[^\W\d][\w-]*(?:(?:\s*,\s*|\s+(?:and|or)\s+)"
    + _NOT_FILTER
    + r"[#@]?[^\W\d][\w-]*)*)"
    # "with the work tag", "carrying the home label": the name before the noun.
    r"|\b(?:with|have|having|has|carry|carrying|under|in)\s+(?:the\s+|a\s+|my\s+)?"
    r"(?P<tags2>[#@]?[^\W\d][\w-]*)\s+(?:tags?|labels?)\b",
    re.IGNORECASE,
)
# Verbs that also start tasks ("get milk", "see the doctor") or statements ("my head hurts"):
# a listing only when what follows is about tasks.
_OBJECT_VERBS = ("get", "give", "see", "view", "my")
_ABOUT_TASKS = re.compile(
    r"(?:me\b|us\b|all\b|everything\b|anything\b|what\b|which\b|(?:my|the|our)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:tasks?|todos?|to-dos?|list|agenda|items|things|stuff|schedule|plate"
    r"|deadlines|reminders)\b|(?:[\w-]+\s+){0,3}?(?:tasks?|todos?|to-dos?|list|agenda"
    r"|items|things|stuff|schedule|plate|deadlines|reminders)\b|#|@|$)",
    re.IGNORECASE,
)
_SEARCH_VERBS = (
    "when's",
    "when is",
    "when are",
    "when do i have",
    "find",
    "search",
    "look up",
    "look for",
    "looking for",
    "where is",
    "where's",
)
_QUESTION_VERBS = ("what", "which")  # "what is the weather": not about tasks
_STOP = {
    "me", "my", "all", "the", "a", "an", "tasks", "task", "todos", "todo", "to-dos", "items",
    "item", "things", "stuff", "is", "are", "do", "i", "have", "got", "anything", "any", "due",
    "on", "for", "in", "with", "tagged", "tag", "tags", "that", "which", "there", "list",
    "please", "of", "agenda", "open", "pending", "remaining", "left", "to", "what", "what's",
    "whats", "show", "up", "s", "priority", "prio", "and", "or", "now", "currently", "today's",
    "else", "still", "about", "called", "named", "containing", "matching", "again",
    "everything", "labelled", "labeled", "label", "labels", "am", "get", "so", "far",
    "wat", "wht", "looking", "between", "from", "coming", "upcoming", "scheduled", "planned",
    "lined", "to-do", "deadline", "deadlines", "lot", "lots", "much", "jobs", "chores", "need",
    "needs", "doing", "should", "must", "schedule", "like", "priorities", "plan", "count",
    "total", "number", "most", "thing", "one", "ones", "todo's", "them", "those", "these",
    "going", "happening", "something", "someting", "that's", "thats", "mentioning", "mention",
    "mentions", "regarding", "concerning", "involving", "related", "ahead", "waiting", "yet",
    "recently", "lately", "just", "whole", "entire", "full",
}  # fmt: skip
# "my important stuff", "anything critical?": a flag word asks for that priority.
_FLAGS = {"important": "high", "urgent": "urgent", "critical": "urgent"}
_FLAG = re.compile(r"\b(?P<flag>important|urgent|critical)\b", re.IGNORECASE)
# "how many tasks …", "how much is overdue", "count my #work tasks", "how busy am I tomorrow".
_COUNT = re.compile(
    r"^(?:(?:tell|show|give)\s+me\s+)?(?:how|hw)\s*(?:many|much)\b|^count\s+how\s+many\b"
    r"|^(?:(?:what'?s|what\s+is)\s+)?(?:my|the)?\s*(?:task|todo)s?\s+count\b"
    r"|^(?:what'?s|what\s+is)\s+the\s+(?:count|number|total)\s+of\b"
    r"|^(?:the\s+)?(?:total\s+)?(?:no\.?\s+of|num(?:ber)?(?:\s+of)?|count(?:\s+of)?|total)"
    r"(?=\s+(?:my\s+|all\s+)?"
    r"(?:\S+\s+)?(?:tasks?|todos?|to-dos?|items?|things)\b)"
    r"|^(?:am\s+i|are\s+we)\s+(?:busy|free|swamped|slammed)\b|^count\b|^(?:the\s+)?number\s+of\b"
    r"|^how\s+(?:busy|loaded|packed|full|free|swamped)\b",
    re.IGNORECASE,
)
_TASK_NOUN = re.compile(
    r"\b(?:tasks?|todos?|to-dos?|items?|things?|stuff|overdue|left|due|busy|loaded|packed|full"
    r"|free|swamped|#\w+)",
    re.IGNORECASE,
)
# Up to this many tasks are counted exactly; with more, the answer says "at least".
COUNT_LIMIT = 100
_COMPLETED = re.compile(
    r"\b(?:completed|complete|done|finished|finish|closed|did|accomplished"
    r"|(?:checked|check|ticked|tick|crossed|cross)\s+off)\b",
    re.IGNORECASE,
)
_OVERDUE = re.compile(
    r"\b(?:overdue|late|past\s+due|missed|(?:past|after|beyond|over)\s+(?:its|their|the)\s+"
    r"(?:due\s+dates?|deadlines?|dates?))\b",
    re.IGNORECASE,
)
# "everything, including the finished ones": open and completed alike.
_WITH_DONE = (
    r"(?:(?:including|incl\.?|with|plus|and)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:completed|done"
    r"|finished|closed|ticked[\s-]off|checked[\s-]off)(?:\s+(?:ones|tasks|items|todos))?"
    # "everything, done or not", "open and done": both kinds.
    r"|(?:done|finished|completed?)\s+or\s+not|(?:open|undone|pending)\s+(?:and|or|&)\s+"
    r"(?:done|finished|completed)|(?:done|finished|completed)\s+(?:and|or|&)\s+(?:open|undone"
    r"|pending|not))"
)
_ALL = re.compile(r"\b(?:all|everything)\b", re.IGNORECASE)
_NEXT = re.compile(
    r"\b(?:next|next\s+up|coming\s+up\s+next)\b(?:\s+(?:tasks?|things?|items?|todos?|to-dos?"
    r"|deadlines?|ones?|jobs?))?"
    r"(?:\s+(?:on\s+(?:my|the)\s+(?:list|plate|agenda)|for\s+me|to\s+do))?\s*$",
    re.IGNORECASE,
)
# "the most urgent thing", "my most important tasks": the list by priority, most pressing first.
_MOST = re.compile(r"\b(?:most\s+(?:urgent|important|pressing)|highest\s+priority)\b", re.I)
_INCLUDING_DONE = re.compile(r"\b" + _WITH_DONE + r"\b", re.I)
_SORT = re.compile(
    r"\b(?:sorted\s+|ordered\s+)?by\s+(?P<key>priority|due(?:\s+date)?|date|deadline|title|name)\b",
    re.I,
)
# "what did I add yesterday", "tasks I created this week", "recently added": by when added.
_ADDED = re.compile(
    r"^(?:just\s+)?(?:add|added|create|created|put|enter|entered)\b"
    r"(?:\s+(?:in|on|to)\b(?:\s+(?:the|my)\s+list)?)?"
    r"|\b(?:(?:i|we|you)\s+(?:have\s+|'ve\s+|just\s+)?)?(?:added|created|entered)\b",
    re.IGNORECASE,
)
_NEWEST = re.compile(
    r"\b(?:newest|latest|most\s+recent(?:ly\s+added)?|recently\s+(?:added|created)"
    r"|new(?:ly)?\s+added|last\s+added)\b(?:\s+(?:ones?\s+)?first)?",
    re.IGNORECASE,
)
_OLDEST = re.compile(
    r"\b(?:oldest|earliest\s+(?:added|created))\b(?:\s+(?:tasks?\s+|ones?\s+)?first)?",
    re.IGNORECASE,
)
_LIMIT = re.compile(r"\b(?:top|first)\s+(?P<a>\d+)\b|\b(?P<b>\d+)\s+(?:tasks|todos|items)\b", re.I)


# "sort my tasks by priority", "order them by date": the list in that order.
_SORT_REQUEST = re.compile(
    r"^(?:please\s+)?(?:sort|order|arrange|organi[sz]e|rank)\s+(?P<what>.*?)\s*"
    r"(?=\bby\s+(?:priority|due|date|deadline|title|name)\b)",
    re.IGNORECASE,
)
# "what do I need to buy", "what calls do I have to make": a search for that verb or noun.
_NEED_TO = re.compile(
    r"^(?:so\s+)?what\s+(?:(?P<noun>[a-z]+)\s+)?(?:do|should|must|shall)\s+(?:i|we)\s+(?:still\s+)?"
    r"(?:need|have|got)\s+to\s+(?P<verb>[a-z]+)\b(?:\s+(?:up|off|out|back|in))?(?P<rest>.*)$",
    re.IGNORECASE,
)
# Verbs that ask for the whole list: "what do I need to do / finish / remember today".
_ANY_WORK = {
    "do", "finish", "complete", "handle", "tackle", "remember", "work", "focus", "sort", "get",
    "deal", "take", "start", "achieve", "accomplish", "prepare", "know",
}  # fmt: skip


def parse_list(text: str, *, now: datetime, tz: str) -> ListTasks | None:
    """list_tasks arguments for a question about tasks, or None when it is not one."""
    text = _SORT_REQUEST.sub(r"show \g<what> ", text)
    need = _NEED_TO.match(text)
    if need and need["verb"].lower() not in _ANY_WORK:
        text = f"find {need['noun'] or need['verb']} {need['rest']}"
    elif need:
        text = f"what do i need to do {need['rest']}"
    text = spelled_out(text)
    text = _COUNT_LEAD.sub("", text)
    text = text.strip()
    if re.fullmatch(r"(?:today|tomorrow|(?:this|next)\s+week)\s*\??", text, re.I):
        text = "show " + text  # "today?", "my day" (spelled out as today): that day's list
    count = _COUNT.match(text)
    if count is None:
        return _parse_list(text, now=now, tz=tz)
    # A count is the same list, answered with its size: "how many #work tasks" = "show #work".
    listed = _parse_list("show " + text[count.end() :], now=now, tz=tz)
    if listed is None or (listed.arguments.get("q") and not _TASK_NOUN.search(text)):
        return None  # "how many cats are there": not about tasks
    arguments = {**listed.arguments, "limit": listed.arguments.get("limit", COUNT_LIMIT)}
    return replace(listed, arguments=arguments, count=True)


# "in total, how many …", "quick count: how much is overdue": the count asked for.
_COUNT_LEAD = re.compile(
    r"^(?:in\s+total|all\s+in\s+all|overall|altogether|quick(?:\s+count)?|roughly|just)"
    r"\s*[:,\-]?\s*(?=how\s+(?:many|much)\b)",
    re.IGNORECASE,
)


def parse_query(text: str, *, now: datetime, tz: str) -> ListTasks | None:
    """parse_list for a message that can only be a question ("show me what is due tomorrow",
    "how many …"); tried before the edit parsers, which would read "… is due tomorrow"."""
    if not (asks_me(text) or _COUNT.match(_COUNT_LEAD.sub("", text))):
        return None
    return parse_list(text, now=now, tz=tz)


def _parse_list(text: str, *, now: datetime, tz: str) -> ListTasks | None:
    """The stages below peel filters off the request one after another; each sees what the
    earlier ones left, so their order is part of the grammar."""
    match = _SHOW.match(text)
    if match is None:
        return None
    verb = " ".join(match["verb"].lower().split())
    rest = _subject(verb, match["rest"].strip(" ?.!"))
    if rest is None:
        return None
    args: dict[str, Any] = {}
    label: list[str] = []
    rest, tags, priorities = _peel_tags_and_priorities(rest, args)
    rest = _peel_sort_and_limit(rest, args)
    # "overdue or due today", "overdue and today": both lists, i.e. all due until that day ends.
    either = re.search(r"\b(?:overdue|late|past\s+due)\s+(?:and|or|&|\+|plus)\s+", rest, re.I)
    if _OVERDUE.search(rest):
        args["overdue"] = True
        rest = _OVERDUE.sub(" ", rest)
    rest, verb = _peel_status(rest, verb, args, has_filter=bool(tags or priorities))
    if verb == "next up" or (_NEXT.search(rest) and not RANGE.search(rest)):
        rest = _next_up(rest, args, label, now)
    keep: Keep | None = None
    if "due_after" not in args:
        window, phrase, rest = due_window(rest, now=now, tz=tz)
        if window is not None:
            keep = _apply_window(window, phrase, args, label, either=either is not None)
    if keep is None:
        rest, keep = _peel_kind(rest, args, label)
    return _listing(verb, rest, args, label, keep, tags=tags, priorities=priorities)


def _listing(
    verb: str,
    rest: str,
    args: dict[str, Any],
    label: list[str],
    keep: Keep | None,
    *,
    tags: list[str],
    priorities: list[str],
) -> ListTasks | None:
    """The list call: the filters read, and what words are left as the search."""
    words = [w for w in re.findall(r"[\w'-]+", rest) if w.lower() not in _STOP]
    if priorities:
        args["priority"] = list(dict.fromkeys(priorities))
    if tags:
        args["tags"] = tags
    if words:
        if verb.startswith(_QUESTION_VERBS) and not (args or tags or priorities):
            return None  # "what is the weather": a question, not a search
        args["q"] = " ".join(words)
    if set(args) == {"q"}:  # a plain search: open tasks, the first ten, as a lookup asks
        args.update(status="open", limit=10)
    if keep is not None and keep.by_time:
        return ListTasks(arguments=args, label=_label({}, " ".join(label)), keep=keep)
    return ListTasks(arguments=args, label=_label(args, " ".join(label)), keep=keep)


def _subject(verb: str, rest: str) -> str | None:
    """What the request asks about, the verb's own filter added; None: not about the list."""
    if verb == "my" and rest.lower() in ("day", "week"):
        rest = "today" if rest.lower() == "day" else "this week"  # "my day", as in To Do
    elif verb in _OBJECT_VERBS and not _ABOUT_TASKS.match(rest):
        return None  # "get milk", "my head hurts", "see the doctor": not about the list
    if verb in ("upcoming", "overdue", "completed"):  # the verb is the filter too
        rest = f"{verb} {rest}"
    if verb in _SEARCH_VERBS:
        rest = re.sub(r"^(?:for\s+)?", "", rest)
    return rest


def _peel_tags_and_priorities(rest: str, args: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """Tags ("#work", "tagged work") and priorities ("urgent", "!!", "most important")."""
    worded = list(_LIST_TAGS.finditer(rest))
    rest = _LIST_TAGS.sub(" ", rest)
    tags = [tag for m in worded for tag in tag_words(m["tags"] or m["tags2"])]
    tags += [m["tag"].rstrip(".:/-").lower() for m in TAG_RE.finditer(rest)]
    rest = TAG_RE.sub(" ", rest)
    rest = NOT_PRIORITY_RE.sub(" ", rest)
    if _MOST.search(rest):
        args.update(sort="priority", order="asc", limit=5)
        rest = _MOST.sub(" ", rest)
    priorities = [priority_of(m).value for m in PRIORITY_RE.finditer(rest)]
    rest = PRIORITY_RE.sub(" ", rest)
    if not priorities:
        priorities = [_FLAGS[m["flag"].lower()] for m in _FLAG.finditer(rest)]
        rest = _FLAG.sub(" ", rest)
    rest = re.sub(r"\b(urgent|high|medium|low)\b(?=\s+(?:tasks?|todos?|items?|ones?)\b)", " ", rest)
    return rest, tags, priorities


def _peel_sort_and_limit(rest: str, args: dict[str, Any]) -> str:
    """The order and the count: "sorted by title", "top 3"."""
    sort = _SORT.search(rest)
    if sort:
        rest = cut(rest, [sort.span()])
        key = sort["key"].split()[0]
        args["sort"] = {"name": "title", "date": "due", "deadline": "due"}.get(key, key)
        args["order"] = "asc"  # priority ascending is urgent first
    limit = _LIMIT.search(rest)
    if limit:
        args["limit"] = int(limit["a"] or limit["b"])
        rest = cut(rest, [limit.span()])
    return rest


def _peel_status(
    rest: str, verb: str, args: dict[str, Any], *, has_filter: bool
) -> tuple[str, str]:
    """Added when, newest or oldest first, done or all; the verb "show" once "added" is read."""
    added = _ADDED.search(rest) if verb.endswith(("did i", "have i")) else None
    added = added if added and added.start() == 0 else _ADDED.search(rest)
    if added and "status" not in args:
        # Added when, not done: open and completed alike, newest first.
        args.update(status="all", sort="created", order="desc")
        rest = cut(rest, [added.span()])
        verb = "show"
    for pattern, order in ((_NEWEST, "desc"), (_OLDEST, "asc")):
        if pattern.search(rest) and "sort" not in args:
            args.update(sort="created", order=order)
            rest = pattern.sub(" ", rest)
    if _INCLUDING_DONE.search(rest):
        args["status"] = "all"
        rest = _INCLUDING_DONE.sub(" ", rest)
    elif (
        verb == "completed"
        or (verb != "find" and _COMPLETED.search(rest))
        or verb.endswith("did i")
    ):
        args["status"] = "completed"
        args.setdefault("sort", "updated")
        args.setdefault("order", "desc")
        rest = _COMPLETED.sub(" ", rest)
    elif _ALL.search(rest) and not (has_filter or args.get("overdue")):
        args["status"] = "all"
        rest = _ALL.sub(" ", rest)
    return rest, verb


def _apply_window(
    window: DateRange, phrase: str, args: dict[str, Any], label: list[str], *, either: bool
) -> Keep | None:
    """The due (or, for done and added lists, completed or created) window as filters."""
    stamped = args.get("sort") == "created" and args.get("status") == "all"
    if (args.get("status") == "completed" or stamped) and window.start and window.end:
        # Finished or added on a day: list_tasks filters by due only; the reply filters.
        kind = "created" if stamped else "completed"
        label.append(("added " if stamped else "completed ") + phrase)
        args["limit"] = FETCH
        return Keep(kind, window.start, window.end)
    if either and window.end is not None:
        del args["overdue"]
        args.update(due_before=format_rfc3339(window.end), sort="due", order="asc")
        label.append("overdue or due " + phrase)
        return None
    if window.start is not None:
        args["due_after"] = format_rfc3339(window.start)
    if window.end is not None:
        args["due_before"] = format_rfc3339(window.end)
    args.setdefault("sort", "due")
    args.setdefault("order", "asc")
    label.append("due " + phrase)
    return None


def _next_up(rest: str, args: dict[str, Any], label: list[str], now: datetime) -> str:
    """What comes next ("what's next"): the first five due from now on."""
    args.update(sort="due", order="asc", due_after=format_rfc3339(now))
    args.setdefault("limit", 5)
    label.append("coming up next")
    return _NEXT.sub(" ", rest)


def _peel_kind(rest: str, args: dict[str, Any], label: list[str]) -> tuple[str, Keep | None]:
    """A kind of task the API cannot filter by ("recurring ones"): the reply keeps those."""
    for kind, pattern, words_for_it in KINDS:
        if pattern.search(rest):
            args["limit"] = FETCH
            label.insert(0, words_for_it)
            return pattern.sub(" ", rest), Keep(kind)
    return rest, None


def _label(args: dict[str, Any], due: str) -> str:
    """The list as a noun phrase: "high priority #work tasks due this week"."""
    adjectives = []
    if args.get("status") == "completed":
        adjectives.append("completed")
    elif args.get("status") == "all":
        adjectives.append("all")
    if args.get("overdue"):
        adjectives.append("overdue")
    for level in args.get("priority", []):
        adjectives.append(level if level == "urgent" else f"{level} priority")
    adjectives.extend("#" + tag for tag in args.get("tags", []))
    plain = "tasks" if args.get("q") or due else "open tasks"
    noun = " ".join([*adjectives, "tasks"]) if adjectives else plain
    if args.get("q"):
        noun += f" matching “{args['q']}”"
    return f"{noun} {due}" if due else noun
