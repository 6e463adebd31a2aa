"""Campaign files read alike with libyaml (its parser and composer, where it is installed)
and with PyYAML's own loader: the same data at the same lines and columns, and the same
located refusals of what libyaml's composer would let through."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from companion.campaign import marked_yaml
from companion.campaign.marked_yaml import load_yaml
from companion.errors import LocatedError
from tests.conftest import ASSETS, ROOT

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml is not installed")

CAMPAIGN_FILES = sorted(
    [
        *(ROOT / "campaigns" / "ozola").rglob("*.yaml"),
        *(ASSETS / "saint-of-the-nets").rglob("*.yaml"),
    ]
)


def _marks(node: Node) -> list[tuple[str, int, int]]:
    found = [(node.tag, node.start_mark.line, node.start_mark.column)]
    if isinstance(node, MappingNode):
        for key, value in node.value:
            found += _marks(key) + _marks(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            found += _marks(item)
    return found


def _read(path: Path) -> tuple[object, ...]:
    try:
        document = load_yaml(path)
    except LocatedError as error:
        return tuple(str(problem) for problem in error.problems)
    return document.data, _marks(document.node), document.problems


def test_every_campaign_file_reads_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [_read(path) for path in CAMPAIGN_FILES]
    monkeypatch.setattr(marked_yaml.yaml, "__with_libyaml__", False)
    assert fast == [_read(path) for path in CAMPAIGN_FILES]
    assert len(CAMPAIGN_FILES) > 20


REFUSED = {
    "tag": "name: !!str Natalia\n",
    "anchor": "name: &who Natalia\n",
    "alias": "name: &who Natalia\nrole: *who\n",
    "directive": "%YAML 1.1\n---\nname: Natalia\n",
    "depth": "name: " + "[" * 49 + "]" * 49 + "\n",
    "two documents": "name: Natalia\n---\nname: Karl\n",
}


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_what_libyaml_would_let_through_is_refused_alike(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "natalia.yaml"
    path.write_text(text)
    with pytest.raises(LocatedError) as fast:
        load_yaml(path)
    monkeypatch.setattr(marked_yaml.yaml, "__with_libyaml__", False)
    with pytest.raises(LocatedError) as usual:
        load_yaml(path)
    assert [str(p) for p in fast.value.problems] == [str(p) for p in usual.value.problems]
    assert all(problem.line for problem in fast.value.problems)
