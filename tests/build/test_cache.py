"""Incremental builds: an output is made again exactly when something it depends on changed,
and a cached build gives the same bytes as a clean one."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from companion.build import cache as cache_module
from companion.build.cache import BuildCache, program_files
from companion.cli import app
from companion.record.ledger import open_ledger
from tests.conftest import copy_file

ALL_COPIES = {
    "gm/butler-file.pdf",
    "gm/cafe-map.pdf",
    "gm/letter.pdf",
    f"player/{copy_file('player', 'butler-file')}",
    f"player/{copy_file('player', 'cafe-map')}",
    f"player/{copy_file('player', 'letter')}",
}
PLAYER_FILE = f"player/{copy_file('player', 'butler-file')}"


def build(runner: CliRunner, campaign: Path, *arguments: str) -> set[str]:
    """Build the campaign into its own `out/`; the files written, relative to the
    campaign's output folder."""
    result = runner.invoke(
        app, ["build", str(campaign), "--out", str(campaign / "out"), *arguments]
    )
    assert result.exit_code == 0, result.output
    written = set()
    for line in result.output.splitlines():
        if line.startswith("wrote "):
            path = Path(line.split()[1])
            written.add(path.relative_to(campaign / "out" / "mini").as_posix())
    return written


def output_bytes(campaign: Path) -> dict[str, bytes]:
    folder = campaign / "out" / "mini"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".cache" not in p.parts
    }


@pytest.fixture
def built(mini_built: Path) -> Path:
    """The mini campaign with everything built, a copy of its own for each test."""
    assert set(output_bytes(mini_built)) == ALL_COPIES
    return mini_built


def test_nothing_changed_nothing_built(runner: CliRunner, built: Path) -> None:
    before = output_bytes(built)
    result = runner.invoke(app, ["build", str(built), "--out", str(built / "out")])
    assert "0 files written, 6 outputs up to date." in result.output
    assert output_bytes(built) == before


def test_a_template_rebuilds_what_uses_it(runner: CliRunner, built: Path) -> None:
    own = built / "templates"
    own.mkdir()
    builtin = Path(__file__).resolve().parents[2] / "templates"
    (own / "note.css").write_text(
        (builtin / "kinds" / "note.css").read_text() + "\n.note { color: #222; }\n"
    )
    assert build(runner, built) == {"gm/letter.pdf", f"player/{copy_file('player', 'letter')}"}


def test_a_template_included_by_a_template_is_followed_build_after_build(
    runner: CliRunner, built: Path
) -> None:
    """What a template names is noted by its source's digest, not parsed again each build:
    a later build must still find the template it includes, and a changed source is read
    anew."""
    own = built / "templates" / "kinds"
    own.mkdir(parents=True)
    builtin = Path(__file__).resolve().parents[2] / "templates" / "kinds" / "note.html.j2"
    note = builtin.read_text().replace(
        "{% block content %}", '{% block content %}{% include "signed.html.j2" %}', 1
    )
    (own / "note.html.j2").write_text(note)
    signed = own / "signed.html.j2"
    signed.write_text("<p>Signed.</p>")
    letter = {"gm/letter.pdf", f"player/{copy_file('player', 'letter')}"}
    assert build(runner, built) == letter
    references = built / "out" / "mini" / ".cache" / "template-references.json"
    assert any("signed.html.j2" in names for names in json.loads(references.read_text()).values())
    signed.write_text("<p>Signed, sealed.</p>")
    assert build(runner, built) == letter
    (own / "note.html.j2").write_text(note.replace('{% include "signed.html.j2" %}', "", 1))
    assert build(runner, built) == letter
    signed.write_text("<p>Signed, sealed, delivered.</p>")
    assert build(runner, built) == set()


def test_a_picture_rebuilds_what_shows_it(runner: CliRunner, built: Path) -> None:
    picture = built / "images" / "butler.jpg"
    with Image.open(picture) as image:
        image.rotate(180).save(picture)
    assert build(runner, built) == {
        "gm/butler-file.pdf",
        f"player/{copy_file('player', 'butler-file')}",
    }


def test_a_gm_only_field_rebuilds_the_gm_copy_only(runner: CliRunner, built: Path) -> None:
    letter = built / "handouts" / "letter.yaml"
    text = re.sub(
        r"(?m)^gm_notes:.*$", "gm_notes: The cook's brother wrote it.", letter.read_text()
    )
    letter.write_text(text)
    assert build(runner, built) == {"gm/letter.pdf"}


def test_an_option_rebuilds_everything(runner: CliRunner, built: Path) -> None:
    assert build(runner, built, "--paper", "letter") == ALL_COPIES
    assert build(runner, built, "--paper", "letter") == set()
    assert build(runner, built, "--bleed", "3") == ALL_COPIES


def test_force_rebuilds_everything(runner: CliRunner, built: Path) -> None:
    assert build(runner, built, "--force") == ALL_COPIES


def test_a_font_rebuilds_everything(
    runner: CliRunner, built: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The fonts are the program's, so the change is made to a copy of the templates."""
    import companion.build.pipeline
    import companion.render.templates
    import companion.resources

    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).resolve().parents[2] / "templates", templates)
    fonts_css = templates / "fonts" / "fonts.css"
    fonts_css.write_text(fonts_css.read_text() + "\n/* a changed font */\n")
    for module in (companion.build.pipeline, companion.render.templates, companion.resources):
        monkeypatch.setattr(module, "builtin_templates_dir", lambda: templates)
    assert build(runner, built) == ALL_COPIES


def test_a_changed_or_missing_output_is_made_again(runner: CliRunner, built: Path) -> None:
    folder = built / "out" / "mini"
    (folder / "gm" / "letter.pdf").write_bytes(b"%PDF-1.7 not what we wrote")
    (folder / "gm" / "cafe-map.pdf").unlink()
    assert build(runner, built) == {"gm/letter.pdf", "gm/cafe-map.pdf"}


def test_a_build_killed_before_its_entry_makes_the_output_again(
    runner: CliRunner, built: Path
) -> None:
    """The entry is written after the output: without it, the output is not trusted. (A
    comment added to campaign.yaml changes no output, but makes the build look at each.)"""
    entries = sorted((built / "out" / "mini" / ".cache").glob("*.json"))
    entry = next(e for e in entries if not e.name.startswith("build-"))
    entry.write_text("{")  # half-written, as by a build killed mid-write
    info = built / "campaign.yaml"
    info.write_text(info.read_text() + "# a comment\n")
    assert len(build(runner, built)) == 1


@pytest.mark.slow
def test_cached_and_parallel_builds_give_the_same_bytes(runner: CliRunner, built: Path) -> None:
    cached = output_bytes(built)
    shutil.rmtree(built / "out")
    build(runner, built, "--jobs", "2")
    assert output_bytes(built) == cached
    letter = built / "handouts" / "letter.yaml"
    letter.write_text(letter.read_text().replace("\ntitle:", "\ntitle: Changed -", 1))
    build(runner, built)
    incremental = output_bytes(built)
    shutil.rmtree(built / "out")
    build(runner, built, "--jobs", "1")
    assert output_bytes(built) == incremental


@pytest.mark.slow
def test_packets_and_the_book_are_cached_too(runner: CliRunner, mini: Path) -> None:
    with open_ledger(mini / "companion.db") as book:
        book.start_session("The mill", "2026-01-10")
        book.give("letter", ["pat"])
        book.end_session()
    first = build(runner, mini, "--player", "all", "--book")
    assert {"players/pat/packet.pdf", "gm/book.pdf"} <= first
    assert build(runner, mini, "--player", "all", "--book") == set()
    with open_ledger(mini / "companion.db") as book:
        book.log("Jeeves pours the soup.", session=1)
    # The book shows where the butler appeared; Pat's packet holds nothing new.
    assert build(runner, mini, "--player", "all", "--book") == {"gm/book.pdf"}


@pytest.mark.slow
def test_the_book_is_made_again_when_a_copy_it_prints_changes(
    runner: CliRunner, mini: Path
) -> None:
    """The book's key holds each GM copy's key, worked out where the copy is laid out on a
    first build and by this process on the next: both agree, and either changes with what
    the copy shows (a line of the dossier; an NPC the copies name)."""
    assert "gm/book.pdf" in build(runner, mini, "--book")
    assert build(runner, mini, "--book") == set()
    dossier = mini / "handouts" / "butler-file.yaml"
    dossier.write_text(dossier.read_text().replace("twenty years", "thirty years"))
    assert build(runner, mini, "--book") == {"gm/book.pdf", "gm/butler-file.pdf", PLAYER_FILE}
    butler = mini / "npcs" / "butler.yaml"
    butler.write_text(butler.read_text().replace("Polite, precise", "Polite, silent"))
    assert "gm/book.pdf" in build(runner, mini, "--book")
    assert build(runner, mini, "--book") == set()


@pytest.mark.slow
def test_a_record_of_play_outside_the_campaign_counts(runner: CliRunner, mini: Path) -> None:
    """`--db` elsewhere: a change to it makes the book again, though no campaign file moved."""
    db = mini.parent / "elsewhere.db"
    with open_ledger(db) as book:
        book.start_session("The mill", "2026-01-10")
        book.end_session()
    assert "gm/book.pdf" in build(runner, mini, "--book", "--db", str(db))
    assert build(runner, mini, "--book", "--db", str(db)) == set()
    with open_ledger(db) as book:
        book.log("Jeeves pours the soup.", session=1)
    assert build(runner, mini, "--book", "--db", str(db)) == {"gm/book.pdf"}


# --- outputs the campaign no longer makes ---------------------------------------------------


def test_a_handout_gone_from_the_campaign_takes_its_copies_along(
    runner: CliRunner, built: Path
) -> None:
    """Its copies would otherwise lie in the output folder for the GM to hand out; a file
    companion did not write stays, whatever its name."""
    outputs = built / "out" / "mini"
    own_file = outputs / "gm" / "butler-file-notes.txt"
    own_file.write_text("the GM's own notes")
    (built / "handouts" / "butler-file.yaml").unlink()
    result = runner.invoke(app, ["build", str(built), "--out", str(built / "out")])
    assert result.exit_code == 0, result.output
    gone = {"gm/butler-file.pdf", f"player/{copy_file('player', 'butler-file')}"}
    assert set(output_bytes(built)) == ALL_COPIES - gone | {"gm/butler-file-notes.txt"}
    removed = {line for line in result.output.splitlines() if line.startswith("removed ")}
    assert len(removed) == 2 and all("no longer makes it" in line for line in removed)
    assert "0 files written, 4 outputs up to date." in result.output
    rerun = runner.invoke(app, ["build", str(built), "--out", str(built / "out")])
    assert "removed" not in rerun.output


def test_a_part_of_the_campaign_removes_nothing_and_an_edited_copy_stays(
    runner: CliRunner, built: Path
) -> None:
    """`--only` says nothing of the other handouts; and a copy the GM changed since it was
    written is theirs now."""
    (built / "handouts" / "butler-file.yaml").unlink()
    build(runner, built, "--only", "letter")
    assert "gm/butler-file.pdf" in output_bytes(built)
    edited = built / "out" / "mini" / "gm" / "butler-file.pdf"
    edited.write_bytes(edited.read_bytes() + b"\n% annotated by the GM\n")
    build(runner, built)
    left = set(output_bytes(built))
    assert "gm/butler-file.pdf" in left
    assert f"player/{copy_file('player', 'butler-file')}" not in left


def test_each_format_keeps_its_own_files(runner: CliRunner, built: Path) -> None:
    """PNG pages for a virtual tabletop beside the PDFs to print: building one format never
    removes, nor builds again, the other."""
    pngs = build(runner, built, "--only", "cafe-map", "--format", "png", "--dpi", "36")
    assert "gm/cafe-map-p1.png" in pngs and "gm/cafe-map.pdf" in output_bytes(built)
    assert build(runner, built, "--only", "cafe-map") == set()
    assert "gm/cafe-map-p1.png" in output_bytes(built)


def test_pages_an_output_no_longer_has_are_removed(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, output_format="png")
    stem = tmp_path / "gm" / "map"
    stem.parent.mkdir()
    pages = [stem.with_name(f"map-p{n}.png") for n in (1, 2, 3)]
    for number, page in enumerate(pages):
        page.write_bytes(bytes([number]))
    assert cache.record(stem, "long", pages) == []
    pages[2].write_bytes(b"kept: changed since it was written")
    assert cache.record(stem, "short", pages[:1]) == [pages[1]]
    assert [p.name for p in sorted(stem.parent.iterdir())] == ["map-p1.png", "map-p3.png"]


# --- what a copy was made from --------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


# Edits a GM makes, each reaching other files' copies: the butler's name is printed on his
# file and signs the letter; the café's name heads its plan; its staff's names appear on
# the plan's GM notes; the campaign's title is on every copy; a picture; a GM-only secret.
EDITS = {
    "npc name": ("npcs/butler.yaml", "Jeeves Hartley", "Reginald Jeeves"),
    "npc of a location": ("npcs/cook.yaml", "Martha Cole", "Martha Coleridge"),
    "location name": ("locations/cafe.yaml", "Blue Cup Café", "Red Kettle Café"),
    "campaign": ("campaign.yaml", "title:", "subtitle: Revised\ntitle:"),
    "gm secret": ("npcs/butler.yaml", "poisoned the soup", "poisoned the wine"),
    "plan": ("locations/cafe.yaml", "width: 1.2", "width: 1.4"),
}


@pytest.mark.slow
def test_copies_kept_from_their_inputs_are_those_a_clean_build_makes(
    runner: CliRunner, built: Path, tmp_path: Path
) -> None:
    """Edits, one after another in a random order, each followed by an incremental build:
    every time, the output folder holds exactly what a clean build of the same files
    writes. (A copy taken as unchanged when something it shows had changed would differ.)"""
    import random

    order = list(EDITS)
    random.Random(1).shuffle(order)
    clean = tmp_path / "clean"
    for name in order[:4]:
        relative, old, new = EDITS[name]
        _edit(built / relative, old, new)
        build(runner, built)
        shutil.rmtree(clean, ignore_errors=True)
        result = runner.invoke(app, ["build", str(built), "--out", str(clean), "--force"])
        assert result.exit_code == 0, result.output
        fresh = {
            p.relative_to(clean / "mini").as_posix(): p.read_bytes()
            for p in (clean / "mini").rglob("*")
            if p.is_file() and ".cache" not in p.parts
        }
        assert output_bytes(built) == fresh, f"after the edit: {name}"


def test_an_edit_to_one_npc_leaves_the_copies_that_do_not_show_them_unmade(
    runner: CliRunner, built: Path
) -> None:
    _edit(built / "npcs" / "butler.yaml", "Polite, precise", "Polite, exact")
    assert build(runner, built) <= {
        "gm/butler-file.pdf",
        f"player/{copy_file('player', 'butler-file')}",
        "gm/letter.pdf",
        f"player/{copy_file('player', 'letter')}",
    }


def test_a_template_included_by_a_computed_name_rebuilds_what_uses_it(
    runner: CliRunner, built: Path
) -> None:
    """The dossier includes its fastening by a name made as it renders (`"dossier-" ~ kind`):
    an edited fastening rebuilds the dossiers, though no template names it outright."""
    own = built / "templates" / "kinds"
    own.mkdir(parents=True)
    builtin = Path(__file__).resolve().parents[2] / "templates" / "kinds"
    for fastening in builtin.glob("dossier-*.svg.j2"):
        (own / fastening.name).write_text(fastening.read_text().replace("<svg", "<svg x='0'", 1))
    assert build(runner, built) == {"gm/butler-file.pdf", PLAYER_FILE}


def test_built_in_templates_name_what_they_include() -> None:
    """The cache follows the templates a template names: a name made as it renders is seen
    only for the page's stylesheet, which the pipeline adds itself."""
    from jinja2 import Environment, nodes

    from companion.resources import builtin_templates_dir

    folder = builtin_templates_dir()
    computed = []
    for template in sorted(folder.rglob("*.j2")):
        tree = Environment().parse(template.read_text())
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport)):
            if not isinstance(node.template, nodes.Const):
                computed.append(
                    (template.relative_to(folder).as_posix(), type(node.template).__name__)
                )
    assert computed == [("base/base.html.j2", "Name")]


def test_a_copy_read_back_for_the_book_is_an_ordinary_file_with_its_bytes(
    tmp_path: Path,
) -> None:
    cache = BuildCache(tmp_path / "out" / "camp")
    stem = cache.folder / "gm" / "letter"
    pdf = stem.with_name("letter.pdf")
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7 the copy")
    cache.record(stem, "key", [pdf], for_book={"prop_pages": 1})
    assert cache.fresh_pdf(stem, "key") == (pdf.read_bytes(), cache.entry(stem))
    assert cache.fresh_pdf(stem, "another key") is None
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes(pdf.read_bytes())
    pdf.unlink()
    pdf.symlink_to(elsewhere)  # the same bytes, through a link: not the file the build wrote
    assert cache.fresh_pdf(stem, "key") is None


def test_the_program_digest_covers_every_module_and_the_words_props_print() -> None:
    """A build's outputs are made again when any part of the program changes: a kind, a plan,
    the renderer, the words a prop prints (`labels.yaml`), not only the build's modules."""
    package = Path(cache_module.__file__).resolve().parent.parent
    read = {path.relative_to(package).as_posix() for path in program_files()}
    modules = {path.relative_to(package).as_posix() for path in package.rglob("*.py")}
    assert modules <= read
    assert {"plans/labels.py", "kinds/map.py", "render/pdf.py", "campaign/labels.yaml"} <= read
