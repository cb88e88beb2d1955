"""Tags: what a tag may be, as one regular expression, and the one form each tag is kept in.

A tag as sent is an optional '#' and 1 to 64 characters, none of them whitespace, a comma or
a control character, with any surrounding whitespace ignored. It is kept NFKC + case-folded
(Unicode's compatibility caseless form), so "Straße", "STRASSE" and "strasse" are one tag,
"ﬁx" is "fix" and a decomposed "é" is the composed one.

The rule is `TAG_PATTERN`, published as the JSON Schema `pattern` of each tag: it is written
for Python's `re` and hypothesis-jsonschema (explicit character ranges, no \\p{..} classes, no
\\s, whose members differ between Python and ECMAScript), and the API checks the raw text with
this same pattern, so a tag matches the pattern exactly when it is accepted.
"""

from __future__ import annotations

import re
import unicodedata

from core.text import storable

MAX_TAGS = 30
MAX_TAG_LENGTH = 64

# Whitespace as Python's str.isspace() and ECMAScript's \s know it (U+FEFF is only the latter).
_SPACE = (
    "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
# Characters whose NFKC + case-folded form holds a space or a comma (e.g. U+00A8 DIAERESIS is
# " \u0308", U+FF0C FULLWIDTH COMMA is ","): refused, so a kept tag is itself a valid tag.
# Computed from Unicode 14 (Python 3.11); tests/unit/test_input_normalisation.py recomputes it.
_FOLDS_TO_SPACE = (
    "\\xa8\\xaf\\xb4\\xb8\\u02d8-\\u02dd\\u037a\\u0384\\u0385\\u1fbd\\u1fbf-\\u1fc1"
    "\\u1fcd-\\u1fcf\\u1fdd-\\u1fdf\\u1fed\\u1fee\\u1ffd\\u1ffe\\u2017\\u203e\\u309b\\u309c"
    "\\ufc5e-\\ufc63\\ufdfa\\ufdfb\\ufe10\\ufe49-\\ufe4c\\ufe50\\ufe70\\ufe72\\ufe74\\ufe76"
    "\\ufe78\\ufe7a\\ufe7c\\ufe7e\\uff0c\\uffe3" + "\U0001f101-\U0001f10a"
)
# Controls (C0, DEL, C1) and the comma. Lone surrogates (not storable as text) are refused by
# core.text.storable before the pattern: a pattern naming them compiles in Python but not in
# the ECMA-262 engines that read the published document, and no UTF-8 JSON can carry them.
_NEVER = "\\x00-\\x20\\x7f-\\xa0," + _SPACE + _FOLDS_TO_SPACE
_CHAR = f"[^{_NEVER}]"
# The '#' may be a fullwidth or small one; the first character after it is no '#' of any
# kind: '##x' is refused rather than kept as '#x', which would read back as the tag 'x'.
_FIRST = f"[^#\\uff03\\ufe5f{_NEVER}]"
_BODY = f"{_FIRST}{_CHAR}{{0,{MAX_TAG_LENGTH - 1}}}"
TAG_PATTERN = f"^[{_SPACE}]*[#\\uff03\\ufe5f]?({_BODY})[{_SPACE}]*$"
_TAG = re.compile(TAG_PATTERN)
# A tag as kept: folding can lengthen it (64 "ß" keep as 128 "s"), so no length limit here.
_KEPT = re.compile(f"{_FIRST}{_CHAR}*")
TAG_DESCRIPTION = (
    f"an optional '#' and 1 to {MAX_TAG_LENGTH} characters without whitespace, commas or "
    "control characters (surrounding whitespace is ignored); kept NFKC + case-folded, so "
    "'#Straße' and 'STRASSE' are the tag 'strasse'"
)


def fold(text: str) -> str:
    """Unicode's compatibility caseless form: NFKC, case-folded, NFKC again."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def normalize_tag(raw: object) -> str:
    """The kept form of one tag as sent, or ValueError in plain words."""
    if not isinstance(raw, str):
        raise ValueError("each tag must be a string")
    match = _TAG.match(storable(raw, what="a tag"))
    if match is None:
        raise ValueError(
            f"invalid tag {raw!r}: a tag is an optional '#' and 1 to {MAX_TAG_LENGTH} "
            "characters without spaces, commas or control characters"
        )
    return fold(match.group(1))


def is_kept(tag: object) -> bool:
    """Whether `tag` is already in the form a tag is kept in (as stored tags are)."""
    return isinstance(tag, str) and _KEPT.fullmatch(tag) is not None and fold(tag) == tag


def normalize_tags(value: object, *, stored: bool = False) -> list[str]:
    """Each tag in its kept form, de-duplicated keeping order; at most 30 tags.

    `stored`: the tags of a task read back (an event's snapshot), taken as kept.
    """
    if not isinstance(value, list):
        raise ValueError("tags must be a list of strings")
    tags: list[str] = []
    for raw in value:
        tag = raw if stored and is_kept(raw) else normalize_tag(raw)
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValueError(f"a task has at most {MAX_TAGS} tags, got {len(tags)}")
    return tags
