"""A floor plan as one picture for a tabletop: drawn as on paper, without the sheet round it
(no title, legend or scale bar), at exactly so many pixels a grid square."""

from __future__ import annotations

import hashlib
import io

from companion.campaign.models import Campaign, Location
from companion.export.plan_grid import PlanGrid
from companion.plans.drawing import PlanDrawing, n
from companion.render.templates import make_environment, render_template
from companion.resources import builtin_templates_dir

PLAN_LAYER_TEMPLATE = "export/plan-layer.html.j2"
CSS_PX_PER_INCH = 96
MM_PER_INCH = 25.4
PT_PER_INCH = 72
# The plan is drawn as if printed with this many millimetres to a grid square, whatever the
# picture's resolution: its words (sized in millimetres of paper) stand a fifth of a square
# high, legible on a screen at the tabletop's usual zoom, as on a half-inch battle map.
PAPER_MM_PER_SQUARE = 12.7


def plan_layer_html(campaign: Campaign, location: Location, grid: PlanGrid) -> str:
    """The page the picture is taken from: the plan (already the audience's view) on a page
    the picture's size; the drawing's box is the grid's, so a square gets its pixels."""
    plan = location.floor_plan
    assert plan is not None
    mm_per_unit = PAPER_MM_PER_SQUARE / grid.cell
    drawing = PlanDrawing(plan, mm_per_unit, grid=False, style="plain")
    left, top, span_x, span_y = grid.viewbox()
    variables = {
        "language": campaign.info.languages[0],
        "title": location.name,
        "width_px": grid.width_px,
        "height_px": grid.height_px,
        "viewbox": f"{n(left)} {n(top)} {n(span_x)} {n(span_y)}",
        "left": n(left),
        "top": n(top),
        "span_x": n(span_x),
        "span_y": n(span_y),
        "drawing": drawing.elements(),
    }
    return render_template(make_environment(campaign.root), PLAN_LAYER_TEMPLATE, variables)


def plan_layer_png(campaign: Campaign, location: Location, grid: PlanGrid) -> bytes:
    """The plan as PNG bytes, `grid.width_px` by `grid.height_px`, the same bytes each run.
    Drawn once per process for each page (a plan goes into several exports alike, and
    placing its words takes seconds)."""
    drawn = f"{campaign.root}\x1f{campaign.info.languages[0]}\x1f{grid!r}\x1f{location!r}"
    key = hashlib.sha256(drawn.encode("utf-8")).hexdigest()
    if key not in _DRAWN:
        if len(_DRAWN) >= DRAWN_KEPT:
            _DRAWN.pop(next(iter(_DRAWN)))
        _DRAWN[key] = _rasterised(campaign, plan_layer_html(campaign, location, grid), grid)
    return _DRAWN[key]


# The pictures drawn in this process, by all they are drawn from (the campaign folder, whose
# templates may differ, its language, the grid, the location as the audience sees it); the
# oldest go first.
DRAWN_KEPT = 16
_DRAWN: dict[str, bytes] = {}


def _rasterised(campaign: Campaign, html: str, grid: PlanGrid) -> bytes:
    import pypdfium2

    from companion.render.pdf import render_htmls, write_rendered

    pdf, _ = write_rendered([render_htmls([html], builtin_templates_dir(), campaign.root)])
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=CSS_PX_PER_INCH / PT_PER_INCH, may_draw_forms=False)
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != (grid.width_px, grid.height_px):  # a page size rounded to a point
        image = image.crop((0, 0, grid.width_px, grid.height_px))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
