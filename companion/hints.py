"""Nearest-match suggestions for typos in keys and ids."""

from __future__ import annotations

from collections.abc import Iterable

from companion.errors import UnknownId


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` is a typo of, or None. A typo is a few slips of the keyboard (a
    letter missed, added, changed, or two swapped): at most one in four letters, and one in
    short words. `poster` is not a typo of `dossier`, nor `id` of `kind`."""
    from rapidfuzz.distance import OSA

    allowed = max(1, len(word) // 4)
    scored = sorted((OSA.distance(word.lower(), c.lower()), c) for c in set(choices))
    if scored and scored[0][0] <= allowed:
        return scored[0][1]
    return None


def did_you_mean(word: str, choices: Iterable[str], what: str = "") -> str | None:
    """A hint sentence for a mistyped key or id; lists the valid ones when none is close."""
    options = sorted(set(choices))
    match = nearest(word, options)
    if match is not None:
        return f"did you mean `{match}`?"
    if not options:
        return None
    shown = ", ".join(f"`{o}`" for o in options[:12])
    more = ", ..." if len(options) > 12 else ""
    label = f"valid {what}s" if what else "valid choices"
    return f"{label}: {shown}{more}"


def unknown_id(value: str, known: Iterable[str], what: str) -> UnknownId:
    """The error for an id the campaign does not define, with the nearest id as a hint."""
    hint = did_you_mean(value, known, f"{what} id") or f"the campaign defines no {what}s"
    return UnknownId(f"unknown {what} `{value}`", hint=hint)


def check_id(value: str, known: Iterable[str], what: str) -> str:
    """`value` if it is one of the `known` ids; else UnknownId with a hint."""
    options = set(known)
    if value in options:
        return value
    raise unknown_id(value, options, what)
