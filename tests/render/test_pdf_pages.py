"""Pages of finished PDFs put together with pikepdf: a GM copy's notes pages taken whole into
a part of the GM's book, among its carrier pages, with their bookmarks in page order; and the
book's parts joined holding one part open at a time."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from companion.render import pdf_pages
from companion.render.pdf import folio_digits, render_htmls, write_rendered
from companion.render.pdf_pages import PlacedSource, placed
from companion.resources import builtin_templates_dir
from tests.pdftext import outline_pages

PARTS = 5


def written(documents: list[tuple[str, list[str]]], folder: Path) -> bytes:
    """A PDF of documents, each bookmarked by its title, a page for each of its texts."""
    style = "body { bookmark-level: 1; bookmark-label: attr(data-title); }"
    style += " p { break-after: page; } p:last-child { break-after: auto; }"
    htmls = [
        f'<html><head><style>{style}</style></head><body data-title="{title}">'
        + "".join(f"<p>{text}</p>" for text in texts)
        + "</body></html>"
        for title, texts in documents
    ]
    return write_rendered([render_htmls(htmls, builtin_templates_dir(), folder)])[0]


def test_pages_taken_whole_stand_in_their_place_with_their_bookmarks(tmp_path: Path) -> None:
    carriers = written([("Carrier A", ["carrier a"]), ("Carrier B", ["carrier b"])], tmp_path)
    copy_a = written([("Prop A", ["prop a"]), ("GM notes: A", ["notes a1", "notes a2"])], tmp_path)
    copy_b = written([("Prop B", ["prop b"]), ("GM notes: B", ["notes b"])], tmp_path)
    sources = [
        PlacedSource(copy_a, [], taken=(1, 2), taken_before=1),
        PlacedSource(copy_b, [], taken=(1,), taken_before=2),
    ]
    book = tmp_path / "part.pdf"
    book.write_bytes(placed(carriers, sources))
    texts = [page.extract_text().strip() for page in pypdf.PdfReader(book).pages]
    assert texts == ["carrier a", "notes a1", "notes a2", "carrier b", "notes b"]
    assert outline_pages(book) == [
        ("Carrier A", 1),
        ("GM notes: A", 2),
        ("Carrier B", 4),
        ("GM notes: B", 5),
    ]


def test_the_join_holds_one_part_open_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An open part keeps every object it was read into (the 200-NPC benchmark's 31 parts:
    some 100 MB at the join's peak), and its pages are the book's once copied: the join
    opens each part after the first only while it copies its pages, and the book still
    holds every page of every part."""
    parts = []
    for number in range(PARTS):
        part = pikepdf.new()
        part.docinfo["/Title"] = f"Part {number}"
        for _ in range(number + 1):
            part.add_blank_page(page_size=(100 + number, 200))
        parts.append(tmp_path / f"part-{number}.pdf")
        part.save(parts[-1])
    opened: set[int] = set()
    most = 0
    real_open, real_close = pikepdf.open, pikepdf.Pdf.close

    def counted_open(*args: Any, **kwargs: Any) -> pikepdf.Pdf:
        nonlocal most
        pdf = real_open(*args, **kwargs)
        opened.add(id(pdf))
        most = max(most, len(opened))
        return pdf

    def counted_close(pdf: pikepdf.Pdf) -> None:
        opened.discard(id(pdf))
        real_close(pdf)

    monkeypatch.setattr(pdf_pages.pikepdf, "open", counted_open)
    monkeypatch.setattr(pikepdf.Pdf, "close", counted_close)
    book = pdf_pages.joined(parts, [None] * sum(range(1, PARTS + 1)), folio_digits())
    monkeypatch.undo()
    assert most == 2  # the first part (its title and catalog are the book's) and one other
    assert not opened
    with pikepdf.open(io.BytesIO(book)) as joined:
        widths = [round(float(page.mediabox[2])) for page in joined.pages]
        title = str(joined.docinfo["/Title"])
    assert widths == [100 + n for n in range(PARTS) for _ in range(n + 1)]
    assert title == "Part 0"
