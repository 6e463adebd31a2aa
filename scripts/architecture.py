"""Redraw the layer picture of docs/architecture.md from the layers the structure test checks.

python scripts/architecture.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests, as a package

from tests.test_structure import (
    ARCHITECTURE,
    PICTURE_END,
    PICTURE_START,
    layer_picture,
)


def main() -> None:
    page = ARCHITECTURE.read_text(encoding="utf-8")
    before, rest = page.split(PICTURE_START)
    after = rest.split(PICTURE_END)[1]
    drawn = f"{before}{PICTURE_START}\n{layer_picture()}\n{PICTURE_END}{after}"
    ARCHITECTURE.write_text(drawn, encoding="utf-8")


if __name__ == "__main__":
    main()
