"""What every handout shares: audience, reveal, paper and its wear, and concealable text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Self

from pydantic import (
    Field,
)

from companion.campaign.models.base import Markdown, Reference, Slug, Strict, gm_only


class PaperWear(Strict):
    """How the sheet itself has aged and been handled, whatever is printed on it."""

    tone: Literal["plain", "aged", "blue", "grey", "onionskin"] = Field(
        "plain", description="`aged` (yellowed), `blue`, `grey`, `onionskin` (thin, see-through)."
    )
    foxed: bool = Field(False, description="Brown age spots.")
    edge: Literal["clean", "torn", "burnt"] = "clean"
    carbon: bool = Field(False, description="A carbon copy: the words in faint violet.")
    folded: Literal["no", "in-two", "in-three"] = Field(
        "no", description="Fold lines across the sheet, moved into gaps between lines of text."
    )


class HandoutBase(Strict):
    """What every handout kind shares: who gets it, when, and the GM's side of it."""

    id: Slug
    title: str = Field(description="Name of the handout, for lists and the GM copy.")
    player_title: str | None = Field(
        None,
        description="Its name on the players' copies (PDF title, bookmark, sheet label, "
        "recap); default: what the prop itself shows, such as a file's subject.",
    )
    to: list[Slug] | Literal["all"] = Field(
        "all", description="Player ids who receive it, or `all`."
    )
    language: str | None = Field(None, description="Language of the text, e.g. `en` or `ru`.")
    location: Slug | None = Field(None, description="Id of the location where it turns up.")
    reveal: str | None = gm_only("When and how the players get it.", default=None)
    author: Slug | None = gm_only("Id of the NPC who made it.", default=None)
    gm_notes: Markdown | None = gm_only("Why it exists and what it leads to.", default=None)
    paper: PaperWear | None = Field(
        None, description="Aged, foxed, torn or burnt, a carbon copy, folded: the sheet's wear."
    )

    def references(self) -> Iterator[Reference]:
        if self.to != "all":
            for index, player in enumerate(self.to):
                yield ("to", index), "players", player
        if self.location is not None:
            yield ("location",), "locations", self.location
        if self.author is not None:
            yield ("author",), "npcs", self.author


class Concealable(Strict):
    """A piece of a document prop that players may not (yet) read.

    `redacted`: players see a black bar where it stands. `gm`: players do not see it at all.
    `revealed_in`: hidden (as a bar) until that session, readable from then on.
    """

    redacted: bool = Field(False, description="Players see a black bar instead of the text.")
    gm: bool = Field(False, description="Players do not see this at all.")
    revealed_in: int | None = Field(
        None, ge=1, description="Session number from which players may read it."
    )

    def concealed(self, revealed_through: int) -> bool:
        """Whether players must not read it after session `revealed_through`."""
        if self.gm:
            return True
        if self.revealed_in is not None:
            return self.revealed_in > revealed_through
        return self.redacted

    def for_players(self, revealed_through: int) -> Self:
        """The player's copy: concealed text becomes block characters of about its length, so
        the prop can draw a bar of plausible size; the words themselves are gone."""
        if not self.concealed(revealed_through):
            return self.model_copy(update={"redacted": False, "revealed_in": None})
        text = getattr(self, CONCEALED_TEXT_FIELD)
        return self.model_copy(update={CONCEALED_TEXT_FIELD: redaction_bar(text), "redacted": True})


CONCEALED_TEXT_FIELD = "text"
REDACTION_CHAR = "\u2588"


def redaction_bar(text: str) -> str:
    """Block characters standing for `text`, rounded up to 6 so the bar hides exact length."""
    length = len(" ".join(text.split()))
    return REDACTION_CHAR * (-(-length // 6) * 6)
