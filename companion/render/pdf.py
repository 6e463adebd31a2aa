"""HTML to PDF with WeasyPrint: bundled fonts, a fenced URL fetcher, byte-for-byte determinism."""

from __future__ import annotations

import copy
import errno
import html as htmllib
import io
import ipaddress
import logging
import mimetypes
import os
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from warnings import catch_warnings, simplefilter
from xml.parsers import expat

# First: it imports WeasyPrint without the twenty-odd processes of its library search.
from companion.render import native_libraries  # noqa: F401

# isort: split
from PIL import Image
from weasyprint import CSS, HTML, Document, Page
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from companion.atomic import read_regular_file
from companion.campaign.pictures import MAX_SOURCE_PIXELS, Tone, prepared_picture
from companion.errors import CompanionError, LocatedErrors, Problem, RenderError
from companion.render.folios import DIGITS, FOLIO_CLEAR_MM, FOLIO_EDGE_MM, FolioPlace
from companion.render.fonts import FONTS_CSS
from companion.render.inline_blocks import lay_out_inline_blocks_once
from companion.render.layout import LayoutFacts, Measured, PageArea, Spot, TextLine
from companion.render.stylesheets import share_parsed_stylesheets
from companion.resources import builtin_templates_dir

share_parsed_stylesheets()
lay_out_inline_blocks_once()

# fontTools stamps subset fonts with the current time unless this is set; any fixed value works.
FIXED_SOURCE_DATE_EPOCH = "946684800"  # 2000-01-01


# Fonts run to a few hundred KiB and campaign pictures are shrunk before use.
MAX_FETCH_BYTES = 16 * 1024 * 1024
# WeasyPrint decodes any picture format Pillow knows; these are the ones props need.
# (Pillow hands EPS to Ghostscript, an interpreter; that must never see a stranger's file.)
RASTER_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})
# Only links to public web hosts stay clickable in a PDF; `file:` links, mail links, links to
# addresses or local names, and attachments are dropped.
LOCAL_DOMAINS = frozenset({"localhost", "local", "internal", "lan", "home", "localdomain", "arpa"})


class FetchRefused(ValueError):
    """A resource the handout may not use: outside the campaign, on the network, or unsafe."""


class FencedURLFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    """Serves only regular files inside the allowed folders (after resolving links), data:
    URLs, and `campaign:<path>` pictures from the campaign folder, shrunk for print. Whatever
    it serves is checked first: no XML with DOCTYPE or entities (SVG "billion laughs"), no
    picture formats beyond RASTER_FORMATS, no picture larger than MAX_SOURCE_PIXELS. Only the
    built-in templates' own files (fonts, stylesheets) are served unchecked: they are part of
    the program, and trying Pillow's every decoder on seventy fonts cost each process that
    lays anything out a twentieth of a second.

    WeasyPrint turns a fetch error into a logged warning; refusals are also kept in
    `refused`, so that the caller can fail the build instead.
    """

    def __init__(self, allowed_roots: Sequence[Path], campaign_root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data", "campaign"}, allow_redirects=False)
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.campaign_root = campaign_root.resolve()
        self.refused: list[str] = []
        self.refused_urls: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            return self._fetch(url, headers)
        except (FetchRefused, CompanionError) as refusal:
            self.refused.append(str(refusal))
            self.refused_urls.append(url)
            raise

    def _fetch(self, url: str, headers: dict[str, str] | None) -> URLFetcherResponse:
        parts = urlsplit(url)
        shown = _shown_url(url)
        if parts.scheme == "data":
            response = super().fetch(url, headers)
            body = response.read()  # as long as the URL itself, which the template holds
            _check_content(body, shown)
            return URLFetcherResponse(response.url, body, response.headers)
        if parts.scheme == "campaign":
            return self._campaign_picture(unquote(parts.path), parts.query, shown)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"{shown}: the network is not used; only files in the campaign")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            raise FetchRefused(f"{shown} is outside the campaign folder")
        body = _read_regular_file(path, shown)
        if not path.is_relative_to(_program_files()):
            _check_content(body, shown)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": content_type})

    def _campaign_picture(self, relative: str, query: str, shown: str) -> URLFetcherResponse:
        path = (self.campaign_root / relative).resolve()
        if not path.is_relative_to(self.campaign_root):
            raise FetchRefused(f"{shown} is outside the campaign folder")
        tone: Tone = "mono" if query == "mono" else "colour"
        body = prepared_picture(path, tone)
        return URLFetcherResponse(f"campaign:{relative}", body, {"Content-Type": "image/jpeg"})


@cache
def _program_files() -> Path:
    """The built-in templates, fonts and stylesheets: companion's own files."""
    return builtin_templates_dir().resolve()


def _shown_url(url: str) -> str:
    """The URL for a message: whole, unless it is a long data: URL."""
    return url if len(url) <= 300 else url[:297] + "..."


def _read_regular_file(path: Path, shown: str) -> bytes:
    """The file's bytes, never through a link or from a named pipe (which would hang the
    build), with the refusals said for this URL."""
    try:
        return read_regular_file(path, MAX_FETCH_BYTES)
    except OSError as error:
        if error.errno == errno.EINVAL:
            raise FetchRefused(f"{shown} is not a regular file") from None
        if error.errno == errno.EFBIG:
            limit = MAX_FETCH_BYTES // (1024 * 1024)
            raise FetchRefused(f"{shown} is larger than {limit} MiB") from None
        raise


def _check_content(body: bytes, shown: str) -> None:
    """Refuse what would make WeasyPrint's decoders run away, whatever the file is called:
    WeasyPrint tries Pillow on anything, then XML on whatever Pillow cannot read."""
    _check_picture(body, shown)
    _refuse_xml_declarations(body, shown)


def _check_picture(body: bytes, shown: str) -> None:
    try:
        with catch_warnings():
            simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(body)) as picture:
                image_format, (width, height) = picture.format, picture.size
    except Image.DecompressionBombError:
        raise FetchRefused(f"{shown} claims too many pixels to open") from None
    except (OSError, SyntaxError, ValueError):
        return  # not a picture (a stylesheet, a font, an SVG)
    if image_format not in RASTER_FORMATS:
        raise FetchRefused(f"{shown} is a picture in {image_format} format; use PNG or JPEG")
    if width * height > MAX_SOURCE_PIXELS:
        raise FetchRefused(f"{shown} claims more than {MAX_SOURCE_PIXELS:,} pixels")


def _refuse_xml_declarations(body: bytes, shown: str) -> None:
    """SVG is XML: a DOCTYPE can declare entities that expand a small file into gigabytes.
    Parsing with expat (as WeasyPrint's ElementTree does) sees the document in whatever
    encoding it declares, which a byte search for `<!ENTITY` would miss."""
    parser = expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise FetchRefused(f"{shown} declares a DOCTYPE or entities; SVG files must not")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    # Not well-formed XML (a stylesheet, a font) fails here as in ElementTree, before any
    # entity could expand.
    with suppress(expat.ExpatError):
        parser.Parse(body, True)


@cache
def _font_config() -> FontConfiguration:
    """One per process: WeasyPrint caches loaded font faces here across documents. Made from
    the bundled fontconfig file, which knows the bundled fonts and no others: a character no
    face of its chain draws falls back to a bundled font, never to one of the machine's."""
    os.environ["FONTCONFIG_FILE"] = str(builtin_templates_dir() / "fonts" / "fonts.conf")
    return FontConfiguration()


@cache
def _fonts_stylesheet(templates: Path) -> CSS:
    """The bundled fonts' @font-face rules, parsed and registered once per process and given
    to every document (a third of a dossier's layout went to reading them again each time)."""
    fetcher = FencedURLFetcher([templates], templates)
    with _collect_weasyprint_warnings():
        stylesheet = CSS(
            filename=str(templates / FONTS_CSS), url_fetcher=fetcher, font_config=_font_config()
        )
    _refuse_if_refused(fetcher)
    return stylesheet


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collect_weasyprint_warnings() -> Iterator[list[str]]:
    """WeasyPrint logs (not raises) bad CSS and missing images; we want them shown."""
    logger = logging.getLogger("weasyprint")
    collector = _WarningCollector()
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)


@contextmanager
def _fixed_document_id(seed: str) -> Iterator[None]:
    """WeasyPrint names a PDF/X or PDF/UA document with `uuid4()`: a name from the content
    instead keeps builds byte-for-byte the same."""
    from weasyprint.pdf import metadata

    fixed = uuid.uuid5(uuid.NAMESPACE_URL, seed)
    original = metadata.uuid4
    metadata.uuid4 = lambda: fixed
    try:
        yield
    finally:
        metadata.uuid4 = original


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_SOURCE_DATE_EPOCH
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@contextmanager
def _pages_left_as_laid_out(pages: Sequence[Page]) -> Iterator[None]:
    """Pages written as often as they are asked for, each time the same: WeasyPrint paints a
    page with a bleed by adding its crop marks to the page's background, so a page written
    twice (the players' copy from the GM's pages, the GM copy's notes in the book) carried
    them twice, darker than once."""
    kept = []
    for page in pages:
        background = page._page_box.background  # no public way to read it
        if background is not None:
            kept.append((background.layers, list(background.layers)))
    try:
        yield
    finally:
        for layers, as_laid_out in kept:
            layers[:] = as_laid_out


@dataclass
class Rendered:
    """HTML documents laid out into pages but not yet written, so that their pages can be
    counted (the book's contents) before they are combined into one PDF."""

    documents: list[Document]
    warnings: list[str]
    fetcher: FencedURLFetcher

    @property
    def page_count(self) -> int:
        return sum(len(document.pages) for document in self.documents)

    def anchor_pages(self) -> dict[str, int]:
        """The page (counted from 1 in these documents) each anchor (`id`) starts on; an
        element that runs over several pages is anchored on each of them."""
        pages = [page for document in self.documents for page in document.pages]
        found: dict[str, int] = {}
        for number, page in enumerate(pages, start=1):
            for name in page.anchors:
                found.setdefault(name, number)
        return found


MM_PER_CSS_PX = 25.4 / 96


def with_anchors_elsewhere(rendered: Rendered, names: Iterable[str]) -> None:
    """Anchors for `names` on the last page, where it has none of its own: WeasyPrint drops
    a link to an anchor that is not in the document, and the contents of the GM's book links
    to anchors in its other parts. Joining the parts points these names at the part that
    truly has them (pdf_pages.joined)."""
    page = rendered.documents[-1].pages[-1]
    for name in names:
        page.anchors.setdefault(name, (0, 0, 0, 0))


# Where a page names its title: in its head, and as its bookmark's label (base.html.j2).
_TITLE = re.compile(r"<title>([^<]*)</title>")
_BOOKMARK = re.compile(r'<body data-title="([^"]*)">')


def trial_key(html: str) -> str:
    """A trial layout's HTML without what does not move a line: its title. The GM's and the
    players' trial of a prop differ, as a rule, by their title alone (a player reads the
    prop's own name), and the second trial cost a copy as much as the first. A page whose
    stylesheet shows the title (`attr(data-title)` other than as the bookmark's label) keeps
    it in the key."""
    if html.count("attr(data-title)") != html.count("bookmark-label: attr(data-title)"):
        return html
    return _BOOKMARK.sub("", _TITLE.sub("", html))


def retitled(
    rendered: Rendered, laid_out_as: Sequence[str], htmls: Sequence[str]
) -> Rendered | None:
    """The documents laid out from `laid_out_as`, as those of `htmls` would be, which differ
    from them by their titles alone (the GM's and the players' copy of a prop): the same pages
    under the other titles, for a document title and a bookmark's label are never laid out
    (see `trial_key`). None where a document does not say which of its bookmarks is
    its title's."""
    documents = []
    for document, old, new in zip(rendered.documents, laid_out_as, htmls, strict=True):
        labels = [_named(_BOOKMARK, text) for text in (old, new)]
        titles = [_named(_TITLE, text) for text in (old, new)]
        # Pages of their own, which a caller may add anchors to (see `with_anchors_elsewhere`).
        pages = [copy.copy(page) for page in document.pages]
        theirs = [mark for page in pages for mark in page.bookmarks if mark[1] == labels[0]]
        if old != new and (None in labels or None in titles or len(theirs) != 1):
            return None
        for page in pages:
            page.anchors = dict(page.anchors)
            page.bookmarks = [
                (level, labels[1] if label == labels[0] else label, *rest)
                for level, label, *rest in page.bookmarks
            ]
        again = document.copy(pages)
        again.metadata = copy.copy(document.metadata)
        again.metadata.title = document.metadata.title if old == new else titles[1]
        documents.append(again)
    return Rendered(documents, list(rendered.warnings), rendered.fetcher)


def _named(pattern: re.Pattern[str], html: str) -> str | None:
    found = pattern.search(html)
    return htmllib.unescape(found.group(1)) if found else None


def measured(rendered: Rendered) -> Measured:
    """The laid-out pages and every line of text on them: what fitting a prop's text reads
    (how many pages it took, where its lines stand) instead of guessing from its length."""
    lines = tuple(_text_lines(rendered))
    return Measured(rendered.page_count, lines, _page_area(rendered, 0), tuple(_spots(rendered)))


def _spots(rendered: Rendered) -> Iterator[Spot]:
    """The border box of every laid-out element marked `data-spot` (see `Spot`)."""
    pages = [page for document in rendered.documents for page in document.pages]
    for number, page in enumerate(pages):
        page_box = page._page_box  # WeasyPrint's laid-out box tree: see `_text_lines`
        bleed_left, bleed_top = page_box.bleed["left"], page_box.bleed["top"]
        for box in _marked_boxes(page_box):
            yield Spot(
                box.element.get("data-spot"),
                number,
                round((box.border_box_y() - bleed_top) * MM_PER_CSS_PX, 2),
                round((box.border_box_x() - bleed_left) * MM_PER_CSS_PX, 2),
                round(box.border_width() * MM_PER_CSS_PX, 2),
                round(box.border_height() * MM_PER_CSS_PX, 2),
            )


def _marked_boxes(box: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """The first box of each marked element on a page: the element's own; the boxes after
    it that share its element are its lines, its text and its columns."""
    seen = set() if seen is None else seen
    element = getattr(box, "element", None)
    if element is not None and element.get("data-spot") and id(element) not in seen:
        seen.add(id(element))
        yield box
    for child in getattr(box, "children", ()):
        yield from _marked_boxes(child, seen)


def layout_facts(parts: Sequence[Rendered]) -> LayoutFacts:
    """Every line of text of `parts`, pages numbered on through the parts, and each page's
    size in mm (bleed excluded): what a preflight checks the safe zone with."""
    lines: list[TextLine] = []
    sizes: list[tuple[float, float]] = []
    for part in parts:
        offset = len(sizes)
        lines += [replace(line, page=line.page + offset) for line in _text_lines(part)]
        for document in part.documents:
            for page in document.pages:
                box = page._page_box
                sizes.append(
                    (box.margin_width() * MM_PER_CSS_PX, box.margin_height() * MM_PER_CSS_PX)
                )
    return lines, sizes


def _text_lines(rendered: Rendered) -> list[TextLine]:
    """Every line of text WeasyPrint laid out, page by page."""
    lines = []
    pages = [page for document in rendered.documents for page in document.pages]
    for number, page in enumerate(pages):
        # `_page_box` is WeasyPrint's laid-out box tree; there is no public way to read it.
        page_box = page._page_box
        bleed_left, bleed_top = page_box.bleed["left"], page_box.bleed["top"]
        for line in _boxes_of(page_box, boxes.LineBox):
            texts = list(_boxes_of(line, boxes.TextBox))
            if not any(text.text.strip() for text in texts):
                continue
            left = min(text.position_x for text in texts) - bleed_left
            right = max(text.position_x + text.width for text in texts) - bleed_left
            top = line.position_y - bleed_top
            lines.append(
                TextLine(
                    number,
                    round(top * MM_PER_CSS_PX, 2),
                    round((top + line.height) * MM_PER_CSS_PX, 2),
                    round(left * MM_PER_CSS_PX, 2),
                    round(right * MM_PER_CSS_PX, 2),
                    round((top + line.baseline) * MM_PER_CSS_PX, 2),
                    str(texts[0].style["font_family"][0]),
                )
            )
    return lines


def page_areas(rendered: Rendered) -> list[PageArea]:
    """Each laid-out page's content area, and so its margins (the GM's book prints its page
    number in a page's bottom margin, where one is deep enough)."""
    return [_page_area(rendered, number) for number in range(rendered.page_count)]


def folio_places(rendered: Rendered, right_mm: float | None = None) -> list[FolioPlace]:
    """Where the GM's book prints its number on each laid-out page: in the bottom margin, at
    the right margin (or `right_mm` from the right edge), its line centred between the edge
    a printer cannot reach and the page's content."""
    places = []
    for document in rendered.documents:
        for page in document.pages:
            box = page._page_box  # WeasyPrint's laid-out page; no public way to read it
            right = box.margin_right * MM_PER_CSS_PX if right_mm is None else right_mm
            bottom = box.margin_bottom * MM_PER_CSS_PX
            middle = (FOLIO_EDGE_MM + bottom - FOLIO_CLEAR_MM) / 2
            places.append(FolioPlace(round(right, 2), round(middle, 2)))
    return places


@cache
def folio_digits() -> bytes:
    """A PDF whose one line is the ten digits in the book's serif: the font the joined book
    numbers its pages in (pdf_pages.joined)."""
    templates = builtin_templates_dir()
    html = (
        "<html><head><style>@page { size: 60mm 15mm; margin: 0 }"
        ' p { margin: 0; font: 9pt/1 "PT Serif Latin" }</style></head>'
        f"<body><p>{DIGITS}</p></body></html>"
    )
    return write_rendered([render_htmls([html], templates, templates)], tagged=False)[0]


def _page_area(rendered: Rendered, number: int) -> PageArea:
    """The content area of one laid-out page (where flowing text may stand)."""
    pages = [page for document in rendered.documents for page in document.pages]
    page_box = pages[number]._page_box
    top = page_box.content_box_y() - page_box.bleed["top"]
    left = page_box.content_box_x() - page_box.bleed["left"]
    page = pages[number]  # the page as designed (its trim box)
    return PageArea(
        round(top * MM_PER_CSS_PX, 2),
        round((top + page_box.height) * MM_PER_CSS_PX, 2),
        round(page.height * MM_PER_CSS_PX, 2),
        round(left * MM_PER_CSS_PX, 2),
        round(page.width * MM_PER_CSS_PX, 2),
        any(_has_background(box.style) for box in _grounds(page_box)),
    )


def _grounds(page_box: Any) -> Iterator[Any]:
    """The boxes whose ground covers the whole page: the page's, the root element's and the
    body's (CSS paints the body's over the canvas when the root has none)."""
    yield page_box
    root = page_box.children[0] if page_box.children else None
    if root is not None:
        yield root
        yield from root.children[:1]


def _has_background(style: Any) -> bool:
    """Whether a box paints a ground: a colour that shows, or any picture or gradient."""
    images = [image for image, *_ in style["background_image"] if image != "none"]
    return style["background_color"].alpha > 0 or bool(images)


def _boxes_of(box: Any, kind: type) -> Iterator[Any]:
    if isinstance(box, kind):
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _boxes_of(child, kind)


def ready_to_render() -> None:
    """Read and register the bundled fonts now: a worker process does it while its parent
    loads the campaign, rather than on its first page."""
    _fonts_stylesheet(builtin_templates_dir())


def render_htmls(htmls: Sequence[str], base_dir: Path, campaign_root: Path) -> Rendered:
    """Lay out HTML documents; files may come from the campaign folder and `base_dir` (the
    built-in templates) only."""
    fetcher = FencedURLFetcher([campaign_root, base_dir], campaign_root)
    base_url = base_dir.as_uri() + "/"
    with _collect_weasyprint_warnings() as warnings:
        try:
            documents = [
                HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                    font_config=_font_config(), stylesheets=[_fonts_stylesheet(base_dir)]
                )
                for html in htmls
            ]
        except Exception as error:  # WeasyPrint raises many types; report them as one
            raise RenderError(f"the PDF engine failed: {error}") from error
    _refuse_if_refused(fetcher)
    return Rendered(documents, warnings, fetcher)


# What each print profile asks of the PDF. `shop`: PDF/X-4, the PDF/X that allows the
# transparency of our paper and stains (X-1a and X-3 forbid it) and that print-on-demand
# services accept; it keeps no tags, and its output intent is the sRGB profile WeasyPrint
# ships (our colours are RGB; no CMYK profile is bundled). `screen`: PDF/UA-1, tagged for
# screen readers. `home`: a plain PDF, tagged.
PROFILE_VARIANTS: dict[str, str | None] = {"home": None, "shop": "pdf/x-4", "screen": "pdf/ua-1"}
FIXED_DATE = "2000-01-01T00:00:00+00:00"


def write_rendered(
    parts: Sequence[Rendered], profile: str = "home", tagged: bool = True
) -> tuple[bytes, list[str]]:
    """One PDF of all the pages of `parts`, in order, as the print profile asks; also every
    warning on the way. Untagged (`tagged` false) for pages that another PDF will draw as
    pictures of pages (a prop on the GM's book's carrier pages), whose tags it could not
    keep."""
    documents = [document for part in parts for document in part.documents]
    pages = [page for document in documents for page in document.pages]
    variant = PROFILE_VARIANTS[profile]
    with (
        _collect_weasyprint_warnings() as warnings,
        _fixed_font_timestamps(),
        _pages_left_as_laid_out(pages),
    ):
        try:
            combined = documents[0].copy(pages)
            _drop_attachments_and_file_links(combined)
            # PDF/X and PDF/UA stamp the time and a random id; the same input must give the
            # same bytes, so both are fixed (the id from what the document is).
            if variant is not None:
                combined.metadata.created = combined.metadata.modified = FIXED_DATE
            with _fixed_document_id(f"{combined.metadata.title}|{len(pages)}|{profile}"):
                extra = {"output_intent": "srgb"} if profile == "shop" else {}
                pdf = combined.write_pdf(
                    uncompressed_pdf=False,
                    pdf_tags=tagged and profile != "shop",
                    pdf_variant=variant,
                    **extra,
                )
        except Exception as error:  # WeasyPrint raises many types; report them as one
            raise RenderError(f"the PDF engine failed: {error}") from error
    for part in parts:
        _refuse_if_refused(part.fetcher)
    assert pdf is not None
    return pdf, [w for part in parts for w in part.warnings] + warnings


def _refuse_if_refused(fetcher: FencedURLFetcher) -> None:
    """Fail the handout when a page asked for what it may not use: at the line of the
    campaign's own template or stylesheet that asks, where it can be found there."""
    if not fetcher.refused:
        return
    hint = (
        "a handout may use files inside the campaign folder only: no network, no files "
        "elsewhere, no SVG with a DOCTYPE"
    )
    problems = [
        Problem(
            f"a template asks for what it may not use: {message}",
            *_where_asked(fetcher.campaign_root / "templates", url),
            hint=hint,
        )
        for message, url in dict.fromkeys(zip(fetcher.refused, fetcher.refused_urls, strict=True))
    ]
    raise RefusedByTemplate(problems)


class RefusedByTemplate(LocatedErrors, RenderError):
    """What the pages asked for and were refused, each where a campaign template asks."""


def _where_asked(templates: Path, url: str) -> tuple[Path | None, int | None, int | None]:
    """The campaign template file, line and column that name `url` (as written, or by its
    last part when written relative); nothing when no template of the campaign names it."""
    if not templates.is_dir():
        return None, None, None
    wanted = [url, unquote(urlsplit(url).path).rsplit("/", 1)[-1]]
    for path in sorted(templates.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 1024 * 1024:
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for text in (w for w in wanted if w):
            for number, line in enumerate(lines, start=1):
                if text in line:
                    return path, number, line.index(text) + 1
    return None, None, None


def _drop_attachments_and_file_links(document: Document) -> None:
    """`<link rel=attachment>` and `<a rel=attachment>` make WeasyPrint embed the file they
    name in the PDF: a player's copy could carry a GM's file. Props never need either."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [
            link
            for link in page.links
            if link[0] == "internal" or (link[0] == "external" and _is_web_link(link[1]))
        ]


def _is_web_link(target: str) -> bool:
    """A link to a public web host: http(s) to a name in a public domain. Never a bare IP
    address, loopback or a local name: a player's PDF must not point into someone's network."""
    parts = urlsplit(target)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.rstrip(".").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.split(".")
        top = labels[-1]
        return len(labels) > 1 and top.isalpha() and top not in LOCAL_DOMAINS
    return False  # an address written as numbers: loopback, private or not, never kept


def pdf_to_pngs(pdf: bytes, dpi: int = 150) -> list[bytes]:
    """Each page as PNG bytes, for chat, virtual tabletops and visual tests."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            pages.append(buffer.getvalue())
    finally:
        document.close()
    return pages
