"""How a process that lays out pages collects its garbage: seldom, as it makes so much, and
not at all as it exits."""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Laying out a page makes tens of thousands of short-lived objects (boxes, styles, lines),
# and at Python's default threshold (700 new objects) the collector ran 1,500 times in a
# build of Ozola's 14 handouts, walking the campaign, the fonts and WeasyPrint's modules
# whenever it reached the older generations: 1.4 of the build's 10 CPU seconds. After
# 20,000 new objects it runs 37 times, in 0.5 s, for 15 MB more at the peak.
NEW_OBJECTS_BEFORE_A_COLLECTION = 20_000
YOUNGER_COLLECTIONS_BEFORE_AN_OLDER = 20


def collect_seldom() -> None:
    """Collect garbage only after many new objects (the same for every call: idempotent)."""
    gc.set_threshold(
        NEW_OBJECTS_BEFORE_A_COLLECTION,
        YOUNGER_COLLECTIONS_BEFORE_AN_OLDER,
        YOUNGER_COLLECTIONS_BEFORE_AN_OLDER,
    )


def no_collection_at_exit() -> None:
    """Freeze every object as the process exits: the interpreter's last collections would walk
    the whole heap a build left (0.3 s after a few handouts, and a build waits for its workers
    to end); frozen, the objects are only freed."""
    atexit.register(gc.freeze)


def settled() -> None:
    """Collect once, then freeze what is left (the campaign, the fonts, the modules: what a
    process keeps to its end), so that later full collections walk only what came after.
    A process that lays out many parts and collects after each (to keep its peak low) spent
    0.17 s a collection walking the same long-lived objects again."""
    gc.collect()
    gc.freeze()


@contextmanager
def settled_meanwhile() -> Iterator[None]:
    """`settled` for a while: in a process that goes on (a test run, a caller of the library)
    what was frozen becomes collectable again afterwards."""
    settled()
    try:
        yield
    finally:
        gc.unfreeze()
