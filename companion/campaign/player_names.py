"""The names players may read: a handout's title on their copies, and their copies' file names (a
handout's id and title are the GM's, and can say what the prop is really for)."""

from __future__ import annotations

import re
import unicodedata

from companion.campaign.files import RESERVED_NAMES
from companion.campaign.labels import prop_labels
from companion.campaign.models import (
    Campaign,
    HandoutBase,
    kind_name,
)


def player_facing_title(campaign: Campaign, handout: HandoutBase) -> str:
    """The name the players may read for a handout. The GM's `title` can give a secret away
    ("Forged by the StB: a trap"), so players get its own name, or else its kind."""
    return own_title(campaign, handout) or kind_title(campaign, handout)


def own_title(campaign: Campaign, handout: HandoutBase) -> str | None:
    """A handout's name of its own for players: `player_title`, or else what the prop itself
    shows as its title. None when it has neither (and goes by its kind)."""
    return handout.player_title or handout.shown_title(campaign)


def kind_title(campaign: Campaign, handout: HandoutBase) -> str:
    """What the prop is (`Note`, `Записка`), in its language: the name of last resort."""
    labels = prop_labels(handout.prop_language(campaign), campaign.info.labels)
    return labels.word(kind_title_label(handout))


def kind_title_label(handout: HandoutBase) -> str:
    """The label (campaign/labels.yaml) that names a prop's kind."""
    return f"title-{kind_name(type(handout))}"


# Longest file name a player's copy gets, before `.pdf`: enough for any prop's heading.
MAX_FILE_STEM = 60


# A packet folder already holds `packet.pdf`.
TAKEN_STEMS = frozenset({"packet"})


def player_file_names(campaign: Campaign) -> dict[str, str]:
    """The file name (without suffix) of each handout's player copy, made from the name the
    players may read: a handout's id is the GM's and can say what the prop is really for.
    Names that would clash are numbered in id order, so a handout's name never depends on
    which others a build chose."""
    names: dict[str, str] = {}
    used = set(TAKEN_STEMS | RESERVED_NAMES)
    for handout_id in sorted(campaign.handouts):
        handout = campaign.handouts[handout_id]
        stem = file_stem(player_facing_title(campaign, handout)) or handout.kind
        name, number = stem, 1
        while name in used:
            number += 1
            name = f"{stem}-{number}"
        used.add(name)
        names[handout_id] = name
    return names


def file_stem(title: str) -> str:
    """`Plan: Blue Cup Café` -> `plan-blue-cup-café`: letters and digits of any script, each
    run of anything else one hyphen, cut at a word boundary."""
    words = re.sub(r"['’]", "", unicodedata.normalize("NFC", title).casefold())  # Karl's: karls
    stem = re.sub(r"[\W_]+", "-", words).strip("-")
    if len(stem) > MAX_FILE_STEM:
        stem = stem[:MAX_FILE_STEM].rsplit("-", 1)[0]
    return stem
