"""What an audience may see: the players' view of a campaign has every GM-only value removed (not
hidden) before any template runs; the GM's is the whole campaign."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from companion.campaign.models import (
    CONCEALED_TEXT_FIELD,
    GM_ONLY,
    REDACTION_CHAR,
    SLUG_PATTERN,
    Campaign,
    Concealable,
    FloorPlan,
)
from companion.campaign.plan_geometry import inside, on_outline

GM = "gm"


def for_audience(campaign: Campaign, audience: str, revealed_through: int = 0) -> Campaign:
    """The campaign as `audience` may see it after session `revealed_through`: `gm` sees all;
    players get every GM-only value removed (not hidden) before any template runs."""
    if audience == GM:
        return campaign
    stripped = _strip_gm_only(campaign, revealed_through)
    assert isinstance(stripped, Campaign)
    return stripped


def _is_gm_only(model: type[BaseModel], field: str) -> bool:
    return field in _gm_only_fields(model)


@cache
def _gm_only_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of a model marked GM-only: asked of each of a campaign's ten thousand
    values whenever a players' view is made, so read from the schema once per model."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get(GM_ONLY)
    )


def _strip_gm_only(value: Any, revealed_through: int) -> Any:
    if isinstance(value, BaseModel):
        if isinstance(value, Concealable):
            value = value.for_players(revealed_through)
        if isinstance(value, FloorPlan):
            value = _without_hidden_rooms(value)
        cls: type[BaseModel] = type(value)
        gm_only = _gm_only_fields(cls)
        updates = {}
        for name, info in cls.model_fields.items():
            if name in gm_only:
                updates[name] = info.get_default(call_default_factory=True)
            else:
                updates[name] = _strip_gm_only(getattr(value, name), revealed_through)
        return value.model_copy(update=updates)
    if isinstance(value, list):
        return [_strip_gm_only(v, revealed_through) for v in value if not _gm_item(v)]
    if isinstance(value, dict):
        return {k: _strip_gm_only(v, revealed_through) for k, v in value.items() if not _gm_item(v)}
    return value


def _without_hidden_rooms(plan: FloorPlan) -> FloorPlan:
    """What stands in a GM-only room leaves the players' plan with the room: its furniture,
    labels, marks and windows, the doors in its walls, and any route that passes through it."""
    hidden = [room.outline for room in plan.rooms if room.gm]
    if not hidden:
        return plan

    def in_hidden(point: tuple[float, float]) -> bool:
        return any(inside(point, outline) for outline in hidden)

    def midpoint(start: tuple[float, float], end: tuple[float, float]) -> tuple[float, float]:
        return (start[0] + end[0]) / 2, (start[1] + end[1]) / 2

    return plan.model_copy(
        update={
            "furniture": [f for f in plan.furniture if not in_hidden(f.at)],
            "labels": [label for label in plan.labels if not in_hidden(label.at)],
            "marks": [
                m
                for m in plan.marks
                if not any(in_hidden(p) for p in [*([m.at] if m.at else []), *m.path])
            ],
            "windows": [w for w in plan.windows if not in_hidden(midpoint(w.start, w.end))],
            "doors": [d for d in plan.doors if not any(on_outline(d.at, o) for o in hidden)],
        }
    )


def _concealed_text(value: BaseModel, field: str, revealed_through: int) -> bool:
    """The words of a redacted passage are secret; its label (a row name) is not."""
    return (
        isinstance(value, Concealable)
        and field == CONCEALED_TEXT_FIELD
        and value.concealed(revealed_through)
    )


def _gm_item(value: Any) -> bool:
    """List items marked `gm: true` (map marks, dossier rows) vanish from player views."""
    return bool(getattr(value, "gm", False))


def gm_only_texts(campaign: Campaign, revealed_through: int = 0) -> list[str]:
    """Every text the players must not see after session `revealed_through`: the leak tests
    search player PDFs for these."""
    return sorted(set(_texts(campaign, True, False, revealed_through)))


def visible_texts(campaign: Campaign, audience: str, revealed_through: int = 0) -> list[str]:
    """Every text `audience` may see (a GM note may quote these without leaking anything)."""
    view = for_audience(campaign, audience, revealed_through)
    return sorted(set(_texts(view, False, False, revealed_through)))


def _texts(value: Any, gm_only: bool, inside_gm: bool, revealed_through: int) -> Iterator[str]:
    """The strings of a model tree, either those under GM-only fields or those outside them."""
    if isinstance(value, str):
        # Ids are references, not prose: `location: restaurant` leaks nothing; nor does the
        # bar that stands in for a redacted passage in a player view.
        is_id = re.fullmatch(SLUG_PATTERN, value)
        is_bar = value and set(value) == {REDACTION_CHAR}
        if inside_gm == gm_only and not (is_id or is_bar):
            yield value
    elif isinstance(value, BaseModel):
        # A concealed passage hides only its words (below), not its row label.
        hidden = inside_gm or (_gm_item(value) and not isinstance(value, Concealable))
        cls = type(value)
        for name in cls.model_fields:
            concealed = _concealed_text(value, name, revealed_through)
            secret = hidden or _is_gm_only(cls, name) or concealed
            yield from _texts(getattr(value, name), gm_only, secret, revealed_through)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, gm_only, inside_gm, revealed_through)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item, gm_only, inside_gm, revealed_through)
