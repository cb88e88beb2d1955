"""Text a person sends that ends up stored: PostgreSQL `text` holds neither NUL nor lone
surrogates, so such input is refused up front (a 422), never left to fail in the database."""

from __future__ import annotations


def storable(value: str, *, what: str) -> str:
    """`value` unchanged if PostgreSQL can store it, else ValueError naming `what`."""
    if "\x00" in value:
        raise ValueError(f"{what} must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid Unicode text") from None
    return value
