"""One headless Chromium for all the server's browser tests (starting it costs seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server.serving import CHROMIUM, chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("the system's Chromium is missing")
    with chromium() as launched:
        yield launched
