"""One build request: the options every output honours and the plan of which outputs to make,
typed once. The cache keys and the whole-build shortcut are derived from its fields, so an
option added here cannot be forgotten by either. Light on purpose: the command line reads it
before anything heavy is imported."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

Paper = Literal["a4", "letter"]  # as campaign.yaml's `paper:`
Profile = Literal["home", "shop", "screen"]


class Audience(StrEnum):
    GM = "gm"
    PLAYER = "player"
    ALL = "all"


PLAYER = str(Audience.PLAYER)


class OutputFormat(StrEnum):
    PDF = "pdf"
    PNG = "png"
    HTML = "html"


class Role(StrEnum):
    """What an option changes, which decides the keys it goes into."""

    RENDER = "render"  # the bytes of every output: in each output's cache key
    CONTEXT = "context"  # the templates' contexts, which each output's key holds already
    SELECTION = "selection"  # which outputs are made
    RUN = "run"  # how the build runs, never what it writes: in no key


# The metadata key of a field's role; a field without one counts as RENDER: in every key.
ROLE = "role"


def role_of(request_field: dataclasses.Field[Any]) -> Role:
    return Role(request_field.metadata.get(ROLE, Role.RENDER))


def keyed(value: object, *roles: Role) -> str:
    """The fields of a request dataclass with these roles, by name, as one text."""
    return "|".join(
        f"{f.name}={getattr(value, f.name)!r}"
        for f in dataclasses.fields(value)  # type: ignore[arg-type]
        if role_of(f) in roles
    )


@dataclass(frozen=True)
class BuildOptions:
    """What every output honours: which handouts, for whom, on what paper, in what format."""

    only: Sequence[str] = field(default=(), metadata={ROLE: Role.SELECTION})
    audience: Audience = field(default=Audience.ALL, metadata={ROLE: Role.SELECTION})
    out_dir: Path = field(default=Path("output"), metadata={ROLE: Role.RUN})
    # Overrides every map's scale (and its fit-to-page).
    map_scale: str | None = field(default=None, metadata={ROLE: Role.CONTEXT})
    # Overrides the campaign's paper size.
    paper: Paper | None = field(default=None, metadata={ROLE: Role.CONTEXT})
    # A print shop's bleed round each page, with crop marks.
    bleed_mm: float = field(default=0.0, metadata={ROLE: Role.RENDER})
    format: OutputFormat = field(default=OutputFormat.PDF, metadata={ROLE: Role.RENDER})
    dpi: int = field(default=150, metadata={ROLE: Role.RENDER})  # for png
    jobs: int = field(default=1, metadata={ROLE: Role.RUN})  # processes rendering at once
    # Home printer, print shop (PDF/X-4), or screen (PDF/UA).
    profile: Profile = field(default="home", metadata={ROLE: Role.RENDER})
    # Build everything, whatever the cache says.
    force: bool = field(default=False, metadata={ROLE: Role.RUN})
    # This build among all: what it wrote counts as made, even with `force` (the book of
    # `build --book --force` draws the GM copies the same command just wrote).
    run: str = field(
        default_factory=lambda: uuid.uuid4().hex,
        compare=False,
        repr=False,
        metadata={ROLE: Role.RUN},
    )

    def __post_init__(self) -> None:
        # A bleed of 0 and of 0.0 is the same print: one cache key for both.
        object.__setattr__(self, "bleed_mm", float(self.bleed_mm))

    def audiences(self) -> list[str]:
        both = [str(Audience.GM), str(Audience.PLAYER)]
        return both if self.audience == Audience.ALL else [str(self.audience)]

    def render_key(self) -> str:
        """What every output's cache key takes from the options."""
        return keyed(self, Role.RENDER)


@dataclass(frozen=True)
class BuildPlan:
    """Which outputs one `companion build` makes, besides the options they all honour."""

    # Players' packets instead of handout copies.
    players: tuple[str, ...] = field(default=(), metadata={ROLE: Role.SELECTION})
    book: bool = field(default=False, metadata={ROLE: Role.SELECTION})  # also the GM's book
    # Packets and book as they stood after this session.
    as_of_session: int | None = field(default=None, metadata={ROLE: Role.CONTEXT})
    # The record of play (default: in the campaign folder).
    db_path: Path | None = field(default=None, metadata={ROLE: Role.CONTEXT})
    # The handout copies too (`companion book` makes the book alone).
    copies: bool = field(default=True, metadata={ROLE: Role.SELECTION})


@dataclass(frozen=True)
class BuildRequest:
    """A build as a command asked for it."""

    options: BuildOptions = BuildOptions()
    plan: BuildPlan = BuildPlan()

    def whole_key(self) -> str:
        """Everything that decides what the build writes, for the whole-build shortcut:
        every field of the options and the plan but those that only say how it runs."""
        wanted = (Role.RENDER, Role.CONTEXT, Role.SELECTION)
        return f"{keyed(self.options, *wanted)}||{keyed(self.plan, *wanted)}"
