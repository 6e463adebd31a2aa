"""Ciphers: computed, and read back by deciphering, from the functions and from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from companion import ciphers
from companion.build import build
from companion.campaign import load_campaign
from companion.cli import app
from companion.handouts.cipher import CipherContext
from companion.pipeline import BuildOptions, pipeline_for
from tests.conftest import OZOLA, SAINT, copy_file

MESSAGES = st.text(
    alphabet=ciphers.LATIN + ciphers.CYRILLIC + "abcxyz жщ .,0123456789", max_size=80
)


def _letters(text: str) -> str:
    return "".join(c for c in text.upper() if ciphers._alphabet(c))


@given(MESSAGES, st.integers(min_value=1, max_value=25))
def test_a_shift_deciphers(message: str, key: int) -> None:
    assert ciphers.shift(ciphers.shift(message, key), key, decipher=True) == message.upper()


@given(MESSAGES, st.text(alphabet=ciphers.LATIN, min_size=1, max_size=12))
def test_vigenere_deciphers(message: str, keyword: str) -> None:
    enciphered = ciphers.vigenere(message, keyword)
    assert ciphers.vigenere(enciphered, keyword, decipher=True) == message.upper()
    if len(_letters(message)) > 3 and set(keyword) != {"A"}:
        assert _letters(enciphered) != _letters(message)


@given(st.text(alphabet=ciphers.LATIN + ciphers.CYRILLIC + " .0123456789", max_size=60))
def test_a_one_time_pad_deciphers(message: str) -> None:
    done = ciphers.encipher("one-time-pad", message, None, "seed")
    pad = "".join(done.key_sheet).replace(" ", "")
    digits = ciphers.one_time_pad(done.text.replace(" ", ""), pad, decipher=True)
    expected = " ".join(message.upper().split())  # runs of spaces send as one
    assert ciphers.pad_decode(digits).rstrip() == expected.rstrip()


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
    notes = str(context.gm_notes)
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
    ],
    ids=["shift", "vigenere", "short pad", "book", "no key", "cipher text written"],
)
def test_a_key_that_does_not_fit_its_method_is_located(
    runner: CliRunner, mini: Path, fields: str, expected: tuple[str, ...]
) -> None:
    (mini / "handouts" / "key.yaml").write_text(
        "kind: cipher\n" + fields + "title: Key\nplaintext: meet me at the gate\n"
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1, result.output
    for words in expected:
        assert words in result.output, result.output
