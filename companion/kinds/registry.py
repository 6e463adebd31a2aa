"""The one registry of handout kinds: each kind declared once, everything else derived from it.

Adding a kind: its model in `models.py` (and in the `Handout` union), a module here with its
context builder, `templates/<kind>.html.j2` and `templates/<kind>.css`, and one line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from companion.campaign.models import (
    CardHandout,
    CipherHandout,
    ClippingHandout,
    DossierHandout,
    FormHandout,
    HandoutBase,
    LetterHandout,
    MapHandout,
    MatchboxHandout,
    NoteHandout,
    PosterHandout,
    RansomHandout,
    TelegramHandout,
    kind_name,
)
from companion.kinds.base import HandoutContext, PageTemplate
from companion.render.layout import Measured

# (campaign as the audience sees it, the handout, is this the GM's copy?) -> template context
ContextBuilder = Callable[[Any, Any, bool], HandoutContext]
# (context, a way to lay a context out and read back its lines) -> the context, fitted
Fitter = Callable[[Any, Callable[[HandoutContext], Measured]], HandoutContext]


@dataclass(frozen=True)
class HandoutKind:
    """What the pipeline needs to know about one kind of handout."""

    model: type[HandoutBase]
    build_context: ContextBuilder
    # Relative cost of laying one out; parallel builds start with the heaviest.
    weight: int = 1
    # What a handout of this kind weighs beyond its kind's weight, by its own size.
    extra_weight: Callable[[Any], int] | None = None
    # Fits the text to fixed-size paper from a trial layout (shrink, go on, or refuse).
    fit: Fitter | None = None

    @property
    def name(self) -> str:
        """The `kind:` a YAML file writes, taken from the model so the two cannot disagree."""
        return kind_name(self.model)

    # The other kind a handout of this one prints as, if it does (a note written on a card
    # prints as the card); its context builder then returns that kind's context.
    prints_as: Callable[[Any], str | None] | None = None

    @property
    def page(self) -> PageTemplate:
        """`templates/<kind>.html.j2`, styled by `templates/<kind>.css`."""
        return PageTemplate(f"{self.name}.html.j2", f"{self.name}.css")

    def page_of(self, handout: HandoutBase) -> PageTemplate:
        """The page this handout prints on: its kind's, or the one it prints as."""
        other = self.prints_as(handout) if self.prints_as else None
        return KINDS[other].page if other else self.page


@dataclass(frozen=True)
class KindFunction:
    """The function `name` of the kind's module `companion.kinds.<module>`, imported when
    first called: a build after an edit makes one kind or two, and importing every kind's
    module (a map's plan needs shapely and numpy) would cost it a tenth of a second or more."""

    module: str
    name: str

    def found(self) -> Callable[..., Any]:
        function: Callable[..., Any] = getattr(
            import_module(f"companion.kinds.{self.module}"), self.name
        )
        return function

    def __call__(self, *arguments: Any) -> Any:
        return self.found()(*arguments)


KINDS: dict[str, HandoutKind] = {
    kind.name: kind
    for kind in (
        HandoutKind(
            NoteHandout,
            KindFunction("note", "note_context"),
            fit=KindFunction("note", "fit_note"),
            prints_as=lambda handout: "card" if handout.written_on else None,
        ),
        HandoutKind(DossierHandout, KindFunction("dossier", "dossier_context"), weight=2),
        HandoutKind(MapHandout, KindFunction("map", "map_context"), weight=3),
        HandoutKind(
            CardHandout,
            KindFunction("card", "card_context"),
            fit=KindFunction("card", "fit_card"),
            extra_weight=KindFunction("card", "extra_weight"),
        ),
        HandoutKind(
            LetterHandout,
            KindFunction("letter", "letter_context"),
            fit=KindFunction("letter", "fit_letter"),
        ),
        HandoutKind(TelegramHandout, KindFunction("telegram", "telegram_context")),
        HandoutKind(CipherHandout, KindFunction("cipher", "cipher_context")),
        HandoutKind(
            ClippingHandout,
            KindFunction("clipping", "clipping_context"),
            fit=KindFunction("clipping", "fit_clipping"),
        ),
        HandoutKind(RansomHandout, KindFunction("ransom", "ransom_context")),
        HandoutKind(
            MatchboxHandout,
            KindFunction("matchbox", "matchbox_context"),
            fit=KindFunction("matchbox", "fit_matchbox"),
        ),
        HandoutKind(FormHandout, KindFunction("form", "form_context")),
        HandoutKind(
            PosterHandout,
            KindFunction("poster", "poster_context"),
            fit=KindFunction("poster", "fit_poster"),
        ),
    )
}


def kind_of(handout: HandoutBase) -> HandoutKind:
    return KINDS[kind_name(type(handout))]


def weight_of(handout: HandoutBase) -> int:
    """What laying out this handout costs against the others: its kind's weight and, for
    some kinds, more for a bigger one (a sheet of twenty business cards is no quick note)."""
    kind = kind_of(handout)
    return kind.weight + (kind.extra_weight(handout) if kind.extra_weight else 0)
