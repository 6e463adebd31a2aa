"""One build request: the cache keys and the whole-build shortcut come from its fields, so an
option cannot be forgotten by either."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from companion.build.request import (
    ROLE,
    Audience,
    BuildOptions,
    BuildPlan,
    BuildRequest,
    OutputFormat,
    Role,
    keyed,
)

# A value unlike each field's default, to see whether changing it changes the keys.
CHANGED: dict[str, Any] = {
    "only": ("meet-me",),
    "audience": Audience.PLAYER,
    "out_dir": Path("elsewhere"),
    "map_scale": "1:100",
    "paper": "letter",
    "bleed_mm": 3.0,
    "format": OutputFormat.PNG,
    "dpi": 300,
    "jobs": 2,
    "profile": "shop",
    "force": True,
    "run": "another build",
    "players": ("anna",),
    "book": True,
    "as_of_session": 2,
    "db_path": Path("other.db"),
    "copies": False,
}


def _fields() -> list[tuple[str, dataclasses.Field[Any]]]:
    return [("options", f) for f in dataclasses.fields(BuildOptions)] + [
        ("plan", f) for f in dataclasses.fields(BuildPlan)
    ]


@pytest.mark.parametrize(("part", "name"), [(p, f.name) for p, f in _fields()])
def test_each_option_is_in_the_keys_its_role_says(part: str, name: str) -> None:
    request = BuildRequest()
    field = next(f for p, f in _fields() if p == part and f.name == name)
    assert ROLE in field.metadata, f"{name}: say what it changes: metadata={ROLE: Role.X}"
    changed_part = dataclasses.replace(getattr(request, part), **{name: CHANGED[name]})
    changed = dataclasses.replace(request, **{part: changed_part})
    role = Role(field.metadata[ROLE])
    assert (changed.whole_key() != request.whole_key()) == (role != Role.RUN)
    if part == "options":
        assert (changed.options.render_key() != request.options.render_key()) == (
            role == Role.RENDER
        )


def test_an_option_added_later_is_in_the_keys_without_a_word() -> None:
    """A field added to the options, with its role or without one, reaches the keys: no
    list of options is kept by hand anywhere."""
    extended = dataclasses.make_dataclass(
        "Extended",
        [
            ("ink_saving", bool, dataclasses.field(default=False, metadata={ROLE: Role.RENDER})),
            ("grain", int, 0),
        ],
        bases=(BuildOptions,),
        frozen=True,
    )
    plain, saving, grainy = extended(), extended(ink_saving=True), extended(grain=5)
    assert keyed(plain, Role.RENDER) != keyed(saving, Role.RENDER)
    assert keyed(plain, Role.RENDER) != keyed(grainy, Role.RENDER)  # no role: in every key
    assert BuildRequest(saving).whole_key() != BuildRequest(plain).whole_key()


def test_a_whole_number_bleed_keys_the_cache_as_the_command_line_does() -> None:
    assert BuildOptions(bleed_mm=0).render_key() == BuildOptions(bleed_mm=0.0).render_key()
    assert BuildOptions().render_key() == BuildOptions(bleed_mm=0.0).render_key()
