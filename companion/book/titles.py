"""Titles for what the campaign names by an id alone (a clue): the id read as words, written
as people write them, with the capitals the GM's own text gives its names and months."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from companion.campaign.models import Clue
from companion.render.markup import plain_text

_WORD = re.compile(r"\w+")
# What a sentence starts after, so that its first word's capital says nothing of the word.
_SENTENCE_END = frozenset(".!?")
_OPENING = "\"'“‘«„([—– "


def clue_title(clue: Clue) -> str:
    """A clue's id as a title: `unsigned-note` is "Unsigned note", and
    `questions-since-july` is "Questions since July", as the clue's text writes "July"."""
    return capitals_in(clue.text, clue.found_by or "").title(clue.id)


@dataclass
class Capitals:
    """How a text writes its words inside a sentence, by their lower case: the capitalised
    ones as written, which of them also stand alone, which words of several-word names
    come before which, and the words it writes in lower case."""

    written: dict[str, str] = field(default_factory=dict)
    alone: set[str] = field(default_factory=set)
    before: dict[str, set[str]] = field(default_factory=dict)
    lower: set[str] = field(default_factory=set)

    def title(self, identifier: str) -> str:
        """An id's words with the first capitalised, and any other capitalised the way the
        text always writes it: a name or a month ("July"), but not the first word of a
        name of several ("Saint" of "Saint Peter") unless the id goes on with the name."""
        words = [word for word in identifier.split("-") if word]
        shown = [
            self._shown(word.casefold(), words[i + 1].casefold() if i + 1 < len(words) else "")
            or word
            for i, word in enumerate(words)
        ]
        title = " ".join(shown)
        return title[:1].upper() + title[1:]

    def _shown(self, key: str, following: str) -> str | None:
        if key not in self.written or key in self.lower:
            return None
        if key in self.alone or following in self.before.get(key, ()):
            return self.written[key]
        return None

    def read(self, text: str) -> None:
        """Each word inside a sentence of `text` (plain, one paragraph), sorted as above."""
        matches = list(_WORD.finditer(text))
        for index, match in enumerate(matches):
            word = match.group()
            if _starts_sentence(text, match.start()):
                continue
            key = word.casefold()
            if not word[0].isupper():
                self.lower.add(key)
                continue
            self.written.setdefault(key, word)
            following = matches[index + 1].group() if index + 1 < len(matches) else ""
            if following[:1].isupper() and text[match.end() : matches[index + 1].start()] == " ":
                self.before.setdefault(key, set()).add(following.casefold())
            else:
                self.alone.add(key)


def capitals_in(*texts: str) -> Capitals:
    """How these Markdown texts write their words (see `Capitals`); every paragraph starts
    a sentence."""
    capitals = Capitals()
    for text in texts:
        for paragraph in re.split(r"\n\s*\n", text):
            capitals.read(plain_text(paragraph))
    return capitals


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(_OPENING)
    return not before or before[-1] in _SENTENCE_END
