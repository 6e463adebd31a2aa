"""The pages a phone shows are cut to what is printed on them."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from companion.server.publishing import _trimmed


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_card_on_a_sheet_fills_the_picture_with_a_little_paper_round_it() -> None:
    sheet = Image.new("RGB", (600, 850), "white")
    ImageDraw.Draw(sheet).rectangle((200, 600, 400, 720), fill=(240, 230, 200))
    trimmed = Image.open(io.BytesIO(_trimmed(_png(sheet))))
    margin = round(600 * 0.03)
    assert trimmed.size == (201 + 2 * margin, 121 + 2 * margin)
    assert trimmed.getpixel((margin + 5, margin + 5)) == (240, 230, 200)


def test_a_blank_or_full_page_is_left_as_it_is() -> None:
    blank = _png(Image.new("RGB", (60, 85), "white"))
    assert _trimmed(blank) == blank
    full = _png(Image.new("RGB", (60, 85), (250, 240, 220)))
    assert _trimmed(full) == full
