"""Safe YAML loading that keeps line/column marks and refuses what a campaign never needs."""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from companion.errors import LocatedError, LocatedErrors, Problem

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 48
MAX_NUMBER_DIGITS = 30
# Values longer than this are cut short when an error message quotes them.
MAX_QUOTED_CHARS = 40

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
# Text a game master types never holds control characters; escapes such as "\e[2J" could
# rewrite the terminal when an error quotes the value, and lone surrogates cannot be printed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_EXPONENT_NUMBER = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+")
_NOT_RESOLVED = {
    "tag:yaml.org,2002:timestamp",  # `born: 1951-03-14` stays the text it looks like
    "tag:yaml.org,2002:merge",  # `<<` is refused as a key below, and plain text as a value
    "tag:yaml.org,2002:value",  # a lone `=` is text
}


class _Resolver(yaml.resolver.Resolver):
    """The YAML 1.1 resolver without timestamps, merge keys and the `=` value key."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_RESOLVED]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


class _StrictComposer(yaml.composer.Composer):
    """Composes nodes but refuses directives, tags, anchors, aliases and runaway nesting while
    doing so, before any of them can take effect. The parser it is mixed with gives events."""

    path: Path
    depth: int
    peek_event: Callable[[], Any]  # from the parser mixed in

    def compose_document(self) -> Node | None:
        event = self.peek_event()
        if getattr(event, "version", None) or getattr(event, "tags", None):
            raise LocatedError(
                _problem_at(
                    self.path,
                    event.start_mark,
                    "YAML directives (`%YAML`, `%TAG`) are not allowed",
                    "remove the lines starting with `%`; campaign files need none",
                )
            )
        return super().compose_document()

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise LocatedError(_tag_problem(self.path, event.start_mark, tag))
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
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _StrictLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _StrictComposer,
    yaml.constructor.SafeConstructor,
    _Resolver,
):
    """The pure-Python loader: slow, but its errors name the problem precisely."""

    def __init__(self, text: str, path: Path) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.path = path
        self.depth = 0


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]  # not in the stubs

    class _FastLoader(CParser, yaml.constructor.SafeConstructor, _Resolver):
        """libyaml scanning, parsing and composing (several times faster), for files whose
        events hold nothing `_StrictComposer` refuses (see `_plain_events`). A file it fails
        on is read again by `_StrictLoader`, whose messages the error reports are written for."""

        def __init__(self, text: str, path: Path) -> None:
            CParser.__init__(self, text)
            yaml.constructor.SafeConstructor.__init__(self)
            _Resolver.__init__(self)
            self.path = path

    def _plain_events(text: str) -> bool:
        """Whether libyaml parses the text into events with no directive, tag, anchor or
        alias, nested at most MAX_DEPTH deep: what `_StrictComposer` checks as it composes.
        libyaml's composer checks none of it, so a file with any of them takes the slow path,
        which refuses it with the usual message before it can take effect."""
        parser = CParser(text)
        nesting = 0  # the collections open around the next node
        try:
            while parser.check_event():
                event = parser.get_event()
                if isinstance(event, yaml.NodeEvent):
                    if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
                        return False
                    if getattr(event, "tag", None) is not None or nesting >= MAX_DEPTH:
                        return False
                    nesting += isinstance(event, yaml.CollectionStartEvent)
                elif isinstance(event, yaml.CollectionEndEvent):
                    nesting -= 1
                elif isinstance(event, yaml.DocumentStartEvent) and (event.version or event.tags):
                    return False
        except yaml.YAMLError:
            return False
        finally:
            parser.dispose()
        return True


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: the plain data and the node tree that remembers where each value stood."""

    path: Path
    data: dict[str, Any]
    node: MappingNode
    # Values refused as they stand (unprintable text, absurd numbers): each is read as empty,
    # so that the rest of the file is still checked, and reported here.
    problems: tuple[Problem, ...] = ()

    def problem_at(
        self,
        where: Node | Sequence[str | int],
        message: str,
        hint: str | None = None,
        *,
        want_key: bool = False,
        code: str = "campaign",
    ) -> Problem:
        """A problem located at a node of this file, or at a validation `loc` in it."""
        node = where if isinstance(where, Node) else node_at(self.node, where, want_key=want_key)
        return _problem_at(self.path, node.start_mark, message, hint).coded(code)


def load_yaml(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument:
    """Read one campaign file; every failure is a LocatedError naming line and column (all of
    a file's problems at once, where the file parses)."""
    return parse_yaml(read_file_bytes(path, max_bytes), path, max_bytes=max_bytes)


def parse_yaml(raw: bytes, path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument:
    """A campaign file's bytes (as `read_file_bytes` gives them) parsed, as `load_yaml` does:
    what it finds depends on the bytes alone, so a loader may keep it by their digest."""
    text = _decoded(raw, path, max_bytes)
    if yaml.__with_libyaml__ and _fast_loader_reads_it_alike(text) and _plain_events(text):
        try:
            return _loaded(_FastLoader(text, path), path)
        except (LocatedError, LocatedErrors, yaml.YAMLError):
            pass  # read again below, for the precise message
    try:
        loader = _StrictLoader(text, path)
    except yaml.reader.ReaderError as error:  # the reader checks every character up front
        raise LocatedError(_reader_problem(path, text, error)) from None
    return _loaded(loader, path)


def problem_in_file(
    path: Path, loc: Sequence[str | int], message: str, hint: str | None, code: str
) -> Problem:
    """A problem at `loc` in a campaign file, or at the file itself when the thing is not
    written there (an automatic dossier, a plan made by the loader) or the file will not
    read."""
    try:
        return load_yaml(path).problem_at(loc, message, hint, code=code)
    except (LocatedError, OSError, KeyError, IndexError):
        return Problem(message, path if path.is_file() else None, hint=hint, code=code)


def _fast_loader_reads_it_alike(text: str) -> bool:
    """libyaml accepts more than the pure-Python loader: characters the reader refuses up
    front, and a tab between a key and its value. Such files take the slow path, so that a
    file loads (or fails) the same wherever libyaml is missing."""
    return "\t" not in text and yaml.reader.Reader.NON_PRINTABLE.search(text) is None


def _loaded(loader: _StrictLoader | _FastLoader, path: Path) -> YamlDocument:
    try:
        node = loader.get_single_node()
        if node is None:
            raise LocatedError(
                Problem("the file is empty", path, 1, 1, "a campaign file holds `key: value` lines")
            )
        structural, values = _check_tree(node, path)
        if structural:
            raise LocatedErrors(sorted([*structural, *values], key=_position))
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
    return YamlDocument(path, data, node, tuple(values))


def _position(problem: Problem) -> tuple[int, int]:
    return problem.line or 0, problem.column or 0


def _decoded(raw: bytes, path: Path, max_bytes: int) -> str:
    if len(raw) > max_bytes:
        raise LocatedError(
            Problem(
                f"the file is larger than {max_bytes // 1024} KiB",
                path,
                hint="campaign files are small text files; split it or check it is the right file",
            )
        )
    encoding = _wide_encoding(raw)
    if encoding is not None:
        raise LocatedError(
            Problem(
                f"the file is {encoding} text, not UTF-8",
                path,
                1,
                1,
                "save the file as UTF-8 in your editor",
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


def read_file_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """At most `max_bytes + 1` bytes of a regular file that is not reached through a link.

    The caller passes paths under the resolved campaign folder, so any link on the way is
    inside the campaign and may point anywhere (`npcs -> /etc`, `x.yaml -> ~/.ssh/id_rsa`).
    """
    if path.resolve() != Path(os.path.normpath(path.absolute())):
        raise LocatedError(
            Problem(
                "the file is reached through a symbolic link",
                path,
                hint="campaign files must be real files inside the campaign folder; copy it in",
            )
        )
    try:
        # O_NOFOLLOW: a link swapped in after the check above; O_NONBLOCK: a named pipe.
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise LocatedError(Problem(f"cannot read the file: {error.strerror}", path)) from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise LocatedError(Problem("not a regular file", path, hint="use a text file"))
        return stream.read(max_bytes + 1)


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32, by byte-order mark or by the zero bytes of ASCII text without one."""
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:64]
    if len(head) >= 4 and (not any(head[0::2]) or not any(head[1::2])):
        return "UTF-16"
    return None


def _reader_problem(path: Path, text: str, error: yaml.reader.ReaderError) -> Problem:
    position = max(0, min(error.position, len(text)))
    code = error.character if isinstance(error.character, int) else ord(error.character[:1] or " ")
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return Problem(
        f"the file contains the unprintable character U+{code:04X}",
        path,
        line,
        column,
        "remove it; campaign files hold printable text only",
    )


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(
        raw[line_start:offset].decode("utf-8", "replace")
    ) + 1


def _check_tree(root: Node, path: Path) -> tuple[list[Problem], list[Problem]]:
    """Every problem of the tree, in the order it stands in the file (walked iteratively: a
    deep file must not exhaust the stack). Structural ones (tags, keys) stop the file; a
    refused value is emptied in the tree, so the rest of the file can still be checked."""
    structural: list[Problem] = []
    values: list[Problem] = []
    pending: list[Node] = [root]
    while pending:
        node = pending.pop()
        if node.tag not in _ALLOWED_TAGS:
            structural.append(_tag_problem(path, node.start_mark, node.tag))
        elif isinstance(node, ScalarNode):
            refused = _scalar_problems(node, path)
            if refused:
                values += refused
                node.tag, node.value = "tag:yaml.org,2002:null", ""
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, MappingNode):
            structural += _key_problems(node, path)
            for key, value in node.value:
                pending.extend((key, value))
    return sorted(structural, key=_position), sorted(values, key=_position)


def _tag_problem(path: Path, mark: yaml.Mark | None, tag: str) -> Problem:
    shown = _quoted(tag.replace("tag:yaml.org,2002:", "!!"))
    return _problem_at(
        path,
        mark,
        f"the tag `{shown}` is not allowed",
        "remove the `!` tag; campaign files hold plain text, numbers and lists",
    )


def _scalar_problems(node: ScalarNode, path: Path) -> list[Problem]:
    control = _CONTROL.search(node.value)
    if control is not None:
        return [
            _problem_at(
                path,
                node.start_mark,
                f"the text contains the unprintable character U+{ord(control.group()):04X}",
                "remove it; campaign files hold printable text only",
            )
        ]
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        # Letters count too: `0xffff...` is as long a number as its decimal twin.
        digits = sum(ch.isalnum() for ch in node.value.removeprefix("0x").removeprefix("0o"))
        if digits > MAX_NUMBER_DIGITS:
            return [
                _problem_at(
                    path,
                    node.start_mark,
                    f"the number has {digits} digits; at most {MAX_NUMBER_DIGITS} are allowed",
                    'put it in quotes if it is meant as text, e.g. "0012345"',
                )
            ]
    if not math.isfinite(_float_value(node)):
        return [
            _problem_at(
                path,
                node.start_mark,
                f"`{_quoted(node.value)}` is not a number that can be used",
                "write an ordinary number such as 1.5; put it in quotes if it is meant as text",
            )
        ]
    return []


def _float_value(node: ScalarNode) -> float:
    """The number a value stands for, or 0 when it is not one.

    YAML 1.1 reads `1e999` (no dot, no exponent sign) as text, but pydantic turns that text
    into infinity for a number field, so plain text shaped like a number counts too.
    """
    if node.tag == _STR:
        # A plain scalar's style is None from PyYAML and '' from libyaml.
        plain_number = not node.style and _EXPONENT_NUMBER.fullmatch(node.value)
        return float(node.value.replace("_", "")) if plain_number else 0.0
    if node.tag != "tag:yaml.org,2002:float":
        return 0.0
    cleaned = node.value.replace("_", "").lower().lstrip("+-")
    if cleaned == ".inf":
        return math.inf
    if cleaned == ".nan":
        return math.nan
    if ":" in cleaned:  # sexagesimal `190:20:30.15`, bounded by the digit check
        return 0.0
    return float(cleaned)


def _key_problems(node: MappingNode, path: Path) -> list[Problem]:
    problems = []
    seen: dict[str, Node] = {}
    for key, _ in node.value:
        if isinstance(key, ScalarNode) and key.tag == _STR and key.value == "<<" and not key.style:
            message = "merge keys (`<<`) are not allowed"
            hint = "write the keys out in full in this block"
        elif not isinstance(key, ScalarNode) or key.tag != _STR:
            shown = _quoted(key.value) if isinstance(key, ScalarNode) else _kind(key)
            message = f"the key `{shown}` is not a word"
            hint = 'keys are names such as `title`; put it in quotes if you mean text: "yes"'
        elif not key.value.strip():
            message, hint = "the key is empty", "keys are names such as `title`"
        elif key.value in seen:
            first = seen[key.value].start_mark.line + 1
            message = f"the key `{_quoted(key.value)}` appears twice in the same block"
            hint = f"it was already given on line {first}; keep one of them"
        else:
            seen[key.value] = key
            continue
        problems.append(_problem_at(path, key.start_mark, message, hint))
    return problems


def _quoted(text: str) -> str:
    """A value short enough to quote in a message (a hostile key can be a megabyte long)."""
    return text if len(text) <= MAX_QUOTED_CHARS else text[: MAX_QUOTED_CHARS - 3] + "..."


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a block of keys"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the value `{_quoted(node.value)}`"


def _problem_at(path: Path, mark: yaml.Mark | None, message: str, hint: str | None) -> Problem:
    if mark is None:
        return Problem(message, path, hint=hint, code="yaml")
    return Problem(message, path, mark.line + 1, mark.column + 1, hint, code="yaml")


_SYNTAX_HINTS = {
    "found character '\\t'": "use spaces, not tabs, to indent",
    "could not find expected ':'": "a key is missing its colon, or a line is indented wrongly",
    "mapping values are not allowed here": "a value has an unquoted colon; put the value in quotes",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "but got '<stream end>'": "a quote or bracket is not closed",
    "expected <block end>": "check that this line is indented like the lines around it",
    "but found another document": "a campaign file holds one document; remove the second `---`",
}


# YAML itself limits a key written without `? ` to this many characters.
_MAX_KEY_CHARS = 1024


def _syntax_problem(path: Path, error: yaml.MarkedYAMLError) -> Problem:
    what = error.problem or error.context or "the YAML cannot be read"
    hint = next((h for key, h in _SYNTAX_HINTS.items() if key in what), None)
    if hint is None and "constructor" in type(error).__module__:
        hint = "campaign files hold plain text, numbers and lists"
    mark = error.problem_mark or error.context_mark
    if mark is not None and mark.column >= _MAX_KEY_CHARS and "':'" in what:
        hint = f"a key is at most {_MAX_KEY_CHARS} characters long; is this line a key?"
    return _problem_at(path, mark, f"YAML: {what}", hint)


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
                    key: Node = entry[0]
                    return key
                current = entry[1]
        elif (
            isinstance(current, SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(current.value)
        ):
            current = current.value[part]
    return current
