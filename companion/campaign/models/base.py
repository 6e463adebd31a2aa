"""What every campaign model shares: strict models, ids, GM-only fields, small vocabularies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

# The bundled hands by name (render/hands.py draws each): the YAML's words for them.
HandName = Literal[
    "caveat", "neat", "hurried", "looping", "copperplate", "child", "typewriter", "teleprinter"
]
DEFAULT_HAND: HandName = "caveat"
# The hands that are machines: a letter typed on one is signed by hand all the same.
TYPED_HANDS: tuple[HandName, ...] = ("typewriter", "teleprinter")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Limits on text, so that work stays bounded whatever a file holds (SECURITY.md lists them):
# far beyond what any prop or page needs (the longest text of the test campaigns is 3,000).
MAX_TEXT = 20_000
MAX_TITLE = 200  # a title, a name: one line on a page, a box in the clue graph

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
Markdown = Annotated[
    str, Field(description="Text; Markdown allowed (no raw HTML).", max_length=MAX_TEXT)
]
Title = Annotated[str, StringConstraints(max_length=MAX_TITLE)]
Paper = Literal["a4", "letter"]

GM_ONLY = "gm_only"


def _number_as_written(value: Any) -> Any:
    """`640` in a form's table is written as 640: numbers are the words a clerk wrote."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return format(value, "g") if is_number else value


Cell = Annotated[str, BeforeValidator(_number_as_written)]

# A reference found in a model: where it stands (pydantic-style loc), which collection, which id.
Reference = tuple[tuple[str | int, ...], str, str]
# A problem found by a model's own check: where, what, and a hint.
Check = tuple[tuple[str | int, ...], str, str | None]
# A problem a handout's kind finds against its campaign: where, what, a hint, and its code.
KindCheck = tuple[tuple[str | int, ...], str, str | None, str]


def gm_only(description: str, **kwargs: Any) -> Any:
    """A field the players must never see; `for_audience` removes it from player views."""
    return Field(description=f"GM only. {description}", json_schema_extra={GM_ONLY: True}, **kwargs)


class Strict(BaseModel):
    """Unknown keys are errors (they are usually typos); values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    def references(self) -> Iterator[Reference]:
        """Ids this entity points at, for the cross-reference check."""
        return iter(())

    def checks(self) -> Iterator[Check]:
        """Problems only the whole entity can see (a table outside the walls, say)."""
        return iter(())
