"""The clue graph, drawn: scenes, the clues found in them, the conclusions they point to and
the leads between them, laid out by Graphviz's `dot` and drawn as SVG in the book's fonts.

`dot` only places boxes of the sizes we give it and routes the edges; we draw the text
ourselves, so the picture never depends on which fonts the machine has, and the same
campaign gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

from companion.book.titles import clue_title
from companion.campaign.models import Campaign
from companion.errors import CompanionError
from companion.record.facts import PlayState
from companion.render.fonts import text_width
from companion.render.hands import LAST_RESORT
from companion.story.clues import clues_in_scene

NodeKind = Literal["scene", "location", "clue", "conclusion"]
EdgeKind = Literal["found-in", "points-to", "leads-to"]

FAMILIES = ("PT Serif Latin", "PT Serif Latin Ext", "PT Serif Cyrillic", "PT Serif Cyrillic Ext")
CHAIN = (*FAMILIES, *LAST_RESORT)
FONT_PT = 9.0
LINE_PT = 11.0
PADDING_PT = 6.0
# Box widths by kind, in points: wide enough for a short title, narrow enough to stack.
WIDTHS_PT: dict[NodeKind, float] = {"scene": 120, "location": 120, "clue": 110, "conclusion": 140}
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class Node:
    name: str  # unique in the graph, e.g. `clue/unsigned-note`
    kind: NodeKind
    lines: tuple[str, ...]
    bold: bool  # titles of scenes and conclusions
    marked: bool  # found (a clue) or reached (a conclusion) in the record of play
    notes: tuple[str, ...]  # what the record says, e.g. `found, session 1, by Anna`
    leads: tuple[str, ...]  # where a clue leads: drawn in the box, not as arrows back
    width: float
    height: float


@dataclass(frozen=True)
class Edge:
    tail: str
    head: str
    kind: EdgeKind


@dataclass(frozen=True)
class ClueGraph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def is_empty(self) -> bool:
        return not self.nodes


def clue_graph(campaign: Campaign, state: PlayState) -> ClueGraph:
    """The graph of the campaign's clue book, with what the record says was found and
    reached. Scenes are the places of the story; a campaign without scenes uses locations."""
    book = campaign.clue_book
    found = state.found_clues()
    reached = state.reached()
    names = {p.id: p.name for p in campaign.info.players}
    nodes: list[Node] = []
    edges: list[Edge] = []
    if book.scenes:
        for scene in book.scenes:
            nodes.append(_node(f"scene/{scene.id}", "scene", scene.title))
            edges += [Edge(f"scene/{scene.id}", f"scene/{s}", "leads-to") for s in scene.leads_to]
            for clue in clues_in_scene(book, scene):
                edges.append(Edge(f"scene/{scene.id}", f"clue/{clue.id}", "found-in"))
    else:
        used = {clue.found_at.location for clue in book.clues}
        for location_id in (loc for loc in campaign.locations if loc in used):
            name = campaign.locations[location_id].name
            nodes.append(_node(f"location/{location_id}", "location", name))
        edges += [
            Edge(f"location/{c.found_at.location}", f"clue/{c.id}", "found-in")
            for c in book.clues
            if c.found_at.location is not None
        ]
    scene_titles = {scene.id: scene.title for scene in book.scenes}
    for clue in book.clues:
        entry = found.get(clue.id)
        note = None
        if entry is not None:
            who = ", ".join(names.get(p, p) for p in entry.players)
            note = f"found, session {entry.session}" + (f", by {who}" if who else "")
        leads = [scene_titles[s] for s in clue.leads_to if s in scene_titles]
        lead = "leads to " + "; ".join(leads) if leads else None
        nodes.append(
            _node(f"clue/{clue.id}", "clue", clue_title(clue), entry is not None, note, lead)
        )
        edges += [Edge(f"clue/{clue.id}", f"conclusion/{c}", "points-to") for c in clue.points_to]
    for conclusion in book.conclusions:
        is_reached = conclusion.id in reached
        nodes.append(
            _node(
                f"conclusion/{conclusion.id}",
                "conclusion",
                conclusion.title,
                is_reached,
                "reached" if is_reached else None,
            )
        )
    return ClueGraph(tuple(nodes), tuple(edges))


def _node(
    name: str,
    kind: NodeKind,
    title: str,
    marked: bool = False,
    note: str | None = None,
    lead: str | None = None,
) -> Node:
    bold = kind in ("scene", "conclusion")
    width = WIDTHS_PT[kind]
    inner = width - 2 * PADDING_PT
    lines = _wrapped(title, inner, bold)
    notes = _wrapped(note, inner, False) if note else ()
    leads = _wrapped(lead, inner, False) if lead else ()
    height = (len(lines) + len(notes) + len(leads)) * LINE_PT + 2 * PADDING_PT
    return Node(name, kind, lines, bold, marked, notes, leads, width, height)


def _wrapped(text: str, width_pt: float, bold: bool) -> tuple[str, ...]:
    """Lines of `text` that fit `width_pt` in the graph's font; a word longer than a line is
    broken (nothing is cut off)."""
    lines: list[str] = []
    for word in text.split():
        if lines and _fits(f"{lines[-1]} {word}", width_pt, bold):
            lines[-1] = f"{lines[-1]} {word}"
            continue
        while not _fits(word, width_pt, bold):
            cut = max(1, _longest_fitting_prefix(word, width_pt, bold))
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return tuple(lines) or ("",)


def _fits(text: str, width_pt: float, bold: bool) -> bool:
    return text_width(text, CHAIN, FONT_PT, bold) <= width_pt


def _longest_fitting_prefix(word: str, width_pt: float, bold: bool) -> int:
    """How many letters of `word` fit, found in one pass: widths add up letter by letter (no
    kerning), so a 2,000-letter word costs 2,000 steps, not the squares of trying each cut."""
    total = 0.0
    for count, letter in enumerate(word):
        total += text_width(letter, CHAIN, FONT_PT, bold)
        if total > width_pt:
            return max(1, count)
    return len(word)


# --- layout ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    node: Node
    x: float  # centre, in points from the left
    y: float  # centre, in points from the top


@dataclass(frozen=True)
class Routed:
    edge: Edge
    path: tuple[tuple[float, float], ...]  # cubic Bézier: start, then three points per segment
    arrow: tuple[tuple[float, float], ...]  # the arrowhead's polygon


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    nodes: tuple[Placed, ...]
    edges: tuple[Routed, ...]


def laid_out(graph: ClueGraph) -> Layout:
    """Positions for every box and a route for every edge, from `dot` (left to right: the
    scenes, the clues found there, the conclusions they point to)."""
    import graphviz  # type: ignore[import-untyped]  # no type information shipped

    # Three columns, left to right: the places of the story, the clues, the conclusions.
    dot = graphviz.Digraph(
        graph_attr={"rankdir": "LR", "nodesep": "0.12", "ranksep": "0.55", "splines": "spline"},
        node_attr={"shape": "box", "fixedsize": "true", "label": ""},
    )
    for kinds in (("scene", "location"), ("clue",), ("conclusion",)):
        with dot.subgraph() as column:
            column.attr(rank="same")
            for node in graph.nodes:
                if node.kind in kinds:
                    column.node(node.name, width=_inches(node.width), height=_inches(node.height))
    for edge in graph.edges:
        dot.edge(edge.tail, edge.head)
    try:
        raw = dot.pipe(format="json", engine="dot")
    except graphviz.ExecutableNotFound as error:
        raise CompanionError(
            "drawing the clue graph needs Graphviz, and its `dot` program was not found",
            hint="install Graphviz (`apt install graphviz`; `make handouts` does it for you)",
        ) from error
    return _layout_from_json(graph, json.loads(raw))


def _inches(points: float) -> str:
    return f"{points / POINTS_PER_INCH:.4f}"


def _layout_from_json(graph: ClueGraph, drawn: dict[str, Any]) -> Layout:
    _, _, width, height = (float(v) for v in drawn["bb"].split(","))
    by_name = {node.name: node for node in graph.nodes}
    placed = []
    for obj in drawn.get("objects", []):
        if obj.get("name") in by_name:
            x, y = (float(v) for v in obj["pos"].split(","))
            placed.append(Placed(by_name[obj["name"]], x, height - y))
    names = [obj.get("name") for obj in drawn.get("objects", [])]
    edges = {(edge.tail, edge.head): edge for edge in graph.edges}
    routed = []
    for drawn_edge in drawn.get("edges", []):
        edge = edges[names[drawn_edge["tail"]], names[drawn_edge["head"]]]
        path = _points(drawn_edge.get("_draw_", []), "b", height)
        arrow = _points(drawn_edge.get("_hdraw_", []), "P", height)
        routed.append(Routed(edge, path, arrow))
    return Layout(width, height, tuple(placed), tuple(routed))


def _points(
    ops: Iterable[dict[str, Any]], op: str, height: float
) -> tuple[tuple[float, float], ...]:
    for operation in ops:
        if operation.get("op") == op:
            return tuple((float(x), height - float(y)) for x, y in operation["points"])
    return ()


# --- drawing --------------------------------------------------------------------------------

FILLS: dict[NodeKind, str] = {
    "scene": "#efe7d6",
    "location": "#efe7d6",
    "clue": "#ffffff",
    "conclusion": "#f3dede",
}
MARKED_STROKE = "#1f6b2a"
LEAD = "#7a1010"
EDGE_STYLES: dict[EdgeKind, str] = {
    "found-in": 'stroke="#8a8a8a" stroke-dasharray="3 2"',
    "points-to": 'stroke="#1a1a1a"',
    "leads-to": f'stroke="{LEAD}" stroke-width="1.4"',
}


def graph_svg(layout: Layout, title: str) -> str:
    """The laid-out graph as one SVG element, sized in points, with a title for screen
    readers."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="clue-graph" role="img"'
        f' viewBox="0 0 {_n(layout.width)} {_n(layout.height)}"'
        f' width="{_n(layout.width)}pt" height="{_n(layout.height)}pt">',
        f"<title>{escape(title)}</title>",
    ]
    parts += [_edge_svg(routed) for routed in layout.edges]
    parts += [_node_svg(placed) for placed in layout.nodes]
    parts.append("</svg>")
    return "\n".join(parts)


def _edge_svg(routed: Routed) -> str:
    if not routed.path:
        return ""
    (x0, y0), rest = routed.path[0], routed.path[1:]
    d = f"M{_n(x0)},{_n(y0)}" + "".join(
        f" C{_pair(rest[i])} {_pair(rest[i + 1])} {_pair(rest[i + 2])}"
        for i in range(0, len(rest) - 2, 3)
    )
    style = EDGE_STYLES[routed.edge.kind]
    svg = f'<path d="{d}" fill="none" {style}/>'
    if routed.arrow:
        points = " ".join(_pair(p) for p in routed.arrow)
        colour = LEAD if routed.edge.kind == "leads-to" else "#1a1a1a"
        svg += f'<polygon points="{points}" fill="{colour}"/>'
    return svg


def _node_svg(placed: Placed) -> str:
    node = placed.node
    left, top = placed.x - node.width / 2, placed.y - node.height / 2
    stroke = MARKED_STROKE if node.marked else "#1a1a1a"
    stroke_width = 2 if node.marked or node.kind == "conclusion" else 0.8
    radius = 8 if node.kind in ("scene", "location") else 2
    shape = (
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(node.width)}"'
        f' height="{_n(node.height)}" rx="{radius}" fill="{FILLS[node.kind]}"'
        f' stroke="{stroke}" stroke-width="{stroke_width}"/>'
    )
    weight = ' font-weight="700"' if node.bold else ""
    rows = [
        f'<tspan x="{_n(placed.x)}" y="{_n(top + PADDING_PT + (i + 0.8) * LINE_PT)}">'
        f"{escape(line)}</tspan>"
        for i, line in enumerate(node.lines)
    ]
    text = (
        f'<text text-anchor="middle" font-family={quoteattr(", ".join(CHAIN))}'
        f' font-size="{FONT_PT}"{weight} fill="#1a1a1a">{"".join(rows)}</text>'
    )
    small = [(note, MARKED_STROKE) for note in node.notes] + [(lead, LEAD) for lead in node.leads]
    for i, (line, colour) in enumerate(small, start=len(node.lines)):
        y = top + PADDING_PT + (i + 0.8) * LINE_PT
        text += (
            f'<text x="{_n(placed.x)}" y="{_n(y)}" text-anchor="middle"'
            f' font-family={quoteattr(", ".join(CHAIN))} font-size="{FONT_PT - 1}"'
            f' font-style="italic" fill="{colour}">{escape(line)}</text>'
        )
    return f'<g class="node {node.kind}">{shape}{text}</g>'


def _pair(point: Sequence[float]) -> str:
    return f"{_n(point[0])},{_n(point[1])}"


def _n(value: float) -> str:
    """Numbers rounded to hundredths, so the same layout gives the same text."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
