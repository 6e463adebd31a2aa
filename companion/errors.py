"""Errors a game master can read: each names the file, line and column, and offers a hint."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

# Characters that could rewrite a terminal (escape sequences, a title change) or reorder what
# it shows (bidi overrides): shown as escapes wherever campaign text or arguments are printed.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print: control characters and bidi overrides shown as `\\x1b` or
    `\\u202e`; line breaks kept (use `printable_line` where none may stand)."""
    return _UNSAFE.sub(_escape, text)


def printable_line(text: str) -> str:
    """`text` safe to print on one line: line breaks escaped too."""
    return printable(text).replace("\n", "\\n").replace("\r", "\\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a campaign, located as precisely as the input allows."""

    message: str
    file: Path | None = None
    line: int | None = None  # 1-based, as editors show it
    column: int | None = None  # 1-based
    hint: str | None = None
    code: str = "campaign"  # what kind of problem, for editors and CI (`validate --format json`)

    def location(self, relative_to: Path | None = None) -> str:
        if self.file is None:
            return ""
        shown = self.file
        if relative_to is not None and self.file.is_relative_to(relative_to):
            shown = self.file.relative_to(relative_to)
        parts = [printable_line(str(shown))]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def coded(self, code: str) -> Problem:
        return replace(self, code=code)

    def render(self, relative_to: Path | None = None) -> str:
        """The problem as the terminal shows it; nothing from a campaign or an argument can
        reach the terminal unescaped through here."""
        where = self.location(relative_to)
        message = printable_line(self.message)
        text = f"{where}: {message}" if where else message
        if self.hint:
            text += f"\n    hint: {printable_line(self.hint)}"
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
