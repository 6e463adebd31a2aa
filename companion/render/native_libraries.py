"""WeasyPrint imported with its native libraries (Pango, HarfBuzz, fontconfig) found from one
reading of the linker's cache.

WeasyPrint tries several names for each library, Windows' and macOS' among them, and on Linux
ctypes' `find_library` runs three programs (ldconfig, gcc, ld) for each name that is not
there: some twenty processes and a quarter of a CPU second at every start of a build that
lays anything out. Importing this module imports WeasyPrint with `find_library` answering
from the linker's cache, read once, where that cache is all ctypes would find there
(glibc's ldconfig, no LD_LIBRARY_PATH); anywhere else, or if WeasyPrint then fails to load,
it is imported as usual.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

LDCONFIG = "/sbin/ldconfig"
# The part of `ldconfig -p`'s lines that says a library is this process's kind (as ctypes
# reads it: only 64-bit x86 here, the usual case; other machines take the usual way).
ABI = {"x86_64": "libc6,x86-64"}


def _linker_cache() -> bytes | None:
    """`ldconfig -p`, as ctypes reads it for each name; None where that is not the way."""
    abi = ABI.get(os.uname().machine) if sys.platform == "linux" else None
    if abi is None or os.environ.get("LD_LIBRARY_PATH") or not Path(LDCONFIG).exists():
        return None
    try:
        listed = subprocess.run(
            [LDCONFIG, "-p"],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
        )
    except OSError:
        return None
    return listed.stdout if listed.returncode == 0 else None


@contextlib.contextmanager
def _found_in(listing: bytes) -> Iterator[None]:
    """`find_library` answering from `listing` alone, with the pattern ctypes uses on it."""
    abi = re.escape(ABI[os.uname().machine])

    def find_library(name: str) -> str | None:
        pattern = rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}".encode()
        found = re.search(pattern, listing)
        return os.fsdecode(found.group(1)) if found else None

    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _import_weasyprint() -> None:
    listing = None if "weasyprint" in sys.modules else _linker_cache()
    if listing is not None:
        # WeasyPrint prints its advice when a library is missing: the usual way says it, if so.
        with _found_in(listing), contextlib.redirect_stdout(io.StringIO()):
            try:
                import_module("weasyprint")
            except (OSError, ImportError):
                for name in [name for name in sys.modules if name.startswith("weasyprint")]:
                    del sys.modules[name]
    import_module("weasyprint")


_import_weasyprint()
