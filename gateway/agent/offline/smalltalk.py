"""Small talk and help: greetings, thanks, goodbyes and questions about the assistant.

Each gets a short reply and no tool call, never "I did not understand" (issue 12).
"""

from __future__ import annotations

import re

from gateway.agent.offline import replies
from gateway.agent.offline.intents import Say

_I = re.IGNORECASE
_HELP = re.compile(
    r"(?:help(?: me)?(?: please)?|i need (?:some )?help(?: with (?:my )?(?:tasks|this|the app))?|\?"
    r"|what (?:else )?can (?:you|u) do(?: for me)?|what do (?:you|u) do"
    r"|(?:what are )?(?:your |the )?commands"
    r"|what (?:are|r) (?:you|u) able to do(?: for me)?|help me out(?: here)?"
    r"|what (?:do|can|should) i (?:type|say|write|ask|put)(?: here| in here)?"
    r"|how (?:am i supposed to|do i|should i|can i) use (?:this|it|you|u)(?: thing| app| bot)?"
    r"|what (?:else )?can you help(?: me)? with|can you help(?: me)?|how can you help(?: me)?"
    r"|what (?:sort|kind|type)s? of (?:things|stuff|tasks|commands) (?:can|do) (?:you|u)"
    r"(?: (?:do|handle|understand|help(?: me)?(?: with)?))?(?: for me)?"
    r"|what (?:are|r) (?:you|u) able to help(?: me)? with"
    r"|what (?:can|do) (?:you|u) help(?: me)? with"
    r"|what can i (?:say|ask|ask you|type|write|do here)"
    r"|how does (?:this|it) work(?: then)?|how do i use (?:this|it|you|u)"
    r"|what can i say|examples?"
    # How-to questions about the app itself, and being lost.
    r"|how (?:can|do|should) i (?:add|make|create|set|delete|list|see) (?:a |an |my )?"
    r"(?:tasks?|reminders?|todos?|repeats?|recurring tasks?|tags?)"
    r"|(?:any )?tips|(?:what|which) commands (?:are there|do you (?:know|understand|take))"
    r"|(?:show|give|tell) me (?:some |an? )?examples?"
    r"|can (?:you|u) (?:give|show) me (?:some |an? )?examples?"
    r"|i'?m new(?: here)?|i am new(?: here)?|where do i (?:start|begin)"
    r"|i'?m (?:confused|lost|stuck)|i am (?:confused|lost|stuck)|what\?*|huh|sorry|pardon"
    r"|how does this (?:thing|app) work|what is this(?: app| thing)?|what are you for"
    r"|what do you do(?: exactly)?)",
    _I,
)
_HELLO = re.compile(
    # Greetings in the other languages people mix in: "namaste", "hola", "salut".
    r"(?:hi|hello|hey|heya|hiya|howdy|yo|(?:good )?(?:morning|afternoon|evening|day)|namaste"
    r"|greetings|top of the morning|wassup|whassup|what'?s new|what'?s good|what'?s happening"
    r"|hello world|ping|test(?:ing)?(?: \d+)?|are (?:you|u) (?:there|awake|around|on|up)"
    r"|(?:you|u) there"
    r"|namaskar|hola|bonjour|salut|hallo|salaam|salam|as-?salaam(?:u)? alaikum|shalom"
    r"|konnichiwa|ola|olá|hej|moin|servus|g'?day|howzit|howdy do|sup|wotcha|oi)"
    r"(?: there| all| everyone| mate| buddy| pal| friend| guys| folks| assistant| bot| you"
    r"| again| to you)*"
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
    r"^(?:(?:hi|hello|hey|hiya|ok|okay|oh|so|well|great|cool|righto|right|alright)(?: there)?"
    r"|(?:ok(?:ay)?\s+)?(?:thanks|thank you|thx|cheers))\s*[,!.]?\s+",
    _I,
)
_BYE = re.compile(
    r"(?:(?:good ?night|night night|nighty night|nite|night|gn|gnight)(?: to you(?: too)?| all"
    r"| everyone)?"
    r"|bye(?:[- ]bye)?(?: now)?|goodbye|good bye|catch (?:you|ya)(?: later| tomorrow| soon)?"
    r"|(?:talk|speak)(?: to you)? (?:later|soon|tomorrow)|(?:i'?m|i am) off(?: now)?"
    r"|(?:gotta|got to|have to|must) (?:run|go|dash|fly)|sleep (?:well|tight)|sweet dreams"
    r"|take it easy|see (?:you|ya) (?:on|next) \w+|see (?:you|ya) then"
    r"|that'?s me(?: done)?(?: for (?:now|today))?|that'?s everything"
    r"|ciao|adios|cheerio|ta-ra|toodles|take care|catch you later"
    r"|have a (?:good|nice|great|lovely) (?:day|evening|night|weekend|one)"
    r"|see (?:you|ya)"
    r"(?: later| soon| tomorrow| around)?(?: alligator| crocodile)?|cya|later|ttyl"
    r"|in a while(?:,? crocodile)?|laters|catch ya"
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
    r"|are you (?:a |an )?(?:real )?(?:bot|robot|human|person|ai|real|chat ?bot|assistant)"
    r"|who (?:made|built|created|wrote|designed) (?:this|it)(?: app| thing)?"
    r"|who am i (?:talking|speaking|chatting|writing) (?:to|with)"
    r"|what (?:exactly )?(?:are|r) (?:you|u)(?: exactly)?",
    _I,
)
# Praise and approval: "nice one", "you're a star", "that's brilliant, thanks".
_PRAISE = re.compile(
    r"(?:(?:that'?s|that is|this is|it'?s)\s+)?(?:really\s+|so\s+|very\s+)?"
    r"(?:brilliant|great|perfect|lovely|awesome|amazing|fantastic|cool|nice|excellent|wonderful"
    r"|superb|spot on|helpful)"
    r"(?: stuff| one| work| job)?|nice one|great stuff|good (?:job|stuff|work|bot)|well done"
    r"|(?:you'?re|you are|u r)\s+(?:a\s+)?(?:star|legend|the best|amazing|great|brilliant|awesome"
    r"|a lifesaver|so helpful|very helpful)",
    _I,
)
_HOW = re.compile(
    r"how are (?:you|u|ya|ye)(?: doing)?(?: today| this (?:fine |lovely |beautiful )?(?:day|morning"
    r"|afternoon|evening))?|how'?s it going|what'?s up|sup"
    r"|how(?:'s| is| has) your day(?: been)?(?: going)?(?: so far)?|how was your day"
    r"|how'?s it going(?: with you)?|how are things(?: with you)?"
    r"|how have you been|(?:you|u) alright|are (?:you|u) alright|(?:you|u) ok(?:ay)?"
    r"|how'?s your day (?:been|going)",
    _I,
)
# Not about tasks at all: the weather, jokes, feelings, laughter, rudeness.
_OFF_TOPIC = re.compile(
    r"(?:what'?s|what is|how'?s|how is)\s+the\s+weather(?:\s+like)?(?:\s+\w+)?|(?:will|is)\s+it"
    r"\s+(?:rain|snow|be\s+sunny)\w*(?:\s+\w+)?|(?:tell|know)\s+(?:me\s+)?(?:a\s+|any\s+)?jokes?"
    r"|(?:make|can\s+you\s+make)\s+me\s+laugh|sing(?:\s+me)?\s+a\s+song|i\s+(?:love|like|hate)"
    r"\s+(?:you|u)|you\s+(?:suck|are\s+(?:useless|stupid|dumb))|(?:you'?re|ur)\s+(?:useless|stupid"
    r"|dumb)|shut\s+up|how\s+old\s+are\s+(?:you|u)|are\s+(?:you|u)\s+(?:smart|clever|alive"
    r"|sentient)|what\s+(?:is\s+)?the\s+meaning\s+of\s+life|i'?m\s+bored|i\s+am\s+bored",
    _I,
)
_LAUGH = re.compile(r"(?:lol|lmao|rofl|haha(?:ha)*|hehe(?:he)*|ha ha|:d|xd)", _I)
_FINE = re.compile(
    r"(?:no\s+worries|no\s+problem|np|all\s+good|fine|k|kk|sure|got\s+it|understood|noted"
    r"|cool\s+beans|sweet|neat|lovely\s+jubbly|sounds\s+good"
    r"|fair\s+enough|makes\s+sense|i\s+see|alright\s+then|ok(?:ay)?\s+then)",
    _I,
)
WHO_I_AM = (
    "I am the offline assistant of this todo app: I read task commands written in plain "
    "words, without an AI model. "
)

_ACKNOWLEDGE = {
    "ok", "okay", "alright", "all right", "right", "righto", "right-o", "so", "well", "oh", "ah",
    "hmm", "assistant", "bot", "mate", "buddy", "friend", "pal",
}  # fmt: skip


# What a message that is only this gets for an answer, tried in this order.
_FIXED_REPLIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_WHO, WHO_I_AM + replies.HELP),
    (_HOW, "Fine, thanks. " + replies.HELP),
    (_OFF_TOPIC, "I only know about your tasks. " + replies.HELP),
    (_LAUGH, "Glad that made you smile. Anything else? Say e.g. “what's due this week”."),
    (_FINE, "OK. Anything else? Say e.g. “what's due this week”."),
    (_PRAISE, "Thank you! " + "Anything else? Say e.g. “what's due this week”."),
)


def small_talk(bare: str) -> Say | None:
    """A greeting, thanks, goodbye or a question about the assistant: a short reply."""
    chat = re.sub(r"(\w)\1{2,}\b", r"\1", bare.rstrip(" ?!."))  # "hellooo", "heyyy"
    # "what can you actually do": the adverb changes nothing.
    chat = re.sub(r"\s+(?:actually|really|exactly|even|possibly)(?=\s|$)", "", chat, flags=_I)
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
        return Say("Good night!" if re.search(r"night|\bgn\b", chat, _I) else "Bye!")
    for pattern, reply in _FIXED_REPLIES:
        if pattern.fullmatch(chat):
            return Say(reply)
    if _THANKS.fullmatch(chat):
        rest = re.sub(r"^\S+(?:\s+you)?(?:\s+so\s+much|\s+a\s+lot)?[\s,!.]*", "", chat, flags=_I)
        if rest and _BYE.fullmatch(rest):
            return Say("You're welcome. Bye!")
        return Say("You're welcome.")
    return _in_pieces(chat)


def _in_pieces(chat: str) -> Say | None:
    """Small talk in pieces ("alright, bye") or after an opener ("hey, who are you")."""
    pieces = [piece.strip() for piece in re.split(r"\s*[,;?!]\s*", chat) if piece.strip()]
    talking = [piece for piece in pieces if piece.lower() not in _ACKNOWLEDGE]
    if len(pieces) > 1 and talking:
        answers = [answer for piece in talking if (answer := small_talk(piece)) is not None]
        if len(answers) == len(talking):
            # "help me out, how does this work", "alright, catch you later, bye": the most
            # useful of the answers (help over a greeting).
            helpful = [answer for answer in answers if "I can add" in answer.text]
            chosen = (helpful or answers)[-1]
            greeted = _HELLO.fullmatch(talking[0]) and not chosen.text.startswith(("Hi", "Good"))
            return Say("Hi! " + chosen.text) if greeted else chosen
    opener = _OPENER.match(chat)
    if opener and chat[opener.end() :]:
        answer = small_talk(chat[opener.end() :])
        if answer is not None and opener.group(0).lower().startswith(("hi", "hello", "hey")):
            return Say("Hi! " + answer.text.removeprefix("Hi! "))
        return answer
    return None
