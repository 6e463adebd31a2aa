"""Pages of finished PDFs put together with pikepdf: a GM copy's notes pages taken whole into
a part of the GM's book, among its carrier pages, with their bookmarks in page order."""

from __future__ import annotations

from pathlib import Path

import pypdf

from companion.render.pdf import render_htmls, write_rendered
from companion.render.pdf_pages import PlacedSource, placed
from companion.resources import builtin_templates_dir
from tests.pdftext import outline_pages


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
