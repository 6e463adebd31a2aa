"""Errors a game master can read: each names the file, line and column, and offers a hint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a campaign, located as precisely as the input allows."""

    message: str
    file: Path | None = None
    line: int | None = None  # 1-based, as editors show it
    column: int | None = None  # 1-based
    hint: str | None = None

    def location(self, relative_to: Path | None = None) -> str:
        if self.file is None:
            return ""
        shown = self.file
        if relative_to is not None and self.file.is_relative_to(relative_to):
            shown = self.file.relative_to(relative_to)
        parts = [str(shown)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self, relative_to: Path | None = None) -> str:
        where = self.location(relative_to)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class CompanionError(Exception):
    """Base of every error the CLI prints as a plain message (exit code 1)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    @property
    def problems(self) -> list[Problem]:
        return [Problem(self.message, hint=self.hint)]


class LocatedError(CompanionError):
    """A single problem at a known place in a file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message, hint=problem.hint)
        self.problem = problem

    @property
    def problems(self) -> list[Problem]:
        return [self.problem]

    def __str__(self) -> str:
        return self.problem.render()


class LocatedErrors(LocatedError):
    """Several problems in one file, in the order they stand; `problem` is the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0])
        self._all = problems

    @property
    def problems(self) -> list[Problem]:
        return self._all

    def __str__(self) -> str:
        return "\n".join(p.render() for p in self._all)


class CampaignInvalid(CompanionError):
    """A campaign folder with one or more problems; carries all of them, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the campaign")
        self._problems = sorted(
            problems, key=lambda p: (str(p.file or ""), p.line or 0, p.column or 0)
        )

    @property
    def problems(self) -> list[Problem]:
        return self._problems

    def __str__(self) -> str:
        return "\n".join(p.render() for p in self._problems)


class CampaignNotFound(CompanionError):
    """The CAMPAIGN argument names no campaign folder."""


class RenderError(CompanionError):
    """A template or the PDF engine failed on a handout."""


class UnknownId(CompanionError):
    """A command-line id (handout, player, NPC...) that the campaign does not define."""


class DoesNotFit(CompanionError):
    """A prop's text is too long for its paper even at the smallest size the kind allows;
    `field` is where in the handout's file the text stands, for locating the problem."""

    def __init__(self, message: str, *, hint: str | None, field: tuple[str | int, ...]) -> None:
        super().__init__(message, hint=hint)
        self.field = field
