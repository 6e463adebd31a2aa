"""Hostile campaign folders: every trick is a located error or a harmless no-op, and quick.

A campaign folder may come from a stranger. These tests run `companion validate` and
`companion build` on folders built to attack: YAML bombs and tricks, templates that try to
escape the sandbox, references to files outside the campaign and to the network, picture and
SVG bombs, hostile file names, and builds killed half-way. SECURITY.md promises what they
prove.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from companion.atomic import OutputRefused, read_regular_file, write_atomic
from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.campaign.marked_yaml import MAX_DEPTH, load_yaml
from companion.campaign.models import (
    CampaignInfo,
    ClueBook,
    DossierHandout,
    FloorPlan,
    Location,
    MapHandout,
    NoteHandout,
    Npc,
    Player,
)
from companion.cli import app
from companion.errors import CompanionError, LocatedError
from tests.conftest import ASSETS, ROOT
from tests.forge import png_header_only
from tests.pdftext import pdf_text

HOSTILE = ASSETS / "hostile"
MARKER = "MARKER-7f3a9c-OUTSIDE-THE-CAMPAIGN"
# Hostile input must fail fast. Measured in CPU seconds (this process and the workers it has
# waited for), so that a machine busy with other work does not fail the test.
QUICK_SECONDS = 1.0
# Waiting on a pipe spends no CPU, so the pipe tests also bound the time on the clock, loosely.
WAIT_SECONDS = 20.0


# --- helpers ----------------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time used so far by this process and its reaped children (user and system)."""
    user, system, children_user, children_system, _ = os.times()
    return user + system + children_user + children_system


def invoke(
    runner: CliRunner, campaign: Path, monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[Result, float]:
    """Run `companion <command> <campaign> [args]` from the campaign's parent folder."""
    monkeypatch.chdir(campaign.parent)
    command, *rest = args
    started = cpu_seconds()
    result = runner.invoke(app, [command, campaign.name, *rest])
    return result, cpu_seconds() - started


def assert_clean_failure(result: Result) -> None:
    """Exit code 1 with a message, and never a Python traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def build_note(
    runner: CliRunner, campaign: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Result, float]:
    return invoke(
        runner,
        campaign,
        monkeypatch,
        "build",
        "--only",
        "letter",
        "--audience",
        "gm",
        "--out",
        "out",
    )


def built_pdfs(campaign: Path) -> list[Path]:
    return sorted((campaign.parent / "out").rglob("*.pdf"))


def outside_secret(tmp_path: Path, name: str = "secret.txt", text: str = MARKER) -> Path:
    """A file outside the campaign folder whose words must never reach any output."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    secret = folder / name
    secret.write_text(text)
    return secret


def note_template(campaign: Path, body: str, head: str = "") -> None:
    """A campaign override of the note template: the real note, plus `head` and `body`."""
    (campaign / "templates").mkdir(exist_ok=True)
    (campaign / "templates" / "note.html.j2").write_text(
        '{% extends "base.html.j2" %}\n'
        "{% block style %}" + head + "{% endblock %}\n"
        "{% block content %}<div>{{ handout.text }}</div>\n" + body + "\n{% endblock %}\n"
    )


# --- hostile YAML -----------------------------------------------------------------------------

COOK = "mini/npcs/cook.yaml"
TAG_HINT = "    hint: remove the `!` tag; campaign files hold plain text, numbers and lists\n"
KEY_HINT = '    hint: keys are names such as `title`; put it in quotes if you mean text: "yes"\n'
DEPTH = (
    f"the data is nested more than {MAX_DEPTH} levels deep\n"
    "    hint: campaign files need only a few levels; check the indentation\n"
)
NUMBER_HINT = (
    "    hint: write an ordinary number such as 1.5; put it in quotes if it is meant as text\n"
)
UNPRINTABLE_HINT = "    hint: remove it; campaign files hold printable text only\n"
UTF8_HINT = "    hint: save the file as UTF-8 in your editor\n"

YAML_CASES: dict[str, tuple[bytes, str]] = {
    "billion laughs": (
        b'name: Martha\nlol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        + b"".join(
            b"l%d: &l%d [%s]\n" % (i, i, b", ".join([b"*l%d" % (i - 1) if i else b"*a"] * 9))
            for i in range(9)
        ),
        f"{COOK}:2:6: YAML anchors and aliases (`&name`, `*name`) are not allowed\n"
        "    hint: write the value out in full; aliases can make a small file expand into a huge "
        "one\n",
    ),
    "10,000 nested lists": (
        b"name: Martha\naliases: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
        f"{COOK}:2:{9 + MAX_DEPTH}: {DEPTH}",
    ),
    "100,000 nested lists": (
        b"name: Martha\naliases: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        f"{COOK}:2:{9 + MAX_DEPTH}: {DEPTH}",
    ),
    "10,000 nested mappings": (
        b"name: Martha\nrole: " + b"{a: " * 10_000 + b"b" + b"}" * 10_000 + b"\n",
        f"{COOK}:2:{4 * MAX_DEPTH}: {DEPTH}",
    ),
    "1,000 nested indented blocks": (
        b"name: Martha\n" + b"".join(b" " * i + b"k%d:\n" % i for i in range(1000)),
        f"{COOK}:{1 + MAX_DEPTH}:{MAX_DEPTH}: {DEPTH}",
    ),
    "binary file": (
        bytes(range(256)) * 4,
        f"{COOK}:1:1: the file is binary, not text\n    hint: save it as UTF-8 text\n",
    ),
    "Latin-1": (
        "name: Martha\nrole: Cuisinière\n".encode("latin-1"),
        f"{COOK}:2:14: the file is not UTF-8 text (byte 0xE8 cannot be read)\n{UTF8_HINT}",
    ),
    "UTF-16 with BOM": (
        "name: Martha\n".encode("utf-16"),
        f"{COOK}:1:1: the file is UTF-16 text, not UTF-8\n{UTF8_HINT}",
    ),
    "UTF-16 little-endian without BOM": (
        "name: Martha\n".encode("utf-16-le"),
        f"{COOK}:1:1: the file is UTF-16 text, not UTF-8\n{UTF8_HINT}",
    ),
    "UTF-16 big-endian without BOM": (
        "name: Martha\n".encode("utf-16-be"),
        f"{COOK}:1:1: the file is UTF-16 text, not UTF-8\n{UTF8_HINT}",
    ),
    "UTF-32 with BOM": (
        "name: Martha\n".encode("utf-32"),
        f"{COOK}:1:1: the file is UTF-32 text, not UTF-8\n{UTF8_HINT}",
    ),
    "tab before a value": (
        b"name:\tMartha\nrole:\t\tCook\n",
        f"{COOK}:1:6: YAML: found character '\\t' that cannot start any token\n"
        "    hint: use spaces, not tabs, to indent\n",
    ),
    "duplicate key (not last-one-wins)": (
        b"name: Martha\nrole: Cook\nname: Mallory\n",
        f"{COOK}:3:1: the key `name` appears twice in the same block\n"
        "    hint: it was already given on line 1; keep one of them\n",
    ),
    "number as a key": (b"name: Martha\n42: answer\n", f"{COOK}:2:1: the key `42` is not a word\n"),
    "`yes` as a key": (b"name: Martha\nyes: no\n", f"{COOK}:2:1: the key `yes` is not a word\n"),
    "`null` as a key": (b"name: Martha\nnull: x\n", f"{COOK}:2:1: the key `null` is not a word\n"),
    "`~` as a key": (b"name: Martha\n~: x\n", f"{COOK}:2:1: the key `~` is not a word\n"),
    "list as a key": (
        b"name: Martha\n? [a, b]\n: x\n",
        f"{COOK}:2:3: the key `a list` is not a word\n",
    ),
    "mapping as a key": (
        b"name: Martha\n? {a: b}\n: x\n",
        f"{COOK}:2:3: the key `a block of keys` is not a word\n",
    ),
    "1e999999": (
        b"name: Martha\nborn: 1e999999\n",
        f"{COOK}:2:7: `1e999999` is not a number that can be used\n{NUMBER_HINT}",
    ),
    "1.0e+999999": (
        b"name: Martha\nborn: 1.0e+999999\n",
        f"{COOK}:2:7: `1.0e+999999` is not a number that can be used\n{NUMBER_HINT}",
    ),
    ".nan": (
        b"name: Martha\nborn: .nan\n",
        f"{COOK}:2:7: `.nan` is not a number that can be used\n{NUMBER_HINT}",
    ),
    "10,000-digit integer": (
        b"name: Martha\nborn: " + b"9" * 10_000 + b"\n",
        f"{COOK}:2:7: the number has 10000 digits; at most 30 are allowed\n"
        '    hint: put it in quotes if it is meant as text, e.g. "0012345"\n',
    ),
    "40-digit hexadecimal": (
        b"name: Martha\nborn: 0x" + b"f" * 40 + b"\n",
        f"{COOK}:2:7: the number has 40 digits; at most 30 are allowed\n"
        '    hint: put it in quotes if it is meant as text, e.g. "0012345"\n',
    ),
    "!!python/object/apply": (
        b"name: !!python/object/apply:os.system [touch pwned]\n",
        f"{COOK}:1:7: the tag `!!python/object/apply:os.system` is not allowed\n{TAG_HINT}",
    ),
    "!!python/object": (
        b"name: Martha\nrole: !!python/object:companion.models.Npc {}\n",
        f"{COOK}:2:7: the tag `!!python/object:companion.models.Npc` is not allowed\n{TAG_HINT}",
    ),
    "!!python/name": (
        b"name: !!python/name:os.system\n",
        f"{COOK}:1:7: the tag `!!python/name:os.system` is not allowed\n{TAG_HINT}",
    ),
    "verbatim python tag": (
        b"name: !<tag:yaml.org,2002:python/object/apply:os.system> [ls]\n",
        f"{COOK}:1:7: the tag `!!python/object/apply:os.system` is not allowed\n{TAG_HINT}",
    ),
    "!!binary": (
        b"name: !!binary TWFydGhh\n",
        f"{COOK}:1:7: the tag `!!binary` is not allowed\n{TAG_HINT}",
    ),
    "!!set": (
        b"name: Martha\naliases: !!set {a, b}\n",
        f"{COOK}:2:10: the tag `!!set` is not allowed\n{TAG_HINT}",
    ),
    "!!omap": (
        b"name: Martha\naliases: !!omap [a: 1]\n",
        f"{COOK}:2:10: the tag `!!omap` is not allowed\n{TAG_HINT}",
    ),
    "custom !foo": (
        b"name: !foo Martha\n",
        f"{COOK}:1:7: the tag `!foo` is not allowed\n{TAG_HINT}",
    ),
    "harmless-looking !!str": (
        b"name: !!str Martha\n",
        f"{COOK}:1:7: the tag `!!str` is not allowed\n{TAG_HINT}",
    ),
    "!!bool on a non-boolean": (
        b"name: Martha\ndossier: !!bool maybe\n",
        f"{COOK}:2:10: the tag `!!bool` is not allowed\n{TAG_HINT}",
    ),
    "merge key": (
        b"name: Martha\n<<: {role: Cook}\n",
        f"{COOK}:2:1: merge keys (`<<`) are not allowed\n"
        "    hint: write the keys out in full in this block\n",
    ),
    "%YAML 1.1 directive": (
        b"%YAML 1.1\n---\nname: Martha\n",
        f"{COOK}:1:1: YAML directives (`%YAML`, `%TAG`) are not allowed\n"
        "    hint: remove the lines starting with `%`; campaign files need none\n",
    ),
    "%TAG directive": (
        b"%TAG !py! tag:yaml.org,2002:python/object/apply:\n---\nname: !py!os.system [ls]\n",
        f"{COOK}:1:1: YAML directives (`%YAML`, `%TAG`) are not allowed\n"
        "    hint: remove the lines starting with `%`; campaign files need none\n",
    ),
    "two documents": (
        b"name: Martha\n---\nname: Mallory\n",
        f"{COOK}:2:1: YAML: but found another document\n"
        "    hint: a campaign file holds one document; remove the second `---`\n",
    ),
    "raw control character": (
        b"name: Martha\nrole: Co\x07ok\n",
        f"{COOK}:2:9: the file contains the unprintable character U+0007\n{UNPRINTABLE_HINT}",
    ),
    "escaped terminal control sequence": (
        b'name: Martha\nrole: "\\e[2J\\e]0;pwned\\a"\n',
        f"{COOK}:2:7: the text contains the unprintable character U+001B\n{UNPRINTABLE_HINT}",
    ),
    "escaped NUL": (
        b'name: "Martha\\0"\n',
        f"{COOK}:1:7: the text contains the unprintable character U+0000\n{UNPRINTABLE_HINT}",
    ),
    "lone surrogate": (
        b'name: "Martha\\ud800"\n',
        f"{COOK}:1:7: the text contains the unprintable character U+D800\n{UNPRINTABLE_HINT}",
    ),
    "900,000-character key": (
        b"name: Martha\n" + b"k" * 900_000 + b": x\n",
        f"{COOK}:2:900001: YAML: could not find expected ':'\n"
        "    hint: a key is at most 1024 characters long; is this line a key?\n",
    ),
}


@pytest.mark.parametrize("case", YAML_CASES, ids=list(YAML_CASES))
def test_hostile_yaml_is_a_located_error(
    case: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, expected = YAML_CASES[case]
    (mini / "npcs" / "cook.yaml").write_bytes(content)
    result, seconds = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert result.output.startswith(expected)
    assert seconds < QUICK_SECONDS


def test_utf8_byte_order_mark_is_accepted(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cook = mini / "npcs" / "cook.yaml"
    cook.write_bytes(b"\xef\xbb\xbf" + cook.read_bytes())
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert result.exit_code == 0, result.output


def test_long_line_of_text_is_read_quickly(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 900 KB value is read, quickly, within the size cap, and refused at its line for
    being longer than any text field may be (the limit that keeps every build bounded)."""
    (mini / "npcs" / "cook.yaml").write_bytes(b"name: Martha\nsummary: " + b"a" * 900_000 + b"\n")
    result, seconds = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert "cook.yaml:2:10: `summary`: expected at most 20000 characters" in result.output
    assert seconds < QUICK_SECONDS


def test_100_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as stream:  # sparse: 100 MB on paper, nothing on disk
        stream.write(b"name: Martha\n")
        stream.truncate(100 * 1024 * 1024)
    tracemalloc.start()
    started = cpu_seconds()
    try:
        with pytest.raises(LocatedError, match="the file is larger than 1024 KiB"):
            load_yaml(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert cpu_seconds() - started < QUICK_SECONDS
    assert peak < 8 * 1024 * 1024


def test_100_mb_file_through_the_cli(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (mini / "npcs" / "cook.yaml").open("r+b") as stream:
        stream.truncate(100 * 1024 * 1024)
    result, seconds = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert result.output.startswith(f"{COOK}: the file is larger than 1024 KiB\n")
    assert seconds < QUICK_SECONDS


def test_deep_nesting_never_raises_recursion_error(tmp_path: Path) -> None:
    """PyYAML composes recursively; the depth check must stop it long before Python would."""
    deep = tmp_path / "deep.yaml"
    for opening, closing in ((b"[", b"]"), (b"{a: ", b"}")):
        deep.write_bytes(b"x: " + opening * 100_000 + b"1" + closing * 100_000 + b"\n")
        with pytest.raises(LocatedError, match="nested more than"):
            load_yaml(deep)


def test_symlinked_yaml_file_leading_outside_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = outside_secret(tmp_path, "secret.yaml", f"name: {MARKER}\nwat: {MARKER}\n")
    (mini / "npcs" / "spy.yaml").symlink_to(secret)
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert result.output == (
        "mini/npcs/spy.yaml: the file is reached through a symbolic link\n"
        "    hint: campaign files must be real files inside the campaign folder; copy it in\n"
    )


def test_symlinked_folder_leading_outside_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = outside_secret(tmp_path, "spy.yaml", f"name: {MARKER}\nwat: {MARKER}\n")
    shutil.rmtree(mini / "locations")
    (mini / "locations").symlink_to(secret.parent, target_is_directory=True)
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert "mini/locations/spy.yaml: the file is reached through a symbolic link\n" in result.output
    assert MARKER not in result.output


def test_named_pipe_does_not_hang_validate(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(mini / "npcs" / "pipe.yaml")
    started = time.monotonic()
    result, seconds = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)  # reported, never skipped without a word
    assert "mini/npcs/pipe.yaml: this is not an ordinary file, so it cannot be read" in (
        result.output
    )
    assert seconds < QUICK_SECONDS
    assert time.monotonic() - started < WAIT_SECONDS


@pytest.mark.parametrize("name", ["con", "nul", "aux", "com1", "lpt9"])
def test_names_windows_keeps_for_devices_are_refused(
    name: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "npcs" / f"{name}.yaml").write_text("name: Someone\n")
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert f"Windows keeps the name `{name}` for a device" in result.output
    assert f"hint: rename the file, e.g. `{name}-1.yaml`" in result.output


def test_files_that_are_not_read_are_named(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "npcs" / "vicar.YAML").write_text("name: The Vicar\n")
    (mini / "handouts" / "drafts").mkdir()
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert result.exit_code == 0, result.output
    assert "warning: mini/handouts/drafts: not read: only `.yaml` files are campaign files " in (
        result.output
    )
    assert "warning: mini/npcs/vicar.YAML: not read" in result.output


@pytest.mark.parametrize("name", ["..x.yaml", "old friend.yaml", "Cook.yaml", ".-.yaml"])
def test_hostile_file_names_are_not_ids(
    name: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "handouts" / name).write_text("kind: note\ntitle: T\ntext: x\n")
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert f"mini/handouts/{name}: the file name `{name}` is not a valid id\n" in result.output


# --- template sandbox -------------------------------------------------------------------------

UNSAFE = "template tried something unsafe: "
TEMPLATE_ATTACKS: dict[str, tuple[str, str]] = {
    "str subclasses via __mro__": (
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        f"{UNSAFE}access to attribute '__class__' of 'str' object is unsafe.",
    ),
    "cycler globals": (
        "{{ cycler.__init__.__globals__ }}",
        f"{UNSAFE}access to attribute '__init__' of 'type' object is unsafe.",
    ),
    "template reference context": (
        "{{ self._TemplateReference__context }}",
        f"{UNSAFE}access to attribute '_TemplateReference__context' of 'TemplateReference' "
        "object is unsafe.",
    ),
    "handout class": (
        "{{ handout.__class__ }}",
        f"{UNSAFE}access to attribute '__class__' of 'NoteContext' object is unsafe.",
    ),
    "attr filter": (
        "{{ handout|attr('__class__') }}",
        f"{UNSAFE}access to attribute '__class__' of 'NoteContext' object is unsafe.",
    ),
    "format string": (
        "{{ '{0.__class__}'.format(handout) }}",
        f"{UNSAFE}access to attribute '__class__' of 'NoteContext' object is unsafe.",
    ),
    "gigabyte string": (
        "{{ 'ab' * 10**9 }}",
        f"{UNSAFE}repeating text or a list more than 100,000 long",
    ),
    "googol power": ("{{ 7 ** 100000 }}", f"{UNSAFE}the power is too large"),
    "squaring a huge number": (
        "{% set big = 2 ** 5000 %}{{ big * big * big }}",
        f"{UNSAFE}the product is too large",
    ),
    "billion-step loop": (
        "{% for i in range(10**9) %}{% endfor %}",
        "template failed: OverflowError: Range too big. The sandbox blocks ranges larger than "
        "MAX_RANGE (100000).",
    ),
    "include /etc/passwd": ("{% include '/etc/passwd' %}", "template `/etc/passwd` not found"),
    "include ../../../etc/passwd": (
        "{% include '../../../etc/passwd' %}",
        "template `../../../etc/passwd` not found",
    ),
    "import of a parent folder": (
        "{% import '../campaign.yaml' as c %}",
        "template `../campaign.yaml` not found",
    ),
    "undefined value": (
        "{{ handout.secret }}",
        "template uses an unknown value: 'companion.kinds.note.NoteContext object' has no "
        "attribute 'secret'",
    ),
    "division by zero": ("{{ 1 / 0 }}", "template failed: ZeroDivisionError: division by zero"),
    "endless recursion": (
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "template failed: RecursionError: maximum recursion depth exceeded",
    ),
}


@pytest.mark.parametrize("case", TEMPLATE_ATTACKS, ids=list(TEMPLATE_ATTACKS))
def test_template_attack_is_a_located_error(
    case: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attack, message = TEMPLATE_ATTACKS[case]
    (mini / "templates").mkdir()
    (mini / "templates" / "note.html.j2").write_text("<p>An innocent first line</p>\n" + attack)
    result, seconds = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert f"mini/templates/note.html.j2:2: {message}" in result.output
    assert "root:" not in result.output
    assert built_pdfs(mini) == []
    assert seconds < 2 * QUICK_SECONDS  # the first build of a test run also sets up Jinja


def test_template_syntax_error_names_file_and_line(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "templates").mkdir()
    (mini / "templates" / "note.html.j2").write_text("<p>\n</p>\n{% if %}\n")
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert (
        "mini/templates/note.html.j2:3: template syntax error: "
        "Expected an expression, got 'end of statement block'\n"
    ) in result.output


def test_template_linking_outside_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (mini / "templates").mkdir()
    (mini / "templates" / "snippet.html").symlink_to(outside_secret(tmp_path))
    (mini / "templates" / "note.html.j2").write_text("<p>\n{% include 'snippet.html' %}\n")
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert (
        f"mini/templates/note.html.j2:2: {UNSAFE}template `snippet.html` is a link to a file "
        "outside "
    ) in result.output
    assert MARKER not in result.output
    assert built_pdfs(mini) == []


def test_templates_folder_linking_outside_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = outside_secret(tmp_path, "note.html.j2", MARKER)
    (mini / "templates").symlink_to(secret.parent, target_is_directory=True)
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert "templates is a link to a folder outside the campaign" in result.output
    assert MARKER not in result.output
    assert built_pdfs(mini) == []


def test_non_utf8_template_is_a_located_error(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "templates").mkdir()
    (mini / "templates" / "note.html.j2").write_bytes(b"caf\xe9")
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert (
        "mini/templates/note.html.j2:1: template syntax error: the template is not UTF-8 text\n"
    ) in result.output


# --- files and network through WeasyPrint ---------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Records any attempt to open a connection (there must be none)."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("the test forbids network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield attempts


REFUSED_HINT = (
    "    hint: a handout may use files inside the campaign folder only: no network, no files "
    "elsewhere, no SVG with a DOCTYPE\n"
)
REFUSED = "a template asks for what it may not use: "
DATA_SVG = (
    "data:image/svg+xml,"
    "%3C!DOCTYPE svg [%3C!ENTITY a 'aaaaaaaaaa'>%3C!ENTITY b '%26a;%26a;%26a;'>]>"
    "%3Csvg xmlns=%22http://www.w3.org/2000/svg%22>%3Ctext>%26b;%3C/text>%3C/svg>"
)
FETCH_ATTACKS: dict[str, tuple[str, str, str]] = {
    # case: (in <style>, in <body>, what the error names)
    "img file:///etc/passwd": (
        "",
        '<img src="file:///etc/passwd">',
        "file:///etc/passwd is outside the campaign folder",
    ),
    "stylesheet file:///etc/passwd": (
        "",
        '<link rel="stylesheet" href="file:///etc/passwd">',
        "file:///etc/passwd is outside the campaign folder",
    ),
    "css @import of a file outside": (
        "",
        '<style>@import url("file:///etc/passwd");</style>',
        "file:///etc/passwd is outside the campaign folder",
    ),
    "css background from a file outside": (
        'body { background: url("file:///etc/passwd"); }',
        "",
        "file:///etc/passwd is outside the campaign folder",
    ),
    "font from a file outside": (
        '@font-face { font-family: X; src: url("file:///etc/passwd"); } p { font-family: X; }',
        "",
        "file:///etc/passwd is outside the campaign folder",
    ),
    "object file:///etc/passwd": (
        "",
        '<object data="file:///etc/passwd" type="image/png"></object>',
        "file:///etc/passwd is outside the campaign folder",
    ),
    "relative path climbing out of the templates": (
        "",
        '<img src="../../../../../../../../etc/passwd">',
        "file:///etc/passwd is outside the campaign folder",
    ),
    "file URL with a host": (
        "",
        '<img src="file://evil.example/etc/passwd">',
        "file://evil.example/etc/passwd: the network is not used; only files in the campaign",
    ),
    "http to a closed local port": (
        "",
        '<img src="http://127.0.0.1:9/x.png">',
        "http://127.0.0.1:9/x.png: the network is not used; only files in the campaign",
    ),
    "https image": (
        "",
        '<img src="https://example.com/a.png">',
        "https://example.com/a.png: the network is not used; only files in the campaign",
    ),
    "https stylesheet": (
        "",
        '<link rel="stylesheet" href="https://example.com/a.css">',
        "https://example.com/a.css: the network is not used; only files in the campaign",
    ),
    "campaign picture climbing out": (
        "",
        '<img src="campaign:../../../../../../../../etc/passwd">',
        "campaign:../../../../../../../../etc/passwd is outside the campaign folder",
    ),
    "SVG with an entity bomb in a data URL": (
        "",
        f'<img src="{DATA_SVG}">',
        f"{DATA_SVG} declares a DOCTYPE or entities; SVG files must not",
    ),
}


@pytest.mark.parametrize("case", FETCH_ATTACKS, ids=list(FETCH_ATTACKS))
def test_template_reaching_outside_is_refused(
    case: str,
    runner: CliRunner,
    mini: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_network: list[object],
) -> None:
    head, body, refusal = FETCH_ATTACKS[case]
    note_template(mini, body, head)
    result, seconds = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert f"{REFUSED}{refusal}\n{REFUSED_HINT}" in result.output
    assert "root:" not in result.output
    assert built_pdfs(mini) == []
    assert no_network == []
    assert seconds < 2 * QUICK_SECONDS


def test_outside_file_is_never_read(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A stylesheet outside the campaign that would print the marker, if it were ever used."""
    leak = outside_secret(tmp_path, "leak.css", f'body::after {{ content: "{MARKER}"; }}')
    note_template(mini, f'<link rel="stylesheet" href="{leak.as_uri()}">')
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert f"{leak.as_uri()} is outside the campaign folder" in result.output


def test_stylesheet_inside_the_campaign_is_used(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control for the test above and below: the marker would show, were it fetched."""
    inside = mini / "templates" / "extra.css"
    note_template(mini, f'<link rel="stylesheet" href="{inside.as_uri()}">')
    inside.write_text(f'body::after {{ content: "{MARKER}"; }}')
    result, _ = build_note(runner, mini, monkeypatch)
    assert result.exit_code == 0, result.output
    [pdf] = built_pdfs(mini)
    assert MARKER in pdf_text(pdf)


def test_symlink_inside_the_campaign_to_outside_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    leak = outside_secret(tmp_path, "leak.css", f'body::after {{ content: "{MARKER}"; }}')
    link = mini / "templates" / "extra.css"
    note_template(mini, f'<link rel="stylesheet" href="{link.as_uri()}">')
    link.symlink_to(leak)
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert f"{link.as_uri()} is outside the campaign folder" in result.output
    assert built_pdfs(mini) == []


def test_svg_entity_bomb_file_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = mini / "images" / "laughs.svg"
    shutil.copy(HOSTILE / "laughs.svg", bomb)
    note_template(mini, f'<img src="{bomb.as_uri()}">')
    result, seconds = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert f"{bomb.as_uri()} declares a DOCTYPE or entities; SVG files must not" in result.output
    assert seconds < 2 * QUICK_SECONDS


def test_svg_in_utf16_with_external_entity_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte search for `<!ENTITY` would miss UTF-16; and the file is not even called .svg."""
    svg = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><text y="20">&x;</text></svg>\n'
    )
    sneaky = mini / "images" / "sneaky.png"
    sneaky.write_bytes(svg.encode("utf-16"))
    note_template(mini, f'<img src="{sneaky.as_uri()}">')
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert f"{sneaky.as_uri()} declares a DOCTYPE or entities" in result.output
    assert "root:" not in result.output


def test_postscript_disguised_as_png_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pillow hands EPS to Ghostscript; a stranger's file must never reach it."""
    eps = mini / "images" / "photo.png"
    shutil.copy(HOSTILE / "ghost.eps", eps)
    note_template(mini, f'<img src="{eps.as_uri()}">')
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert f"{eps.as_uri()} is a picture in EPS format; use PNG or JPEG" in result.output


def test_picture_bomb_in_a_template_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = mini / "images" / "bomb.png"
    bomb.write_bytes(png_header_only(100_000, 100_000))
    note_template(mini, f'<img src="{bomb.as_uri()}">')
    result, seconds = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert f"{bomb.as_uri()} claims too many pixels to open" in result.output
    assert seconds < 2 * QUICK_SECONDS


def test_portrait_bomb_is_refused_by_build(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portrait of the butler claims 100,000 x 100,000 pixels in a file of 70 bytes: the
    campaign check refuses it, at the line of the NPC file that names it, before any build."""
    (mini / "images" / "butler.jpg").write_bytes(png_header_only(100_000, 100_000))
    result, seconds = invoke(
        runner, mini, monkeypatch, "build", "--only", "butler-file", "--audience", "gm"
    )
    assert_clean_failure(result)
    assert (
        "mini/npcs/butler.yaml:7:11: `images/butler.jpg` claims more than 50,000,000 pixels; "
        "too large to open\n"
    ) in result.output
    assert seconds < 2 * QUICK_SECONDS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body>not a picture</body></html>", "`images/butler.jpg` is not a JPEG or PNG"),
        (png_header_only(30_000, 30_000), "`images/butler.jpg` claims more than 50,000,000"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "`images/butler.jpg` is not a JPEG or PNG"),
    ],
    ids=["html named .jpg", "30000 x 30000", "lying header"],
)
def test_pictures_are_checked_by_validate_at_their_line(
    content: bytes,
    message: str,
    runner: CliRunner,
    mini: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (mini / "images" / "butler.jpg").write_bytes(content)
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert f"mini/npcs/butler.yaml:7:11: {message}" in result.output
    assert "Warning" not in result.output and "site-packages" not in result.output


def test_named_pipe_does_not_hang_build(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = mini / "images" / "pipe.css"
    os.mkfifo(pipe)
    note_template(mini, f'<link rel="stylesheet" href="{pipe.as_uri()}">')
    started = time.monotonic()
    result, seconds = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert f"{pipe.as_uri()} is not a regular file" in result.output
    assert seconds < 2 * QUICK_SECONDS
    assert time.monotonic() - started < WAIT_SECONDS


def embedded_files(pdf: Path) -> list[str]:
    """Names of files embedded in a PDF, as attachments or as file-attachment annotations."""
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    names = list(reader.attachments)
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                names.append(str(annotation.get("/FS")))
    return names


def link_targets(pdf: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def test_attachments_are_never_embedded(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """WeasyPrint embeds `rel=attachment` files: a player's copy could carry the GM's files."""
    gm_file = mini / "npcs" / "butler.yaml"
    secret = outside_secret(tmp_path)
    note_template(
        mini,
        f'<a rel="attachment" href="{gm_file.as_uri()}">notes</a>'
        f'<a rel="attachment" href="{secret.as_uri()}">more</a>',
    )
    base = (ROOT / "templates" / "base" / "base.html.j2").read_text()
    (mini / "templates" / "base.html.j2").write_text(
        base.replace(
            "</head>",
            f'<link rel="attachment" href="{gm_file.as_uri()}">'
            f'<link rel="attachment" href="{secret.as_uri()}">\n</head>',
        )
    )
    result, _ = build_note(runner, mini, monkeypatch)
    assert result.exit_code == 0, result.output
    [pdf] = built_pdfs(mini)
    assert embedded_files(pdf) == []
    assert b"Jeeves poisoned" not in pdf.read_bytes()
    assert MARKER not in pdf_text(pdf)


def test_file_links_are_dropped_and_web_links_kept(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = outside_secret(tmp_path)
    note_template(
        mini,
        '<a href="file:///etc/passwd">passwd</a> '
        f'<a href="{secret.as_uri()}">secret</a> '
        '<a href="https://example.com/">web</a>',
    )
    result, _ = build_note(runner, mini, monkeypatch)
    assert result.exit_code == 0, result.output
    [pdf] = built_pdfs(mini)
    assert link_targets(pdf) == ["https://example.com/"]
    assert MARKER not in pdf_text(pdf)


MARKDOWN_TRICKS = [
    "<img src=file:///etc/passwd>",
    '<link rel="attachment" href="file:///etc/passwd">',
    "![portrait](file:///etc/passwd)",
    "[click](file:///etc/passwd)",
    "<file:///etc/passwd>",
]


def test_markdown_text_cannot_inject_html(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "".join(f"  {trick}\n\n" for trick in MARKDOWN_TRICKS)
    (mini / "handouts" / "letter.yaml").write_text(
        f"kind: note\ntitle: A folded letter\nto: [pat]\ntext: |\n{text}"
    )
    campaign = load_campaign(mini)
    html = pipeline_for(campaign).html("letter", "player")
    assert "&lt;img src=file:///etc/passwd&gt;" in html
    assert "&lt;link rel=" in html
    assert "<img src=" not in html and 'href="file:' not in html
    result, _ = invoke(
        runner,
        mini,
        monkeypatch,
        "build",
        "--only",
        "letter",
        "--audience",
        "player",
        "--out",
        "out",
    )
    assert result.exit_code == 0, result.output
    [pdf] = built_pdfs(mini)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert [image for page in reader.pages for image in page.images] == []
    assert embedded_files(pdf) == [] and link_targets(pdf) == []
    assert "root:" not in pdf_text(pdf)


# --- output safety ----------------------------------------------------------------------------


def test_out_option_writes_only_under_the_out_folder(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    result, _ = invoke(runner, mini, monkeypatch, "build", "--out", "elsewhere/out")
    assert result.exit_code == 0, result.output
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    assert written and all(p.is_relative_to(tmp_path / "elsewhere" / "out") for p in written)


def test_write_atomic_refuses_a_link_out_of_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    target = tmp_path / "precious"
    (out / "mini").mkdir(parents=True)
    target.mkdir()
    (out / "mini" / "gm").symlink_to(target, target_is_directory=True)
    with pytest.raises(OutputRefused, match="leads outside the output folder"):
        write_atomic(out / "mini" / "gm" / "letter.pdf", b"%PDF-", within=out)
    assert list(target.iterdir()) == []


def test_write_atomic_replaces_a_link_instead_of_writing_through_it(tmp_path: Path) -> None:
    precious = outside_secret(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "letter.pdf").symlink_to(precious)
    write_atomic(out / "letter.pdf", b"%PDF-new", within=out)
    assert precious.read_text() == MARKER
    assert (out / "letter.pdf").read_bytes() == b"%PDF-new"


def test_build_refuses_a_planted_link_in_the_output_folder(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "precious"
    target.mkdir()
    (tmp_path / "out" / "mini").mkdir(parents=True)
    (tmp_path / "out" / "mini" / "gm").symlink_to(target, target_is_directory=True)
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert list(target.iterdir()) == []


# Imports, loading and fonts take a second; a build of the mini campaign half of one. So one
# process gets ready once, then forks a build per run and SIGKILLs it DELAY ms after it began.
KILLED_BUILDS = """
import os, signal, sys, time
from pathlib import Path
from companion.build.targets import build
from companion.build.pipeline import BuildOptions, pipeline_for
from companion.campaign.loading import load_campaign
campaign = load_campaign(Path(sys.argv[1]))
pipeline_for(campaign).pdf(["letter"], "gm")
for out, delay_ms in zip(sys.argv[2::2], sys.argv[3::2]):
    pid = os.fork()
    if pid == 0:
        build(campaign, BuildOptions(out_dir=Path(out)))
        os._exit(0)
    time.sleep(int(delay_ms) / 1000)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
"""


def pdf_bytes(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*.pdf")}


@pytest.mark.slow
def test_killed_builds_leave_old_or_new_files(mini: Path, tmp_path: Path) -> None:
    """SIGKILL at random moments of five builds: every PDF is the old or the new one, whole."""
    build(load_campaign(mini), BuildOptions(out_dir=tmp_path / "old"))
    old = pdf_bytes(tmp_path / "old")
    for relative, old_text, new_text in (
        ("handouts/letter.yaml", "Midnight", "Noon"),
        ("handouts/butler-file.yaml", "6 ft 1 in", "5 ft 9 in"),
        ("locations/cafe.yaml", "Lookout", "Watcher"),
        ("locations/cafe.yaml", "name: Café", "name: Bar"),
    ):
        path = mini / relative
        path.write_text(path.read_text().replace(old_text, new_text))
    build(load_campaign(mini), BuildOptions(out_dir=tmp_path / "new"))
    new = pdf_bytes(tmp_path / "new")
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)

    delays = random.sample(range(50, 401), 5)  # the first PDF lands after about 200 ms
    outs = [tmp_path / f"run{i}-{ms}ms" for i, ms in enumerate(delays)]
    for out in outs:
        shutil.copytree(tmp_path / "old", out)
    runs = [str(part) for out, ms in zip(outs, delays, strict=True) for part in (out, ms)]
    subprocess.run(
        [sys.executable, "-c", KILLED_BUILDS, str(mini), *runs], cwd=ROOT, check=True, timeout=60
    )
    for out in outs:
        found = pdf_bytes(out)
        assert found.keys() == old.keys()
        for relative, data in found.items():
            assert data in (old[relative], new[relative]), f"{out.name}/{relative} is torn"
            assert len(PdfReader(io.BytesIO(data)).pages) >= 1
        for leftover in out.rglob("*.tmp"):  # a kill between mkstemp and rename leaves one
            assert leftover.name.startswith(".") and not leftover.name.endswith(".pdf")


# --- errors for people ------------------------------------------------------------------------


def test_broken_template_gives_a_message_not_a_traceback(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "templates").mkdir()
    (mini / "templates" / "note.html.j2").write_text('{{ "%s and %s" % ("one",) }}\n')
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert (
        "mini/templates/note.html.j2:1: template failed: TypeError: not enough arguments for "
        "format string\n"
    ) in result.output


def test_capitalised_key_is_an_error_not_a_traceback(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "npcs" / "cook.yaml").write_text("Name: Martha Cole\n")
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)


def test_key_named_like_a_type_is_reported_not_dropped(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today the error vanishes and so does the NPC: "no problems found (... 1 NPC ...)"."""
    (mini / "npcs" / "cook.yaml").write_text("name: Martha Cole\nlist: x\n")
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert "mini/npcs/cook.yaml:2:1: unknown key `list`" in result.output


def test_nan_text_in_a_number_field_is_an_error(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """YAML reads a plain `infinity` as text; pydantic turns it into a float, and the floor
    plan check then fails with a Python traceback (math domain error)."""
    cafe = mini / "locations" / "cafe.yaml"
    cafe.write_text(cafe.read_text().replace("seats: 3\n", "seats: 3\n      rotation: infinity\n"))
    result, _ = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)


# --- fuzzing ----------------------------------------------------------------------------------

FIELD_NAMES = sorted(
    {
        name
        for model in (
            CampaignInfo,
            ClueBook,
            DossierHandout,
            FloorPlan,
            Location,
            MapHandout,
            NoteHandout,
            Npc,
            Player,
        )
        for name in model.model_fields
    }
    | {"kind", "id", "gm", "label", "text", "at", "outline", "rooms"}
)
TARGETS = [
    "campaign.yaml",
    "npcs/cook.yaml",
    "npcs/butler.yaml",
    "handouts/letter.yaml",
    "handouts/butler-file.yaml",
    "handouts/cafe-map.yaml",
    "locations/cafe.yaml",
    "clues.yaml",
]
JUNK = ":-[]{}&*!|>%@`'\"#,?~<=\t\n \x00\x07\x1b\ufeff\u2028\u0085é\ud7ff"

# Capitalised keys and keys named like Python types (`Name:`, `list:`) are included on
# purpose: pydantic names union branches that way, and the fuzzer once tripped over both.
UNION_LIKE = ("str", "int", "float", "bool", "list", "dict", "Passage")
junk_keys = st.one_of(st.text(max_size=12), st.sampled_from(UNION_LIKE))
keys = st.one_of(st.sampled_from(FIELD_NAMES), junk_keys)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(
        ["all", "note", "dossier", "map", "pat", "cook", "butler", "images/butler.jpg"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def fuzz_campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(ASSETS / "mini", target)
    return target


def loads_or_refuses(campaign: Path, relative: str, content: bytes) -> None:
    """load_campaign either succeeds or raises a CompanionError; nothing else, ever."""
    path = campaign / relative
    original = (ASSETS / "mini" / relative).read_bytes()
    path.write_bytes(content)
    try:
        load_campaign(campaign)
    except CompanionError:
        pass
    finally:
        path.write_bytes(original)


@FUZZ
@given(relative=st.sampled_from(TARGETS), document=st.dictionaries(keys, values, max_size=8))
def test_fuzz_random_documents(
    fuzz_campaign: Path, relative: str, document: dict[str, object]
) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    loads_or_refuses(fuzz_campaign, relative, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(relative=st.sampled_from(TARGETS), data=st.data())
def test_fuzz_mutated_files(fuzz_campaign: Path, relative: str, data: st.DataObject) -> None:
    lines = (ASSETS / "mini" / relative).read_text().splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        index = data.draw(st.integers(0, max(0, len(lines) - 1)), label="line")
        action = data.draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent"]))
        if not lines:
            lines = ["\n"]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = data.draw(st.integers(0, len(lines) - 1), label="other line")
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "indent":
            lines[index] = data.draw(st.sampled_from([" ", "  ", "\t", "- "])) + lines[index]
        else:
            line = lines[index]
            at = data.draw(st.integers(0, len(line)), label="column")
            junk = data.draw(st.text(st.sampled_from(JUNK), min_size=1, max_size=4))
            lines[index] = line[:at] + junk + line[at:]
    content = "".join(lines).encode("utf-8", "surrogatepass")
    if data.draw(st.booleans(), label="raw bytes"):
        at = data.draw(st.integers(0, len(content)), label="byte offset")
        content = content[:at] + data.draw(st.binary(min_size=1, max_size=3)) + content[at:]
    loads_or_refuses(fuzz_campaign, relative, content)


def test_every_problem_of_a_file_in_one_run(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five problems of five kinds in one file, reported together, top to bottom (before,
    one a run, bottom-up)."""
    (mini / "npcs" / "cook.yaml").write_text(
        "name: Martha Cole\n"
        "role: Cook\n"
        f"born: {'9' * 10_000}\n"
        "summary: Keeps the larder keys.\n"
        "aliases: [.nan]\n"
        "apperance: Flour on her apron.\n"
        "status: deceased\n"
        "associates: [butler]\n"
        "nationality: 1e999999\n"
        "dossier: maybe\n"
    )
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, ["validate", "mini"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("mini/npcs/cook")]
    assert [line.split(":")[1] for line in lines] == ["3", "5", "6", "7", "9", "10"]
    assert "the number has 10000 digits" in lines[0]
    assert "`.nan` is not a number that can be used" in lines[1]
    assert "unknown key `apperance`" in lines[2]
    assert "unknown status `deceased`" in lines[3]  # the campaign's statuses in its hint
    assert "`1e999999` is not a number that can be used" in lines[4]
    assert "6 problems found." in result.output


UNSAFE_CHARACTERS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))] + [
    "\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))
]  # fmt: skip


def test_nothing_unsafe_reaches_the_terminal(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every C0 and C1 control and every bidi override, through an argument, a file name and
    a value, comes out escaped."""
    monkeypatch.chdir(mini.parent)
    for character in UNSAFE_CHARACTERS:
        if character == "\x00":
            continue  # no argument can hold NUL
        result = runner.invoke(app, ["build", "mini", "--only", f"x{character}y"])
        assert f"x{character}y" not in result.output, repr(character)
        assert "unknown handout `x\\" in result.output, repr(character)
    (mini / "npcs" / "warden\x1b]0;PWNED-title\x07.yaml").write_text("name: Warden\n")
    result = runner.invoke(app, ["validate", "mini"])
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "warden\\x1b]0;PWNED-title\\x07.yaml" in result.output
    (mini / "npcs" / "warden\x1b]0;PWNED-title\x07.yaml").unlink()
    butler = mini / "npcs" / "butler.yaml"
    butler.write_text(butler.read_text().replace("Jeeves Hartley", "Jeeves \u202eyeltraH"))
    listed = runner.invoke(app, ["list", "mini"]).output
    assert "\u202e" not in listed and "Jeeves \\u202eyeltraH" in listed


FLOOR_PLAN_CASES = {
    "negative size": (
        ("size: [10, 6]", "size: [-10, 6]"),
        "mini/locations/cafe.yaml:7:10: `floor_plan.size[0]`: expected a number above 0; "
        "found `-10`",
    ),
    "zero size": (
        ("size: [10, 6]", "size: [10, 0]"),
        "mini/locations/cafe.yaml:7:14: `floor_plan.size[1]`: expected a number above 0",
    ),
    "scale 1:0": (
        ('scale: "1:0"', 'scale: "1:0"'),
        "mini/locations/cafe.yaml:8:10: `floor_plan.scale`: expected a scale such as `1:50` "
        "or `1in=5ft`; found `1:0`",
    ),
    "huge coordinate": (
        ("outline: [[0, 0], [7, 0]", "outline: [[0, 0], [7e9, 0]"),
        "mini/locations/cafe.yaml:12:26: `floor_plan.rooms[0].outline[1][0]`: expected a number "
        "of at most 100000",
    ),
    "20,000-point outline": (
        (
            "outline: [[0, 0], [7, 0], [7, 6], [0, 6]]",
            "outline: [" + ", ".join(f"[{i % 7}, {i % 6}]" for i in range(20_000)) + "]",
        ),
        "mini/locations/cafe.yaml:12:16: `floor_plan.rooms[0].outline`: expected at most 2000 "
        "items; found a list",
    ),
}


@pytest.mark.parametrize("case", FLOOR_PLAN_CASES, ids=list(FLOOR_PLAN_CASES))
def test_absurd_floor_plans_are_located(
    case: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (old, new), expected = FLOOR_PLAN_CASES[case]
    cafe = mini / "locations" / "cafe.yaml"
    text = cafe.read_text()
    if old == 'scale: "1:0"':
        text = text.replace('scale: "1:50"', new)
    else:
        assert old in text
        text = text.replace(old, new, 1)
    cafe.write_text(text)
    result, seconds = invoke(runner, mini, monkeypatch, "validate")
    assert_clean_failure(result)
    assert expected in result.output
    assert seconds < QUICK_SECONDS * 4


def test_links_only_to_public_web_hosts(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    letter = mini / "handouts" / "letter.yaml"
    links = [
        "http://127.0.0.1:9/",
        "http://[::1]/",
        "https://10.0.0.7/admin",
        "http://2130706433/",
        "http://localhost:8080/",
        "http://printer.local/",
        "http://intranet/",
        "mailto:gm@example.com",
        "https://example.com/map",
    ]
    text = " ".join(f"[link {n}]({url})" for n, url in enumerate(links))
    letter.write_text(letter.read_text().replace("Bring the ledger.", text))
    result, _ = build_note(runner, mini, monkeypatch)
    assert result.exit_code == 0, result.output
    [pdf] = built_pdfs(mini)
    assert link_targets(pdf) == ["https://example.com/map"]


def test_an_included_svg_with_a_doctype_is_refused(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "templates").mkdir()
    (mini / "templates" / "seal.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>\n'
    )
    note_template(mini, '{% include "seal.svg" %}')
    result, _ = build_note(runner, mini, monkeypatch)
    assert_clean_failure(result)
    assert "the SVG `seal.svg` declares a DOCTYPE or entities; SVG must not" in result.output


@pytest.mark.parametrize("size", [0, 1, 64 * 1024 + 7, 300_000])
def test_a_file_companion_keeps_is_read_whole_up_to_its_limit(tmp_path: Path, size: int) -> None:
    """Read in pieces the size of the file, never past the limit: a file one byte over it is
    refused whole, and its first bytes are what a partial read gives."""
    path = tmp_path / "kept.json"
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path.write_bytes(data)
    assert read_regular_file(path, size) == data
    assert read_regular_file(path, size + 1) == data
    if size:
        with pytest.raises(OSError, match="larger than"):
            read_regular_file(path, size - 1)
        assert read_regular_file(path, size - 1, whole=False) == data[: size - 1]
