"""The GM's book: nothing the GM wrote is missing from it, its page numbers agree everywhere
and in the pages' order, its clue graph is the same every time, and its checks catch what
they should."""

from __future__ import annotations

import multiprocessing.process
import re
from functools import partial
from pathlib import Path

import pikepdf
import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from companion.book.clue_graph import clue_figures
from companion.book.gm_book import BookFacts, body_parts, book_context
from companion.book.graph_drawing import graph_svg, laid_out
from companion.build import book_target
from companion.build.gm_copy import fresh_gm_copy
from companion.build.pipeline import Pipeline, prepared
from companion.build.request import Audience, BuildOptions, BuildPlan
from companion.build.targets import build_plan
from companion.campaign.audience import GM, gm_only_texts
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.cli import app
from companion.record.facts import PlayState
from companion.story.clues import story_checks
from tests.book.pages import book_pages, folded
from tests.conftest import OZOLA, SAINT
from tests.pdftext import outline_pages, page_texts, pdf_text, sentences


def make_book(campaign: Campaign, out: Path, jobs: int = 1) -> Path:
    options = BuildOptions(out_dir=out, audience=Audience.GM, jobs=jobs)
    report = build_plan(campaign, options, BuildPlan(book=True, copies=False))
    assert not report.failures, report.failures
    return out / campaign.name / "gm" / "book.pdf"


def book_text(path: Path) -> str:
    """The book's text with its running footers taken out, so that a sentence running over
    a page break reads as one."""
    pages = page_texts(path)
    text = folded(" ".join(pages))
    return re.sub(r"Game master's book: [^\n]*? \d+(?= )", " ", text)


@pytest.mark.parametrize("source", [OZOLA, SAINT], ids=["ozola", "saint"])
def test_the_book_holds_everything_the_gm_wrote(
    source: Path, request: pytest.FixtureRequest
) -> None:
    """The reverse of the leak test: every sentence of every GM-only field is in the book."""
    book = request.getfixturevalue("ozola_book" if source == OZOLA else "saint_book")
    text = book_text(book)
    campaign = load_campaign(source)
    wanted = {s for secret in gm_only_texts(campaign) for s in sentences(secret)}
    assert wanted, "the campaign has GM-only text"
    # A sentence split after a closing quote starts with it: `” The fish`.
    missing = sorted(s for s in wanted if folded(s).lstrip("”» ") not in text)
    assert missing == []


@pytest.mark.parametrize("source", [OZOLA, SAINT], ids=["ozola", "saint"])
def test_contents_outline_and_footers_agree(source: Path, request: pytest.FixtureRequest) -> None:
    """The contents lists the book's parts and GM copies in the order of the pages, as the
    outline does, each at the page the outline points to; each page of the book's own, of
    the GM notes and each carrier page of a prop carries its number in its foot; and the
    page labels a PDF reader shows are the same numbers."""
    book = request.getfixturevalue("ozola_book" if source == OZOLA else "saint_book")
    listed = numbers_agree(book, load_campaign(source))
    assert len(listed) >= 25  # every part, scene, person, location and GM copy


def numbers_agree(book: Path, campaign: Campaign) -> list[tuple[str, int]]:
    """Checks that the contents, outline, footers and page labels agree, in page order;
    the contents' lines (title and page) that the outline also has."""
    texts = [folded(text) for text in page_texts(book)]
    outline = [(folded(title), page) for title, page in outline_pages(book)]
    assert [page for _, page in outline] == sorted(page for _, page in outline)
    first_part = dict(outline)["The campaign"]
    contents = " ".join(texts[1 : first_part - 1])
    listed = [(t, p) for t, p in outline if t in contents and t not in ("Cover", "Contents")]
    at = 0
    for title, page in listed:  # each after the one before
        found = contents.find(f"{title} {page}", at)
        assert found >= 0, (title, page, contents[at : at + 120])
        at = found + len(title)
    assert [p for _, p in listed] == sorted(p for _, p in listed)
    for book_page in book_pages(book, campaign):
        number = book_page.number
        if book_page.role != "cover":
            assert re.search(rf"(?<!\d){number}$", texts[number - 1]), book_page
    assert not re.search(r"\d$", texts[0])  # the cover has no number
    # A reader's page numbers (the PDF's page labels) are the book's.
    assert PdfReader(book).page_labels == [str(n) for n in range(1, len(texts) + 1)]
    return listed


def test_a_long_book_is_laid_out_in_parts(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long book's own pages are laid out in parts (here one a part, as if each were
    long), each starting a page: the contents, outline and footers still agree, each part
    of the book is in the outline once, under its section's heading, and its links lead
    into the parts. With `--jobs 1` every part is laid out in this process: none is
    started (a spawned one costs seconds)."""
    campaign = load_campaign(mini)
    parts = body_parts(book_context(campaign, BookFacts(PlayState.nothing_yet(), 0)), most=1)
    assert sum(len(part.npcs) for part in parts) == len(campaign.npcs) == 2
    assert [part.continued for part in parts if part.sections[0] == "npcs"] == [False, True]
    monkeypatch.setattr(book_target, "body_parts", partial(body_parts, most=1))
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", _no_process)
    book = make_book(campaign, tmp_path)
    listed = numbers_agree(book, campaign)
    titles = [title for title, _ in outline_pages(book)]
    people = [person.name for person in campaign.npcs.values()]
    assert all(titles.count(name) == 1 for name in people)
    assert titles.count("Non-player characters") == 1
    assert {title for title, _ in listed} >= {folded(name) for name in people}
    # Each link of the contents leads into the parts, a person's to the page the outline has.
    with pikepdf.open(book) as pdf:
        flat = pdf.Root.Names.Dests.Names
        pages = {
            str(name): pdf.pages.index(pikepdf.Page(target[0])) + 1
            for name, target in zip(flat[::2], flat[1::2], strict=True)
        }
        links = [str(a.Dest) for page in pdf.pages[:2] for a in page.get("/Annots", [])]
    assert len(links) >= len(people) + 3
    assert all(pages[link] > 2 for link in links)
    outline = dict(outline_pages(book))
    assert all(outline[npc.name] == pages[f"person-{i}"] for i, npc in campaign.npcs.items())


def _no_process(process: multiprocessing.process.BaseProcess) -> None:
    raise AssertionError(f"a process was started: {process}")


def test_ozola_book_reads_in_the_campaigns_order(ozola_book: Path) -> None:
    titles = [title for title, _ in outline_pages(ozola_book)]
    parts = ["The campaign", "Scenes", "Non-player characters", "Locations"]
    assert [titles.index(p) for p in parts] == sorted(titles.index(p) for p in parts)
    scenes = ["The office, 18:40–19:30", "White Nights, 20:00–22:00", "Afterwards"]
    assert [titles.index(s) for s in scenes] == sorted(titles.index(s) for s in scenes)
    # NPCs come on in the order the scenes bring them: Kovaleva at the office first.
    assert titles.index("Irina Mikhailovna Kovaleva") < titles.index("Natalia Andreyevna Vetrova")


def test_the_graph_is_the_same_every_time() -> None:
    campaign = load_campaign(OZOLA)

    def drawn() -> str:
        figures = clue_figures(campaign, PlayState.nothing_yet())
        return "".join(graph_svg(laid_out(figure.graph), figure.title) for figure in figures)

    first = drawn()
    assert first == drawn()
    # Every clue once; every conclusion in the figure of each scene with a clue towards it.
    assert first.count('class="node clue"') == len(campaign.clue_book.clues)
    assert first.count('class="node scene"') == len(campaign.clue_book.scenes)
    assert first.count('class="node conclusion"') >= len(campaign.clue_book.conclusions)


@pytest.mark.slow
def test_the_book_is_the_same_bytes_twice(saint_book: Path, tmp_path: Path) -> None:
    """Built again alone, into an empty folder, with `--jobs 2` (its parts laid out in this
    process and one other, every GM copy made for it), the book is the one the session's
    build made with `--jobs 1` after the copies (every part in that build's own process,
    each prop drawn from its GM copy, all up to date)."""
    campaign = load_campaign(SAINT)
    options = BuildOptions(out_dir=saint_book.parents[2])
    pipeline = Pipeline(prepared(campaign, options), options)
    drawn = [
        h for h in campaign.handouts if fresh_gm_copy(pipeline, h, pipeline.handout_key(h, GM))
    ]
    assert drawn == list(campaign.handouts)
    again = make_book(campaign, tmp_path / "again", jobs=2)
    assert again.read_bytes() == saint_book.read_bytes()


def test_the_book_marks_what_the_record_says(runner: CliRunner, ozola_after_play: Path) -> None:
    text = folded(pdf_text(ozola_after_play / "out" / "ozola" / "gm" / "book.pdf"))
    # The record's notes are the GM's words too: Markdown, rendered.
    assert "Status after session 1: turned (told Karl everything in the corridor)" in text
    assert "Sokolov: turned (session 1), told Karl everything in the corridor" in text
    assert "*" not in text
    assert "found, session 1, by Anna" in text  # in the graph
    assert "Unsigned note: found in session 1 by Anna" in text  # in the state of play
    assert "Anna since session 1" in text
    arguments = ["--as-of-session", "4", "--out", str(ozola_after_play.parent / "x")]
    result = runner.invoke(app, ["book", str(ozola_after_play), *arguments])
    assert result.exit_code == 1 and "there is no session 4" in result.output


def test_without_graphviz_the_book_says_what_to_install(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` here
    result = runner.invoke(app, ["book", str(OZOLA), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "needs Graphviz" in result.output and "apt install graphviz" in result.output
    assert "Traceback" not in result.output


# --- checks ---------------------------------------------------------------------------------


def edited(mini: Path, change: dict[str, object]) -> Campaign:
    """The mini campaign with its clues.yaml changed."""
    path = mini / "clues.yaml"
    data = yaml.safe_load(path.read_text())
    data.update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return load_campaign(mini)


SCENES = [
    {"id": "arrival", "title": "Arrival", "start": True, "leads_to": ["dinner", "pantry"]},
    {"id": "dinner", "title": "Dinner", "leads_to": ["pantry"]},
    {"id": "pantry", "title": "The pantry"},
]


def codes(campaign: Campaign) -> list[str]:
    return [check.code for check in story_checks(campaign)]


def test_the_mini_campaign_passes_every_check(mini: Path) -> None:
    assert codes(load_campaign(mini)) == []


def test_three_clue_rule(mini: Path) -> None:
    data = yaml.safe_load((mini / "clues.yaml").read_text())
    assert codes(edited(mini, {"clues": data["clues"][:2]})) == ["three-clue-rule"]


def test_a_conclusion_no_clue_supports(mini: Path) -> None:
    data = yaml.safe_load((mini / "clues.yaml").read_text())
    extra = {"id": "cook-knew", "title": "The cook knew"}
    assert codes(edited(mini, {"conclusions": [*data["conclusions"], extra]})) == [
        "unsupported-conclusion"
    ]


def test_a_clue_that_points_nowhere(mini: Path) -> None:
    data = yaml.safe_load((mini / "clues.yaml").read_text())
    loose = {"id": "loose-button", "text": "A button on the stairs."}
    assert codes(edited(mini, {"clues": [*data["clues"], loose]})) == ["clue-points-nowhere"]
    leading = {**loose, "leads_to": ["arrival"]}
    alone = [{"id": "arrival", "title": "Arrival"}]
    campaign = edited(mini, {"clues": [*data["clues"], leading], "scenes": alone})
    assert "clue-points-nowhere" not in codes(campaign)


def test_scenes_want_three_leads_in_and_a_way_in(mini: Path) -> None:
    campaign = edited(mini, {"scenes": SCENES})
    checks = story_checks(campaign)
    assert [(c.code, c.message) for c in checks] == [
        ("three-leads-in", "scene `dinner` has 1 lead in"),
        ("three-leads-in", "scene `pantry` has 2 leads in"),
    ]
    cut_off = [
        {"id": "arrival", "title": "Arrival", "leads_to": ["dinner"]},
        {"id": "dinner", "title": "Dinner"},
        {"id": "attic", "title": "The attic", "leads_to": ["attic"]},
    ]
    assert "unreachable-scene" in codes(edited(mini, {"scenes": cut_off}))


def test_scenes_with_three_leads_pass(mini: Path) -> None:
    data = yaml.safe_load((mini / "clues.yaml").read_text())
    clues = [{**clue, "leads_to": ["dinner", "pantry"]} for clue in data["clues"]]
    assert codes(edited(mini, {"scenes": SCENES, "clues": clues})) == []


def test_a_handout_no_one_can_receive(mini: Path) -> None:
    path = mini / "handouts" / "letter.yaml"
    path.write_text(re.sub(r"(?m)^to:.*$", "to: []", path.read_text()))
    assert codes(load_campaign(mini)) == ["unreceivable-handout"]


def test_validate_locates_each_check(runner: CliRunner, mini: Path) -> None:
    edited(mini, {"scenes": SCENES})
    result = runner.invoke(app, ["validate", str(mini)])
    assert "clues.yaml:" in result.output and "scene `dinner` has 1 lead in" in result.output
    assert "hint: players miss leads" in result.output


def test_an_unknown_mark_is_located_with_a_hint(runner: CliRunner, mini: Path) -> None:
    data = yaml.safe_load((mini / "clues.yaml").read_text())
    clue = {**data["clues"][0], "where": {"location": "cafe", "mark": "no-such-mark"}}
    path = mini / "clues.yaml"
    path.write_text(yaml.safe_dump({**data, "clues": [clue, *data["clues"][1:]]}))
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert "unknown mark `cafe/no-such-mark`" in result.output
