"""The clue graph, in figures a page can hold at full size: how the scenes lead on, then for
each scene (or place) the clues found there and the conclusions they point to, with what the
record of play says was found and reached.

One graph of every clue is taller than a page, and shrunk to fit it prints too small to read;
most of its crossings are arrows from clues found in one scene to conclusions far down the
page. A figure per scene keeps each small, its arrows short, and its words at the book's
size: a scene with more clues than a page holds is cut in parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from companion.book.graph_drawing import (
    Edge,
    Graph,
    Layout,
    Node,
    crossings,
    graph_svg,
    laid_out,
    node,
)
from companion.book.titles import clue_title
from companion.campaign.models import Campaign, Clue, Scene
from companion.record.facts import PlayState
from companion.story.clues import clues_in_scene, start_scenes


@dataclass(frozen=True)
class Room:
    """The space a figure may take on a page, in points: the page inside its margins, less
    the figure's heading."""

    width: float
    height: float


@dataclass(frozen=True)
class ClueFigure:
    """One figure of the clue graph: its heading and what it draws."""

    title: str
    graph: Graph


@dataclass(frozen=True)
class DrawnFigure:
    title: str
    svg: Markup  # drawn at its size in points: never scaled
    width: float  # in points, as printed
    height: float
    wide: bool  # wider than the page upright: printed on the paper turned
    crossings: int


def clue_figures(campaign: Campaign, state: PlayState) -> tuple[ClueFigure, ...]:
    """How the scenes lead on (when they do), then the clues of each scene in the order of
    clues.yaml, then the clues found in no scene. A campaign without scenes has a figure
    per location instead."""
    book = campaign.clue_book
    figures: list[ClueFigure] = []
    placed: set[str] = set()
    if book.scenes:
        numbers = {scene.id: number for number, scene in enumerate(book.scenes, start=1)}
        overview = _scene_leads(campaign)
        if overview.edges:
            figures.append(ClueFigure("How the scenes lead on", overview))
        for scene in book.scenes:
            clues = clues_in_scene(book, scene)
            placed.update(clue.id for clue in clues)
            title = f"Scene {numbers[scene.id]}: {scene.title}"
            figures.append(ClueFigure(title, _clues_graph(campaign, state, clues)))
    else:
        for location_id, location in campaign.locations.items():
            clues = [c for c in book.clues if c.found_at.location == location_id]
            placed.update(clue.id for clue in clues)
            figures.append(ClueFigure(location.name, _clues_graph(campaign, state, clues)))
    elsewhere = [clue for clue in book.clues if clue.id not in placed]
    where = "scene" if book.scenes else "location"
    title = f"Clues no {where} holds: from handouts and people"
    figures.append(ClueFigure(title, _clues_graph(campaign, state, elsewhere)))
    return tuple(figure for figure in figures if not figure.graph.is_empty())


def _scene_leads(campaign: Campaign) -> Graph:
    """The scenes, numbered in the order clues.yaml lists them, top to bottom as the leads
    run: a scene's own leads drawn solid, the leads of clues found in it dashed."""
    book = campaign.clue_book
    starts = {scene.id for scene in start_scenes(book)}
    nodes = tuple(
        node(
            f"scene/{scene.id}",
            "scene",
            f"{number}. {scene.title}",
            remark="play starts here" if scene.id in starts else _place(campaign, scene),
        )
        for number, scene in enumerate(book.scenes, start=1)
    )
    known = {scene.id for scene in book.scenes}
    edges: dict[tuple[str, str], Edge] = {}
    for scene in book.scenes:
        for target in (s for s in scene.leads_to if s in known):
            edges[scene.id, target] = Edge(f"scene/{scene.id}", f"scene/{target}", "leads-to")
        for clue in clues_in_scene(book, scene):
            for target in (s for s in clue.leads_to if s in known and s != scene.id):
                edge = Edge(f"scene/{scene.id}", f"scene/{target}", "clue-leads")
                edges.setdefault((scene.id, target), edge)
    return Graph(nodes, tuple(edges.values()), direction="TB")


def _place(campaign: Campaign, scene: Scene) -> str | None:
    location = campaign.locations.get(scene.location) if scene.location else None
    return f"at {location.name}" if location else None


def _clues_graph(campaign: Campaign, state: PlayState, clues: Sequence[Clue]) -> Graph:
    """Clues on the left, the conclusions they point to on the right."""
    book = campaign.clue_book
    found = state.found_clues()
    reached = state.reached()
    names = {p.id: p.name for p in campaign.info.players}
    numbers = {scene.id: number for number, scene in enumerate(book.scenes, start=1)}
    nodes: list[Node] = []
    edges: list[Edge] = []
    for clue in clues:
        entry = found.get(clue.id)
        note = None
        if entry is not None:
            who = ", ".join(names.get(p, p) for p in entry.players)
            note = f"found, session {entry.session}" + (f", by {who}" if who else "")
        lead = _leads(clue, numbers)
        nodes.append(
            node(f"clue/{clue.id}", "clue", clue_title(clue), entry is not None, note, lead)
        )
        edges += [Edge(f"clue/{clue.id}", f"conclusion/{c}", "points-to") for c in clue.points_to]
    pointed = {edge.head for edge in edges}
    for conclusion in book.conclusions:
        name = f"conclusion/{conclusion.id}"
        if name in pointed:
            is_reached = conclusion.id in reached
            note = "reached" if is_reached else None
            nodes.append(node(name, "conclusion", conclusion.title, is_reached, note))
    return Graph(tuple(nodes), tuple(edges))


def _leads(clue: Clue, numbers: dict[str, int]) -> str | None:
    """Where a clue leads, by the scenes' numbers in the scenes' figure: "leads to scenes 2, 3"."""
    leads = [str(numbers[s]) for s in clue.leads_to if s in numbers]
    if not leads:
        return None
    return f"leads to scene{'s' if len(leads) > 1 else ''} {', '.join(leads)}"


def drawn_figures(figures: Sequence[ClueFigure], upright: Room, turned: Room) -> list[DrawnFigure]:
    """Each figure laid out at full size: on the page upright, or on the paper turned when it
    is wider; a figure of clues taller than its page is cut in two, and again, until each
    part fits. The scenes' figure is drawn across the page when down it does not fit; a story
    of more scenes than either holds is left to the page to shrink.

    Figures on the paper turned come last: each takes a page of its own, and first it would
    leave the headings above it alone at the foot of the page before."""
    drawn: list[DrawnFigure] = []
    for figure in figures:
        drawn += _fitted(figure.graph, upright, turned, figure.title)
    return sorted(drawn, key=lambda figure: figure.wide)


def _fitted(graph: Graph, upright: Room, turned: Room, title: str) -> list[DrawnFigure]:
    layouts = [_fewest_crossings(graph)]
    if graph.direction == "TB":
        layouts.append(laid_out(replace(graph, direction="LR")))
    for room, wide in ((upright, False), (turned, True)):
        for layout in layouts:
            if layout.width <= room.width and layout.height <= room.height:
                return [_drawn(layout, title, wide)]
    clues = [n for n in graph.nodes if n.kind == "clue"]
    if len(clues) > 1:
        first, second = _halves(graph, clues)
        return [
            *_fitted(first, upright, turned, title),
            *_fitted(second, upright, turned, f"{title} (continued)"),
        ]
    return [_drawn(layouts[0], title, layouts[0].width > upright.width)]


def _drawn(layout: Layout, title: str, wide: bool) -> DrawnFigure:
    svg = Markup(graph_svg(layout, f"Clue graph, {title}"))
    return DrawnFigure(title, svg, layout.width, layout.height, wide, crossings(layout))


def _halves(graph: Graph, clues: Sequence[Node]) -> tuple[Graph, Graph]:
    """The first half of the clues with the conclusions they point to, and the second."""
    first = {n.name for n in clues[: len(clues) // 2]}
    second = {n.name for n in clues} - first
    return _with_clues(graph, first), _with_clues(graph, second)


def _with_clues(graph: Graph, clues: set[str]) -> Graph:
    edges = tuple(e for e in graph.edges if e.tail in clues)
    heads = {e.head for e in edges}
    nodes = tuple(n for n in graph.nodes if n.name in clues or n.name in heads)
    return Graph(nodes, edges, graph.direction)


def _fewest_crossings(graph: Graph) -> Layout:
    """`dot` orders the boxes to cross few arrows, from the order it is given; given the clues
    grouped by the conclusion they point to, it often finds fewer. The better of the two."""
    first = laid_out(graph)
    if graph.direction != "LR" or crossings(first) == 0:
        return first
    conclusions = [n.name for n in graph.nodes if n.kind == "conclusion"]
    pointed = {e.tail: conclusions.index(e.head) for e in reversed(graph.edges)}
    grouped = sorted(graph.nodes, key=lambda n: (n.kind == "conclusion", pointed.get(n.name, 0)))
    second = laid_out(Graph(tuple(grouped), graph.edges, graph.direction))
    return second if crossings(second) < crossings(first) else first
