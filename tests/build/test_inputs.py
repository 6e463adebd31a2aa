"""What a copy was made from: the pictures its entities' texts name are found as the pattern
finds them, however the texts are cut."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from companion.build.inputs import PICTURE_PATH, picture_names

# Characters a picture's name may have, the ones that end a name, and extensions.
PIECES = st.sampled_from(
    ["a", "Ж", "7", "_", " ", ".", "/", "-", ",", "'", "(", "\n", "png", "JPG", "jpeg", "svg"]
)


@given(st.lists(PIECES, max_size=40).map("".join))
def test_picture_names_are_those_the_pattern_finds(text: str) -> None:
    assert picture_names(text) == {name.strip() for name in PICTURE_PATH.findall(text)}


def test_picture_names_in_a_repr() -> None:
    text = "Npc(photo=PosixPath('images/natalia 2.jpg'), notes='see a.png or b.png.')"
    # As the pattern reads it, the notes name one picture, from `see` to the last `.png`.
    assert picture_names(text) == {"images/natalia 2.jpg", "see a.png or b.png"}
