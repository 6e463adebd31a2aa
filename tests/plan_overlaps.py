"""Collisions on a drawn plan, read back from its SVG: every text box against every other
text, every stroke and shape drawn (walls, doors and their swings, furniture and its seats,
marks, routes, leader lines, registration crosses) and the edges of the printed pages.

This reads only the SVG, not the placer's own idea of the obstacles, so it checks that the
placer saw everything that is drawn."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from shapely import box
from shapely.affinity import affine_transform
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.campaign.models import Campaign, MapHandout
from companion.kinds.map import MapContext
from companion.plans.drawing import text_width

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
# A text's box about its baseline, in font sizes: as tall as accented capitals and descenders.
ASCENT, DESCENT = 0.8, 0.25
TOUCHING = 1e-9  # an overlap smaller than this (in square plan units) is two things touching


@dataclass(frozen=True)
class Text:
    words: str
    css: str
    shape: Polygon


@dataclass(frozen=True)
class Collision:
    words: str
    what: str  # what it runs into

    def __str__(self) -> str:
        return f"{self.words!r} runs into {self.what}"


def printed_map(
    campaign: Campaign, key: str, audience: str, scale: str
) -> tuple[object, list[Collision]]:
    """A map's context as it prints at `scale` (or `fitted` to one page), and what collides
    on it."""
    handout = campaign.handouts[key]
    assert isinstance(handout, MapHandout)
    options = BuildOptions(map_scale=None if scale == "fitted" else scale)
    if scale == "fitted":
        fitted = handout.model_copy(update={"fit": True, "scale": None})
        campaign = campaign.model_copy(update={"handouts": {**campaign.handouts, key: fitted}})
    context = pipeline_for(campaign, options).context(key, audience)
    assert isinstance(context, MapContext)
    views = [context.sheet_plan] if context.sheet_plan else list(context.tiles)
    pages = [_viewbox(view.viewbox) for view in views]
    canvas = (
        min(p[0] for p in pages),
        min(p[1] for p in pages),
        max(p[2] for p in pages),
        max(p[3] for p in pages),
    )
    tiles = pages if context.tiles else []
    return context, collisions(str(context.drawing), context.style, canvas, tiles)


def _viewbox(viewbox: str) -> tuple[float, float, float, float]:
    x, y, width, height = (float(v) for v in viewbox.split())
    return x, y, x + width, y + height


def collisions(
    elements: str,
    style: str,
    canvas: tuple[float, float, float, float],
    pages: list[tuple[float, float, float, float]],
) -> list[Collision]:
    """Every text that overlaps another text or a drawn thing, or leaves the paper (or, on a
    tiled plan, lies on no one page whole)."""
    root = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{elements}</svg>')
    texts, things = _read(root, style)
    found = []
    for index, text in enumerate(texts):
        if not _within(text.shape, canvas) or (
            pages and not any(_within(text.shape, p) for p in pages)
        ):
            found.append(Collision(text.words, "the edge of the page"))
        for other in texts[index + 1 :]:
            if _overlap(text.shape, other.shape):
                found.append(Collision(text.words, f"the words {other.words!r}"))
        for what, shape in things:
            if _overlap(text.shape, shape) and not _own(text, what, shape):
                found.append(Collision(text.words, what))
    return found


def _own(text: Text, what: str, shape: BaseGeometry) -> bool:
    """A table's number is written on its table top; a callout's number in its circle."""
    own = {"table-number": "piece", "callout": "callout circle"}.get(text.css.split()[0])
    return own is not None and what.startswith(own) and shape.contains(text.shape.centroid)


def _overlap(first: BaseGeometry, second: BaseGeometry) -> bool:
    return first.intersects(second) and first.intersection(second).area > TOUCHING


def _within(shape: Polygon, area: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = shape.bounds
    return (
        left >= area[0] - 1e-9
        and top >= area[1] - 1e-9
        and right <= area[2] + 1e-9
        and bottom <= area[3] + 1e-9
    )


def _read(root: ET.Element, style: str) -> tuple[list[Text], list[tuple[str, BaseGeometry]]]:
    texts: list[Text] = []
    things: list[tuple[str, BaseGeometry]] = []
    for element in root:
        tag, css = element.tag.removeprefix(SVG), element.get("class", "")
        if tag == "text":
            texts.append(_text(element, style))
        elif tag == "g":
            matrix = _transform(element.get("transform", ""))
            name = "piece" if "piece" in css else css.split()[0]
            for child in element:
                for shape in _shapes(child, default_width=0.03):
                    things.append((f"{name} {css}", affine_transform(shape, matrix)))
        elif "room" not in css.split() and "grid" not in css.split():
            name = "callout circle" if "callout" in css else f"{tag} {css}"
            things += [(name, shape) for shape in _shapes(element, default_width=0.02)]
    return texts, things


def _text(element: ET.Element, style: str) -> Text:
    words, css = element.text or "", element.get("class", "")
    size = float(element.get("font-size", "0").removesuffix("px"))
    x, y = float(element.get("x", "0")), float(element.get("y", "0"))
    width = text_width(words, css, style, size)
    left = {"start": x, "end": x - width}.get(element.get("text-anchor", "start"), x - width / 2)
    if css.startswith("table-number"):  # written centred on its middle line
        y += size * (ASCENT - DESCENT) / 2
    return Text(words, css, box(left, y - size * ASCENT, left + width, y + size * DESCENT))


def _shapes(element: ET.Element, default_width: float) -> list[BaseGeometry]:
    tag = element.tag.removeprefix(SVG)
    stroke = float(element.get("stroke-width", default_width))
    if tag == "rect":
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        return [box(x, y, x + float(element.get("width", 0)), y + float(element.get("height", 0)))]
    if tag == "circle":
        centre = Point(float(element.get("cx", 0)), float(element.get("cy", 0)))
        return [centre.buffer(float(element.get("r", 0)))]
    if tag == "line":
        ends = [(float(element.get(f"x{i}", 0)), float(element.get(f"y{i}", 0))) for i in (1, 2)]
        return [LineString(ends).buffer(stroke / 2, cap_style="flat")]
    if tag in ("polygon", "polyline"):
        numbers = [float(v) for v in NUMBER.findall(element.get("points", ""))]
        corners = list(zip(numbers[::2], numbers[1::2], strict=True))
        if tag == "polygon" and "wall" not in element.get("class", ""):
            return [Polygon(corners)]
        ring = [*corners, corners[0]] if tag == "polygon" else corners
        return [LineString(ring).buffer(stroke / 2, join_style="mitre")]
    if tag == "path" and "sketch" in element.get("class", ""):
        # A pencil wall: its strokes, each a wavering line from M to the next M.
        strokes = [_path_points(f"M{part}") for part in element.get("d", "").split("M")[1:]]
        return [LineString(points).buffer(stroke / 2) for points in strokes if len(points) > 1]
    if tag == "path":
        return [_path(element.get("d", ""), stroke)]
    return []


def _path(d: str, stroke: float) -> BaseGeometry:
    """A door's swing (move to the hinge, line to the leaf's end, arc) as the quarter circle
    it sweeps; any other path as the outline of its points."""
    arc = re.fullmatch(r"M([^L]+)L([^A]+)A[^ ]+ 0 0 [01] (.+)", d)
    if arc:
        hinge, leaf, end = (tuple(float(v) for v in NUMBER.findall(part)) for part in arc.groups())
        radius = math.dist(hinge, leaf)
        start = math.atan2(leaf[1] - hinge[1], leaf[0] - hinge[0])
        turn = math.atan2(end[1] - hinge[1], end[0] - hinge[0]) - start
        turn = (turn + math.pi) % (2 * math.pi) - math.pi
        curve = [
            (
                hinge[0] + radius * math.cos(start + turn * k / 16),
                hinge[1] + radius * math.sin(start + turn * k / 16),
            )
            for k in range(17)
        ]
        return Polygon([hinge, *curve]).buffer(stroke / 2)
    corners = _path_points(d)
    if len(corners) > 2:
        return Polygon(corners).convex_hull.buffer(stroke / 2)
    return LineString(corners * (2 if len(corners) == 1 else 1)).buffer(stroke / 2)


def _path_points(d: str) -> list[tuple[float, float]]:
    """Every point a path passes through or is pulled towards (M, L, H, V, C, A; absolute)."""
    found: list[tuple[float, float]] = []
    x = y = 0.0
    for command, arguments in re.findall(r"([MLHVCAZ])([^MLHVCAZ]*)", d):
        values = [float(v) for v in NUMBER.findall(arguments)]
        if command in "ML":
            pairs = list(zip(values[::2], values[1::2], strict=True))
        elif command == "H":
            pairs = [(v, y) for v in values]
        elif command == "V":
            pairs = [(x, v) for v in values]
        elif command == "C":
            pairs = list(zip(values[::2], values[1::2], strict=True))
        elif command == "A":
            pairs = [(values[5], values[6])]
        else:
            continue
        found += pairs
        x, y = pairs[-1]
    return found


def _transform(text: str) -> list[float]:
    """translate(), rotate() and scale() as shapely's affine matrix [a, b, d, e, xoff, yoff]."""
    a, b, c, d, e, f = 1.0, 0.0, 0.0, 1.0, 0.0, 0.0  # x' = a x + c y + e ; y' = b x + d y + f
    for name, arguments in re.findall(r"(\w+)\(([^)]*)\)", text):
        values = [float(v) for v in NUMBER.findall(arguments)]
        if name == "translate":
            m = (1.0, 0.0, 0.0, 1.0, values[0], values[1] if len(values) > 1 else 0.0)
        elif name == "rotate":
            r = math.radians(values[0])
            m = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0.0, 0.0)
        elif name == "scale":
            sy = values[1] if len(values) > 1 else values[0]
            m = (values[0], 0.0, 0.0, sy, 0.0, 0.0)
        else:
            continue
        a, b, c, d, e, f = (
            a * m[0] + c * m[1],
            b * m[0] + d * m[1],
            a * m[2] + c * m[3],
            b * m[2] + d * m[3],
            a * m[4] + c * m[5] + e,
            b * m[4] + d * m[5] + f,
        )
    return [a, c, b, d, e, f]


def leader_crossings(elements: str, style: str, start_clear: float) -> list[Collision]:
    """Every leader line that runs across something drawn (a wall, a piece, a door, words)
    past its first `start_clear` plan units, where it leaves what it names."""
    root = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{elements}</svg>')
    texts, things = _read(root, style)
    found = []
    for element in root:
        if "leader" not in element.get("class", "").split():
            continue
        ends = [(float(element.get(f"x{i}", 0)), float(element.get(f"y{i}", 0))) for i in (1, 2)]
        line = LineString(ends).difference(Point(ends[0]).buffer(start_clear))
        for what, shape in things:
            if what.startswith("line leader"):
                continue
            if line.intersects(shape):
                found.append(Collision(f"leader at {ends[0]}", what))
        found += [
            Collision(f"leader at {ends[0]}", f"the words {text.words!r}")
            for text in texts
            if line.intersects(text.shape)
        ]
    return found
