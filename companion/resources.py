"""Where the built-in templates live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_templates_dir() -> Path:
    """The wheel carries templates inside the package; a checkout has them at the top level."""
    installed = _PACKAGE / "_builtin_templates"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"
