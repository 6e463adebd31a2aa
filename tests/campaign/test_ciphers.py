"""Ciphers: computed, and read back by deciphering, from the functions and from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign import ciphers
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.cipher import CipherContext
from tests.conftest import OZOLA, SAINT, copy_file
from tests.pdftext import pdf_text

MESSAGES = st.text(
    alphabet=ciphers.LATIN + ciphers.CYRILLIC + ciphers.GREEK + "abcxyz жщ λ .,;\n", max_size=80
)


def _letters(text: str) -> str:
    return "".join(c for c in text.upper() if ciphers._alphabet(c))


@given(MESSAGES, st.integers(min_value=1, max_value=23))
def test_a_shift_deciphers(message: str, key: int) -> None:
    sent = ciphers.message_text("shift", message)
    assert ciphers.shift(ciphers.shift(sent, key), key, decipher=True) == sent
    assert _letters(sent) == _letters(message)  # no letter lost on the way


@given(MESSAGES, st.text(alphabet=ciphers.LATIN, min_size=1, max_size=12))
def test_vigenere_deciphers(message: str, keyword: str) -> None:
    sent = ciphers.message_text("vigenere", message)
    enciphered = ciphers.vigenere(sent, keyword)
    assert ciphers.vigenere(enciphered, keyword, decipher=True) == sent
    if len(_letters(message)) > 3 and set(keyword) != {"A"}:
        assert _letters(enciphered) != _letters(message)


@given(st.text(alphabet=ciphers.LATIN + ciphers.CYRILLIC + " .0123456789", max_size=60))
def test_a_one_time_pad_deciphers(message: str) -> None:
    done = ciphers.encipher("one-time-pad", message, None, "seed")
    pad = "".join(done.key_sheet).replace(" ", "")
    digits = ciphers.one_time_pad(done.text.replace(" ", ""), pad, decipher=True)
    expected = " ".join(message.upper().split())  # runs of spaces send as one
    assert ciphers.pad_decode(digits).rstrip() == expected.rstrip()


@pytest.mark.parametrize(
    "message", ["AB.", "Meet at ten.", "Auditor Monday.", "Do not meet N alone. Volga in lane."]
)
def test_the_last_group_never_copies_the_pad(message: str) -> None:
    """The last group was filled out with zeros, and 0 added to a pad digit is that digit:
    "AB." went out as the pad's own last group, and London's message ended in the pad's
    last two digits. Filled out with the end code (99), no filled-out place of the message
    shows its pad digit, and the groups still decipher to the message alone."""
    done = ciphers.encipher("one-time-pad", message, None, "seed")
    sent = done.text.replace(" ", "")
    pad = " ".join(done.key_sheet).replace(" ", "")
    code = ciphers.pad_code(ciphers.message_text("one-time-pad", message))
    assert len(sent) == len(pad) and len(sent) % 5 == 0
    assert done.text.split()[-1] != done.key_sheet[-1].split()[-1]
    assert all(s != p for s, p in zip(sent[len(code) :], pad[len(code) :], strict=True))
    back = ciphers.pad_decode(ciphers.one_time_pad(sent, pad, decipher=True))
    assert back == ciphers.message_text("one-time-pad", message)


def test_a_pad_must_cover_the_last_group_whole() -> None:
    """A pad as long as the message's code was taken, and the last group came out short
    (`12131 4`): the pad must cover whole groups, the filled-out end included."""
    with pytest.raises(ciphers.BadKey, match="the pad has 6 digits; the message needs 10"):
        ciphers.check_cipher("one-time-pad", "111111", "ABC")
    done = ciphers.encipher("one-time-pad", "ABC", "1111111111", "seed")
    assert [len(group) for group in done.text.split()] == [5, 5]


# The messages of the hostile report, and one a script at a time; what each method sends.
SCRIPTS = {
    "greek": ("ΠΡΟΔΟΤΗΣ ΣΤΟ ΛΙΜΑΝΙ", "ΠΡΟΔΟΤΗΣ ΣΤΟ ΛΙΜΑΝΙ"),
    "greek accents": ("Ο προδότης είναι εδώ", "Ο ΠΡΟΔΟΤΗΣ ΕΙΝΑΙ ΕΔΩ"),
    "croatian": ("Čuvaj mreže, Šime! Ćao.", "CUVAJ MREZE SIME CAO"),
    "russian": ("Ёлка у моста.", "ЕЛКА У МОСТА"),
    "latvian": ("Māte gaida ģimeni", "MATE GAIDA GIMENI"),
}


@pytest.mark.parametrize("method", ["shift", "vigenere"])
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_every_letter_of_every_script_is_enciphered(method: str, script: str) -> None:
    """Nothing of the message survives in clear: each group differs from the plaintext's
    letters at that place, and deciphering gives the message back."""
    plaintext, sent = SCRIPTS[script]
    key: str | int = 3 if method == "shift" else "ORCHID"
    ciphers.check_cipher(method, key, plaintext)
    done = ciphers.encipher(method, plaintext, key, "seed")
    letters = done.text.replace(" ", "")
    clear = sent.replace(" ", "")
    assert all(a != b for a, b in zip(letters, clear, strict=True)) or method == "vigenere"
    assert letters != clear
    back = (
        ciphers.shift(letters, 3, decipher=True)
        if method == "shift"
        else ciphers.vigenere(letters, "ORCHID", decipher=True)
    )
    assert back == clear


@pytest.mark.parametrize(
    ("method", "plaintext", "refused"),
    [
        ("shift", "ΠΡΟΔΟΤΗΣ ΣΤΟ ΛΙΜΑΝΙ 1926", "`1`"),
        ("vigenere", "meet at 20:00", "`2`"),
        ("shift", "Łódź", "`Ł`"),
        ("vigenere", "東京で会う", "`東`"),
        ("shift", "pay £50", "`£`"),
        ("one-time-pad", "ΠΡΟΔΟΤΗΣ", "`Π`"),
        ("one-time-pad", "meet at € 3", "`€`"),
    ],
)
def test_a_character_the_method_cannot_encipher_is_refused(
    method: str, plaintext: str, refused: str
) -> None:
    with pytest.raises(ciphers.BadMessage) as error:
        ciphers.check_cipher(method, 3 if method == "shift" else "KEY", plaintext)
    assert refused in str(error.value)
    assert "in clear" in error.value.hint


def test_a_compatibility_form_is_read_as_its_base_character() -> None:
    """`²` is the digit 2 to a one-time pad (it used to be an internal error)."""
    assert ciphers.message_text("one-time-pad", "room 4²") == "ROOM 42"


@pytest.mark.parametrize(
    ("method", "key", "plaintext"),
    [("shift", 24, "ΣΤΟ ΛΙΜΑΝΙ"), ("vigenere", "A", "meet me"), ("vigenere", "Ъ", "meet")],
)
def test_a_key_that_leaves_the_message_in_clear_is_refused(
    method: str, key: str | int, plaintext: str
) -> None:
    with pytest.raises(ciphers.BadKey, match="in clear"):
        ciphers.check_cipher(method, key, plaintext)


def test_a_book_cipher_deciphers() -> None:
    book = "Sveti Petre, moli za nas\nna moru i na kopnu\nčuvaj ribare i njihove mreže"
    references = ciphers.book_cipher("čuvaj mreže na moru", book, "seed")
    assert ciphers.book_decipher(references, book) == "ČUVAJ MREŽE NA MORU"


def _page_text(pdf: Path, index: int) -> str:
    return pypdf.PdfReader(pdf).pages[index].extract_text() or ""


def test_the_players_copy_deciphers_with_the_pad_it_prints(tmp_path: Path) -> None:
    """London's message: the groups on page 1 and the pad from the snus tin on page 2 read
    back, by hand as it were, to the plaintext, which itself is nowhere in the players' PDF."""
    build(load_campaign(OZOLA), BuildOptions(only=("london-pad-message",), out_dir=tmp_path))
    pdf = tmp_path / "ozola" / "player" / copy_file("player", "london-pad-message", "ozola")
    groups = re.findall(r"\b\d{5}\b", _page_text(pdf, 0))
    pad_page = _page_text(pdf, 1)
    pad = re.findall(r"\b\d{5}\b", pad_page.split("A=01")[0])
    digits = ciphers.one_time_pad("".join(groups), "".join(pad), decipher=True)
    message = ciphers.pad_decode(digits).strip()
    assert (
        message
        == "DO NOT MEET N ALONE. VOLGA IN LANE IS KGB. LEAVE BY STAFF PASSAGE. AUDITOR MONDAY."
    )
    everything = " ".join(_page_text(pdf, i) for i in range(len(pypdf.PdfReader(pdf).pages)))
    assert "VOLGA" not in everything.upper() and "staff passage" not in everything


def test_the_gm_copy_carries_the_plaintext_and_the_method(tmp_path: Path) -> None:
    context = pipeline_for(load_campaign(SAINT)).context("gherardini-tally", "gm")
    assert isinstance(context, CipherContext)
    # Typeset: "3 places" is bound with a no-break space.
    notes = " ".join(str(note.body) for note in context.gm_notes).replace("\u00a0", " ")
    assert "Quaranta casse lunedi notte" in notes and "3 places" in notes
    player = pipeline_for(load_campaign(SAINT)).context("gherardini-tally", "player")
    assert isinstance(player, CipherContext)
    assert player.grid[0][:5] == tuple("TXDUD")  # QUARA shifted by three
    assert "Quaranta" not in str(player)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("method: shift\nkey: three\n", ("key.yaml:3:", "a shift key is a number", "1 to 25")),
        ("method: vigenere\nkey: L0RE1\n", ("key.yaml:3:", "keyword of letters")),
        ("method: one-time-pad\nkey: '12345'\n", ("key.yaml:3:", "the pad has 5 digits")),
        ("method: book\nkey: the gate at dawn\n", ("key.yaml:3:", "not in the book: `meet`")),
        ("method: shift\n", ("key.yaml:2:", "a shift key is a number")),
        ("method: shift\nkey: 3\ncipher_text: XYZ\n", ("key.yaml:", "is computed")),
        (
            "method: shift\nkey: 3\nplaintext: Στο λιμάνι 1926\n",
            ("key.yaml:4:", "cannot encipher `1`", "write numbers as words"),
        ),
    ],
    ids=["shift", "vigenere", "short pad", "book", "no key", "cipher text written", "digits"],
)
def test_a_key_that_does_not_fit_its_method_is_located(
    runner: CliRunner, mini: Path, fields: str, expected: tuple[str, ...]
) -> None:
    (mini / "handouts" / "key.yaml").write_text(
        "kind: cipher\n"
        + fields
        + "title: Key\n"
        + ("" if "plaintext" in fields else "plaintext: meet me at the gate\n")
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1, result.output
    for words in expected:
        assert words in result.output, result.output


@pytest.mark.parametrize(
    ("method", "key"),
    [("shift", "3"), ("vigenere", "ORCHID"), ("one-time-pad", "null"), ("book", "book")],
)
def test_the_players_copy_holds_only_cipher_text_in_any_script(
    runner: CliRunner, mini: Path, method: str, key: str
) -> None:
    """The hostile report's Greek message, built through the CLI: the players' PDF holds no
    run of its letters in clear, and deciphering what it prints gives the message back."""
    plaintext = "ΠΡΟΔΟΤΗΣ ΣΤΟ ΛΙΜΑΝΙ" if method in ("shift", "vigenere") else "TRAITOR IN PORT"
    if key == "book":
        key = "'In the port of Split\n  a traitor waits'"
    (mini / "handouts" / "greek.yaml").write_text(
        f"kind: cipher\ntitle: Greek\nto: all\nmethod: {method}\nkey: {key}\n"
        f"plaintext: {plaintext}\nkey_sheet: false\n"
    )
    result = runner.invoke(app, ["build", str(mini), "--only", "greek", "--out", str(mini / "o")])
    assert result.exit_code == 0, result.output
    (pdf,) = (mini / "o" / "mini" / "player").glob("*.pdf")
    printed = "".join(pdf_text(pdf).split())
    for word in plaintext.split():
        assert word[:4] not in printed
    if method == "shift":
        groups = re.findall(r"[Α-Ω]{1,5}", pdf_text(pdf))
        assert ciphers.shift("".join(groups), 3, decipher=True) == plaintext.replace(" ", "")


@pytest.mark.parametrize(
    ("keyword", "message"),
    [("κλειδί", "Συνάντηση στο λιμάνι"), ("KLJUČ", "Čekaj me noćas"), ("ключ", "Встретимся")],
)
def test_a_keyword_with_accents_is_read_as_its_letters(keyword: str, message: str) -> None:
    """Found by the generated campaigns: a keyword written as the message is (with its
    accents) was refused while the message was folded."""
    ciphers.check_cipher("vigenere", keyword, message)
    sent = ciphers.message_text("vigenere", message)
    done = ciphers.encipher("vigenere", message, keyword, "test")
    bare = ciphers.keyword_letters(keyword)
    assert bare is not None and bare.isupper()
    assert ciphers.vigenere(done.text.replace(" ", ""), bare, decipher=True) == sent.replace(
        " ", ""
    )
