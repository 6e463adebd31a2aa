"""Clues and conclusions: which clues support a conclusion, and the three-clue rule.

Validate, status and the GM's pages all ask these questions; they are answered here only.
"""

from __future__ import annotations

from companion.models import Clue, ClueBook

# Players miss clues, so each conclusion wants at least three ways in.
THREE_CLUE_RULE = 3


def supporting_clues(clue_book: ClueBook, conclusion_id: str) -> list[Clue]:
    """The clues that point to a conclusion, in the order clues.yaml lists them."""
    return [clue for clue in clue_book.clues if conclusion_id in clue.points_to]


def too_few_clues(count: int) -> bool:
    """The three-clue rule: fewer than three ways to a conclusion is too few."""
    return count < THREE_CLUE_RULE
