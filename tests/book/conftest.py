"""The GM's books of the two test campaigns, as the session's builds made them."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def ozola_book(ozola_build: Path) -> Path:
    return ozola_build / "gm" / "book.pdf"


@pytest.fixture
def saint_book(saint_build: Path) -> Path:
    return saint_build / "gm" / "book.pdf"
