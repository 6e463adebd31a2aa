"""HTML to PDF with WeasyPrint: bundled fonts, a fenced URL fetcher, byte-for-byte determinism."""

from __future__ import annotations

import logging
import mimetypes
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from companion.errors import RenderError
from companion.images import Tone, prepared_picture

# fontTools stamps subset fonts with the current time unless this is set; any fixed value works.
FIXED_SOURCE_DATE_EPOCH = "946684800"  # 2000-01-01


class FencedURLFetcher(URLFetcher):
    """Serves only files inside the allowed folders (after resolving links), data: URLs, and
    `campaign:<path>` pictures from the campaign folder, shrunk for print."""

    def __init__(self, allowed_roots: Sequence[Path], campaign_root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data", "campaign"}, allow_redirects=False)
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.campaign_root = campaign_root.resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "campaign":
            return self._campaign_picture(unquote(parts.path), parts.query)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"only files inside the campaign may be used, not {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            raise ValueError(f"{path.name} is outside the campaign folder")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def _campaign_picture(self, relative: str, query: str) -> URLFetcherResponse:
        path = (self.campaign_root / relative).resolve()
        if not path.is_relative_to(self.campaign_root):
            raise ValueError(f"{relative} is outside the campaign folder")
        tone: Tone = "mono" if query == "mono" else "colour"
        body = prepared_picture(path, tone)
        return URLFetcherResponse(f"campaign:{relative}", body, {"Content-Type": "image/jpeg"})


@cache
def _font_config() -> FontConfiguration:
    """One per process: WeasyPrint caches loaded font faces here across documents."""
    return FontConfiguration()


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


def html_to_pdf(html: str, base_dir: Path, campaign_root: Path) -> tuple[bytes, list[str]]:
    """Render HTML to PDF bytes; also return WeasyPrint's warnings. Files may come from the
    campaign folder and `base_dir` (the built-in templates) only."""
    return htmls_to_pdf([html], base_dir, campaign_root)


def htmls_to_pdf(
    htmls: Sequence[str], base_dir: Path, campaign_root: Path
) -> tuple[bytes, list[str]]:
    """Several HTML documents as one PDF, each keeping its own page sizes and page numbers
    (a player's packet, a GM binder)."""
    fetcher = FencedURLFetcher([campaign_root, base_dir], campaign_root)
    base_url = base_dir.as_uri() + "/"
    with _collect_weasyprint_warnings() as warnings, _fixed_font_timestamps():
        try:
            documents = [
                HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                    font_config=_font_config()
                )
                for html in htmls
            ]
            pages = [page for document in documents for page in document.pages]
            pdf = documents[0].copy(pages).write_pdf(uncompressed_pdf=False)
        except Exception as error:  # WeasyPrint raises many types; report them as one
            raise RenderError(f"the PDF engine failed: {error}") from error
    assert pdf is not None
    return pdf, warnings


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
