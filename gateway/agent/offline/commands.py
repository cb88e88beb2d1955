"""What a message asks for: one Command per message, tried from the most specific pattern on."""

from __future__ import annotations

import re
from datetime import datetime

from core.nl import find_recurrence, find_when
from gateway.agent.offline import replies, several
from gateway.agent.offline.adding import ADD_VERB, REMIND_PREFIX, parse_add
from gateway.agent.offline.edits import PARSERS
from gateway.agent.offline.intents import Add, Command, Say, Undo
from gateway.agent.offline.listing import parse_list, parse_query
from gateway.agent.offline.reminding import parse_reminder_edit
from gateway.agent.offline.targets import parse_targets
from gateway.agent.offline.verb_typos import fix_command_verb
from gateway.agent.offline.words import PRIORITY_RE, TAG_RE, TAG_WORDS_RE, cut

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
    r"(?:help(?: me)?(?: please)?|i need (?:some )?help(?: with (?:my )?(?:tasks|this|the app))?|\?"
    r"|what (?:else )?can you do(?: for me)?|what do you do|(?:what are )?(?:your |the )?commands"
    r"|what (?:are|r) (?:you|u) able to do(?: for me)?|help me out(?: here)?"
    r"|what (?:do|can|should) i (?:type|say|write|ask|put)(?: here| in here)?"
    r"|how (?:am i supposed to|do i|should i|can i) use (?:this|it|you|u)(?: thing| app| bot)?"
    r"|what (?:else )?can you help(?: me)? with|can you help(?: me)?|how can you help(?: me)?"
    r"|what (?:sort|kind|type)s? of (?:things|stuff|tasks|commands) (?:can|do) (?:you|u)"
    r"(?: (?:do|handle|understand|help(?: me)?(?: with)?))?"
    r"|what can i (?:say|ask|ask you|type|write|do here)"
    r"|how does (?:this|it) work(?: then)?|how do i use (?:this|it|you|u)"
    r"|what can i say|examples?)",
    _I,
)
_HELLO = re.compile(
    # Greetings in the other languages people mix in: "namaste", "hola", "salut".
    r"(?:hi|hello|hey|heya|hiya|howdy|yo|(?:good )?(?:morning|afternoon|evening)|namaste"
    r"|namaskar|hola|bonjour|salut|hallo|salaam|salam|as-?salaam(?:u)? alaikum|shalom"
    r"|konnichiwa|ola|olá|hej|moin|servus|g'?day)"
    r"(?: there| all| everyone| mate| buddy| pal| friend| guys| folks| assistant| bot)?"
    r"|(?:is )?any(?:one|body) (?:home|there|around|about)",
    _I,
)
_THANKS = re.compile(
    r"(?:thanks|thank you|thank u|thanku|thankyou|thx|thnx|thanx|tnx|ty|ta|cheers|many thanks"
    r"|much appreciated|appreciate it|thanks a million)"
    r"(?: .*|[,!.]\s*(?:that'?s|this is|it'?s|you'?re|very|so|much|mate|buddy)\b.*)?"
    r"|(?:great|cool|perfect|nice|awesome|brilliant)(?:,? (?:thanks|thank you|thx|cheers).*)?",
    _I,
)
# Small talk: a greeting or "ok"/"thanks" in front of something else is dropped first.
_OPENER = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|ok|okay|oh|so|well|great|cool)(?: there)?"
    r"|(?:ok(?:ay)?\s+)?(?:thanks|thank you|thx|cheers))\s*[,!.]?\s+",
    _I,
)
_BYE = re.compile(
    r"(?:(?:good ?night|night night|nighty night|nite|night)(?: to you(?: too)?| all| everyone)?"
    r"|bye(?:[- ]bye)?|goodbye|good bye|catch (?:you|ya)(?: later| tomorrow| soon)?"
    r"|that'?s me(?: done)?(?: for (?:now|today))?|that'?s everything"
    r"|ciao|adios|cheerio|ta-ra|toodles|take care|catch you later"
    r"|have a (?:good|nice|great|lovely) (?:day|evening|night|weekend|one)"
    r"|see (?:you|ya)"
    r"(?: later| soon| tomorrow| around)?|cya|later|ttyl"
    r"|that'?s (?:all|it)(?: for (?:now|today|tonight))?"
    r"|(?:i'?m|i am) (?:all )?(?:done|finished) for (?:now|today|tonight|the day)"
    r"|nothing (?:else|more)(?: for (?:now|today))?|no more(?: tasks)?(?: for (?:now|today))?)"
    r"(?: for now)?(?: then)?",
    _I,
)
# "going to bed now, good night", "logging off, bye": a goodbye after saying why.
_LEAVING = re.compile(
    r"(?:(?:i'?m\s+|i\s+am\s+)?(?:going|off|heading|headed)\s+(?:to\s+(?:bed|sleep|work)|out|off"
    r"|home)|logging\s+off|signing\s+off|time\s+for\s+bed|bedtime|gotta\s+go|got\s+to\s+go)"
    r"(?:\s+now)?\s*[,.!]?\s*",
    _I,
)
_WHO = re.compile(
    r"(?:who|what) (?:are|r) (?:you|u)|who (?:made|built|created|wrote) (?:you|u)"
    r"|what'?s your name|what is your name"
    r"|are you (?:a |an )?(?:bot|robot|human|person|ai|real|chat ?bot|assistant)"
    r"|who am i (?:talking|speaking|chatting|writing) (?:to|with)"
    r"|what (?:exactly )?(?:are|r) (?:you|u)(?: exactly)?",
    _I,
)
_HOW = re.compile(
    r"how are (?:you|u)(?: doing)?(?: today)?|how'?s it going|what'?s up|sup"
    r"|how(?:'s| is| has) your day(?: been)?(?: going)?(?: so far)?|how was your day"
    r"|how'?s it going(?: with you)?|how are things(?: with you)?"
    r"|how have you been",
    _I,
)
WHO_I_AM = (
    "I am the offline assistant of this todo app: I read task commands written in plain "
    "words, without an AI model. "
)
_UNDO = re.compile(
    r"(?:undo|revert|take that back)(?: (?:that|it|this|the last (?:one|change)))?", _I
)

_BARE_VERB = re.compile(
    r"(?P<verb>add|new|create|new task|remind me|complete|done|finish|delete|remove|skip|reopen"
    r"|rename|move|postpone|reschedule)",
    _I,
)


# Polite or roundabout openings; the request after them is parsed as if said directly.
_WRAPPER = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so)\b[,!]?\s+)?(?:(?:"
    r"(?:could|can|would|will)\s+(?:you|u)(?:\s+(?:please|pls|plz|kindly))?"
    r"(?:\s+be\s+so\s+kind\s+as\s+to|\s+mind|\s+be\s+able\s+to)?"
    r"|(?:please|pls|plz|kindly)(?:\s+to)?|do\s+the\s+needful(?:\s+and)?"
    r"|(?:(?:could|can|would)\s+(?:you|u)\s+)?do\s+me\s+a\s+(?:favou?r|kindness)(?:\s+and)?"
    r"|i(?:\s+(?:need|want|would\s+like)|['\u2019]d\s+like|\s+'d\s+like)\s+(?:you|u)\s+to"
    r"|i\s+(?:was|am|'m)\s+wondering\s+(?:if|whether)\s+(?:you|u)\s+(?:could|can|would|might)"
    r"|(?:dear|hey|hi|hello)\s+(?:assistant|bot|todo(?:\s+app)?)\s*,"
    r"|i\s+(?:was|am|'m)\s+wondering\s+(?:if|whether)\s+(?:you|u)\s+(?:could|can|would|might)"
    r"|(?:dear|hey|hi|hello)\s+(?:assistant|bot|todo(?:\s+app)?)\s*,"
    r"|i(?:'d|\s+would)\s+like\s+to|go\s+ahead\s+and"
    r"|(?:would|will)\s+it\s+be\s+possible\s+to|is\s+it\s+possible\s+to|do\s+you\s+mind"
    r"|(?:can|could|may)\s+i\s+(?:ask\s+you\s+to|get\s+you\s+to)"
    r")[\s,]+)+",
    _I,
)
_GERUND = re.compile(
    r"^(add|put(?=ting)|creat|mak|not|writ|jott?|remind|stick|pop(?=ping))(?:t|p)?ing\b", _I
)
_ON_LIST = re.compile(
    r"^(?:put|pop|stick|throw|get|place|add|write)\s+(?P<x>.+?)\s+(?:on|in|to|onto|into)\s+(?:my|the|our)"
    r"\s+(?:[\w-]+\s+)?(?:list|todos?|to-?do\s+list|tasks)(?P<after>\s+.+)?$",
    _I,
)
_NOTE = re.compile(
    r"^(?:(?:make|take|leave)\s+(?:a\s+)?note(?:\s+to\s+self)?(?:\s+to|\s+that|\s*:)?"
    r"|(?:jot|write|note|put|take)\s+down(?:\s+that|\s*:)?)\s+(?P<x>.+)$",
    _I,
)
# "remind me what I have tomorrow" asks for a list, not a reminder.
_REMIND_WHAT = re.compile(
    r"^remind\s+me\s+(?:of\s+)?(?:what|which\s+tasks)\s+(?:i\s+have|is\s+due|'s\s+due|is\s+on"
    r"|i\s+need\s+to\s+do|i\s+have\s+to\s+do)",
    _I,
)
_SET_REMINDER = re.compile(
    r"^(?:(?:set|create|add|make|put\s+in|schedule)\s+(?:a\s+|an\s+)?"
    r"|i(?:\s+would\s+like|'d\s+like|\s+want|\s+need)\s+(?:a|an)\s+)"
    r"reminder\s+(?:to|that\s+i\s+(?:need\s+to|should|must))\s+"
    r"|^reminders?\s*:\s*",
    _I,
)
# "make sure I remember to X", "note: X", "add to my list: X", "to do: X" all add X.
_ADD_LEAD = re.compile(
    r"^(?:make\s+sure\s+(?:that\s+)?i\s+(?:remember\s+to|don'?t\s+forget\s+to|do\s+not\s+forget\s+to)"
    r"|(?:note|to\s+do|todo|to-do)\s*:"
    r"|todo"
    r"|add\s+(?:this\s+)?(?:to|on(?:to)?)\s+(?:my|the|our)\s+(?:[\w-]+\s+)?"
    r"(?:list|todos?|to-?do\s+list|tasks)\s*:?(?:\s+that)?"
    r")\s+",
    _I,
)
# "add this to my list please: X": the politeness sits between the lead and the colon.
_LEAD_PLEASE = re.compile(r"\s+(?:please|pls|plz)\s*:", _I)
# "… on 1 december. Regards", "…, best": a letter's sign-off is not part of the request.
_SIGN_OFF = re.compile(
    r"(?:[.!,]\s*|\s+)(?:(?:kind|best|warm|many)\s+)?(?:regards|thanks(?:\s+in\s+advance)?"
    r"|thank\s+you|cheers|ta|rgds)[.!]*$|[.,]\s*best[.!]*$",
    _I,
)
_TRAILING = re.compile(
    r"(?:,?\s+(?:please|pls|plz)|,\s*(?:thanks|thank\s+you|thx|ty|cheers|ta)"
    r"(?:\s+(?:so|very)\s+much|\s+a\s+lot|\s+a\s+bunch|\s+in\s+advance)?|\s+(?:thx|ty|tnx))+"
    r"[\s.!]*$",
    _I,
)


# Contractions that start a request ("I've done X", "we're done with X", "I'll call Y") are
# spelled out; inside a title they stay as written.
_CONTRACTION = re.compile(
    r"^(?P<who>i|we|you|they)(?:'|\u2019)(?P<tail>ve|m|d|ll|re)\b", re.IGNORECASE
)
_TAILS = {"ve": "have", "m": "am", "d": "would", "ll": "will", "re": "are"}
# "hi, add milk", "thanks! show my tasks": the greeting in front of a request is dropped.
_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|yo|good\s+(?:morning|afternoon|evening))"
    r"(?:\s+there|\s+assistant|\s+bot)?\s*[,!.]*"
    r"|(?:ok(?:ay)?|alright|right|so)\s*[,!.]*|(?:thanks|thank\s+you|cheers|great)\s*[,!.]+)\s+",
    _I,
)


# Words in front of a request that change nothing: "actually make that 5pm", "oops, undo
# that", "also tag groceries with shop", "so, add milk".
_FILLER_LEAD = re.compile(
    r"^(?:(?:sorry\s+to\s+(?:bother|trouble)\s+you|sorry\s+to\s+ask)(?:\s*,?\s*but)?[,.!]?\s+|"
    r"(?:actually|oops|oh|sorry|wait|hmm+|um+|er+|ah|also|and\s+also|then|and\s+then|plus"
    r"|btw|by\s+the\s+way|one\s+more\s+thing|oh\s+and|ok(?:ay)?\s+so)\b[,.!]?\s+)+(?=\S+\s+\S)",
    _I,
)
# "the plumber one, set it for thursday": the task named first, then an edit of "it".
_TOPIC_FIRST = re.compile(
    r"^(?P<t>(?:the|my|our|that|this)\s+[^,]{2,60}?),\s+(?P<rest>(?:set|move|put|make|change|mark"
    r"|rename|push|postpone|delete|complete|skip|bump|reschedule)\s+it\b.*)$",
    _I,
)


def _topic_first(match: re.Match[str]) -> str:
    moved = re.match(r"(?:set|put|move|push|reschedule|change)\s+it\s+(?:for|to|on|at|till)\s+(.+)",
                     match["rest"], _I)  # fmt: skip
    if moved:
        return f"move {match['t']} to {moved[1]}"
    return match["rest"].replace(" it", " " + match["t"], 1)


# "skip this week's piano lesson, we're away": the reason is not part of the edit.
_EDIT_START = re.compile(
    r"(?:skip|move|postpone|delete|remove|cancel|complete|push|reschedule|bump|drop)\b", _I
)
_REASON = re.compile(
    r"\s*[,;(-]\s*(?:as|because|since|cos|coz|cause)?\s*(?:we|i|they|she|he|it)(?:['\u2019](?:re|m|ll|s)"
    r"|\s+(?:are|am|is|will|won'?t|can'?t|have|had))\b.*$",
    _I,
)
# "what've I finished?", "what'd I do today": the question word's contraction spelled out.
_WH_HAVE = re.compile(r"\b(?P<wh>what|where|who|which|when)['\u2019](?P<v>ve|d)\b", _I)
# "ad buy printer ink": "add" with a letter missing, before a verb.
_AD = re.compile(
    r"^ad\s+(?=(?:buy|call|get|book|pay|email|send|renew|pick|fix|clean|make|write|order|check"
    r"|return|ring|phone|text|visit|take|bring|schedule|plan)\b)",
    _I,
)


# ":)", ";-)", ":D", "xx" at the end of a message: tone, not words.
_EMOTICON = re.compile(r"(?:\s*(?:[:;=8][-']?[()dDpP/\\|*]+|<3|\^\^|\bx{1,3}))+\s*$")


def expand_contractions(message: str) -> str:
    """ "I've done X" -> "I have done X"; "we're done with X" -> "we are done with X";
    "gotta X" -> "I have got to X"; "I'll need to X" -> "I need to X"."""
    message = _SPOKEN_MODAL.sub(_modal, _spelled_out(message), 1)
    return _FUTURE_NEED.sub(lambda m: f"{m['who']} {m['need']} to", message, 1)


# Spoken forms of "going to", "got to", "want to" after "I"/"we" at the start of a request.
_SPOKEN = {"gonna": "going to", "gotta": "have got to", "wanna": "want to", "hafta": "have to"}
_SPOKEN_MODAL = re.compile(r"^(?P<who>i|we) (?:am |are )?(?P<word>gonna|gotta|wanna|hafta)\b", _I)
_BARE_SPOKEN = re.compile(r"^(?:gotta|need\s+to|have\s+to|must)\s+", _I)
# "I'll need to X", "we will have to X": the future adds nothing to the task.
_FUTURE_NEED = re.compile(r"^(?P<who>i|we) will (?P<need>need|have) to\b", _I)


def _modal(match: re.Match[str]) -> str:
    who, word = match["who"], _SPOKEN[match["word"].lower()]
    be = ("am " if who.lower() == "i" else "are ") if word == "going to" else ""
    return f"{who} {be}{word}"


def _spelled_out(message: str) -> str:
    bare = _BARE_SPOKEN.match(message)
    if bare:  # "gotta call the bank": the subject is left out
        message = "I have got to " + message[bare.end() :]
    match = _CONTRACTION.match(message)
    if match is None:
        return message
    tail = _TAILS[match["tail"].lower()]
    if match["tail"].lower() == "d" and re.match(
        r"\s+(?:done|finished|completed)\b", message[match.end() :], _I
    ):
        tail = "had"
    return f"{match['who']} {tail}{message[match.end() :]}"


def unwrap(message: str) -> str:
    """The request inside "could you please …", "I need you to put … on my list",
    "can you make a note to …" (the wrapper never reaches a title)."""
    wrapper = _WRAPPER.match(message)
    rest = message[wrapper.end() :] if wrapper else message
    if not rest.strip():
        return message
    rest = _GERUND.sub(
        lambda m: m[1] + ("e" if m[1].lower() in ("creat", "mak", "not", "writ") else ""), rest
    )
    rest = _TRAILING.sub("", _SIGN_OFF.sub("", rest.rstrip(" .")).rstrip(" ."))
    if wrapper:
        rest = re.sub(r"\s+for\s+me(?=\s*\??$)", "", rest, flags=_I)
    rest = _SET_REMINDER.sub("remind me to ", rest)
    rest = _REMIND_WHAT.sub("what do i have", rest)
    lead = _ADD_LEAD.match(_LEAD_PLEASE.sub(":", rest, count=1))
    if lead:
        rest = _LEAD_PLEASE.sub(":", rest, count=1)[lead.end() :]
        # "add to my list that we must call the vet": the add verb is already in "we must".
        rest = rest if ADD_VERB.match(expand_contractions(rest)) else "add " + rest
    listed = _ON_LIST.match(rest) or _NOTE.match(rest)
    if listed:
        rest = "add " + listed["x"] + (listed.groupdict().get("after") or "")
    if wrapper and rest.endswith("?"):
        rest = rest.rstrip(" ?")  # "could you add X?" asks for an add, not a question
    return rest


def parse_command(text: str, *, now: datetime, tz: str) -> Command:
    """The Command for one message (Say with help when it is not understood)."""
    message = _EMOTICON.sub("", " ".join(text.strip().split())) or text.strip()
    bare = message.rstrip(" .!")
    talk = _small_talk(bare)
    if talk is not None:
        return talk
    if YES.fullmatch(bare) or NO.fullmatch(bare):
        return Say("There is nothing waiting for a yes or no right now.")
    message = _FILLER_LEAD.sub("", _GREETING.sub("", message, count=1), count=1)
    message = _TOPIC_FIRST.sub(_topic_first, message, 1)
    if _EDIT_START.match(message):
        message = _REASON.sub("", message)
    message = _WH_HAVE.sub(lambda m: m["wh"] + (" have" if m["v"] == "ve" else " did"), message)
    message = expand_contractions(unwrap(fix_command_verb(_AD.sub("add ", message, count=1))))
    bare = message.rstrip(" .!")
    talk = _small_talk(bare)
    if talk is not None:
        return talk
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
    many = several.from_lines(text, now=now, tz=tz) or several.from_sentence(
        sentence, now=now, tz=tz
    )
    if many is not None:
        return many  # several tasks in one message ("add milk, eggs and bread")
    query = parse_query(bare, now=now, tz=tz)
    if query is not None:
        return query  # "show me what is due tomorrow", "how many …": never an edit
    for parser in (parse_reminder_edit, _add, *PARSERS):
        command = parser(sentence, now, tz)
        if command is not None:
            return command
    listed = parse_list(bare, now=now, tz=tz)
    if listed is not None:
        return listed
    if replies.is_question(bare):
        return Say(replies.not_understood(bare))  # a question never becomes a task
    # A priority or tag said as a detail ("update my cv, medium priority") is not the thing
    # being changed.
    probe = TAG_RE.sub(" ", TAG_WORDS_RE.sub(" ", PRIORITY_RE.sub(" ", bare)))
    spans = [(span.start, span.end) for span in find_when(probe)]
    rule = find_recurrence(probe)
    probe = cut(probe, spans + ([rule] if rule else []))
    edit = _FAILED_EDIT.match(probe)
    if edit and (
        _EDIT_ONLY.match(probe)
        or _EDIT_OBJECT.search(probe, edit.end())
        or (edit["verb"].lower() in _CHANGE_VERBS and re.search(r"\bto\b", probe[edit.end() :]))
    ):
        return Say(_ASK_EDIT)  # an edit the parsers could not read is never a new task
    many = several.from_sentence(sentence, now=now, tz=tz, plain=True)
    if many is not None:
        return many  # "buy milk tomorrow, call mom on friday p1"
    plan = parse_add(message, now=now, tz=tz)
    if plan.error and plan.details:
        return Say(plan.error)
    if plan.details and not plan.error:
        return Add(arguments=plan.arguments, note=plan.note)
    words = re.findall(r"[\w']+", bare)
    if (
        _STATEMENT.match(bare)
        or _HOW_MINE_IS.match(bare)
        or _PAST_REPORT.search(bare)
        or all(_gibberish(word) for word in words)
        or _filler(words)
    ):
        return Say(replies.not_understood(bare))
    if plan.arguments.get("title") and not plan.error:
        # No command word: a plain statement is a task, as in Todoist's quick add.
        return Add(arguments=plan.arguments, note=plan.note)
    return Say(replies.not_understood(bare))


# An edit the parsers could not read is asked about, never added as a task. "change the oil"
# is a task; "change the dentist thing", "update the gym one", "set it up" are edits.
_CHANGE_VERBS = {"change", "update", "edit", "modify", "set", "switch", "turn"}
_FAILED_EDIT = re.compile(
    r"(?P<verb>change|set|update|edit|modify|move|push|shift|delay|bump|make|mark|tag|label|clear"
    r"|switch|turn|remove|cancel|rename|reschedule|postpone|snooze|untag|unlabel|reopen"
    r"|re-?prioriti[sz]e|deprioriti[sz]e|prioriti[sz]e)\b",
    _I,
)
_EDIT_ONLY = re.compile(
    r"(?:rename|reschedule|postpone|snooze|untag|unlabel|reopen|re-?prioriti[sz]e"
    r"|deprioriti[sz]e|prioriti[sz]e)\b",
    _I,
)
_EDIT_OBJECT = re.compile(
    r"\b(?:it|that|this|them|those|these|one|ones|thing|task|tasks|todo|item|entry|priority"
    r"|due|deadline|date|time|title|name|tags?|labels?|reminders?|recurrence|repeat|\d+)\b",
    _I,
)
_ASK_EDIT = (
    "I could not work out that change, so I changed nothing. Say which task and what to change, "
    "e.g. “move dentist to friday”, “rename 2 to buy food” or “make gym high priority”."
)
# A sentence with a subject ("I am tired", "it's raining") says something; it is not a task.
_STATEMENT = re.compile(
    r"(?:i|i'm|im|i am|you|you're|youre|u|he|she|it|it's|its|we|we're|they|they're|that's"
    r"|there's|this is|that is|there is)\s",
    _I,
)
# "my head hurts", "our flat is cold": how something of mine is, not something to do.
_HOW_MINE_IS = re.compile(
    r"(?:my|our)\s+[\w'-]+(?:\s+[\w'-]+)?\s+(?:hurts?|aches?|is|are|isn't|aren't|feels?"
    r"|looks?|sucks?|rocks?|seems?)\b",
    _I,
)
# "the meeting went well", "lunch was great": a report of the past, not a task.
_PAST_REPORT = re.compile(r"\b(?:was|were|went|had\s+been)\b", _I)
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Words that are never a task on their own: fillers, interjections, test messages.
_FILLERS = {
    "ok", "okay", "k", "kk", "fine", "alright", "good", "bad", "sure", "maybe", "whatever",
    "lol", "haha", "hm", "huh", "meh", "wow", "oops", "ah", "oh", "um", "uh", "er", "yo",
    "nothing", "something", "anything", "please", "sorry", "test", "testing", "hello",
    "nevermind", "never", "mind", "idk", "so", "well", "what", "why", "hey", "again", "more",
    "not", "now", "later", "forget", "it", "that", "this", "wrong", "chat", "no", "yes",
}  # fmt: skip


def _filler(words: list[str]) -> bool:
    """A message made only of fillers ("hmm", "ok fine", "nothing", "test")."""
    plain = [re.sub(r"(\w)\1{2,}", r"\1", w.lower()).replace("mm", "m") for w in words]
    return bool(plain) and all(w in _FILLERS or len(w) == 1 for w in plain)


def _gibberish(word: str) -> bool:
    """Keyboard mashing: four keys in a row ("asdf", "qwerty"), or no vowel in a long word."""
    low = word.lower()
    if len(low) >= 4 and not re.search(r"[aeiouy\d]", low):
        return True
    return any(low[i : i + 4] in row for row in _ROWS for i in range(len(low) - 3))


_ACKNOWLEDGE = {"ok", "okay", "alright", "all right", "right", "so", "well", "oh", "ah", "hmm"}


def _small_talk(bare: str) -> Say | None:
    """A greeting, thanks, goodbye or a question about the assistant: a short reply."""
    chat = bare.rstrip(" ?!.")
    # "what can you actually do": the adverb changes nothing.
    chat = re.sub(r"\s+(?:actually|really|exactly|even|possibly)(?=\s)", "", chat, flags=_I)
    if not chat or _HELP.fullmatch(bare) or _HELP.fullmatch(chat):
        return Say(replies.HELP)
    if _HELLO.fullmatch(chat):
        part = re.search(r"morning|afternoon|evening", chat, _I)
        greeting = part is not None and "Good " + part.group(0).lower()
        return Say(f"{greeting or 'Hi'}! " + replies.HELP)
    leaving = _LEAVING.match(chat)
    if leaving and (not chat[leaving.end() :] or _BYE.fullmatch(chat[leaving.end() :])):
        chat = chat[leaving.end() :] or "bye"
    if _BYE.fullmatch(chat):
        return Say("Good night!" if "night" in chat.lower() else "Bye!")
    if _WHO.fullmatch(chat):
        return Say(WHO_I_AM + replies.HELP)
    if _HOW.fullmatch(chat):
        return Say("Fine, thanks. " + replies.HELP)
    if _THANKS.fullmatch(chat):
        rest = re.sub(r"^\S+(?:\s+you)?(?:\s+so\s+much|\s+a\s+lot)?[\s,!.]*", "", chat, flags=_I)
        if rest and _BYE.fullmatch(rest):
            return Say("You're welcome. Bye!")
        return Say("You're welcome.")
    pieces = [piece.strip() for piece in re.split(r"\s*[,;]\s*", chat) if piece.strip()]
    talking = [piece for piece in pieces if piece.lower() not in _ACKNOWLEDGE]
    if len(pieces) > 1 and talking:
        answers = [answer for piece in talking if (answer := _small_talk(piece)) is not None]
        if len(answers) == len(talking):
            # "help me out, how does this work", "alright, catch you later, bye": the most
            # useful of the answers (help over a greeting).
            helpful = [answer for answer in answers if "I can add" in answer.text]
            chosen = (helpful or answers)[-1]
            greeted = _HELLO.fullmatch(talking[0]) and not chosen.text.startswith(("Hi", "Good"))
            return Say("Hi! " + chosen.text) if greeted else chosen
    opener = _OPENER.match(chat)
    if opener and chat[opener.end() :]:
        answer = _small_talk(chat[opener.end() :])
        if answer is not None and opener.group(0).lower().startswith(("hi", "hello", "hey")):
            return Say("Hi! " + answer.text.removeprefix("Hi! "))
        return answer
    return None


def _add(text: str, now: datetime, tz: str) -> Command | None:
    if not (ADD_VERB.match(text) or REMIND_PREFIX.match(text)):
        return None
    if re.search(r"\binstead$", text, _I):
        return None  # "let's do the dentist on friday instead" moves a task
    if re.match(
        r"add\s+(?:the\s+|a\s+)?(?:tags?\s+|labels?\s+)?[#@]\S+(?:(?:\s*,\s*|\s+and\s+|\s+)[#@]\S+)*"
        r"\s+to\s",
        text,
        _I,
    ):
        return None  # "add #work to 2" tags a task
    if re.match(
        r"add\s+(?:the\s+|a\s+)?(?:tags?|labels?)\s+\S+(?:\s*,\s*\S+|\s+and\s+\S+)*\s+to\s",
        text,
        _I,
    ):
        return None  # "add #work to 2" tags a task
    plan = parse_add(text, now=now, tz=tz, explicit=True)
    if plan.error:
        return Say(plan.error)
    return Add(arguments=plan.arguments, note=plan.note)
