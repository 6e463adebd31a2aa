"""`companion new`: a small campaign to start from, valid as it stands."""

from __future__ import annotations

from pathlib import Path

from companion.atomic import write_atomic
from companion.campaign.files import CAMPAIGNS_DIR
from companion.campaign.models import SLUG_PATTERN
from companion.errors import CompanionError

FILES: dict[str, str] = {
    "campaign.yaml": """\
title: {title}
setting: |
  Where and when the story happens, as you would read it to the players.
languages: [en]
paper: a4            # or letter
players:
  - id: player-one
    name: Your first player
    character:
      id: hero
      name: The Hero
      role: What everyone knows they do
      secret: What only you, the GM, know about them.
secret: What is really going on (GM only).
""",
    "npcs/contact.yaml": """\
name: A Contact
role: Barkeeper at the Blue Cup
summary: What the players may know of them.
secret: What they hide (GM only).
""",
    "locations/cafe.yaml": """\
name: The Blue Cup
description: A narrow café with six tables.
staff: [contact]
""",
    "handouts/first-note.yaml": """\
kind: note
title: The first note
player_title: A note under the door  # what players see, in the PDF and its file name
to: all
location: cafe
author: contact
text: |
  Meet me at the Blue Cup.
  Come alone.
gm_notes: Why the note was written, and what happens next (GM only).
""",
    "clues.yaml": """\
conclusions:
  - id: contact-is-afraid
    title: The contact is afraid of someone
clues:
  - id: shaking-hands
    text: The contact's hands shake when the door opens.
    points_to: [contact-is-afraid]
    npc: contact
""",
}


def new_campaign(target: Path, campaigns_dir: Path = CAMPAIGNS_DIR) -> Path:
    """Write a starter campaign into `target`: a bare name goes under `campaigns_dir`, a path
    (with a folder in it) is used as it is. Never over an existing folder."""
    import re

    root = campaigns_dir / target if len(target.parts) == 1 else target
    name = root.name
    if not re.fullmatch(SLUG_PATTERN, name):
        raise CompanionError(
            f"`{name}` cannot be a campaign name",
            hint="use lowercase letters, digits and dashes, e.g. `night-train`",
        )
    if root.exists():
        raise CompanionError(f"{root} already exists", hint="choose another name")
    title = name.replace("-", " ").title()
    for relative, text in FILES.items():
        write_atomic(root / relative, text.format(title=title).encode())
    (root / "images").mkdir()
    return root
