"""Chance fixed by ids: props vary between handouts but never between builds."""

from __future__ import annotations

import hashlib
import random


def seeded_random(*parts: str) -> random.Random:
    """A random source fixed by ids, so props vary between handouts but never between builds."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
