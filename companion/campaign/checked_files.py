"""Each campaign file's checked result, kept by a digest of its bytes, so that a build after an
edit parses and checks again only the files that changed.

What loading one file finds (its model, or the valid rest of a file with errors, and every
problem located in it, its own checks' too) depends on its bytes, its place in the campaign
and the program alone. A build keeps these results in one file of its cache folder, each
under a digest of all three. A model is kept as the data it was validated from and validated
again when read back (a small part of what reading the YAML costs), so a kept result gives
the very model a fresh reading gives. A result kept by another version of companion never
matches, and a kept file or result of the wrong shape counts as none: it is data, never an
error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from companion.atomic import read_json, write_atomic
from companion.campaign.marked_yaml import YamlDocument
from companion.campaign.models import Strict
from companion.errors import Problem

# Bump when what a result keeps, or how, changes: every result kept before is then ignored.
RESULT_FORMAT = 1
# The largest file of results read back (a campaign of 300 files keeps about 300 KB).
MAX_KEPT_BYTES = 64 * 1024 * 1024
_PROBLEM_FIELDS = {"message", "line", "column", "hint", "code"}


@dataclass(frozen=True)
class CheckedFile:
    """What loading one file found: its model (None when nothing of it validated) with the
    data it was validated from, whether that is the whole file, its problems in the order
    loading reports them, and what its own checks found (when whole)."""

    model: Strict | None
    data: dict[str, Any] | None
    whole: bool
    problems: tuple[Problem, ...]
    own: tuple[Problem, ...] = ()
    document: YamlDocument | None = None  # the file as parsed, when it was just now


Check = Callable[[], CheckedFile]


class CheckedFiles:
    """The kept results of one campaign's files: read from `path` (unless `read` is false)
    and, when done with (as a context manager), written back there if the folder `within`
    exists. `version` is the program's; `models` are the classes a kept result may name."""

    def __init__(
        self,
        path: Path,
        within: Path,
        version: str,
        models: Mapping[str, type[Strict]],
        read: bool = True,
    ) -> None:
        self.path, self.within, self.version, self.models = path, within, version, models
        self._kept = _kept_results(path, version) if read else {}
        self._used: dict[str, object] = {}

    def __enter__(self) -> CheckedFiles:
        return self

    def __exit__(self, *exception: object) -> None:
        self.save()

    def checked(self, path: Path, place: str, raw: bytes, check: Check) -> CheckedFile:
        """The result for the file at `path` (`place` in the campaign) with the bytes `raw`:
        as kept, or else from `check`, and kept from now on."""
        key = hashlib.sha256(json.dumps([self.version, place]).encode() + raw).hexdigest()
        kept = self._kept.get(key)
        found = _decoded(kept, path, self.models) if kept is not None else None
        if found is None:
            found = check()
            kept = _encoded(found, path)
        if kept is not None:
            self._used[key] = kept
        return found

    def save(self) -> None:
        """Keep the results of the files checked since this was made, and only those (an
        edited file leaves no older result behind), when they are not already kept. Only
        into a folder that is there (a build's output folder, once it has written): a build
        refused before it writes anything leaves no folder behind for them alone."""
        if self._used == self._kept or not self.within.is_dir():
            return
        kept = {"format": RESULT_FORMAT, "version": self.version, "results": self._used}
        data = json.dumps(kept, separators=(",", ":")).encode()
        write_atomic(self.path, data, within=self.within, durable=False)


def _kept_results(path: Path, version: str) -> dict[str, object]:
    kept = read_json(path, MAX_KEPT_BYTES)
    if kept is None or kept.get("format") != RESULT_FORMAT or kept.get("version") != version:
        return {}
    results = kept.get("results")
    return results if isinstance(results, dict) else {}


def _encoded(found: CheckedFile, path: Path) -> dict[str, object] | None:
    """A result as kept, or None when it cannot be kept exactly: a problem of another file,
    data that JSON would change."""
    problems = [*found.problems, *found.own]
    if any(problem.file != path for problem in problems):
        return None
    if found.data is not None and json.loads(json.dumps(found.data)) != found.data:
        return None
    return {
        "model": type(found.model).__name__ if found.model is not None else None,
        "data": found.data,
        "whole": found.whole,
        "problems": [_encoded_problem(problem) for problem in found.problems],
        "own": [_encoded_problem(problem) for problem in found.own],
    }


def _encoded_problem(problem: Problem) -> dict[str, object]:
    return {
        "message": problem.message,
        "line": problem.line,
        "column": problem.column,
        "hint": problem.hint,
        "code": problem.code,
    }


def _decoded(kept: object, path: Path, models: Mapping[str, type[Strict]]) -> CheckedFile | None:
    """A kept result read back, or None when it is not of the shape `_encoded` gives."""
    if not isinstance(kept, dict) or not isinstance(kept.get("whole"), bool):
        return None
    problems = _decoded_problems(kept.get("problems"), path)
    own = _decoded_problems(kept.get("own"), path)
    if problems is None or own is None:
        return None
    name, data = kept.get("model"), kept.get("data")
    if name is None and data is None:
        return CheckedFile(None, None, False, problems, own)
    model = models.get(name) if isinstance(name, str) else None
    if model is None or not isinstance(data, dict):
        return None
    try:
        validated = model.model_validate(data)
    except ValidationError:
        return None
    return CheckedFile(validated, data, kept["whole"], problems, own)


def _decoded_problems(kept: object, path: Path) -> tuple[Problem, ...] | None:
    if not isinstance(kept, list):
        return None
    problems = []
    for item in kept:
        if not isinstance(item, dict) or not _is_problem(item):
            return None
        line, column = item["line"], item["column"]
        problems.append(
            Problem(item["message"], path, line, column, item["hint"], code=item["code"])
        )
    return tuple(problems)


def _is_problem(item: dict[str, Any]) -> bool:
    if set(item) != _PROBLEM_FIELDS or not isinstance(item["hint"], str | None):
        return False
    texts = isinstance(item["message"], str) and isinstance(item["code"], str)
    numbers = (item["line"], item["column"])
    return texts and all(n is None or (type(n) is int and n >= 0) for n in numbers)
