"""Safe YAML loading that keeps line/column marks and refuses what a campaign never needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from companion.errors import LocatedError, Problem

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 48
MAX_NUMBER_DIGITS = 30

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


class _Resolver(yaml.resolver.Resolver):
    """The YAML 1.1 resolver without timestamps: `born: 1951-03-14` stays the text it looks like."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


class _StrictLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.SafeConstructor,
    _Resolver,
):
    """Composes nodes but refuses anchors, aliases and runaway nesting while doing so."""

    def __init__(self, text: str, path: Path) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.path = path
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise LocatedError(
                _problem_at(
                    self.path,
                    event.start_mark,
                    "YAML anchors and aliases (`&name`, `*name`) are not allowed",
                    "write the value out in full; aliases can make a small file expand "
                    "into a huge one",
                )
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LocatedError(
                _problem_at(
                    self.path,
                    event.start_mark,
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    "campaign files need only a few levels; check the indentation",
                )
            )
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self.depth -= 1


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: the plain data and the node tree that remembers where each value stood."""

    path: Path
    data: dict[str, Any]
    node: MappingNode


def load_yaml(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument:
    """Read one campaign file; every failure is a LocatedError naming line and column."""
    text = _read_text(path, max_bytes)
    loader = _StrictLoader(text, path)
    try:
        node = loader.get_single_node()
        if node is None:
            raise LocatedError(
                Problem("the file is empty", path, 1, 1, "a campaign file holds `key: value` lines")
            )
        _check_tree(node, path)
        if not isinstance(node, MappingNode):
            raise LocatedError(
                _problem_at(
                    path,
                    node.start_mark,
                    f"expected `key: value` lines at the top of the file, found {_kind(node)}",
                    "start each line at the left margin with a key such as `name:`",
                )
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise LocatedError(_syntax_problem(path, error)) from None
    except yaml.YAMLError as error:  # unmarked errors, e.g. from the reader
        raise LocatedError(Problem(f"cannot read YAML: {error}", path)) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, node)


def _read_text(path: Path, max_bytes: int) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise LocatedError(Problem(f"cannot read the file: {error.strerror}", path)) from None
    if len(raw) > max_bytes:
        raise LocatedError(
            Problem(
                f"the file is larger than {max_bytes // 1024} KiB",
                path,
                hint="campaign files are small text files; split it or check it is the right file",
            )
        )
    if b"\x00" in raw:
        line, column = _line_column(raw, raw.index(b"\x00"))
        raise LocatedError(
            Problem("the file is binary, not text", path, line, column, "save it as UTF-8 text")
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        raise LocatedError(
            Problem(
                f"the file is not UTF-8 text (byte 0x{raw[error.start]:02X} cannot be read)",
                path,
                line,
                column,
                "save the file as UTF-8 in your editor",
            )
        ) from None
    return text.removeprefix("\ufeff")


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(
        raw[line_start:offset].decode("utf-8", "replace")
    ) + 1


def _check_tree(root: Node, path: Path) -> None:
    """Refuse explicit tags, duplicate keys, non-text keys and absurd numbers, iteratively."""
    pending: list[Node] = [root]
    while pending:
        node = pending.pop()
        if node.tag not in _ALLOWED_TAGS:
            raise LocatedError(
                _problem_at(
                    path,
                    node.start_mark,
                    f"the tag `{node.tag.replace('tag:yaml.org,2002:', '!!')}` is not allowed",
                    "remove the `!` tag; campaign files hold plain text, numbers and lists",
                )
            )
        if isinstance(node, ScalarNode):
            _check_scalar(node, path)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, MappingNode):
            _check_keys(node, path)
            for key, value in node.value:
                pending.extend((key, value))


def _check_scalar(node: ScalarNode, path: Path) -> None:
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        digits = sum(ch.isdigit() for ch in node.value)
        if digits > MAX_NUMBER_DIGITS:
            raise LocatedError(
                _problem_at(
                    path,
                    node.start_mark,
                    f"the number has {digits} digits; at most {MAX_NUMBER_DIGITS} are allowed",
                    'put it in quotes if it is meant as text, e.g. "0012345"',
                )
            )


def _check_keys(node: MappingNode, path: Path) -> None:
    seen: dict[str, Node] = {}
    for key, _ in node.value:
        if not isinstance(key, ScalarNode) or key.tag != _STR:
            shown = key.value if isinstance(key, ScalarNode) else _kind(key)
            raise LocatedError(
                _problem_at(
                    path,
                    key.start_mark,
                    f"the key `{shown}` is not a word",
                    'keys are names such as `title`; put it in quotes if you mean text: "yes"',
                )
            )
        if key.value in seen:
            first = seen[key.value].start_mark.line + 1
            raise LocatedError(
                _problem_at(
                    path,
                    key.start_mark,
                    f"the key `{key.value}` appears twice in the same block",
                    f"it was already given on line {first}; keep one of them",
                )
            )
        seen[key.value] = key


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a block of keys"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the value `{node.value}`"


def _problem_at(path: Path, mark: yaml.Mark | None, message: str, hint: str | None) -> Problem:
    if mark is None:
        return Problem(message, path, hint=hint)
    return Problem(message, path, mark.line + 1, mark.column + 1, hint)


_SYNTAX_HINTS = {
    "found character '\\t'": "use spaces, not tabs, to indent",
    "could not find expected ':'": "a key is missing its colon, or a line is indented wrongly",
    "mapping values are not allowed here": "a value has an unquoted colon; put the value in quotes",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "but got '<stream end>'": "a quote or bracket is not closed",
    "expected <block end>": "check that this line is indented like the lines around it",
}


def _syntax_problem(path: Path, error: yaml.MarkedYAMLError) -> Problem:
    what = error.problem or error.context or "the YAML cannot be read"
    hint = next((h for key, h in _SYNTAX_HINTS.items() if key in what), None)
    if hint is None and "constructor" in type(error).__module__:
        hint = "campaign files hold plain text, numbers and lists"
    return _problem_at(path, error.problem_mark or error.context_mark, f"YAML: {what}", hint)


def node_at(root: Node, loc: Sequence[str | int], *, want_key: bool = False) -> Node:
    """The deepest node along a validation error's `loc`; the key node itself when `want_key`.

    Parts that are not in the tree (a missing field, a union's tag name) are skipped, so the
    answer is the closest enclosing value.
    """
    current = root
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(current, MappingNode) and isinstance(part, str):
            entry = next(((k, v) for k, v in current.value if k.value == part), None)
            if entry is not None:
                if last and want_key:
                    return entry[0]
                current = entry[1]
        elif (
            isinstance(current, SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(current.value)
        ):
            current = current.value[part]
    return current
