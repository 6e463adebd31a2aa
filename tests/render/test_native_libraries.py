"""WeasyPrint's libraries found from one reading of the linker's cache are the ones ctypes'
own search finds, name by name (where the cache is the way: elsewhere nothing changes)."""

from __future__ import annotations

import ctypes.util

import pytest

from companion.render import native_libraries

# The names WeasyPrint tries for its libraries, those of other systems among them.
NAMES = (
    "libgobject-2.0-0",
    "gobject-2.0-0",
    "gobject-2.0",
    "pango-1.0",
    "harfbuzz",
    "harfbuzz-subset",
    "harfbuzz-vector",
    "libharfbuzz-vector.so.0",
    "libfontconfig-1",
    "fontconfig",
    "pangoft2-1.0",
    "pangoft2-1.0-0",
)


def test_the_cache_answers_as_ctypes_does() -> None:
    listing = native_libraries._linker_cache()
    if listing is None:
        pytest.skip("no glibc linker cache here: WeasyPrint is imported the usual way")
    usual = {name: ctypes.util.find_library(name) for name in NAMES}
    with native_libraries._found_in(listing):
        quick = {name: ctypes.util.find_library(name) for name in NAMES}
    assert quick == usual
    assert usual["gobject-2.0"] and not usual["gobject-2.0-0"]  # some found, some not


def test_the_search_is_put_back() -> None:
    original = ctypes.util.find_library
    with native_libraries._found_in(b""):
        assert ctypes.util.find_library("pango-1.0") is None
    assert ctypes.util.find_library is original


def test_a_library_path_to_search_takes_the_usual_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/libraries")
    assert native_libraries._linker_cache() is None
