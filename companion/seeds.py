"""Chance fixed by ids: props vary between handouts but never between builds."""

from __future__ import annotations

import hashlib
import random


def seeded_random(*parts: str) -> random.Random:
    """A random source fixed by ids, so props vary between handouts but never between builds."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def hash_id(text: str) -> int:
    """A stable number from an id (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
