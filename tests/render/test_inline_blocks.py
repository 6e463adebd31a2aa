"""Inline blocks laid out once per pass over a document (render/inline_blocks.py): the same
pages, byte for byte, as WeasyPrint laying each out whenever its line is tried."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint.layout.inline

from companion.render.inline_blocks import lay_out_inline_blocks_once
from companion.render.pdf import render_htmls, write_rendered
from companion.resources import builtin_templates_dir

# A sheet of clippings, as the clipping kind lays them out: blocks in lines, each in two
# columns, turned a little and on its own paper, running over two pages.
BLOCK = (
    '<div class="cutting" style="transform: rotate({tilt}deg); background: {paper}">'
    "<h1>Harbour closed</h1><div class='article'>{words}</div></div>"
)
SHEET = (
    "<style>@page {{ size: 105mm 148mm; margin: 8mm }} "
    ".cutting {{ display: inline-block; width: 36mm; margin: 1mm; padding: 2mm }} "
    ".article {{ columns: 2; column-gap: 2mm; font-size: 6pt }} h1 {{ font-size: 9pt }}</style>"
    '<html lang="en"><body>{blocks}</body></html>'
)
BLOCKS = 20
WORDS = "The night boats stay in port by order of the harbour master until further notice."


def _sheet() -> str:
    blocks = "".join(
        BLOCK.format(tilt=(n % 5 - 2) * 0.7, paper=f"#f{n % 10}e6d3", words=WORDS)
        for n in range(BLOCKS)
    )
    return SHEET.format(blocks=blocks)


def _laid_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, int, int]:
    """The sheet's PDF, its pages and how many times an inline block was laid out."""
    layouts = []
    lay_out = weasyprint.layout.inline.inline_block_box_layout

    def counted(*arguments: object) -> object:
        layouts.append(1)
        return lay_out(*arguments)

    with monkeypatch.context() as patched:
        patched.setattr(weasyprint.layout.inline, "inline_block_box_layout", counted)
        rendered = render_htmls([_sheet()], builtin_templates_dir(), tmp_path)
    pdf, _ = write_rendered([rendered])
    return pdf, rendered.page_count, len(layouts)


def test_inline_blocks_laid_out_once_give_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, pages, fewer = _laid_out(tmp_path, monkeypatch)
    keeping = weasyprint.layout.inline.atomic_box
    monkeypatch.setattr(weasyprint.layout.inline, "atomic_box", keeping.__wrapped__)
    fresh, _, every_time = _laid_out(tmp_path, monkeypatch)
    assert pages >= 2
    # Each block where it stands, and at the end of the line before, where it did not fit;
    # WeasyPrint also laid the next lines out again after each line that ran off a page.
    assert fewer < every_time
    assert kept == fresh


def test_a_weasyprint_with_other_parameters_is_left_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def atomic_box(context: object, box: object, position_x: float) -> object:
        return box

    monkeypatch.setattr(weasyprint.layout.inline, "atomic_box", atomic_box)
    lay_out_inline_blocks_once()
    assert weasyprint.layout.inline.atomic_box is atomic_box
