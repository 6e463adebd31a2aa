"""The map handout: a floor plan at true scale, on one page or tiled over several."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from companion.floorplan import (
    SCALE_BAR_STEPS,
    Canvas,
    PlanDrawing,
    fitted_per_unit,
    mm_per_unit,
    n,
    north_arrow,
    scale_bar_step,
    scale_ratio,
)
from companion.handouts.common import HandoutContext, PageSize, context_basics
from companion.markup import markdown_literal
from companion.models import Campaign, FloorPlan, MapHandout
from companion.plan_words import plan_in_words

PAGE_MARGIN_MM = 10.0
TILE_FOOTER_MM = 9.0
SHEET_HEADER_MM = 16.0
SHEET_FOOTER_MM = 24.0  # the scale bar and north arrow, then the legend (map.css)
OVERLAP_MM = 12.0


@dataclass(frozen=True)
class Viewport:
    """A window onto the plan: `viewbox` in plan units, printed at `width_mm` x `height_mm`."""

    label: str
    viewbox: str
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class LegendEntry:
    symbol: str  # a CSS class the template draws
    text: str


@dataclass(frozen=True)
class Callout:
    number: int
    text: str
    gm: bool


@dataclass(frozen=True, kw_only=True)
class MapContext(HandoutContext):
    location_name: str
    address: str | None
    page: PageSize
    style: str
    drawing: Markup
    scale_text: str
    sheet_plan: Viewport | None  # the whole plan on the first page, when it fits
    tiles: tuple[Viewport, ...]
    assembly: Markup | None
    scale_bar: Markup  # whole, at true size, on the first sheet
    north_arrow: Markup
    tile_bar: Markup | None  # one short length, on each tile
    left_out: tuple[str, ...]  # tiles not printed: nothing of the plan falls on them
    legend: tuple[LegendEntry, ...]
    callouts: tuple[Callout, ...]  # labels printed as numbers, with their words
    gm_marks: tuple[str, ...]
    in_words: str  # the plan's alternative text, for a reader who cannot see it
    calibration: str  # what the calibration square measures, in words


def map_context(campaign: Campaign, handout: MapHandout, is_gm: bool) -> MapContext:
    """`campaign` and `handout` are already projected for the audience."""
    location = campaign.locations[handout.location]
    plan = location.floor_plan
    assert plan is not None  # checked when the campaign loads
    gm_marks = tuple(m.label for m in plan.marks if m.gm) if is_gm else ()
    notes_mm = _notes_height(gm_marks, ())
    for _ in range(3):  # the key of the callouts takes room from the plan: until it settles
        layout, drawing, elements = _drawn(campaign, plan, handout, notes_mm)
        needed = _notes_height(gm_marks, drawing.callouts)
        if needed <= notes_mm:
            break
        notes_mm = needed
    in_words = plan_in_words(plan, location.name)
    language = handout.language or campaign.info.languages[0]
    return MapContext(
        **context_basics(
            campaign, handout, is_gm, language, [("The plan in words", markdown_literal(in_words))]
        ),
        location_name=location.name,
        address=location.address,
        page=layout.page,
        style=handout.style,
        drawing=elements,
        scale_text=layout.scale_text,
        sheet_plan=layout.sheet_plan,
        tiles=layout.tiles,
        assembly=_assembly(layout) if layout.tiles else None,
        scale_bar=_scale_bar(plan, layout, segments=5),
        north_arrow=north_arrow(plan.north),
        tile_bar=_scale_bar(plan, layout, segments=1) if layout.tiles else None,
        left_out=layout.left_out,
        legend=_legend(plan),
        callouts=tuple(Callout(*entry) for entry in drawing.callouts),
        gm_marks=gm_marks,
        in_words=in_words,
        calibration=calibration_text(layout, plan.units, handout.fit),
    )


def _drawn(
    campaign: Campaign, plan: FloorPlan, handout: MapHandout, notes_mm: float
) -> tuple[_Layout, PlanDrawing, Markup]:
    """The plan laid out on the best paper orientation and drawn, its labels placed."""
    paper = PageSize.named(campaign.info.paper)
    layout = min(
        (_layout(page, plan, handout, notes_mm) for page in _orientations(paper)),
        key=lambda option: option.cost,
    )
    crosses = _registration_crosses(layout) if layout.tiles else []
    reach = REGISTRATION_MM / 2 / layout.per_unit
    clear = reach * 1.2  # and its stroke
    drawing = PlanDrawing(
        plan,
        layout.per_unit,
        grid=handout.grid,
        style=handout.style,
        pages=[_viewbox_box(tile) for tile in layout.tiles],
        keep_clear=[(x - clear, y - clear, x + clear, y + clear) for x, y in crosses],
    )
    elements = drawing.elements()
    if layout.tiles:
        elements += _registration_marks(crosses, reach)
    return layout, drawing, elements


# The GM's marks and the callouts' key under the legend (map.css): a gap above each block,
# then lines of so many millimetres, about so many characters or callouts to a line.
NOTE_GAP_MM = 2.5
NOTE_LINE_MM = 3.6
NOTE_LINE_CHARACTERS = 100
CALLOUT_LINE_MM = 4.4
CALLOUT_COLUMNS = 3


def _notes_height(gm_marks: tuple[str, ...], callouts: Sequence[object]) -> float:
    """The room the GM's marks and the callouts' key take under the legend."""
    height = 0.0
    if gm_marks:
        characters = len("GM marks: ") + sum(len(label) + 2 for label in gm_marks)
        height += NOTE_GAP_MM + math.ceil(characters / NOTE_LINE_CHARACTERS) * NOTE_LINE_MM
    if callouts:
        height += NOTE_GAP_MM + math.ceil(len(callouts) / CALLOUT_COLUMNS) * CALLOUT_LINE_MM
    return height


# The side of the calibration square printed on every page of a map, in millimetres.
CALIBRATION_MM = 10


def calibration_text(layout: _Layout, units: str, fitted: bool) -> str:
    """What the square measures on paper and, at true scale, in the building."""
    what = f"This square is {CALIBRATION_MM} mm"
    if not fitted:
        real = CALIBRATION_MM / layout.per_unit
        what += f", {real:.2g} {units} at {layout.scale_text}"
    return f"{what}. Smaller? Turn off “fit to page”."


@dataclass(frozen=True)
class _Layout:
    """One way to put the plan on paper; the cheapest (fewest pages, largest print) wins."""

    page: PageSize
    canvas: Canvas
    per_unit: float  # millimetres of paper per plan unit
    scale_text: str
    window_width: float
    window_height: float
    sheet_plan: Viewport | None
    tiles: tuple[Viewport, ...]  # the pages printed
    cost: float
    left_out: tuple[str, ...] = ()  # tiles with nothing of the plan on them, not printed


def _orientations(paper: PageSize) -> tuple[PageSize, PageSize]:
    return paper, PageSize(paper.height_mm, paper.width_mm)


def _layout(page: PageSize, plan: FloorPlan, handout: MapHandout, notes_mm: float) -> _Layout:
    usable_width = page.width_mm - 2 * PAGE_MARGIN_MM
    sheet_height = (
        page.height_mm - 2 * PAGE_MARGIN_MM - SHEET_HEADER_MM - SHEET_FOOTER_MM - notes_mm
    )
    tile_height = page.height_mm - 2 * PAGE_MARGIN_MM - TILE_FOOTER_MM
    scale = handout.scale or plan.scale
    per_unit = mm_per_unit(scale, plan.units)
    scale_text = scale
    if handout.fit:
        per_unit = fitted_per_unit(plan, usable_width, sheet_height)
        scale_text = f"1:{scale_ratio(per_unit, plan.units)} (fitted to the page)"
    canvas = Canvas.around(plan, per_unit)
    width_mm, height_mm = canvas.width * per_unit, canvas.height * per_unit
    if width_mm <= usable_width + 0.01 and height_mm <= sheet_height + 0.01:
        whole = _whole(canvas, width_mm, height_mm)
        return _Layout(
            page, canvas, per_unit, scale_text, usable_width, tile_height, whole, (), -per_unit
        )
    every = _tiles(canvas, per_unit, usable_width, tile_height)
    box = content_box(plan)
    tiles = tuple(tile for tile in every if _shows(tile, box))
    left_out = tuple(tile.label for tile in every if tile not in tiles)
    return _Layout(
        page,
        canvas,
        per_unit,
        scale_text,
        usable_width,
        tile_height,
        None,
        tiles,
        len(tiles),
        left_out,
    )


def content_box(plan: FloorPlan) -> tuple[float, float, float, float]:
    """The smallest box around everything drawn on the plan (rooms, walls, doors, windows,
    furniture, labels and marks), with a little room for text: what a printed page must
    show something of."""
    points = [p for room in plan.rooms for p in room.outline]
    points += [p for wall in plan.walls for p in (wall.start, wall.end)]
    points += [p for window in plan.windows for p in (window.start, window.end)]
    points += [door.at for door in plan.doors] + [label.at for label in plan.labels]
    points += [piece.at for piece in plan.furniture]
    points += [p for mark in plan.marks for p in ([mark.at] if mark.at else []) + mark.path]
    pad = 1.0 if plan.units == "m" else 3.0
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


def _viewbox_box(tile: Viewport) -> tuple[float, float, float, float]:
    x, y, width, height = (float(v) for v in tile.viewbox.split())
    return x, y, x + width, y + height


def _shows(tile: Viewport, box: tuple[float, float, float, float]) -> bool:
    x, y, right_edge, bottom_edge = _viewbox_box(tile)
    left, top, right, bottom = box
    return x < right and right_edge > left and y < bottom and bottom_edge > top


def _whole(canvas: Canvas, width_mm: float, height_mm: float) -> Viewport:
    return Viewport("", canvas.viewbox, round(width_mm, 3), round(height_mm, 3))


def _spans(total_mm: float, window_mm: float) -> list[float]:
    """Start offsets of windows covering `total_mm`, each overlapping the next."""
    if total_mm <= window_mm:
        return [0.0]
    count = math.ceil((total_mm - OVERLAP_MM) / (window_mm - OVERLAP_MM))
    step = window_mm - OVERLAP_MM
    return [index * step for index in range(count)]


def _tiles(
    canvas: Canvas, per_unit: float, window_width: float, window_height: float
) -> tuple[Viewport, ...]:
    """Pages A1, A2, ... (rows are letters, columns numbers), each a full-size window."""
    columns = _spans(canvas.width * per_unit, window_width)
    rows = _spans(canvas.height * per_unit, window_height)
    tiles = []
    for row, top in enumerate(rows):
        for column, left in enumerate(columns):
            viewbox = (
                f"{n(canvas.x + left / per_unit)} {n(canvas.y + top / per_unit)} "
                f"{n(window_width / per_unit)} {n(window_height / per_unit)}"
            )
            label = f"{chr(ord('A') + row)}{column + 1}"
            tiles.append(Viewport(label, viewbox, window_width, window_height))
    return tuple(tiles)


# A registration cross's size on paper.
REGISTRATION_MM = 7.0


def _registration_crosses(layout: _Layout) -> list[tuple[float, float]]:
    """Where the crosses go, in plan units: in the middle of each overlap, seen on both
    neighbouring pages."""
    canvas, per_unit = layout.canvas, layout.per_unit
    total_width, total_height = canvas.width * per_unit, canvas.height * per_unit
    middle = OVERLAP_MM / 2
    xs = [s + layout.window_width - middle for s in _spans(total_width, layout.window_width)[:-1]]
    ys = [
        s + layout.window_height - middle for s in _spans(total_height, layout.window_height)[:-1]
    ]
    along_x = [total_height * f for f in (0.2, 0.5, 0.8)]
    along_y = [total_width * f for f in (0.2, 0.5, 0.8)]
    spots = [(x, y) for x in xs for y in along_x] + [(x, y) for y in ys for x in along_y]
    return [(canvas.x + x / per_unit, canvas.y + y / per_unit) for x, y in spots]


def _registration_marks(crosses: list[tuple[float, float]], reach: float) -> Markup:
    """Lay the pages so that the crosses meet."""
    drawn = [
        f'<g class="registration" transform="translate({n(x)},{n(y)})">'
        f'<circle r="{n(reach * 0.6)}"/>'
        f'<path d="M{n(-reach)},0H{n(reach)}M0,{n(-reach)}V{n(reach)}"/></g>'
        for x, y in crosses
    ]
    return Markup("\n" + "\n".join(drawn))


def _assembly(layout: _Layout) -> Markup:
    """A small diagram of how the pages go together, drawn in millimetres of the real print;
    pages left out (nothing of the plan on them) are shown pale and struck through."""
    canvas, per_unit = layout.canvas, layout.per_unit
    window_width, window_height = layout.window_width, layout.window_height
    total_w, total_h = canvas.width * per_unit, canvas.height * per_unit
    columns = _spans(total_w, window_width)
    rows = _spans(total_h, window_height)
    cells = []
    for row, top in enumerate(rows):
        for column, left in enumerate(columns):
            label = f"{chr(ord('A') + row)}{column + 1}"
            css = "assembly-page left-out" if label in layout.left_out else "assembly-page"
            cells.append(
                f'<rect class="{css}" x="{n(left)}" y="{n(top)}" '
                f'width="{n(window_width)}" height="{n(window_height)}"/>'
                f'<text class="{css}" x="{n(left + window_width / 2)}" '
                f'y="{n(top + window_height / 2)}" text-anchor="middle" '
                f'dominant-baseline="middle">{label}</text>'
            )
    extent_w = columns[-1] + window_width
    extent_h = rows[-1] + window_height
    return Markup(
        f'<svg class="assembly" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="-2 -2 {n(extent_w + 4)} {n(extent_h + 4)}">'
        f"<title>How the {len(layout.tiles)} pages of the plan go together</title>"
        "<style>.assembly-plan { fill: #e9e4d6; stroke: #1a1a1a; stroke-width: 1; }"
        ".assembly-page { fill: none; stroke: #7a1010; stroke-width: 1.2; }"
        "rect.left-out { stroke: #bbb; stroke-dasharray: 4 3; }"
        "text { font-size: 22px; font-weight: bold; fill: #7a1010; }"
        "text.left-out { fill: #bbb; }</style>"
        f'<rect class="assembly-plan" x="0" y="0" width="{n(total_w)}" height="{n(total_h)}"/>'
        + "".join(cells)
        + "</svg>"
    )


# The longest a tile's own scale bar may be, so that it shares the tile's footer line.
TILE_BAR_MAX_MM = 30.0


def _scale_bar(plan: FloorPlan, layout: _Layout, segments: int) -> Markup:
    """A scale bar at true size: whole on the sheet of a tiled plan (a tile may hold only
    part of the one drawn under the plan); on each tile, one round length short enough for
    its footer."""
    step = scale_bar_step(plan.size[0])
    if segments == 1:
        fitting = [s for s in SCALE_BAR_STEPS if s * layout.per_unit <= TILE_BAR_MAX_MM]
        step = max(fitting, default=SCALE_BAR_STEPS[0])
    segment = step * layout.per_unit  # millimetres
    bars = "".join(
        f'<rect x="{n(i * segment)}" y="0" width="{n(segment)}" height="1.6" '
        + (
            'fill="#1a1a1b"/>'
            if i % 2 == 0
            else 'fill="#ffffff" stroke="#1a1a1a" stroke-width="0.2"/>'
        )
        for i in range(segments)
    )
    width = segments * segment
    figures = (
        f'<text x="0" y="4.6">0</text>'
        f'<text x="{n(width)}" y="4.6" text-anchor="end">{n(segments * step)} {plan.units}</text>'
    )
    return Markup(
        f'<svg class="scale-bar" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 -0.5 {n(width)} 6" width="{n(width)}mm" height="6mm">'
        f"<title>Scale bar: {n(segments * step)} {plan.units} at {layout.scale_text}</title>"
        f'<style>text {{ font-size: 3px; fill: #1a1a1a; font-family: "PT Serif Latin"; }}</style>'
        f"{bars}{figures}</svg>"
    )


def _legend(plan: FloorPlan) -> tuple[LegendEntry, ...]:
    entries = [LegendEntry("wall", "Wall"), LegendEntry("door", "Door and its swing")]
    if plan.windows:
        entries.append(LegendEntry("window", "Window"))
    if any(p.number is not None for p in plan.furniture):
        entries.append(LegendEntry("number", "Table number"))
    if plan.grid:
        entries.append(LegendEntry("grid", f"Grid: {n(plan.grid)} {plan.units} squares"))
    if any(not m.gm for m in plan.marks):
        entries.append(LegendEntry("mark", "Marks"))
    if any(m.gm for m in plan.marks):  # only ever in the GM's view
        entries.append(LegendEntry("gm-mark", "Game master's marks (red)"))
    return tuple(entries)
