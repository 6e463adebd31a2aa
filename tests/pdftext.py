"""Reading PDFs back in tests, and searching them for GM-only sentences."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from companion.campaign.audience import gm_only_texts, visible_texts
from companion.campaign.models import Campaign
from companion.render.fonts import faces
from companion.render.markup import plain_text


def pdf_text(pdf: Path | PdfReader) -> str:
    """All text of a PDF, whitespace folded, as one string. (PDFium reads it about 25 times
    faster, but orders glyphs by height: an accented capital comes out on a line of its own,
    "Č / ĐUR / ĐICA EKAJ", and a letter-spaced word spaced, "S ECRET".)"""
    texts = page_texts(pdf) if isinstance(pdf, Path) else _extracted(pdf)
    return " ".join(" ".join(text.split()) for text in texts)


def page_texts(path: Path) -> tuple[str, ...]:
    """Each page's text as pypdf extracts it; read once per file and version, as the books
    and campaigns the session builds are read by many tests (a 70-page book takes seconds)."""
    status = path.stat()
    return _page_texts(path.resolve(), status.st_mtime_ns, status.st_size)


@cache
def _page_texts(path: Path, mtime_ns: int, size: int) -> tuple[str, ...]:
    return _extracted(PdfReader(io.BytesIO(path.read_bytes())))


def _extracted(reader: PdfReader) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in reader.pages)


def unpacked_reader(pdf: Path) -> PdfReader:
    """A reader of the PDF as qpdf writes it out again, object for object, without object
    streams. WeasyPrint packs most objects into one stream, and pypdf parses such a stream
    whole for the first object it needs: a worn card's patterns and shadings are megabytes of
    it (seconds). Loose, each object is parsed only when its text or font is read: the
    same text, fonts and metadata, read three to four times faster for such a prop."""
    loose = io.BytesIO()
    with pikepdf.open(pdf) as document:
        document.save(loose, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return PdfReader(loose)


def sentences(text: str) -> list[str]:
    """The sentences of a Markdown text that are long enough to be telling.

    Searching sentence by sentence catches a secret that leaks in part, which a search for a
    whole multi-paragraph text would miss. A text of one or two words (a code name) is kept
    whole.
    """
    whole = plain_text(text)
    if len(whole.split()) < 3:
        return [whole] if len(whole) >= 4 else []
    parts = (" ".join(part.split()) for part in re.split(r"[.!?;:—]", whole))
    return [part for part in parts if len(part.split()) >= 3]


def secret_sentences(campaign: Campaign, revealed_through: int = 0) -> list[str]:
    """GM-only sentences after a session, less those the players may see anyway (a GM note
    quoting a prop)."""
    visible = visible_texts(campaign, "player", revealed_through)
    public = " ".join(plain_text(text) for text in visible)
    secrets = gm_only_texts(campaign, revealed_through)
    return sorted({s for secret in secrets for s in sentences(secret) if s not in public})


def leaks(secrets: Iterable[str], text: str) -> list[str]:
    folded = " ".join(text.replace("\u00a0", " ").split())
    return [secret for secret in secrets if secret in folded]


def pdf_metadata_texts(pdf: Path | PdfReader) -> list[str]:
    """Everything a PDF says outside its pages: metadata, outline, link targets and contents,
    and the alternative texts of its tags (what a screen reader reads for a figure)."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(pdf)
    texts = [str(value) for value in (reader.metadata or {}).values()]

    def outline(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                outline(item)
            else:
                texts.append(str(getattr(item, "title", "")))

    outline(list(reader.outline))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            data = annotation.get_object()
            texts += [str(data.get("/Contents", "")), str((data.get("/A") or {}).get("/URI", ""))]
    texts += tag_alternatives(reader)
    return texts


def tag_alternatives(reader: PdfReader) -> list[str]:
    """The /Alt, /ActualText and /T strings of the structure tree, in reading order."""
    found: list[str] = []

    def visit(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for child in node:
                visit(child)
        elif isinstance(node, DictionaryObject):
            found.extend(str(node[key]) for key in ("/Alt", "/ActualText", "/T") if key in node)
            visit(node.get("/K"))

    visit(reader.trailer["/Root"].get("/StructTreeRoot"))
    return found


def outline_pages(path: Path) -> list[tuple[str, int]]:
    """Every bookmark of a PDF, nested ones included, in order, with its 1-based page."""
    reader = PdfReader(path)
    found: list[tuple[str, int]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


SUBSET_PREFIX_LENGTH = 7  # "ABCDEF+"


@cache
def bundled_names() -> frozenset[str]:
    """The names WeasyPrint embeds each bundled face under: its CSS family, dashed, with the
    style of the file (`PT-Serif-Cyrillic-Italic`). A style the files lack, which WeasyPrint
    would fake by slanting or thickening (`Caveat-Latin-Oblique`), is not among them."""
    suffixes = {(400, "normal"): "", (700, "normal"): "-Bold", (400, "italic"): "-Italic"}
    return frozenset(
        face.family.replace(" ", "-") + suffixes[face.weight, face.style] for face in faces()
    )


def embedded_fonts(pdf: Path | PdfReader) -> set[str]:
    """The base names of the fonts a PDF embeds, on its pages and in their drawings."""
    found: set[str] = set()
    for page in (pdf if isinstance(pdf, PdfReader) else PdfReader(pdf)).pages:
        found |= set(_fonts_in(page.get("/Resources")))
    return found


def _fonts_in(resources: object) -> Iterator[str]:
    resources = getattr(resources, "get_object", lambda: resources)()
    if not isinstance(resources, DictionaryObject):
        return
    for font in (resources.get("/Font") or {}).values():
        name = str(font.get_object()["/BaseFont"]).lstrip("/")
        yield name[SUBSET_PREFIX_LENGTH:] if name[6:7] == "+" else name
    for xobject in (resources.get("/XObject") or {}).values():
        yield from _fonts_in(xobject.get_object().get("/Resources"))
