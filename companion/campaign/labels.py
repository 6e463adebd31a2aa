"""The words props print that are not the campaign's own (a form's "Signature", a file's
"Page 1 of 3", a pad's title, a plan's legend and its title, a tiled page's instructions), in
the prop's language: one table (`labels.yaml`, data kept as data) and the campaign's own words
over it (`labels:` in campaign.yaml). A language the table lacks prints the English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yaml")
FALLBACK = "en"


# The table is ours, not a campaign's: libyaml reads it, where there is libyaml, in a sixth of
# the time PyYAML's own parser takes (60 ms of every build that names a prop's kind).
TABLE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def label_table() -> dict[str, dict[str, str]]:
    """Every label by key, its word by language."""
    data = yaml.load(LABELS_FILE.read_text(encoding="utf-8"), Loader=TABLE_LOADER)
    return {
        str(key): {str(lang): str(word) for lang, word in words.items()}
        for key, words in data.items()
    }


def _base(language: str) -> str:
    """`de` of `de-AT`: a regional language takes its language's words."""
    return language.split("-")[0].lower()


@dataclass(frozen=True)
class PropLabels:
    """The labels of one prop: the campaign's own words in its language, then the table's."""

    language: str = FALLBACK
    own: Mapping[str, str] = field(default_factory=dict)

    def has(self, key: str) -> bool:
        return key in self.own or _base(self.language) in label_table().get(key, {})

    def word(self, key: str, **values: Any) -> str:
        """The label's word; `values` fill its `{...}` (`legend-grid` takes `size`)."""
        words = label_table()[key]
        text = self.own.get(key) or words.get(_base(self.language)) or words[FALLBACK]
        return text.format(**values) if values else text


def english_of(key: str) -> str:
    """A label's English; a word of the campaign's own (a status the table has not, `status-
    drowned`) is printed as it is written."""
    return label_table().get(key, {}).get(FALLBACK) or key.split("-", 1)[-1].replace("-", " ")


def prop_labels(language: str, campaign_labels: Mapping[str, Mapping[str, str]]) -> PropLabels:
    """The labels of a prop in `language`, with the campaign's words for that language."""
    own = campaign_labels.get(language) or campaign_labels.get(_base(language)) or {}
    return PropLabels(language, dict(own))
