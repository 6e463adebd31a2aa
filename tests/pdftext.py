"""Reading PDFs back in tests: text as a reader would copy it, pages as images."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from companion.markup import plain_text


def pdf_text(path: Path) -> str:
    """All text of a PDF, whitespace folded, as one string."""
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def leaked_sentences(secret: str, text: str) -> list[str]:
    """Sentences (of at least three words) of a GM-only text that appear in `text`.

    Searching sentence by sentence catches a secret that leaks in part, which a search for the
    whole multi-paragraph text would miss.
    """
    folded = " ".join(text.split())
    whole = plain_text(secret)
    if len(whole.split()) < 3:  # a code name or a single word: search for it whole
        return [whole] if len(whole) >= 4 and whole in folded else []
    sentences = []
    for raw in plain_text(secret).replace("!", ".").replace("?", ".").split("."):
        sentence = " ".join(raw.split())
        if len(sentence.split()) >= 3 and sentence in folded:
            sentences.append(sentence)
    return sentences
