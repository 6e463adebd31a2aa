"""The cipher: the enciphered message as a prop (typed groups of five, or a pencilled
worksheet grid), its key as a prop of its own if the GM prints one; the GM's copy adds the
plaintext, the method and the key. The cipher text was computed when the campaign loaded."""

from __future__ import annotations

from dataclasses import dataclass

from companion.campaign.ciphers import CYRILLIC_BASE, DIGIT_BASE, LATIN, SPACE_CODE, STOP_CODE
from companion.campaign.models import Campaign, CipherHandout
from companion.kinds.base import HandoutContext, PageSize, context_basics
from companion.render.typography import typeset

GRID_COLUMNS = 10
KEY_TITLES = {
    "shift": "Cipher alphabet",
    "vigenere": "Keyword and table",
    "one-time-pad": "One-time pad",
    "book": "The book, its lines numbered",
}


@dataclass(frozen=True, kw_only=True)
class CipherContext(HandoutContext):
    page: PageSize
    style: str
    heading: str | None
    groups: tuple[str, ...]  # as typed: groups of five, or book references
    grid: tuple[tuple[str, ...], ...]  # the pencilled worksheet: letters in rows
    key_title: str
    key_lines: tuple[str, ...]  # the key sheet, when printed


def cipher_context(campaign: Campaign, handout: CipherHandout, is_gm: bool) -> CipherContext:
    """`campaign` and `handout` are already projected for the audience: the players' has no
    plaintext and no key, only the cipher text computed from them."""
    language = handout.language or campaign.info.languages[0]
    letters = handout.cipher_text.replace(" ", "")
    grid = tuple(tuple(letters[i : i + GRID_COLUMNS]) for i in range(0, len(letters), GRID_COLUMNS))
    key_lines = tuple(handout.key_sheet_lines)
    if handout.method == "one-time-pad" and key_lines:
        key_lines += ("", *_pad_code_table())
    return CipherContext(
        **context_basics(campaign, handout, is_gm, language, _gm_notes(handout) if is_gm else []),
        page=PageSize.named("a5"),
        style=handout.style,
        heading=typeset(handout.heading, language),
        groups=tuple(handout.cipher_text.split()),
        grid=grid,
        key_title=KEY_TITLES[handout.method],
        key_lines=key_lines,
    )


def _gm_notes(handout: CipherHandout) -> list[tuple[str, str | None]]:
    """What only the GM reads: the message in clear, and how it was enciphered."""
    return [("Plaintext", handout.plaintext or None), ("How it was enciphered", _method(handout))]


def _method(handout: CipherHandout) -> str:
    if handout.method == "shift":
        places = int(handout.key or 0)
        return (
            f"Shift: each letter {places} places on (A becomes {LATIN[places % len(LATIN)]}); "
            "shift back to read it."
        )
    if handout.method == "vigenere":
        return (
            f"Vigenère with the keyword **{handout.key}**: each letter shifted by the next "
            "letter of the keyword (A = 0)."
        )
    if handout.method == "one-time-pad":
        pad = f" The pad: `{handout.key}`." if handout.key else " The pad is on the key sheet."
        return (
            "One-time pad: the message as two-digit codes (A = 01 ... Z = 26, space 00, full "
            "stop 90), the pad's digits added without carrying. Take the pad away, digit by "
            "digit, to read it." + pad
        )
    return (
        "Book cipher: each pair is a line and a word of the book's text (blank lines not counted)."
    )


def _pad_code_table() -> tuple[str, ...]:
    """The code the pad's users learned by heart, printed under the pad."""
    letters = [f"{LATIN[i]}={i + 1:02d}" for i in range(len(LATIN))]
    rows = [" ".join(letters[i : i + 9]) for i in range(0, len(letters), 9)]
    extra = f"space={SPACE_CODE} .={STOP_CODE} 0-9={DIGIT_BASE}-{DIGIT_BASE + 9}"
    cyrillic = f"А-Я={CYRILLIC_BASE + 1}-"
    return (*rows, extra, cyrillic + f"{CYRILLIC_BASE + 32}")
