"""Finished PDFs put together page by page with pikepdf: the pages of one placed on the pages
of another (the props of the GM's book on its carrier pages), and PDFs joined into one with
their bookmarks and links, numbered (the book's parts); the same bytes every time."""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from companion.render.folios import DIGITS, FOLIO_FONT, FOLIO_GREY, FOLIO_SIZE_PT, FolioPlace

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PagePlacement:
    """A page of a source PDF (from 0) drawn on a page of the target (from 0), in the box
    whose top-left corner and size are given in mm from the target page's trimmed top-left
    corner: scaled to fill it, its proportions kept."""

    target_page: int
    source_page: int
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class PlacedSource:
    """A source PDF and where its pages go: drawn on the target's pages (`placements`), and
    taken whole, with their bookmarks, before the target's page `taken_before` (from 0, as
    the target was written; its page count: after its last)."""

    pdf: bytes
    placements: Sequence[PagePlacement]
    taken: Sequence[int] = ()
    taken_before: int = 0


def trimmed_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's size as designed (its trim box: without a print shop's bleed), width and
    height in mm to a hundredth."""
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        boxes = [pikepdf.Rectangle(page.trimbox) for page in opened.pages]
    return [(round(b.width / PT_PER_MM, 2), round(b.height / PT_PER_MM, 2)) for b in boxes]


# Pages drawn on a page are named by this and their number among them (the name tells them
# from WeasyPrint's own pictures; pikepdf's overlays take random names, which would make two
# builds differ).
PLACED_PREFIX = "/Placed"


def placed(target: bytes, sources: Sequence[PlacedSource]) -> bytes:
    """The target PDF with the sources' pages drawn on its pages, each as a form XObject (its
    text stays text, its fonts and pictures its own; a drawn page keeps none of its links or
    bookmarks: the target's own say where things are), and pages of the sources taken whole
    among its pages, with their bookmarks (which join the target's in page order)."""
    with pikepdf.open(io.BytesIO(target)) as book:
        opened = [pikepdf.open(io.BytesIO(source.pdf)) for source in sources]
        try:
            drawn: dict[int, int] = {}
            for source, pdf in zip(sources, opened, strict=True):
                for placement in source.placements:
                    page = book.pages[placement.target_page]
                    form = book.copy_foreign(pdf.pages[placement.source_page].as_form_xobject())
                    number = drawn.get(placement.target_page, 0)
                    drawn[placement.target_page] = number + 1
                    if number == 0:
                        _ready_to_draw_on(book, page)
                    _draw(book, page, form, f"{PLACED_PREFIX}{number}", _box(page, placement))
            if any(source.taken for source in sources):
                _with_pages_taken(book, sources, opened)
            # The sources stay open until the book is written: pikepdf copies their streams
            # only then.
            return _saved(book)
        finally:
            for pdf in opened:
                pdf.close()


def _with_pages_taken(
    book: pikepdf.Pdf, sources: Sequence[PlacedSource], opened: Sequence[pikepdf.Pdf]
) -> None:
    """The sources' pages taken whole put in their places among the book's pages, and the
    book's bookmarks and theirs in the order of the pages they point at."""
    own = list(book.open_outline().root)
    taken: list[tuple[pikepdf.Pdf, dict[tuple[int, int], pikepdf.Page]]] = []
    # From the last place back, so that each place is still where the target had it.
    for source, pdf in sorted(
        zip(sources, opened, strict=True), key=lambda pair: -pair[0].taken_before
    ):
        copies = {}
        for offset, number in enumerate(source.taken):
            with _named_destinations_left():  # a GM notes page links only outside its copy
                book.pages.insert(source.taken_before + offset, pdf.pages[number])
            copies[pdf.pages[number].obj.objgen] = book.pages[source.taken_before + offset]
        taken.append((pdf, copies))
    index = {page.obj.objgen: number for number, page in enumerate(book.pages)}
    placed = [(index[_page_of(item)], _moved_item(item, index)) for item in own]
    for pdf, copies in taken:
        theirs = {objgen: index[page.obj.objgen] for objgen, page in copies.items()}
        items = [item for item in pdf.open_outline().root if _page_of(item) in theirs]
        placed += [(theirs[_page_of(item)], _moved_item(item, theirs)) for item in items]
    with book.open_outline() as outline:
        outline.root[:] = [item for _, item in sorted(placed, key=lambda pair: pair[0])]


def _page_of(item: pikepdf.OutlineItem) -> tuple[int, int]:
    """The page a bookmark of WeasyPrint's points at, as the PDF knows it."""
    destination = item.destination
    assert isinstance(destination, pikepdf.Array)  # [page /XYZ left top zoom]
    return destination[0].objgen


def _draw(pdf: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object, name: str, box: Box) -> None:
    """Draw the form on the page over what it holds, filling the box."""
    page.obj.Resources.XObject[name] = form
    llx, lly, urx, ury = (float(x) for x in form.BBox)
    left, bottom, right, top = box
    scale_x, scale_y = (right - left) / (urx - llx), (top - bottom) / (ury - lly)
    matrix = (scale_x, 0, 0, scale_y, left - llx * scale_x, bottom - lly * scale_y)
    drawing = "q " + " ".join(f"{v:.6f}" for v in matrix) + f" cm {name} Do Q\n"
    page.contents_add(pikepdf.Stream(pdf, drawing.encode()))


def _ready_to_draw_on(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """What the page draws closed in a graphics state of its own, so that what is drawn
    after it starts from the page's; and pictures of its own: WeasyPrint's pages share one
    dictionary of them, and what is drawn on one page would otherwise be listed on all."""
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\n"))
    resources = _copied(page.obj.get("/Resources"))
    resources.XObject = _copied(resources.get("/XObject"))
    page.obj.Resources = resources


def _copied(dictionary: pikepdf.Object | None) -> pikepdf.Dictionary:
    """A new dictionary with the same entries (which it shares)."""
    return pikepdf.Dictionary({} if dictionary is None else dict(dictionary.items()))


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def _box(page: pikepdf.Page, placement: PagePlacement) -> Box:
    """The placement's box in the page's PDF coordinates (from the bottom left of the media,
    which a bleed makes larger than the page as designed)."""
    trim = pikepdf.Rectangle(page.trimbox)
    left = trim.llx + placement.x_mm * PT_PER_MM
    top = trim.ury - placement.y_mm * PT_PER_MM
    return (
        left,
        top - placement.height_mm * PT_PER_MM,
        left + placement.width_mm * PT_PER_MM,
        top,
    )


def _saved(pdf: pikepdf.Pdf) -> bytes:
    """The PDF's bytes, its file identifier made from its content (the same input, the same
    bytes). Its objects are packed into compressed object streams, as WeasyPrint writes
    them: written one by one, the GM's book of Ozola took 1.66 MB instead of 0.82 MB."""
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


# --- joining parts into one book, numbered --------------------------------------------------


def joined(
    pdfs: Sequence[bytes | Path], folios: Sequence[FolioPlace | None], digits: bytes
) -> bytes:
    """One PDF of the pages of `pdfs` (in memory or files, read as they are needed) in order,
    with their bookmarks, named destinations (which their links point to; a name the first
    one shares with a later one is the later one's: the first links to the others) and the
    first one's title, language and print intent; page labels counting from 1; and each page
    whose place `folios` gives numbered there, in `digits`' font (a PDF whose one line of
    text is DIGITS, as laid out by the caller)."""
    with pikepdf.new() as book, _opened(pdfs[0]) as first:
        items, first_names = _pages_copied(book, first)
        names: dict[str, tuple[int, list[float]]] = {}
        for pdf in pdfs[1:]:
            # Each later part is opened only while its pages are copied (which leaves the
            # book all it needs of them): held open to the end, the parts of the 200-NPC
            # benchmark's book took some 100 MB more at the peak.
            with _opened(pdf) as source:
                part_items, part_names = _pages_copied(book, source)
            items += part_items
            for name, destination in part_names.items():
                names.setdefault(name, destination)
        for name, destination in first_names.items():
            names.setdefault(name, destination)
        _name_destinations(book, names)
        with book.open_outline() as outline:
            outline.root.extend(items)
        book.Root.PageLabels = pikepdf.Dictionary(Nums=[0, pikepdf.Dictionary(S=pikepdf.Name.D)])
        _catalog_from(book, first)
        _fonts_shared(book)
        with pikepdf.open(io.BytesIO(digits)) as digits_pdf:
            _numbered(book, folios, _Digits.read(book, digits_pdf))
            return _saved(book)


def _opened(pdf: bytes | Path) -> pikepdf.Pdf:
    return pikepdf.open(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))


def _pages_copied(
    book: pikepdf.Pdf, source: pikepdf.Pdf
) -> tuple[list[pikepdf.OutlineItem], dict[str, tuple[int, list[float]]]]:
    """The source's pages added to the book's; its bookmarks and named destinations, pointing
    at them there."""
    before = len(book.pages)
    index = {page.obj.objgen: before + n for n, page in enumerate(source.pages)}
    with _named_destinations_left():  # they are copied by the caller
        book.pages.extend(source.pages)
    return _outline(source, index), _named_destinations(source, index)


@contextmanager
def _named_destinations_left() -> Iterator[None]:
    """Pages copied from another PDF without its named destinations, and without pikepdf's
    warning that they are not copied: whoever copies them says what becomes of them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        yield


# Where a font descriptor keeps its font program, and a font its text's Unicode.
FONT_STREAM_KEYS = {
    "/FontDescriptor": ("/FontFile", "/FontFile2", "/FontFile3"),
    "/Font": ("/ToUnicode",),
}


def _fonts_shared(book: pikepdf.Pdf) -> None:
    """Each font program (and Unicode map) the book holds more than once kept once, every
    font pointing at that one: the GM's book draws each prop from its GM copy's PDF, written
    apart with its own font subsets, and many copies' subsets are the same glyphs (the
    200-NPC benchmark's book: 7.0 MB with them all, 5.7 MB shared). The first of equals is
    kept, so the same parts give the same bytes."""
    kept: dict[bytes, pikepdf.Object] = {}
    for found in book.objects:
        if not isinstance(found, pikepdf.Dictionary):
            continue
        for key in FONT_STREAM_KEYS.get(str(found.get("/Type")), ()):
            stream = found.get(key)
            if isinstance(stream, pikepdf.Stream):
                first = kept.setdefault(_stream_digest(stream), stream)
                if first.objgen != stream.objgen:
                    found[key] = first


def _stream_digest(stream: pikepdf.Stream) -> bytes:
    """What tells a stream from another: its bytes as stored and its dictionary (its length
    aside, which the bytes say)."""
    entries = sorted((str(k), repr(v)) for k, v in stream.stream_dict.items() if k != "/Length")
    return hashlib.sha256(stream.read_raw_bytes() + repr(entries).encode()).digest()


def _named_destinations(
    source: pikepdf.Pdf, index: dict[tuple[int, int], int]
) -> dict[str, tuple[int, list[float]]]:
    """The source's named destinations (WeasyPrint writes them as one flat list): each
    name's page in the book and its place on it."""
    names = source.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    flat = list(dests.get("/Names", [])) if dests is not None else []
    found: dict[str, tuple[int, list[float]]] = {}
    for name, target in zip(flat[::2], flat[1::2], strict=True):
        page, _, *place = list(target)
        found[str(name)] = (index[page.objgen], [float(x) for x in place])
    return found


def _name_destinations(book: pikepdf.Pdf, found: dict[str, tuple[int, list[float]]]) -> None:
    flat: list[object] = []
    for name in sorted(found):
        page, place = found[name]
        flat += [
            pikepdf.String(name),
            pikepdf.Array([book.pages[page].obj, pikepdf.Name.XYZ, *place]),
        ]
    if flat:
        book.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(flat)))


def _outline(source: pikepdf.Pdf, index: dict[tuple[int, int], int]) -> list[pikepdf.OutlineItem]:
    """The source's bookmarks, pointing at the same places among the book's pages."""
    outline = source.open_outline()
    return [_moved_item(item, index) for item in outline.root]


def _moved_item(
    item: pikepdf.OutlineItem, index: dict[tuple[int, int], int]
) -> pikepdf.OutlineItem:
    destination = item.destination
    assert isinstance(destination, pikepdf.Array)  # WeasyPrint's: [page /XYZ left top zoom]
    page, _, left, top, *_ = list(destination)
    moved = pikepdf.OutlineItem(
        str(item.title),
        index[page.objgen],
        pikepdf.PageLocation.XYZ,
        left=float(left),
        top=float(top),
    )
    moved.children.extend(_moved_item(child, index) for child in item.children)
    return moved


def _catalog_from(book: pikepdf.Pdf, first: pikepdf.Pdf) -> None:
    """The book's title and producer, language, viewer preferences and (for a print shop)
    output intent and metadata, as the first part has them."""
    book.trailer.Info = book.copy_foreign(first.trailer.Info)
    for key in ("/Lang", "/ViewerPreferences", "/OutputIntents", "/Metadata"):
        if key in first.Root:
            value = first.Root[key]
            book.Root[key] = _foreign(book, value)
    _claim_no_pdf_ua(book)


# How XMP names PDF/UA's identification (its part, amendment and corrigendum).
PDF_UA_KEYS = tuple(f"{{http://www.aiim.org/pdfua/ns/id/}}{key}" for key in ("part", "amd", "corr"))


def _claim_no_pdf_ua(book: pikepdf.Pdf) -> None:
    """The joined book has no structure tree (its parts' trees are not merged), so it must not
    carry the PDF/UA claim its first part makes for a screen reader's profile."""
    if "/Metadata" not in book.Root or "/StructTreeRoot" in book.Root:
        return
    with book.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
        for key in PDF_UA_KEYS:
            if key in metadata:
                del metadata[key]


def _foreign(book: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """An object of another PDF, brought into the book with what it refers to."""
    if not isinstance(value, pikepdf.Object):  # a number, a boolean: Python's own
        return value
    if value.is_indirect:
        return book.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_foreign(book, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _foreign(book, item) for key, item in value.items()})
    return value


@dataclass(frozen=True)
class _Digits:
    """The font the digits were laid out in, brought into the book, and each digit's code
    in it and width (in thousandths of the size)."""

    font: pikepdf.Object
    codes: dict[str, bytes]
    widths: dict[str, float]
    ascent: float
    descent: float

    @classmethod
    def read(cls, book: pikepdf.Pdf, digits: pikepdf.Pdf) -> _Digits:
        page = digits.pages[0]
        for instruction in pikepdf.parse_content_stream(page):
            operands, operator = instruction.operands, instruction.operator
            if str(operator) == "Tf":
                font = page.resources.Font[str(operands[0])]
            elif str(operator) == "TJ":
                codes = b"".join(
                    bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)
                )
        size = len(codes) // len(DIGITS)
        by_digit = {d: codes[n * size : (n + 1) * size] for n, d in enumerate(DIGITS)}
        descendant = font.DescendantFonts[0]
        widths = _cid_widths(descendant)
        default = float(descendant.get("/DW", 1000))
        descriptor = descendant.FontDescriptor
        return cls(
            book.copy_foreign(font),
            by_digit,
            {d: widths.get(int.from_bytes(code, "big"), default) for d, code in by_digit.items()},
            float(descriptor.Ascent),
            float(descriptor.Descent),
        )

    def drawn(self, text: str, right: float, middle: float) -> bytes:
        """The text in the folio's size and grey, right-aligned at `right`, its line (as
        high as the size) centred on `middle`, in points."""
        size = FOLIO_SIZE_PT
        width = sum(self.widths[d] for d in text) * size / 1000
        # With a line as high as the size, the baseline stands this far under its top.
        baseline = size * ((1 - (self.ascent - self.descent) / 1000) / 2 + self.ascent / 1000)
        x, y = right - width, middle + size / 2 - baseline
        hexed = b"".join(self.codes[d] for d in text).hex()
        grey = f"{FOLIO_GREY} {FOLIO_GREY} {FOLIO_GREY}"
        return (
            f"q {grey} rg BT {FOLIO_FONT} {size} Tf 1 0 0 1 {x:.3f} {y:.3f} Tm <{hexed}> Tj ET Q\n"
        ).encode()


def _cid_widths(font: pikepdf.Object) -> dict[int, float]:
    """A CID font's /W array read: `first [w w ...]` and `first last w` entries."""
    found: dict[int, float] = {}
    entries = list(font.get("/W", []))
    at = 0
    while at < len(entries):
        first = int(entries[at])
        if isinstance(entries[at + 1], pikepdf.Array):
            found.update({first + n: float(w) for n, w in enumerate(entries[at + 1])})
            at += 2
        else:
            found.update(
                dict.fromkeys(range(first, int(entries[at + 1]) + 1), float(entries[at + 2]))
            )
            at += 3
    return found


def _numbered(book: pikepdf.Pdf, folios: Sequence[FolioPlace | None], digits: _Digits) -> None:
    """Each page whose place is given carries its number in the book there."""
    for number, (page, place) in enumerate(zip(book.pages, folios, strict=True), start=1):
        if place is None:
            continue
        trim = pikepdf.Rectangle(page.trimbox)
        right = trim.urx - place.right_mm * PT_PER_MM
        middle = trim.lly + place.middle_mm * PT_PER_MM
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = pikepdf.Dictionary()
        if "/Font" not in resources:
            resources.Font = pikepdf.Dictionary()
        resources.Font[FOLIO_FONT] = digits.font
        # What the page draws closed in a graphics state of its own first (WeasyPrint turns
        # its pages' coordinates upside down and leaves them so).
        page.contents_add(pikepdf.Stream(book, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(book, b"\nQ\n" + digits.drawn(str(number), right, middle)))
