"""Boxes and arrows drawn as SVG in the book's fonts, laid out by Graphviz's `dot`; and how
many of the arrows cross, counted on the curves `dot` routes.

`dot` only places boxes of the sizes we give it and routes the edges; we draw the text
ourselves, so the picture never depends on which fonts the machine has, and the same graph
gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

from shapely.geometry import LineString, box
from shapely.geometry.base import BaseGeometry

from companion.errors import CompanionError
from companion.render.fonts import text_width
from companion.render.hands import LAST_RESORT

NodeKind = Literal["scene", "location", "clue", "conclusion"]
EdgeKind = Literal["points-to", "leads-to", "clue-leads"]
Direction = Literal["LR", "TB"]

FAMILIES = ("PT Serif Latin", "PT Serif Latin Ext", "PT Serif Cyrillic", "PT Serif Cyrillic Ext")
CHAIN = (*FAMILIES, *LAST_RESORT)
# Every word of the graph prints at this size: the book draws a graph at its own size, never
# shrunk (book/clue_graph.py cuts a graph too big for the page in parts instead).
FONT_PT = 9.0
LINE_PT = 11.5
PADDING_PT = 6.0
# Box widths by kind, in points: a clue's title on one line as a rule, two columns of boxes
# and the arrows between them well inside the narrowest page (US Letter, upright).
WIDTHS_PT: dict[NodeKind, float] = {"scene": 190, "location": 190, "clue": 175, "conclusion": 165}
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class Node:
    name: str  # unique in the graph, e.g. `clue/unsigned-note`
    kind: NodeKind
    lines: tuple[str, ...]
    bold: bool  # titles of scenes and conclusions
    marked: bool  # found (a clue) or reached (a conclusion) in the record of play
    notes: tuple[str, ...]  # what the record says, e.g. `found, session 1, by Anna`
    leads: tuple[str, ...]  # where a clue leads: written in the box, not drawn as arrows
    remarks: tuple[str, ...]  # anything else worth a line: where a scene happens
    width: float
    height: float


@dataclass(frozen=True)
class Edge:
    tail: str
    head: str
    kind: EdgeKind


@dataclass(frozen=True)
class Graph:
    """Boxes and arrows. Left to right (`LR`), the clues stand in one column and the
    conclusions in the next; top to bottom (`TB`), `dot` ranks the boxes by the arrows."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    direction: Direction = "LR"

    def is_empty(self) -> bool:
        return not self.nodes


def node(
    name: str,
    kind: NodeKind,
    title: str,
    marked: bool = False,
    note: str | None = None,
    lead: str | None = None,
    remark: str | None = None,
) -> Node:
    """A box sized for its words, wrapped to the width of its kind."""
    bold = kind in ("scene", "location", "conclusion")
    width = WIDTHS_PT[kind]
    inner = width - 2 * PADDING_PT
    lines = _wrapped(title, inner, bold)
    notes = _wrapped(note, inner, False) if note else ()
    leads = _wrapped(lead, inner, False) if lead else ()
    remarks = _wrapped(remark, inner, False) if remark else ()
    height = (len(lines) + len(notes) + len(leads) + len(remarks)) * LINE_PT + 2 * PADDING_PT
    return Node(name, kind, lines, bold, marked, notes, leads, remarks, width, height)


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


def laid_out(graph: Graph) -> Layout:
    """Positions for every box and a route for every edge, from `dot`."""
    import graphviz  # type: ignore[import-untyped]  # no type information shipped

    dot = graphviz.Digraph(
        graph_attr={
            "rankdir": graph.direction,
            "nodesep": "0.14",
            "ranksep": "0.6" if graph.direction == "LR" else "0.35",
            "splines": "spline",
        },
        node_attr={"shape": "box", "fixedsize": "true", "label": ""},
    )
    columns: tuple[tuple[NodeKind, ...], ...] = (
        (("clue",), ("conclusion",)) if graph.direction == "LR" else ()
    )
    for kinds in columns:
        with dot.subgraph() as column:
            column.attr(rank="same")
            for box_ in graph.nodes:
                if box_.kind in kinds:
                    column.node(box_.name)
    for box_ in graph.nodes:
        dot.node(box_.name, width=_inches(box_.width), height=_inches(box_.height))
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


def _layout_from_json(graph: Graph, drawn: dict[str, Any]) -> Layout:
    _, _, width, height = (float(v) for v in drawn["bb"].split(","))
    by_name = {box_.name: box_ for box_ in graph.nodes}
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


# --- crossings ------------------------------------------------------------------------------

# Points a Bézier segment is followed through: enough for curves a few inches long.
CURVE_STEPS = 16
# Edges meeting at a box they share meet there by design: only crossings further off count.
SHARED_BOX_MARGIN_PT = 2.0


def crossings(layout: Layout) -> int:
    """How many times two edges cross, counted on their routed curves; two edges that meet
    at a box they share do not cross there."""
    boxes = {placed.node.name: _box_of(placed) for placed in layout.nodes}
    curves = [(routed.edge, _curve(routed.path)) for routed in layout.edges if routed.path]
    count = 0
    for index, (edge, curve) in enumerate(curves):
        for other, other_curve in curves[index + 1 :]:
            shared = [boxes[name] for name in {edge.tail, edge.head} & {other.tail, other.head}]
            meeting = curve.intersection(other_curve)
            count += sum(
                1
                for piece in getattr(meeting, "geoms", [meeting])
                if not piece.is_empty and not any(area.contains(piece) for area in shared)
            )
    return count


def _box_of(placed: Placed) -> BaseGeometry:
    half_width = placed.node.width / 2 + SHARED_BOX_MARGIN_PT
    half_height = placed.node.height / 2 + SHARED_BOX_MARGIN_PT
    return box(
        placed.x - half_width, placed.y - half_height, placed.x + half_width, placed.y + half_height
    )


def _curve(path: Sequence[tuple[float, float]]) -> LineString:
    """A path of cubic Bézier segments as a line through points along it."""
    points = [path[0]]
    for start in range(1, len(path) - 2, 3):
        p0, p1, p2, p3 = points[-1], path[start], path[start + 1], path[start + 2]
        for step in range(1, CURVE_STEPS + 1):
            t = step / CURVE_STEPS
            u = 1 - t
            points.append(
                (
                    u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                    u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                )
            )
    return LineString(points if len(points) > 1 else points * 2)


# --- drawing --------------------------------------------------------------------------------

FILLS: dict[NodeKind, str] = {
    "scene": "#efe7d6",
    "location": "#efe7d6",
    "clue": "#ffffff",
    "conclusion": "#f3dede",
}
MARKED_STROKE = "#1f6b2a"
LEAD = "#7a1010"
REMARK = "#555555"
EDGE_STYLES: dict[EdgeKind, str] = {
    "points-to": 'stroke="#1a1a1a"',
    "leads-to": f'stroke="{LEAD}" stroke-width="1.4"',
    "clue-leads": f'stroke="{LEAD}" stroke-dasharray="4 2.5"',
}


def graph_svg(layout: Layout, title: str) -> str:
    """The laid-out graph as one SVG element, sized in points (drawn at that size, its words
    print at `FONT_PT`), with a title for screen readers."""
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
        colour = "#1a1a1a" if routed.edge.kind == "points-to" else LEAD
        svg += f'<polygon points="{points}" fill="{colour}"/>'
    return svg


def _node_svg(placed: Placed) -> str:
    box_ = placed.node
    left, top = placed.x - box_.width / 2, placed.y - box_.height / 2
    stroke = MARKED_STROKE if box_.marked else "#1a1a1a"
    stroke_width = 2 if box_.marked or box_.kind == "conclusion" else 0.8
    radius = 8 if box_.kind in ("scene", "location") else 2
    shape = (
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(box_.width)}"'
        f' height="{_n(box_.height)}" rx="{radius}" fill="{FILLS[box_.kind]}"'
        f' stroke="{stroke}" stroke-width="{stroke_width}"/>'
    )
    weight = ' font-weight="700"' if box_.bold else ""
    rows = [
        f'<tspan x="{_n(placed.x)}" y="{_n(_baseline(top, i))}">{escape(line)}</tspan>'
        for i, line in enumerate(box_.lines)
    ]
    text = (
        f'<text text-anchor="middle" font-family={quoteattr(", ".join(CHAIN))}'
        f' font-size="{FONT_PT}"{weight} fill="#1a1a1a">{"".join(rows)}</text>'
    )
    small = [
        *((note, MARKED_STROKE) for note in box_.notes),
        *((lead, LEAD) for lead in box_.leads),
        *((remark, REMARK) for remark in box_.remarks),
    ]
    for i, (line, colour) in enumerate(small, start=len(box_.lines)):
        text += (
            f'<text x="{_n(placed.x)}" y="{_n(_baseline(top, i))}" text-anchor="middle"'
            f' font-family={quoteattr(", ".join(CHAIN))} font-size="{FONT_PT}"'
            f' font-style="italic" fill="{colour}">{escape(line)}</text>'
        )
    return f'<g class="node {box_.kind}">{shape}{text}</g>'


def _baseline(top: float, line: int) -> float:
    return top + PADDING_PT + (line + 0.78) * LINE_PT


def _pair(point: Sequence[float]) -> str:
    return f"{_n(point[0])},{_n(point[1])}"


def _n(value: float) -> str:
    """Numbers rounded to hundredths, so the same layout gives the same text."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
