"""What a build reports: the files it wrote, what it found up to date or removed, its
warnings and failures, and what each task took. Light on purpose: the command line and the
worker processes import it before anything heavy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from companion.errors import Problem


@dataclass(frozen=True)
class BuiltFile:
    what: str  # a handout id, or `packet`, `binder`, `recap-session-N`
    audience: str  # gm, player, or the player whose packet it is
    path: Path
    size_bytes: int


@dataclass(frozen=True)
class Failure:
    what: str
    problems: list[Problem]
    traceback: str  # shown with --debug; text, so it crosses process boundaries


@dataclass
class BuildReport:
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    preflight: list[str] = field(default_factory=list)  # `--profile shop`: a line per PDF
    up_to_date: int = 0  # outputs the cache found unchanged
    # Every output, made or up to date, with the files its cache entry lists (by name in
    # the campaign's output folder, with their digests): what the whole-build stamp keeps.
    outputs: dict[Path, dict[str, str]] = field(default_factory=dict)
    # Files an earlier build wrote that this one makes no longer, removed (see `cache`).
    removed: list[Path] = field(default_factory=list)
    # Seconds each task took that made files: how the next build orders them (see `workers`).
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, other: BuildReport) -> None:
        self.files += other.files
        self.up_to_date += other.up_to_date
        self.outputs |= other.outputs
        self.removed += other.removed
        self.seconds |= other.seconds
        self.warnings += other.warnings
        self.failures += other.failures
        self.preflight += other.preflight
