"""Which title words a search word is a typo of: one edit, a neighbour swap counting as one."""

import pytest

from core.text_match import allowed_typos, typos_of

VOCABULARY = ["groceries", "dentist", "garden", "garage", "quarterly", "report", "card", "rent"]


def near(word: str) -> list[str]:
    return [typo for typo, _ in typos_of(word, VOCABULARY)]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("grocreies", ["groceries"]),  # neighbours swapped: one typo, not two
        ("grocereis", ["groceries"]),
        ("dnetist", ["dentist"]),
        ("gardn", ["garden"]),  # a letter dropped
        ("garrage", ["garage"]),  # one added
        ("dentsit", ["dentist"]),
        ("gadren", ["garden"]),
        ("quartrley", ["quarterly"]),  # nine letters: two typos
    ],
)
def test_a_typo_finds_its_word(word: str, expected: list[str]) -> None:
    assert near(word) == expected


@pytest.mark.parametrize("word", ["xylophone", "gdraen", "cal", "cart", "dent", "groceries"])
def test_too_far_too_short_or_the_word_itself_is_no_typo(word: str) -> None:
    # "gdraen": two edits in six letters; "cart", "dent": too short to carry a typo.
    assert near(word) == []


def test_closer_words_score_higher_and_every_score_is_below_one() -> None:
    found = typos_of("garxen", ["garden", "garage", "gardens"])
    assert [typo for typo, _ in found] == ["garden"]
    scores = dict(typos_of("grocerias", ["groceries", "grocers"]))
    assert 0 < scores["grocers"] < scores["groceries"] < 1


def test_how_many_typos_a_word_may_carry() -> None:
    words = ["cart", "gardn", "garden", "quarterl", "groceries"]
    assert [allowed_typos(word) for word in words] == [0, 1, 1, 1, 2]
