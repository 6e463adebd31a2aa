"""The map handout: a floor plan at true scale, on one page or tiled over several."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from companion.campaign.files import entity_file
from companion.campaign.labels import PropLabels, prop_labels
from companion.campaign.marked_yaml import problem_in_file
from companion.campaign.models import Campaign, FloorPlan, MapHandout
from companion.errors import Problem
from companion.kinds.base import (
    HandoutContext,
    PageSize,
    context_basics,
    overlapping_spans,
)
from companion.plans.drawing import (
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
from companion.plans.labels import PlacedLabel
from companion.plans.words import plan_in_words
from companion.render.markup import markdown_literal
from companion.render.typography import typeset

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
    x_mm: float = 0.0  # where the window starts in the whole print, for the assembly diagram
    y_mm: float = 0.0
    turned: bool = False  # printed on the paper turned a quarter from its usual way


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
    page: PageSize  # the first sheet's
    paper: PageSize  # the campaign's paper, the usual way up: tiles print on it either way
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
    tiling: str | None  # how to print and lay the tiles, in words
    tile_page: tuple[str, ...]  # each tile's "page 2 of 4"


def map_context(campaign: Campaign, handout: MapHandout, is_gm: bool) -> MapContext:
    """`campaign` and `handout` are already projected for the audience."""
    location = campaign.locations[handout.location]
    plan = location.floor_plan
    assert plan is not None  # checked when the campaign loads
    gm_marks = tuple(m.label for m in plan.marks if m.gm) if is_gm else ()
    layout, drawing, elements = _settled(campaign, plan, handout, gm_marks)
    in_words = plan_in_words(plan, location.name)
    language = handout.language or campaign.info.languages[0]
    labels = prop_labels(language, campaign.info.labels)
    scale_text = layout.scale_words(labels)
    pages = len(layout.tiles)
    return MapContext(
        **context_basics(
            campaign, handout, is_gm, language, [("The plan in words", markdown_literal(in_words))]
        ),
        location_name=typeset(location.name, language),
        address=typeset(location.address, language),
        page=layout.page,
        paper=PageSize.named(campaign.info.paper),
        style=handout.style,
        drawing=elements,
        scale_text=scale_text,
        sheet_plan=layout.sheet_plan,
        tiles=layout.tiles,
        assembly=_assembly(layout) if layout.tiles else None,
        scale_bar=_scale_bar(plan, layout, segments=5),
        north_arrow=north_arrow(plan.north),
        tile_bar=_scale_bar(plan, layout, segments=1) if layout.tiles else None,
        left_out=layout.left_out,
        legend=_legend(plan, labels),
        callouts=tuple(Callout(*entry) for entry in drawing.callouts),
        gm_marks=gm_marks,
        in_words=in_words,
        calibration=calibration_text(layout, plan.units, labels),
        tiling=_tiling_words(layout, labels) if pages else None,
        tile_page=tuple(
            labels.word("tile-page", page=number, pages=pages) for number in range(1, pages + 1)
        ),
    )


def crowded_labels(campaign: Campaign, handout: MapHandout) -> list[tuple[PlacedLabel, str]]:
    """The labels of the GM's copy of a map that found no room beside what they name and
    print as numbered callouts, each with the scale it prints at."""
    plan = campaign.locations[handout.location].floor_plan
    assert plan is not None
    gm_marks = tuple(m.label for m in plan.marks if m.gm)
    layout, drawing, _ = _settled(campaign, plan, handout, gm_marks)
    scale = layout.scale_words(PropLabels())  # for the GM's warning, in English
    return [(label, scale) for label in drawing.placed if label.callout is not None]


def _settled(
    campaign: Campaign, plan: FloorPlan, handout: MapHandout, gm_marks: tuple[str, ...]
) -> tuple[_Layout, PlanDrawing, Markup]:
    """The plan drawn with room kept under the legend for the GM's marks and for the key of
    its callouts, which takes room from the plan: drawn again until that settles."""
    notes_mm = _notes_height(gm_marks, ())
    for _ in range(3):
        layout, drawing, elements = _drawn(campaign, plan, handout, notes_mm)
        needed = _notes_height(gm_marks, drawing.callouts)
        if needed <= notes_mm:
            break
        notes_mm = needed
    return layout, drawing, elements


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
        mark_kinds=campaign.info.words().marks,
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


def calibration_text(layout: _Layout, units: str, labels: PropLabels) -> str:
    """What the square measures on paper and, at true scale, in the building, in the plan's
    language."""
    side = f"{CALIBRATION_MM} mm"
    if layout.fitted:
        what = labels.word("calibration", side=side)
    else:
        real = f"{CALIBRATION_MM / layout.per_unit:.2g} {units}"
        what = labels.word("calibration-true", side=side, real=real, scale=layout.scale_text)
    return f"{what} {labels.word('calibration-check')}"


def _tiling_words(layout: _Layout, labels: PropLabels) -> str:
    """How to print the tiles and lay them together, in the plan's language."""
    words = labels.word("tiles-how", scale=layout.scale_words(labels), pages=len(layout.tiles))
    if layout.left_out:
        words += " " + labels.word("tiles-left-out", pages=", ".join(layout.left_out))
    return words


@dataclass(frozen=True)
class _Layout:
    """One way to put the plan on paper; the cheapest (fewest pages, largest print) wins."""

    page: PageSize
    canvas: Canvas
    per_unit: float  # millimetres of paper per plan unit
    scale_text: str  # `1:50`
    fitted: bool  # shrunk onto the page: its scale is what the page allowed
    sheet_plan: Viewport | None
    tiles: tuple[Viewport, ...]  # the pages printed
    cost: float
    every: tuple[Viewport, ...] = ()  # every tile, the printed and those left out
    left_out: tuple[str, ...] = ()  # tiles with nothing of the plan on them, not printed

    def scale_words(self, labels: PropLabels) -> str:
        """`1:50`, or `1:69 (fitted to the page)` in the plan's language."""
        if not self.fitted:
            return self.scale_text
        return f"{self.scale_text} ({labels.word('fitted-to-page')})"


def _orientations(paper: PageSize) -> tuple[PageSize, PageSize]:
    return paper, PageSize(paper.height_mm, paper.width_mm)


def _layout(page: PageSize, plan: FloorPlan, handout: MapHandout, notes_mm: float) -> _Layout:
    usable_width = page.width_mm - 2 * PAGE_MARGIN_MM
    sheet_height = (
        page.height_mm - 2 * PAGE_MARGIN_MM - SHEET_HEADER_MM - SHEET_FOOTER_MM - notes_mm
    )
    scale = handout.scale or plan.scale
    per_unit = mm_per_unit(scale, plan.units)
    scale_text = scale
    if handout.fit:
        per_unit = fitted_per_unit(plan, usable_width, sheet_height)
        scale_text = f"1:{scale_ratio(per_unit, plan.units)}"
    canvas = Canvas.around(plan, per_unit)
    width_mm, height_mm = canvas.width * per_unit, canvas.height * per_unit
    if width_mm <= usable_width + 0.01 and height_mm <= sheet_height + 0.01:
        whole = _whole(canvas, width_mm, height_mm)
        return _Layout(page, canvas, per_unit, scale_text, handout.fit, whole, (), -per_unit)
    box = content_box(plan)
    every = _tiling(canvas, per_unit, page, box)
    tiles = tuple(tile for tile in every if _shows(tile, box))
    left_out = tuple(tile.label for tile in every if tile not in tiles)
    return _Layout(
        page, canvas, per_unit, scale_text, handout.fit, None, tiles, len(tiles), every, left_out
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


def _tiling(
    canvas: Canvas, per_unit: float, page: PageSize, content: tuple[float, float, float, float]
) -> tuple[Viewport, ...]:
    """Every tile of the print, in rows A, B, ... of columns 1, 2, ...: each row on the
    paper's usual way up or turned, whichever prints the fewest pages (tiles with nothing
    of the plan on them count for nothing), each tile overlapping its neighbours."""
    total_width, total_height = canvas.width * per_unit, canvas.height * per_unit
    usual = page if page.height_mm >= page.width_mm else PageSize(page.height_mm, page.width_mm)
    windows = {
        turned: (
            paper.width_mm - 2 * PAGE_MARGIN_MM,
            paper.height_mm - 2 * PAGE_MARGIN_MM - TILE_FOOTER_MM,
        )
        for turned, paper in ((False, usual), (True, PageSize(usual.height_mm, usual.width_mm)))
    }

    def row(top: float, turned: bool) -> list[Viewport]:
        width, height = windows[turned]
        return [
            _window(canvas, per_unit, left, top, width, height, turned)
            for left in overlapping_spans(total_width, width, OVERLAP_MM)
        ]

    @functools.cache
    def best(top: float) -> tuple[int, int, tuple[bool, ...]]:
        """The fewest printed pages from `top` down: (pages, rows, each row turned or not)."""
        options: list[tuple[int, int, tuple[bool, ...]]] = []
        for turned, (_, height) in windows.items():
            printed = sum(_shows(tile, content) for tile in row(top, turned))
            if top + height >= total_height - 0.01:
                options.append((printed, 1, (turned,)))
            else:
                pages, rows, rest = best(round(top + height - OVERLAP_MM, 6))
                options.append((printed + pages, rows + 1, (turned, *rest)))
        return min(options)

    tiles: list[Viewport] = []
    top = 0.0
    for index, turned in enumerate(best(0.0)[2]):
        letter = chr(ord("A") + index)
        tiles += [
            replace(tile, label=f"{letter}{column}")
            for column, tile in enumerate(row(top, turned), start=1)
        ]
        top = round(top + windows[turned][1] - OVERLAP_MM, 6)
    return tuple(tiles)


def _window(
    canvas: Canvas,
    per_unit: float,
    left: float,
    top: float,
    width: float,
    height: float,
    turned: bool,
) -> Viewport:
    """A tile: `width` x `height` millimetres of the print from (`left`, `top`)."""
    viewbox = (
        f"{n(canvas.x + left / per_unit)} {n(canvas.y + top / per_unit)} "
        f"{n(width / per_unit)} {n(height / per_unit)}"
    )
    return Viewport("", viewbox, width, height, left, top, turned)


# A registration cross's size on paper.
REGISTRATION_MM = 7.0


def _registration_crosses(layout: _Layout) -> list[tuple[float, float]]:
    """Where the crosses go, in plan units: in the middle of each overlap, seen on both
    neighbouring pages; three along each seam."""
    canvas, per_unit = layout.canvas, layout.per_unit
    total_width, total_height = canvas.width * per_unit, canvas.height * per_unit
    rows: dict[float, list[Viewport]] = {}
    for tile in layout.every:
        rows.setdefault(tile.y_mm, []).append(tile)
    spots = []
    for top, tiles in rows.items():
        depth = min(tiles[0].height_mm, total_height - top)
        for before, after in itertools.pairwise(tiles):
            seam = (after.x_mm + before.x_mm + before.width_mm) / 2
            spots += [(seam, top + depth * f) for f in (0.2, 0.5, 0.8)]
    for upper, lower in itertools.pairwise(list(rows.values())):
        seam = (lower[0].y_mm + upper[0].y_mm + upper[0].height_mm) / 2
        spots += [(total_width * f, seam) for f in (0.2, 0.5, 0.8)]
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
    total_w, total_h = canvas.width * per_unit, canvas.height * per_unit
    cells = []
    for tile in layout.every:
        css = "assembly-page left-out" if tile.label in layout.left_out else "assembly-page"
        cells.append(
            f'<rect class="{css}" x="{n(tile.x_mm)}" y="{n(tile.y_mm)}" '
            f'width="{n(tile.width_mm)}" height="{n(tile.height_mm)}"/>'
            f'<text class="{css}" x="{n(tile.x_mm + tile.width_mm / 2)}" '
            f'y="{n(tile.y_mm + tile.height_mm / 2)}" text-anchor="middle" '
            f'dominant-baseline="middle">{tile.label}</text>'
        )
    extent_w = max(tile.x_mm + tile.width_mm for tile in layout.every)
    extent_h = max(tile.y_mm + tile.height_mm for tile in layout.every)
    return Markup(
        f'<svg class="assembly" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="-2 -2 {n(extent_w + 4)} {n(extent_h + 4)}">'
        f"<title>How the {len(layout.tiles)} pages of the plan go together</title>"
        "<style>.assembly-plan { fill: #e9e4d6; stroke: #1a1a1a; stroke-width: 1; }"
        ".assembly-page { fill: none; stroke: #7a1010; stroke-width: 1.2; }"
        "rect.left-out { stroke: #bbb; stroke-dasharray: 4 3; }"
        'text { font-size: 22px; font-weight: bold; fill: #7a1010; font-family: "PT Serif Latin"; }'
        "text.left-out { fill: #bbb; }</style>"
        f'<rect class="assembly-plan" x="0" y="0" width="{n(total_w)}" height="{n(total_h)}"/>'
        + "".join(cells)
        + "</svg>"
    )


# The longest a tile's own scale bar may be, so that it shares the tile's footer line.
TILE_BAR_MAX_MM = 30.0
SHEET_BAR_MAX_MM = 110.0  # and the sheet's, beside its words and the north arrow


def _scale_bar(plan: FloorPlan, layout: _Layout, segments: int) -> Markup:
    """A scale bar at true size: whole on the sheet of a tiled plan (a tile may hold only
    part of the one drawn under the plan); on each tile, one round length short enough for
    its footer."""
    longest = TILE_BAR_MAX_MM if segments == 1 else SHEET_BAR_MAX_MM
    fitting = [s for s in SCALE_BAR_STEPS if s * segments * layout.per_unit <= longest]
    step = max(fitting, default=SCALE_BAR_STEPS[0])
    if segments > 1:  # a round share of the plan's width, if that is shorter
        step = min(step, scale_bar_step(plan.size[0]))
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
    english_scale = layout.scale_words(PropLabels())
    figures = (
        f'<text x="0" y="4.6">0</text>'
        f'<text x="{n(width)}" y="4.6" text-anchor="end">{n(segments * step)} {plan.units}</text>'
    )
    return Markup(
        f'<svg class="scale-bar" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 -0.5 {n(width)} 6" width="{n(width)}mm" height="6mm">'
        f"<title>Scale bar: {n(segments * step)} {plan.units} at {english_scale}</title>"
        f'<style>text {{ font-size: 3px; fill: #1a1a1a; font-family: "PT Serif Latin"; }}</style>'
        f"{bars}{figures}</svg>"
    )


def _legend(plan: FloorPlan, labels: PropLabels) -> tuple[LegendEntry, ...]:
    """The legend in the plan's language (the labels `legend-...`)."""
    entries = [
        LegendEntry("wall", labels.word("legend-wall")),
        LegendEntry("door", labels.word("legend-door")),
    ]
    if plan.windows:
        entries.append(LegendEntry("window", labels.word("legend-window")))
    if any(p.number is not None for p in plan.furniture):
        entries.append(LegendEntry("number", labels.word("legend-table-number")))
    if plan.grid:
        size = f"{n(plan.grid)} {plan.units}"
        entries.append(LegendEntry("grid", labels.word("legend-grid", size=size)))
    if any(not m.gm for m in plan.marks):
        entries.append(LegendEntry("mark", labels.word("legend-marks")))
    if any(m.gm for m in plan.marks):  # only ever in the GM's view
        entries.append(LegendEntry("gm-mark", "Game master's marks (red)"))
    return tuple(entries)


# Where each kind of plan item keeps the words a label prints.
_LABEL_FIELDS = {
    "rooms": "name",
    "furniture": "label",
    "doors": "label",
    "labels": "text",
    "marks": "label",
}


def map_label_warnings(campaign: Campaign) -> list[Problem]:
    """A warning, at the label's place in its location file, for each label of a map that
    prints as a numbered callout because nothing beside what it names was free."""
    warnings = []
    for handout_id, handout in campaign.handouts.items():
        if not isinstance(handout, MapHandout):
            continue
        plan = campaign.locations[handout.location].floor_plan
        assert plan is not None
        path = entity_file(campaign.root, "locations", handout.location)
        for label, scale in crowded_labels(campaign, handout):
            message = (
                f"the label “{label.spec.text}” finds no room beside what it names on map "
                f"`{handout_id}` at {scale}: it prints as callout {label.callout}, with its "
                "words in the key"
            )
            hint = "shorten it, give it a place with `at:`/`label_at:`, or print the map larger"
            loc = _label_loc(plan, label.spec.source)
            warnings.append(problem_in_file(path, loc, message, hint, "map-label"))
    return warnings


def _label_loc(plan: FloorPlan, source: object) -> tuple[str | int, ...]:
    for field, words in _LABEL_FIELDS.items():
        items: list[object] = getattr(plan, field)
        if source in items:
            return ("floor_plan", field, items.index(source), words)
    return ("floor_plan",)
