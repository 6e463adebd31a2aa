"""Each inline block laid out once per pass over a document, not each time its line is tried.

WeasyPrint lays an inline block (a clipping on its sheet, one for each player) out afresh
whenever the line holding it is laid out: when a line runs off the page it lays out the
lines after it to count widows, then lays them out again on the next page, and a line is
tried again when its page is remade. On a sheet of twelve clippings each was laid out four
to eight times, most of the sheet's cost. Here the first layout of an inline block is kept
and each later call with the same inputs gets a copy of it: the same box at the same place,
in a container of the same size, above the same page bottom, gives the same boxes.

Only a layout that left nothing behind is kept: one that registered absolutely placed or
fixed boxes with its caller, floats, running elements, footnotes, boxes broken out of flow
or table widths is laid out every time, as before. What is kept is dropped when WeasyPrint
starts a new pass over the document (a pass may change generated content, such as a target
counter, inside the boxes), and belongs to one document's layout only.
"""

from __future__ import annotations

import inspect
from typing import Any

# Where a document's kept layouts are held, on WeasyPrint's layout context for it.
_KEPT = "companion_inline_blocks"
# The parameters of the WeasyPrint functions wrapped here, as written for WeasyPrint 70: a
# WeasyPrint whose functions take others is left as it is (slower, the same pages).
_ATOMIC_BOX = (
    "context",
    "box",
    "position_x",
    "skip_stack",
    "containing_block",
    "absolute_boxes",
    "fixed_boxes",
)
_MAKE_ALL_PAGES = ("context", "root_box", "html", "pages")


def lay_out_inline_blocks_once() -> None:
    """Make WeasyPrint keep its inline blocks' layouts (once per process: idempotent)."""
    import weasyprint.layout
    import weasyprint.layout.inline

    inline = weasyprint.layout.inline
    if not (
        _takes(inline.atomic_box, _ATOMIC_BOX)
        and _takes(weasyprint.layout.make_all_pages, _MAKE_ALL_PAGES)
    ):
        return
    if not getattr(inline.atomic_box, "keeps_layouts", False):
        inline.atomic_box = _keeping(inline.atomic_box)
    if not getattr(weasyprint.layout.make_all_pages, "starts_afresh", False):
        weasyprint.layout.make_all_pages = _afresh(weasyprint.layout.make_all_pages)


def _takes(function: Any, parameters: tuple[str, ...]) -> bool:
    """Whether `function` (or what it wraps) takes these parameters, in this order."""
    wrapped = getattr(function, "__wrapped__", function)
    return tuple(inspect.signature(wrapped).parameters) == parameters


def _afresh(make_all_pages: Any) -> Any:
    """WeasyPrint's pass over a document's pages, with nothing kept from an earlier pass."""

    def pass_over_pages(context: Any, *args: Any, **kwargs: Any) -> Any:
        setattr(context, _KEPT, {})
        return make_all_pages(context, *args, **kwargs)

    pass_over_pages.starts_afresh = True  # type: ignore[attr-defined]
    pass_over_pages.__wrapped__ = make_all_pages  # type: ignore[attr-defined]
    return pass_over_pages


def _keeping(atomic_box: Any) -> Any:
    """WeasyPrint's layout of an atomic inline box, an inline block's kept between calls."""
    from weasyprint.formatting_structure import boxes

    def laid_out(
        context: Any,
        box: Any,
        position_x: float,
        skip_stack: Any,
        containing_block: Any,
        absolute_boxes: list[Any],
        fixed_boxes: list[Any],
    ) -> Any:
        arguments = (context, box, position_x, skip_stack, containing_block)
        kept: dict[tuple[object, ...], tuple[Any, Any]] | None = getattr(context, _KEPT, None)
        if kept is None or skip_stack is not None or type(box) is not boxes.InlineBlockBox:
            return atomic_box(*arguments, absolute_boxes, fixed_boxes)
        key = (
            id(box),
            position_x,
            containing_block.width,
            containing_block.height,
            context.page_bottom,
        )
        found = kept.get(key)
        if found is not None and found[0] is box:
            return found[1].deepcopy()
        before = _left_behind(context, absolute_boxes, fixed_boxes)
        new_box = atomic_box(*arguments, absolute_boxes, fixed_boxes)
        if _left_behind(context, absolute_boxes, fixed_boxes) == before:
            kept[key] = (box, new_box.deepcopy())  # the box itself: its id stays its own
        return new_box

    laid_out.keeps_layouts = True  # type: ignore[attr-defined]
    laid_out.__wrapped__ = atomic_box  # type: ignore[attr-defined]
    return laid_out


def _left_behind(
    context: Any, absolute_boxes: list[Any], fixed_boxes: list[Any]
) -> tuple[int, ...]:
    """How much a layout has registered outside the boxes it returns."""
    running = sum(
        len(boxes) for pages in context.running_elements.values() for boxes in pages.values()
    )
    return (
        len(absolute_boxes),
        len(fixed_boxes),
        len(context.excluded_shapes),
        len(context.broken_out_of_flow),
        len(context.current_page_footnotes),
        len(context.reported_footnotes),
        len(context.footnotes),
        running,
        len(context.tables),
    )
