"""What a print shop checks before it prints, read back from the PDF we wrote: the PDF/X
variant, fonts embedded, trim and bleed boxes, picture resolution, text clear of the trim."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from companion.render.layout import TextLine

SAFE_ZONE_MM = 3.0  # text this close to the trim may be cut off
MIN_PPI = 300  # below this, a photo prints soft
_CONFORMANCE = re.compile(rb"<pdfx:GTS_PDFXConformance>([^<]+)</|pdfuaid:part=\"(\d)\"")
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class Preflight:
    variant: str
    fonts: int
    unembedded: tuple[str, ...]
    boxes: str
    lowest_ppi: int | None
    near_trim: tuple[str, ...]  # "page 2: text 1.8 mm from the trim"

    def summary(self) -> str:
        fonts = f"{self.fonts} font{'s' if self.fonts != 1 else ''} embedded" + (
            f", NOT embedded: {', '.join(self.unembedded)}" if self.unembedded else ""
        )
        ppi = f"pictures at {self.lowest_ppi} ppi or more" if self.lowest_ppi else "no pictures"
        trim = "text clear of the trim" if not self.near_trim else "; ".join(self.near_trim)
        return f"{self.variant}; {fonts}; {self.boxes}; {ppi}; {trim}"

    def problems(self) -> list[str]:
        found = [f"font not embedded: {name}" for name in self.unembedded]
        if self.lowest_ppi is not None and self.lowest_ppi < MIN_PPI:
            found.append(f"a picture prints at {self.lowest_ppi} ppi (under {MIN_PPI})")
        return found + list(self.near_trim)


def preflight(
    pdf: bytes, lines: list[TextLine], page_sizes: list[tuple[float, float]]
) -> Preflight:
    """The PDF read back with pypdf and pypdfium2; `lines` and `page_sizes` (mm) from its
    layout, for the safe zone."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    fonts = {name: embedded for page in reader.pages for name, embedded in _fonts(page)}
    first = reader.pages[0]
    bleed = first.bleedbox != first.trimbox
    return Preflight(
        variant=_variant(reader),
        fonts=len(fonts),
        unembedded=tuple(sorted(name for name, embedded in fonts.items() if not embedded)),
        boxes="TrimBox and BleedBox" + (" (with bleed)" if bleed else " (no bleed)"),
        lowest_ppi=_lowest_ppi(pdf),
        near_trim=tuple(_near_trim(lines, page_sizes)),
    )


def _variant(reader: Any) -> str:
    """The conformance the document's XMP metadata declares."""
    metadata = reader.trailer["/Root"].get("/Metadata")
    found = _CONFORMANCE.search(metadata.get_object().get_data()) if metadata else None
    if found is None:
        return "plain PDF"
    conformance, ua_part = found.groups()
    return conformance.decode() if conformance else f"PDF/UA-{ua_part.decode()}"


def _fonts(page: Any) -> Iterator[tuple[str, bool]]:
    """Each font of a page (and of the drawings on it), and whether its file is embedded."""

    def walk(resources: Any) -> Iterator[tuple[str, bool]]:
        resources = resources.get_object() if hasattr(resources, "get_object") else resources
        if not hasattr(resources, "get"):
            return
        for reference in (resources.get("/Font") or {}).values():
            font = reference.get_object()
            descendant = font.get("/DescendantFonts")
            described = descendant[0].get_object() if descendant else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            yield str(font.get("/BaseFont", "?")).lstrip("/"), embedded
        for xobject in (resources.get("/XObject") or {}).values():
            yield from walk(xobject.get_object().get("/Resources"))

    yield from walk(page.get("/Resources"))


def _lowest_ppi(pdf: bytes) -> int | None:
    import pypdfium2
    import pypdfium2.raw as pdfium

    document = pypdfium2.PdfDocument(pdf)
    lowest: float | None = None
    try:
        for page in document:
            for image in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_IMAGE], max_depth=8):
                width_px, _ = image.get_px_size()
                left, _, right, _ = image.get_bounds()
                if right - left > 1:
                    ppi = width_px / ((right - left) / POINTS_PER_INCH)
                    lowest = ppi if lowest is None else min(lowest, ppi)
    finally:
        document.close()
    return round(lowest) if lowest is not None else None


def _near_trim(lines: list[TextLine], page_sizes: list[tuple[float, float]]) -> Iterator[str]:
    for number, (width, height) in enumerate(page_sizes):
        distances = [
            min(line.top_mm, line.left_mm, width - line.right_mm, height - line.bottom_mm)
            for line in lines
            if line.page == number
        ]
        if distances and min(distances) < SAFE_ZONE_MM:
            yield f"page {number + 1}: text {max(0.0, min(distances)):.1f} mm from the trim"
