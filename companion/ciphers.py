"""Classical ciphers, computed: shift (Caesar), Vigenère, a one-time pad of number groups and
a book cipher. Each enciphers and deciphers, so that a test can read back what it wrote;
each key is checked against its method first, with words a GM can act on."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# The alphabets a letter can belong to; a letter outside them passes through unchanged.
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CYRILLIC = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
ALPHABETS = (LATIN, CYRILLIC)
# The one-time pad's code: two digits a character (letters by their place in an alphabet,
# Latin 01-26, Cyrillic 01-32 read as the second alphabet's block 41-72), 00 a space,
# 80-89 the digits, 90 a full stop.
SPACE_CODE = "00"
STOP_CODE = "90"
DIGIT_BASE = 80
CYRILLIC_BASE = 40


class BadKey(ValueError):
    """A key that does not fit its method; the message says why, the hint what would."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def _alphabet(letter: str) -> str | None:
    return next((a for a in ALPHABETS if letter in a), None)


def shift(text: str, key: int, *, decipher: bool = False) -> str:
    """Each letter moved `key` places along its alphabet (Caesar's was 3)."""
    step = -key if decipher else key
    out = []
    for character in text.upper():
        alphabet = _alphabet(character)
        out.append(
            alphabet[(alphabet.index(character) + step) % len(alphabet)] if alphabet else character
        )
    return "".join(out)


def vigenere(text: str, key: str, *, decipher: bool = False) -> str:
    """Each letter shifted by the next letter of the keyword (A = 0); the keyword advances
    only on letters."""
    shifts = [_key_shift(k) for k in key.upper() if _alphabet(k)]
    out, position = [], 0
    for character in text.upper():
        alphabet = _alphabet(character)
        if not alphabet:
            out.append(character)
            continue
        step = shifts[position % len(shifts)] * (-1 if decipher else 1)
        out.append(alphabet[(alphabet.index(character) + step) % len(alphabet)])
        position += 1
    return "".join(out)


def _key_shift(letter: str) -> int:
    alphabet = _alphabet(letter)
    assert alphabet is not None
    return alphabet.index(letter)


def pad_code(text: str) -> str:
    """The message as digits, two a character (see the code above)."""
    digits = []
    for character in text.upper():
        if character in LATIN:
            digits.append(f"{LATIN.index(character) + 1:02d}")
        elif character in CYRILLIC:
            digits.append(f"{CYRILLIC_BASE + CYRILLIC.index(character) + 1:02d}")
        elif character.isdigit():
            digits.append(f"{DIGIT_BASE + int(character):02d}")
        elif character in ".!?":
            digits.append(STOP_CODE)
        elif character.isspace() and digits and digits[-1] != SPACE_CODE:
            digits.append(SPACE_CODE)
    return "".join(digits)


def pad_decode(digits: str) -> str:
    out = []
    for index in range(0, len(digits) - 1, 2):
        code = int(digits[index : index + 2])
        if code == 0:
            out.append(" ")
        elif code == int(STOP_CODE):
            out.append(".")
        elif DIGIT_BASE <= code < DIGIT_BASE + 10:
            out.append(str(code - DIGIT_BASE))
        elif code > CYRILLIC_BASE:
            out.append(CYRILLIC[code - CYRILLIC_BASE - 1])
        else:
            out.append(LATIN[code - 1])
    return "".join(out)


def one_time_pad(digits: str, pad: str, *, decipher: bool = False) -> str:
    """Digit by digit, the pad added (or taken away) without carrying, as agents did by hand."""
    sign = -1 if decipher else 1
    return "".join(str((int(d) + sign * int(p)) % 10) for d, p in zip(digits, pad, strict=False))


def random_pad(length: int, seed: str) -> str:
    """Pad digits for a handout that gives none: random, but the same on every build."""
    rng = random.Random(seed)
    return "".join(str(rng.randrange(10)) for _ in range(length))


@dataclass(frozen=True)
class BookWord:
    line: int  # counted from 1, blank lines skipped
    word: int  # counted from 1 on its line


def book_words(book: str) -> list[list[str]]:
    """The book's lines of words, as a reader counts them: blank lines skipped, punctuation
    not part of a word."""
    lines = [line for line in book.splitlines() if line.strip()]
    return [[_bare(word) for word in line.split()] for line in lines]


def _bare(word: str) -> str:
    return re.sub(r"^\W+|\W+$", "", word).upper()


def book_cipher(text: str, book: str, seed: str) -> list[BookWord]:
    """Each word of the message as a place in the book where it stands (one of them, chosen
    by the seed, so a word used twice is not always the same numbers)."""
    places: dict[str, list[BookWord]] = {}
    for line_number, words in enumerate(book_words(book), start=1):
        for word_number, word in enumerate(words, start=1):
            places.setdefault(word, []).append(BookWord(line_number, word_number))
    rng = random.Random(seed)
    return [rng.choice(places[_bare(word)]) for word in text.split() if _bare(word)]


def book_decipher(references: list[BookWord], book: str) -> str:
    lines = book_words(book)
    return " ".join(lines[ref.line - 1][ref.word - 1] for ref in references)


def missing_words(text: str, book: str) -> list[str]:
    known = {word for line in book_words(book) for word in line}
    return [
        word for word in dict.fromkeys(_bare(w) for w in text.split()) if word and word not in known
    ]


def groups(text: str, size: int = 5) -> list[str]:
    """Letters or digits in groups of five, as they were sent: spaces and marks dropped."""
    bare = "".join(c for c in text if c.isalnum())
    return [bare[i : i + size] for i in range(0, len(bare), size)]


def check_key(method: str, key: str | int | None, plaintext: str) -> None:
    """Raise BadKey when the key cannot encipher this message by this method."""
    if method == "shift":
        if not isinstance(key, int) or not 1 <= key <= len(LATIN) - 1:
            raise BadKey(
                f"a shift key is a number of places; found `{key}`",
                "write a whole number from 1 to 25, e.g. `key: 3` (Caesar's)",
            )
    elif method == "vigenere":
        letters = [c for c in str(key or "").upper() if not c.isspace()]
        if not letters or any(_alphabet(c) is None for c in letters):
            raise BadKey(
                f"a Vigenère key is a keyword of letters; found `{key}`",
                "write a word, e.g. `key: LORELEI`",
            )
    elif method == "one-time-pad":
        if key is not None:
            pad = re.sub(r"\s", "", str(key))
            needed = len(pad_code(plaintext))
            if not pad.isdigit():
                raise BadKey(
                    "a one-time pad is digits only",
                    "write the pad's digits (spaces are fine), or leave `key:` out for a "
                    "random pad",
                )
            if len(pad) < needed:
                raise BadKey(
                    f"the pad has {len(pad)} digits; the message needs {needed}",
                    "give a longer pad, shorten the message, or leave `key:` out",
                )
    elif method == "book":
        if not isinstance(key, str) or not key.strip():
            raise BadKey("a book cipher's key is the book's text", "paste the passage as `key: |`")
        missing = missing_words(plaintext, key)
        if missing:
            shown = ", ".join(f"`{w.lower()}`" for w in missing[:5])
            raise BadKey(
                f"not in the book: {shown}",
                "every word of the message must stand somewhere in the book's text",
            )


@dataclass(frozen=True)
class Enciphered:
    """What the prop prints: the cipher text in groups (or book references), and the key as
    a prop of its own if the GM prints one."""

    text: str
    key_sheet: tuple[str, ...]


def encipher(method: str, plaintext: str, key: str | int | None, seed: str) -> Enciphered:
    """The message enciphered; `check_key` has passed. `seed` (the handout's id) fixes what
    is left to chance: a pad the GM did not give, which of a word's places in the book."""
    if method == "shift":
        assert isinstance(key, int)
        return Enciphered(" ".join(groups(shift(plaintext, key))), (LATIN, shift(LATIN, key)))
    if method == "vigenere":
        keyword = "".join(c for c in str(key).upper() if _alphabet(c))
        table = tuple(shift(LATIN, step) for step in range(len(LATIN)))
        return Enciphered(" ".join(groups(vigenere(plaintext, keyword))), (keyword, *table))
    if method == "one-time-pad":
        code = pad_code(plaintext)
        code += SPACE_CODE[0] * (-len(code) % 5)  # whole groups: spaces fill the last
        pad = re.sub(r"\s", "", str(key)) if key is not None else random_pad(len(code), seed)
        pad_groups = groups(pad[: len(code)])
        sheet = tuple(" ".join(pad_groups[i : i + 10]) for i in range(0, len(pad_groups), 10))
        return Enciphered(" ".join(groups(one_time_pad(code, pad))), sheet)
    assert method == "book" and isinstance(key, str)
    references = book_cipher(plaintext, key, seed)
    lines = [line.strip() for line in key.splitlines() if line.strip()]
    sheet = tuple(f"{number:>3}  {line}" for number, line in enumerate(lines, start=1))
    return Enciphered(" ".join(f"{r.line}.{r.word}" for r in references), sheet)
