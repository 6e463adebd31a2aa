"""Classical ciphers, computed: shift (Caesar), Vigenère, a one-time pad of number groups and
a book cipher. Each enciphers and deciphers, so that a test can read back what it wrote;
each key and each message is checked against its method first, with words a GM can act on.

No character of a message ever reaches the cipher text unchanged by accident: a method
enciphers the letters of its alphabets, drops spaces and punctuation (as telegraphists did),
folds accents and compatibility forms onto their base letter (Š to S, Ё to Е, ² to 2), and
refuses anything else with an error, never copying it through."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

# The alphabets a shift or Vigenère letter can belong to.
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CYRILLIC = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
GREEK = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"
ALPHABETS = (LATIN, CYRILLIC, GREEK)
DIGITS = "0123456789"
# The one-time pad's code: two digits a character (letters by their place in an alphabet,
# Latin 01-26, Cyrillic 01-32 read as the second alphabet's block 41-72), 00 a space,
# 80-89 the digits, 90 a full stop, and 99 the end, which fills out the last group.
SPACE_CODE = "00"
STOP_CODE = "90"
END_CODE = "99"
DIGIT_BASE = 80
CYRILLIC_BASE = 40
PAD_ALPHABETS = (LATIN, CYRILLIC)
# The longest key taken (a book's passage, a pad's digits): work stays bounded whatever a file
# holds, and no message of the 5,000 characters a cipher may have needs more.
MAX_KEY = 20_000
STOPS = ".!?"


class CipherProblem(ValueError):
    """A key or message that does not fit its method; the message says why, the hint what
    would."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class BadKey(CipherProblem):
    """The key cannot encipher by this method."""


class BadMessage(CipherProblem):
    """The plaintext holds characters this method cannot encipher."""


def _alphabet(letter: str) -> str | None:
    return next((a for a in ALPHABETS if letter in a), None)


def _is_separator(character: str) -> bool:
    """Spaces, line breaks and punctuation: they part words and are never sent as such."""
    return unicodedata.category(character)[0] in "PZC"


def _folded(character: str, known: str) -> str | None:
    """The character as `known` letters: itself, or its base letters once accents and
    compatibility forms are taken off (Š -> S, ² -> 2, ﬁ -> FI); None when it has none."""
    if character in known:
        return character
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", character) if unicodedata.category(c) != "Mn"
    ).upper()
    return bare if bare and all(c in known for c in bare) else None


def message_text(method: str, plaintext: str) -> str:
    """The plaintext as the method sends it: capitals of its alphabets, words parted by single
    spaces (and, for the pad, digits and full stops kept). Raise BadMessage naming every
    character it cannot encipher, so none is ever copied into the cipher text."""
    known = _known_characters(method)
    out: list[str] = []
    refused: list[str] = []
    for character in plaintext.upper():
        if method == "one-time-pad" and character in STOPS:
            out.append(".")
            continue
        folded = _folded(character, known)
        if folded is not None:
            out.append(folded)
        elif _is_separator(character):
            out.append(" ")
        elif character not in refused:
            refused.append(character)
    if refused:
        raise BadMessage(*_refusal(method, refused))
    return " ".join("".join(out).split())


def _known_characters(method: str) -> str:
    if method == "one-time-pad":
        return "".join(PAD_ALPHABETS) + DIGITS
    if method in ("shift", "vigenere"):
        return "".join(ALPHABETS)
    return ""  # the book cipher sends words, not letters: see `missing_words`


def _refusal(method: str, refused: list[str]) -> tuple[str, str]:
    shown = " ".join(f"`{c}` (U+{ord(c):04X})" for c in refused[:8])
    more = f" and {len(refused) - 8} more" if len(refused) > 8 else ""
    message = f"the {method} cipher cannot encipher {shown}{more}"
    if any(c.isdigit() for c in refused):
        hint = "write numbers as words (1926: NINETEEN TWENTY-SIX), as telegraphists did"
    elif method == "one-time-pad":
        hint = "the pad's code has Latin and Cyrillic letters, digits and full stops only"
    else:
        hint = "shift and vigenere encipher Latin, Cyrillic and Greek letters only"
    return message, hint + "; every other character would reach the players in clear"


def shift(text: str, key: int, *, decipher: bool = False) -> str:
    """Each letter moved `key` places along its alphabet (Caesar's was 3); spaces kept."""
    step = -key if decipher else key
    return "".join(_moved(character, step) for character in text)


def vigenere(text: str, key: str, *, decipher: bool = False) -> str:
    """Each letter shifted by the next letter of the keyword (A = 0); the keyword advances
    only on letters."""
    shifts = keyword_shifts(key)
    out, position = [], 0
    for character in text:
        if character == " ":
            out.append(character)
            continue
        step = shifts[position % len(shifts)] * (-1 if decipher else 1)
        out.append(_moved(character, step))
        position += 1
    return "".join(out)


def _moved(character: str, step: int) -> str:
    """A letter moved along its alphabet; a space stays. Anything else is a bug upstream
    (`message_text` refuses it), so it fails loudly rather than pass through in clear."""
    if character == " ":
        return character
    alphabet = _alphabet(character)
    if alphabet is None:
        raise ValueError(f"not a letter of a cipher alphabet: {character!r}")
    return alphabet[(alphabet.index(character) + step) % len(alphabet)]


def keyword_letters(key: str | int | None) -> str | None:
    """A Vigenère keyword as capitals of the cipher alphabets, its accents taken off as a
    message's are (ключ, KLJUČ, κλειδί), spaces dropped; None when it holds anything else."""
    known = "".join(ALPHABETS)
    letters = [_folded(c, known) for c in str(key or "").upper() if not c.isspace()]
    if not letters or None in letters:
        return None
    return "".join(letter for letter in letters if letter)


def keyword_shifts(key: str) -> list[int]:
    """A Vigenère keyword's letters as shifts along their own alphabet (A, А, Α = 0)."""
    shifts = []
    for letter in keyword_letters(key) or "":
        alphabet = _alphabet(letter)
        if alphabet is not None:
            shifts.append(alphabet.index(letter))
    return shifts


def pad_code(text: str) -> str:
    """A message from `message_text` as digits, two a character (see the code above)."""
    digits = []
    for character in text:
        if character in LATIN:
            digits.append(f"{LATIN.index(character) + 1:02d}")
        elif character in CYRILLIC:
            digits.append(f"{CYRILLIC_BASE + CYRILLIC.index(character) + 1:02d}")
        elif character in DIGITS:
            digits.append(f"{DIGIT_BASE + int(character):02d}")
        elif character == ".":
            digits.append(STOP_CODE)
        elif character == " ":
            digits.append(SPACE_CODE)
        else:
            raise ValueError(f"not in the pad's code: {character!r}")
    return "".join(digits)


def padded_code(text: str) -> str:
    """A message's pad code filled out to whole groups of five with the end code. Never with
    spaces: 0 added to a pad digit is that digit, so the filled-out places of the last group
    would print the pad's own digits (a message ending in a full stop could end in the pad's
    last group, whole). Whole end codes only, so no half code is left over: a group more
    when the gap is odd."""
    code = pad_code(text)
    gap = -len(code) % 5
    if gap % 2:
        gap += 5
    return code + END_CODE * (gap // 2)


def pad_decode(digits: str) -> str:
    out = []
    for index in range(0, len(digits) - 1, 2):
        code = int(digits[index : index + 2])
        if code == int(END_CODE):
            continue
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


def check_cipher(method: str, key: str | int | None, plaintext: str) -> None:
    """Raise BadMessage when the message holds what this method cannot encipher, or BadKey
    when the key cannot encipher this message by this method."""
    if isinstance(key, str) and len(key) > MAX_KEY:
        raise BadKey(
            f"the key is {len(key):,} characters long; companion takes keys of up to {MAX_KEY:,}",
            "a book cipher needs only the passage the message draws its words from",
        )
    if method == "book":
        _check_book(key, plaintext)
        return
    sent = message_text(method, plaintext)  # what is sent, worked out once for every check
    if method == "shift":
        _check_shift(key, sent)
    elif method == "vigenere":
        _check_keyword(key, sent)
    elif method == "one-time-pad":
        _check_pad(key, sent)


def _alphabets_in(sent: str) -> list[str]:
    """The alphabets a message from `message_text` uses, in the order of ALPHABETS."""
    return [alphabet for alphabet in ALPHABETS if any(c in alphabet for c in sent)]


def _check_shift(key: str | int | None, sent: str) -> None:
    if not isinstance(key, int) or not 1 <= key <= len(LATIN) - 1:
        raise BadKey(
            f"a shift key is a number of places; found `{key}`",
            "write a whole number from 1 to 25, e.g. `key: 3` (Caesar's)",
        )
    for alphabet in _alphabets_in(sent):
        if key % len(alphabet) == 0:
            raise BadKey(
                f"a shift of {key} leaves the {len(alphabet)}-letter alphabet "
                f"{alphabet[0]}-{alphabet[-1]} as it is: the message would print in clear",
                "choose another number of places",
            )


def _check_keyword(key: str | int | None, sent: str) -> None:
    if keyword_letters(key) is None:
        raise BadKey(
            f"a Vigenère key is a keyword of letters; found `{key}`",
            "write a word, e.g. `key: LORELEI`",
        )
    shifts = keyword_shifts(str(key))
    for alphabet in _alphabets_in(sent):
        if all(step % len(alphabet) == 0 for step in shifts):
            raise BadKey(
                f"the keyword `{key}` shifts no letter of the alphabet "
                f"{alphabet[0]}-{alphabet[-1]}: the message would print in clear",
                "choose a keyword with letters other than A",
            )


def _check_pad(key: str | int | None, sent: str) -> None:
    if key is None:
        return
    pad = re.sub(r"\s", "", str(key))
    needed = len(padded_code(sent))  # whole groups: a shorter pad would cut the last one
    if not pad.isdigit() or not pad.isascii():
        raise BadKey(
            "a one-time pad is digits only",
            "write the pad's digits (spaces are fine), or leave `key:` out for a random pad",
        )
    if len(pad) < needed:
        raise BadKey(
            f"the pad has {len(pad)} digits; the message needs {needed}",
            "give a longer pad, shorten the message, or leave `key:` out",
        )


def _check_book(key: str | int | None, plaintext: str) -> None:
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
    """The message enciphered; `check_cipher` has passed. `seed` (the handout's id) fixes
    what is left to chance: a pad the GM did not give, which of a word's places in the book."""
    if method == "book":
        assert isinstance(key, str)
        return _book_enciphered(plaintext, key, seed)
    text = message_text(method, plaintext)
    used = _alphabets_in(text) or [LATIN]
    if method == "shift":
        assert isinstance(key, int)
        sheet = tuple(line for a in used for line in (a, shift(a, key)))
        return Enciphered(" ".join(groups(shift(text, key))), sheet)
    if method == "vigenere":
        keyword = keyword_letters(key) or ""
        table = tuple(shift(a, step) for a in used for step in range(len(a)))
        return Enciphered(" ".join(groups(vigenere(text, keyword))), (keyword, *table))
    assert method == "one-time-pad"
    code = padded_code(text)
    pad = re.sub(r"\s", "", str(key)) if key is not None else random_pad(len(code), seed)
    pad_groups = groups(pad[: len(code)])
    sheet = tuple(" ".join(pad_groups[i : i + 10]) for i in range(0, len(pad_groups), 10))
    return Enciphered(" ".join(groups(one_time_pad(code, pad))), sheet)


def _book_enciphered(plaintext: str, book: str, seed: str) -> Enciphered:
    references = book_cipher(plaintext, book, seed)
    lines = [line.strip() for line in book.splitlines() if line.strip()]
    sheet = tuple(f"{number:>3}  {line}" for number, line in enumerate(lines, start=1))
    return Enciphered(" ".join(f"{r.line}.{r.word}" for r in references), sheet)
