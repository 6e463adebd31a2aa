"""Turns pydantic validation errors into located problems a game master can act on."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from companion.campaign.files import entity_file
from companion.campaign.marked_yaml import YamlDocument, node_at, problem_in_file
from companion.campaign.models import SCALE_PATTERN, SLUG_PATTERN, Campaign
from companion.errors import Problem
from companion.hints import did_you_mean

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "yes or no (`true` or `false`)",
    "bool_parsing": "yes or no (`true` or `false`)",
    "list_type": "a list (lines starting with `- `)",
    "dict_type": "a block of `key: value` lines",
    "model_type": "a block of `key: value` lines",
    "model_attributes_type": "a block of `key: value` lines",
    "finite_number": "a finite number",
}
_PATTERNS = {
    SLUG_PATTERN: "an id: lowercase letters, digits and dashes, like `old-friend`",
    SCALE_PATTERN: "a scale such as `1:50` or `1in=5ft`",
}


def validate_document(
    model: type[BaseModel], doc: YamlDocument, extra: dict[str, Any] | None = None
) -> tuple[BaseModel | None, list[Problem]]:
    """Validate a file's data against `model`; return the model or every problem found."""
    try:
        return model.model_validate({**doc.data, **(extra or {})}), []
    except ValidationError as error:
        details = _without_other_union_branches(error.errors(), doc)
        problems = [
            problem_from(model, doc, detail).coded(f"schema.{detail['type']}") for detail in details
        ]
        return None, list(dict.fromkeys(problems))


def valid_part(
    model: type[BaseModel], doc: YamlDocument, extra: dict[str, Any] | None = None
) -> tuple[BaseModel, dict[str, Any]] | None:
    """The file without the top-level keys its schema errors stand under, if the rest is
    valid, with the data it was validated from: what it refers to is checked all the same,
    so a second run, once the errors are fixed, finds nothing new. None when what is left is
    not a whole entity either."""
    data = {**doc.data, **(extra or {})}
    try:
        return model.model_validate(data), data
    except ValidationError as error:
        bad = {detail["loc"][0] for detail in error.errors() if detail["loc"]}
    rest = {k: v for k, v in data.items() if k not in bad}
    try:
        return model.model_validate(rest), rest
    except ValidationError:
        return None


_TYPE_TAGS = {"str", "int", "float", "bool", "list", "dict"}


def _without_other_union_branches(
    details: list[ErrorDetails], doc: YamlDocument
) -> list[ErrorDetails]:
    """For a value that may be text or a block (`str | Passage`), pydantic reports why it
    fails as each; keep only the errors of the branch the YAML actually wrote."""
    kept = []
    for detail in details:
        loc = tuple(detail["loc"])
        branch = next(
            (
                i
                for i, part in enumerate(loc)
                if isinstance(part, str)
                and _is_branch(part)
                and not _written_key(doc.node, loc[:i], part)
            ),
            None,
        )
        if branch is None:
            kept.append(detail)
            continue
        written = node_at(doc.node, loc[:branch])
        if _branch_shape(str(loc[branch])) is type(written):
            kept.append({**detail, "loc": loc[:branch] + loc[branch + 1 :]})
    return kept


def _is_branch(part: str) -> bool:
    """Union member names in a loc: model classes (capitalised), builtin type names, and
    pydantic's tags for the others (`list[constrained-str]`, `literal['all']`)."""
    return part[:1].isupper() or part in _TYPE_TAGS or any(c in part for c in "[]'-")


def _branch_shape(part: str) -> type[Node]:
    """What a union member looks like in YAML: a block of keys, a list, or a plain value."""
    if part[:1].isupper() or part.startswith("dict"):
        return MappingNode
    if part.startswith(("list", "tuple", "set")):
        return SequenceNode
    return ScalarNode


def _written_key(root: Node, parent_loc: Sequence[str | int], part: str) -> bool:
    """A key the YAML itself wrote (`list:`, `Name:`) is never a union branch name."""
    parent = node_at(root, parent_loc)
    return isinstance(parent, MappingNode) and any(k.value == part for k, _ in parent.value)


def problem_from(model: type[BaseModel], doc: YamlDocument, detail: ErrorDetails) -> Problem:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    field = dotted(loc)
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed, "key")
        return doc.problem_at(loc, f"unknown key `{loc[-1]}`", hint, want_key=True)
    node = node_at(doc.node, loc)
    if kind == "missing":
        return doc.problem_at(node, f"`{field}` is missing", f"add a line `{loc[-1]}: ...`")
    found = _describe(node)
    if kind == "literal_error":
        choices = _literal_choices(detail)
        given = node.value if isinstance(node, ScalarNode) else ""
        hint = did_you_mean(given, choices, "value") if given else None
        shown = ", ".join(f"`{c}`" for c in choices)
        return doc.problem_at(node, f"`{field}`: expected one of {shown}; found {found}", hint)
    if kind == "value_error":
        reason = str((detail.get("ctx") or {}).get("error", detail["msg"]))
        # A check of the whole file stands at its top, with no field to name.
        return doc.problem_at(node, f"`{field}`: {reason}" if field else reason, None)
    bound = _bound(kind, detail.get("ctx") or {})
    if bound is not None:
        hint = _BOUND_HINTS.get(kind)
        return doc.problem_at(node, f"`{field}`: expected {bound}; found {found}", hint)
    if kind == "string_pattern_mismatch":
        pattern = str((detail.get("ctx") or {}).get("pattern", ""))
        shape = _PATTERNS.get(pattern, f"text of the form `{pattern}`")
        return doc.problem_at(node, f"`{field}`: expected {shape}; found {found}", None)
    expected = _EXPECTED.get(kind)
    if expected is not None:
        hint = None
        if kind == "string_type" and isinstance(node, MappingNode):
            hint = "words with `: ` in them read as a key and its value: put them in quotes"
        return doc.problem_at(node, f"`{field}`: expected {expected}; found {found}", hint)
    return doc.problem_at(node, f"`{field}`: {detail['msg'].lower()}; found {found}", None)


_BOUNDS = {
    "greater_than": "a number above {gt}",
    "greater_than_equal": "a number of at least {ge}",
    "less_than": "a number below {lt}",
    "less_than_equal": "a number of at most {le}",
    "too_long": "at most {max_length} items",
    "too_short": "at least {min_length} items",
    "string_too_long": "at most {max_length} characters",
    "string_too_short": "words (at least {min_length} character)",
}
_BOUND_HINTS = {
    "too_short": "give at least one, each on a line of its own: `- ...`",
    "string_too_long": "shorten it: the limits keep every build quick (SECURITY.md lists them)",
    "string_too_short": "write the words after the colon: empty, it would print nothing",
}


def _bound(kind: str, ctx: dict[str, Any]) -> str | None:
    """Words for a number or list outside its bounds: `a number above 0`."""
    template = _BOUNDS.get(kind)
    shown = {key: f"{value:g}" if isinstance(value, float) else value for key, value in ctx.items()}
    return template.format(**shown) if template else None


def dotted(loc: Sequence[str | int]) -> str:
    """`players[0].character.name` from a pydantic loc."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _describe(node: Node) -> str:
    if isinstance(node, ScalarNode):
        value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"`{value}`" if value else "nothing"
    return "a list" if isinstance(node, SequenceNode) else "a block of keys"


def _literal_choices(detail: ErrorDetails) -> list[str]:
    expected = str((detail.get("ctx") or {}).get("expected", ""))
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip()]


def _field_names(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Keys allowed at `loc` inside `model`, for "did you mean" hints."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, str) and _is_model(current) and part in current.model_fields:
            current = current.model_fields[part].annotation
        elif isinstance(part, int) and get_origin(current) is list:
            current = get_args(current)[0]
    current = _unwrap(current)
    if not _is_model(current):
        return []
    return [name for name in current.model_fields if name != "id"]


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional so that the model class inside shows."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            models = [m for m in members if _is_model(m)]
            annotation = models[0] if models else members[0]
        else:
            return annotation


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def handout_problem(
    campaign: Campaign, handout_id: str, loc: tuple[str | int, ...], message: str, hint: str | None
) -> Problem:
    """A problem found while printing a handout, located at `loc` in its YAML file (or at
    the file alone, for a handout the loader made, such as an automatic dossier)."""
    path = entity_file(campaign.root, "handouts", handout_id)
    return problem_in_file(path, loc, message, hint, "does-not-fit")
