"""The clue graph as printed: every word of it at 9 pt or more on the page (measured in the
PDF: a character's font size times the scale its SVG was drawn at), a figure wider than the
page on the paper turned, a scene too big for a page cut in parts, and few crossing arrows."""

from __future__ import annotations

import ctypes
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
import yaml

from companion.book.clue_graph import clue_figures, drawn_figures
from companion.book.gm_book import BookFacts, book_context, graph_rooms
from companion.book.graph_drawing import Edge, Graph, crossings, laid_out, node
from companion.build.request import Audience, BuildOptions, BuildPlan
from companion.build.targets import build_plan
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.kinds.base import PageSize
from companion.record.facts import PlayState
from tests.conftest import OZOLA, SAINT
from tests.pdftext import outline_pages

SVG = "{http://www.w3.org/2000/svg}"
LEAST_PT = 9.0


@dataclass(frozen=True)
class PrintedText:
    """A page's text, letter by letter, with the size each letter prints at in points: its
    font's size times the scale of everything it is drawn through (the page's, the SVG's),
    read from the letter's own matrix."""

    text: str
    sizes: tuple[float, ...]

    @classmethod
    def of(cls, page: pypdfium2.PdfPage) -> PrintedText:
        text = page.get_textpage()
        matrix = pdfium.FS_MATRIX()
        sizes = []
        for index in range(text.count_chars()):
            pdfium.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            sizes.append(pdfium.FPDFText_GetFontSize(text.raw, index) * scale)
        return cls(text.get_text_range(0, text.count_chars()), tuple(sizes))

    def sizes_of(self, words: str) -> list[float]:
        """The sizes of the letters (not the spaces) of every occurrence of `words`."""
        found = []
        for match in re.finditer(re.escape(words), self.text):
            found += [
                self.sizes[index]
                for index in range(match.start(), match.end())
                if not self.text[index].isspace()
            ]
        return found


def printed_sizes(page: pypdfium2.PdfPage, words: str) -> list[float]:
    return PrintedText.of(page).sizes_of(words)


def graph_lines(campaign: Campaign) -> list[str]:
    """Every line of words the book's clue graph draws, read from its SVG."""
    context = book_context(campaign, BookFacts(PlayState.nothing_yet(), 0))
    lines = []
    for figure in context.graphs:
        root = ET.fromstring(str(figure.svg))
        for element in root.iter():
            if element.tag in (f"{SVG}tspan", f"{SVG}text") and (element.text or "").strip():
                lines.append(element.text or "")
    return lines


def graph_pages(book: Path) -> range:
    outline = dict(outline_pages(book))
    return range(outline["Clues and conclusions"], outline["Checks"] + 1)


@pytest.mark.parametrize(
    ("campaign_dir", "book"), [(OZOLA, "ozola_book"), (SAINT, "saint_book")], ids=["ozola", "saint"]
)
def test_every_word_of_the_graph_prints_at_9_pt_or_more(
    campaign_dir: Path, book: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(book)
    document = pypdfium2.PdfDocument(path)
    pages = [PrintedText.of(document[number - 1]) for number in graph_pages(path)]
    lines = graph_lines(load_campaign(campaign_dir))
    assert len(lines) > 20
    for line in lines:
        sizes = [size for page in pages for size in page.sizes_of(line)]
        assert sizes, f"{line!r} is not printed on the graph's pages"
        assert min(sizes) >= LEAST_PT - 0.05, f"{line!r} prints at {min(sizes):.1f} pt"


def test_the_measure_sees_a_shrunk_graph(tmp_path: Path) -> None:
    """The measuring stick: an SVG drawn at half its size prints its 9 pt text at 4.5 pt."""
    import weasyprint

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" width="200pt" height="40pt">'
        '<text x="10" y="20" font-size="9">Shrunk words</text></svg>'
    )
    html = (
        f'<div style="width: 100pt">{svg.replace("200pt", "100%")}</div>'
        '<p style="font-size: 9pt">Page words</p>'
    )
    pdf = tmp_path / "shrunk.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    page = pypdfium2.PdfDocument(pdf)[0]
    assert [round(s, 1) for s in printed_sizes(page, "Shrunk")] == [4.5] * 6
    assert [round(s, 1) for s in printed_sizes(page, "Page")] == [9.0] * 4


def _branching(mini: Path, branches: int) -> Campaign:
    """The mini campaign with a start scene that leads to `branches` scenes at once, each of
    which leads to the end: too wide for the page upright drawn down it, and drawn across."""
    ids = [f"branch-{i}" for i in range(1, branches + 1)]
    scenes = [{"id": "arrival", "title": "Arrival at the manor", "start": True, "leads_to": ids}]
    scenes += [{"id": i, "title": f"A long way round, by {i}", "leads_to": ["end"]} for i in ids]
    scenes += [{"id": "end", "title": "The reckoning in the library"}]
    path = mini / "clues.yaml"
    data = yaml.safe_load(path.read_text())
    data["scenes"] = scenes
    path.write_text(yaml.safe_dump(data))
    return load_campaign(mini)


def test_a_graph_wider_than_the_page_is_printed_on_the_paper_turned(
    mini: Path, tmp_path: Path
) -> None:
    campaign = _branching(mini, 3)
    options = BuildOptions(out_dir=tmp_path, audience=Audience.GM, only=("letter",))
    assert not build_plan(campaign, options, BuildPlan(book=True, copies=False)).failures
    book = tmp_path / "mini" / "gm" / "book.pdf"
    document = pypdfium2.PdfDocument(book)
    turned = [
        number
        for number in graph_pages(book)
        if document[number - 1].get_width() > document[number - 1].get_height()
    ]
    assert len(turned) == 1
    page = document[turned[0] - 1]
    sizes = printed_sizes(page, "A long way round, by branch-3")
    assert sizes and min(sizes) >= LEAST_PT - 0.05
    # The pages before and after it are upright, as the rest of the book.
    assert document[turned[0] - 2].get_width() < document[turned[0] - 2].get_height()


def test_a_scene_with_more_clues_than_a_page_holds_is_cut_in_parts(mini: Path) -> None:
    path = mini / "clues.yaml"
    data = yaml.safe_load(path.read_text())
    data["scenes"] = [{"id": "dinner", "title": "Dinner", "location": "cafe"}]
    data["clues"] = [
        {"id": f"crumb-{i}", "text": "A crumb.", "points_to": ["butler-guilty"], "location": "cafe"}
        for i in range(60)
    ]
    path.write_text(yaml.safe_dump(data))
    campaign = load_campaign(mini)
    upright, turned = graph_rooms(PageSize.named("a4"))
    drawn = drawn_figures(clue_figures(campaign, PlayState.nothing_yet()), upright, turned)
    assert [figure.title for figure in drawn][:2] == [
        "Scene 1: Dinner",
        "Scene 1: Dinner (continued)",
    ]
    assert all(figure.height <= upright.height and not figure.wide for figure in drawn)
    clues = sum(str(figure.svg).count('class="node clue"') for figure in drawn)
    assert clues == 60


def test_crossings_are_counted_away_from_shared_boxes() -> None:
    """The counter agrees with geometry: two arrows given in crossing order, which `dot`
    uncrosses; and three clues each pointing to both of two conclusions, which no order of
    the boxes draws with fewer than three crossings (one per pair of clues). Arrows leaving
    the same box, or meeting at one, do not cross there."""
    clues = tuple(node(f"clue/{i}", "clue", f"Clue {i}") for i in "abc")
    conclusions = tuple(node(f"conclusion/{i}", "conclusion", f"Conclusion {i}") for i in "xy")
    crossed = (
        Edge("clue/a", "conclusion/y", "points-to"),
        Edge("clue/b", "conclusion/x", "points-to"),
    )
    assert crossings(laid_out(Graph(clues[:2] + conclusions, crossed))) == 0
    every = tuple(Edge(c.name, k.name, "points-to") for c in clues for k in conclusions)
    assert crossings(laid_out(Graph(clues + conclusions, every))) == 3


@pytest.mark.parametrize(("campaign_dir", "most"), [(OZOLA, 3), (SAINT, 1)], ids=["ozola", "saint"])
def test_the_test_campaigns_graphs_cross_few_arrows(campaign_dir: Path, most: int) -> None:
    """Measured when the graph was cut by scene: 63 crossings in Ozola's one graph became 3,
    15 in the Saint's became 1. More means the figures got worse."""
    campaign = load_campaign(campaign_dir)
    rooms = graph_rooms(PageSize.named(campaign.info.paper))
    drawn = drawn_figures(clue_figures(campaign, PlayState.nothing_yet()), *rooms)
    assert sum(figure.crossings for figure in drawn) <= most
    assert all(not re.search(r"\bfound-in\b", str(figure.svg)) for figure in drawn)
