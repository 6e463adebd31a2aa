"""The output folder, checked before anything is written into it: never a link (a planted
`output -> ~/Documents` would send every copy there), never the root, a home folder or the
campaign's own folder, and writable, or a plain message says so."""

from __future__ import annotations

import tempfile
from pathlib import Path

from companion.errors import CompanionError


class OutputFolderRefused(CompanionError):
    """An output folder companion will not write into."""


CHOOSE_ANOTHER = "choose another folder with --out (the default is `output`)"


def checked_output_folder(out_dir: Path, campaign_root: Path, campaign_name: str) -> Path:
    """`out_dir/campaign_name`, where this build's files go, once it is known to be safe to
    write into; created if need be."""
    target = out_dir / campaign_name
    for folder in (out_dir, target):
        if folder.is_symlink():
            raise OutputFolderRefused(
                f"{folder} is a link to {folder.readlink()}, and companion writes only into "
                "a real folder",
                hint=f"remove the link, or {CHOOSE_ANOTHER}",
            )
    _refuse_special_places(out_dir.resolve(), campaign_root.resolve())
    try:
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=target):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise OutputFolderRefused(
            f"cannot write into {target}: {reason.lower()}", hint=CHOOSE_ANOTHER
        ) from None
    return target


def _refuse_special_places(out_dir: Path, campaign_root: Path) -> None:
    home = Path.home().resolve()
    if out_dir == Path(out_dir.anchor):
        raise OutputFolderRefused(f"{out_dir} is the root of the disk", hint=CHOOSE_ANOTHER)
    if out_dir == home:
        raise OutputFolderRefused(f"{out_dir} is your home folder", hint=CHOOSE_ANOTHER)
    if out_dir == campaign_root:
        raise OutputFolderRefused(
            f"{out_dir} is the campaign's own folder: the outputs would mix with its files",
            hint=CHOOSE_ANOTHER,
        )
