"""The campaign's own words: what becomes of people (statuses), what a GM marks on a plan
(mark kinds) and kinds of place; a genre's built-in set, with the campaign's words over it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field, model_validator

from companion.campaign.genres import GENRES, Line, Symbol
from companion.campaign.models.base import Slug, Strict
from companion.hints import nearest


class StatusWord(Strict):
    """A status a person can have: `dead`, `in-hiding`, `burned`..."""

    id: Slug = Field(description="The word you type: `in-hiding`.")
    name: str | None = Field(
        None, description="How it is printed (the book, a file); default: the id, spaced."
    )
    gone: bool = Field(
        False, description="The person is out of the story (dead, fled): the GM's book says so."
    )
    recap: str | None = Field(
        None,
        description="What the players' recap says after the name: `has gone into hiding`; "
        "default: `is now <name>`.",
    )

    @property
    def printed(self) -> str:
        return self.name or self.id.replace("-", " ")

    @property
    def recap_words(self) -> str:
        return self.recap or f"is now {self.printed}"


class MarkKind(Strict):
    """A kind of mark on a floor plan, drawn with a symbol of the built-in set."""

    id: Slug = Field(description="The word a mark's `kind:` uses: `apparition`.")
    symbol: Symbol = Field("point", description="The symbol drawn where the mark is.")
    line: Line = Field(
        "dashed",
        description="For a mark with a `path`: `dashed`, `dotted`, or `arrow` (dashed, with "
        "an arrowhead at its end).",
    )


class LocationKind(Strict):
    """A kind of place: `tavern`, `lighthouse`, `ship`."""

    id: Slug
    name: str | None = Field(None, description="How it is printed; default: the id, spaced.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """`- lighthouse` is short for `- {id: lighthouse}`."""
        return {"id": value} if isinstance(value, str) else value

    @property
    def printed(self) -> str:
        return self.name or self.id.replace("-", " ")


@dataclass(frozen=True)
class Vocabulary:
    """The words a campaign uses: its genre's, with its own added (the same id replaces)."""

    genre: str
    statuses: dict[str, StatusWord]
    marks: dict[str, MarkKind]
    location_kinds: dict[str, LocationKind]

    @property
    def first_status(self) -> str:
        """Where people start when their file names no status."""
        return next(iter(self.statuses))

    def status(self, status_id: str) -> StatusWord:
        """A status by id; one the campaign does not list (an old record) as itself."""
        return self.statuses.get(status_id) or StatusWord(id=status_id)


BUILT_IN_WORDS: dict[str, Vocabulary] = {
    genre: Vocabulary(
        genre,
        {s["id"]: StatusWord(**s) for s in words["statuses"]},
        {m["id"]: MarkKind(**m) for m in words["marks"]},
        {k["id"]: LocationKind(**k) for k in words["location_kinds"]},
    )
    for genre, words in GENRES.items()
}


def merged(
    genre: str,
    statuses: list[StatusWord],
    marks: list[MarkKind],
    location_kinds: list[LocationKind],
) -> Vocabulary:
    base = BUILT_IN_WORDS[genre]
    return Vocabulary(
        genre,
        {**base.statuses, **{s.id: s for s in statuses}},
        {**base.marks, **{m.id: m for m in marks}},
        {**base.location_kinds, **{k.id: k for k in location_kinds}},
    )


# Each list of words: its name in a hint, and its key in campaign.yaml.
_WORD_LISTS = {
    "status": ("statuses", "statuses"),
    "mark kind": ("mark kinds", "marks"),
    "location kind": ("kinds of place", "location_kinds"),
}


def vocabulary_hint(word: str, known: list[str], what: str, genre: str) -> str:
    """The hint for a word outside the campaign's set: the nearest one, the whole set, and
    the genres that have the word."""
    plural, key = _WORD_LISTS[what]
    close = nearest(word, known)
    near = f"did you mean `{close}`? " if close else ""
    listed = ", ".join(f"`{k}`" for k in known)
    elsewhere = [
        f"`{other}`"
        for other, words in BUILT_IN_WORDS.items()
        if word in getattr(words, key) and other != genre
    ]
    genres = f", or choose a genre that has it: {', '.join(elsewhere)}" if elsewhere else ""
    return (
        f"{near}the campaign's {plural} (genre `{genre}`, and its own): {listed}; add yours "
        f"under `{key}:` in campaign.yaml{genres}"
    )
