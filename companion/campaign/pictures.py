"""Pictures from the campaign folder, checked and shrunk before they reach a PDF."""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import Literal

from PIL import Image, ImageOps

from companion.errors import CompanionError

# A photo on a prop is at most a few centimetres wide: 900 px is over 300 dpi at 7 cm.
MAX_EDGE_PX = 900
# Refuse before decoding: a small file can claim a huge canvas (a decompression bomb).
MAX_SOURCE_PIXELS = 50_000_000
PICTURE_FORMATS = ("JPEG", "PNG")

Tone = Literal["colour", "mono"]


class PictureRefused(CompanionError):
    """A picture that cannot or must not be used."""


def prepared_picture(path: Path, tone: Tone = "colour") -> bytes:
    """The picture as a small JPEG (greyscale for `mono`), stripped of metadata; cached."""
    status = path.stat()
    if not S_ISREG(status.st_mode):  # a named pipe would hang the build
        raise PictureRefused(f"{path.name} is not a regular file", hint="use a JPEG or PNG file")
    return _prepare(str(path), status.st_mtime_ns, status.st_size, tone)


def picture_problem(path: Path, shown: str) -> tuple[str, str] | None:
    """Why the picture at `path` cannot be used, as (message, hint), or None: read from its
    header only, so `validate` stays quick and a decompression bomb is never decoded. Pillow's
    own warnings become these messages, never text on the terminal."""
    if not path.is_file():
        return f"`{shown}` is not an ordinary file", "use a JPEG or PNG file"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=PICTURE_FORMATS) as picture:
                width, height = picture.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        width, height = MAX_SOURCE_PIXELS, 2  # more than allowed: refused just below
    except (OSError, ValueError, SyntaxError):
        return f"`{shown}` is not a JPEG or PNG picture", "save it again as a JPEG or PNG file"
    if width * height > MAX_SOURCE_PIXELS:
        return (
            f"`{shown}` claims more than {MAX_SOURCE_PIXELS:,} pixels; too large to open",
            "use a photo of a few megapixels at most",
        )
    return None


@lru_cache(maxsize=64)
def _prepare(path: str, mtime_ns: int, size: int, tone: Tone) -> bytes:
    name = Path(path).name
    too_large = PictureRefused(
        f"{name} claims more than {MAX_SOURCE_PIXELS:,} pixels; too large to open",
        hint="use a photo of a few megapixels at most",
    )
    try:
        # Only the formats the schema allows: whatever the file is called, Pillow must not
        # hand a stranger's EPS to Ghostscript or try its many rarer decoders.
        with Image.open(path, formats=PICTURE_FORMATS) as source:
            width, height = source.size
            if width * height > MAX_SOURCE_PIXELS:
                raise too_large
            source.draft("RGB", (MAX_EDGE_PX, MAX_EDGE_PX))  # JPEG: decode at reduced size
            image = ImageOps.exif_transpose(source)
            image = image.convert("L" if tone == "mono" else "RGB")
            image.thumbnail((MAX_EDGE_PX, MAX_EDGE_PX), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=84, optimize=True)
            return buffer.getvalue()
    except Image.DecompressionBombError:
        raise too_large from None
    except (OSError, ValueError) as error:
        raise PictureRefused(
            f"cannot read the picture {name}", hint="save it again as a JPEG or PNG file"
        ) from error
