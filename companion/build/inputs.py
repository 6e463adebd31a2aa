"""What a handout's copy was made from, so that a later build can tell it unchanged without
making its context again (for a plan, placing every label: most of an incremental build).

While a copy's context is built, the audience's view of the campaign notes which NPCs,
locations and handouts it reads (or that it went through all of them). The copy's cache entry
keeps that list, the templates it used, and one digest of all of it together with the rest
of what decides its bytes: the program, the options, the campaign's settings and clues, the
files the templates link to and the pictures the entities read name. A later build that
works out the same digest from the same list knows the copy is as it would make it; any
other digest sends it the long way, through its context (see `Pipeline.key_of`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.build.cache import digest, file_digest

if TYPE_CHECKING:
    from companion.campaign.models import Campaign

# The campaign's collections a context reads from, by the name of the Campaign field.
FAMILIES = ("npcs", "locations", "handouts")
EVERY = "*"
# A file a campaign's entity may name: its pictures (a photograph, a plan's background).
PICTURE_PATH = re.compile(r"[\w./ -]+\.(?:jpe?g|png|webp|gif|svg|tiff?)\b", re.IGNORECASE)
_NAME_RUN = re.compile(r"[\w./ -]+")
_EXTENSION = re.compile(r"\.(?:jpe?g|png|webp|gif|svg|tiff?)\b", re.IGNORECASE)


class _ReadingMap(dict[str, Any]):
    """One of the campaign's collections that notes each entry read, or that all were."""

    def __init__(self, entries: Mapping[str, Any], family: str, reads: set[str]) -> None:
        super().__init__(entries)
        self._family, self._reads = family, reads

    def _read(self, key: object) -> None:
        self._reads.add(f"{self._family}:{key}")

    def _read_all(self) -> None:
        self._reads.add(f"{self._family}:{EVERY}")

    def __getitem__(self, key: str) -> Any:
        self._read(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._read(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._read(key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self._read_all()
        return super().__iter__()

    def __len__(self) -> int:
        self._read_all()
        return super().__len__()

    def keys(self) -> Any:
        self._read_all()
        return super().keys()

    def values(self) -> Any:
        self._read_all()
        return super().values()

    def items(self) -> Any:
        self._read_all()
        return super().items()

    def __reduce__(self) -> Any:  # copied or pickled, it is a plain dict again
        return (dict, (dict(self),))


def reading_view(view: Campaign, reads: set[str]) -> Campaign:
    """`view` whose collections note in `reads` what is read of them."""
    update = {family: _ReadingMap(getattr(view, family), family, reads) for family in FAMILIES}
    return view.model_copy(update=update)


class CampaignInputs:
    """Digests of what copies read in one audience's view of the campaign. A build checks
    every copy this way, and most read the same settings and clues and the same entries:
    each text is digested, and the pictures it names found, once per view."""

    def __init__(self, view: Campaign) -> None:
        self.view = view
        self._digests: dict[str, str] = {}  # of each read's texts
        self._named: dict[str, frozenset[str]] = {}
        self._pictures: dict[str, str | None] = {}  # by name: its name and bytes, if a picture
        # The settings and clues are tens of kilobytes that every copy may show: digested
        # once, not again for each of hundreds of copies.
        self._note("", [repr(view.info), repr(view.clue_book)])

    def digest(self, reads: Iterable[str], *more: str) -> str:
        """One digest of what the reads read in the view (an entry that is gone counts
        too), the campaign's settings and clues (every copy may show them), the pictures
        those name, and `more` (the program, the options, the templates)."""
        listed = sorted(set(reads))
        for read in listed:
            if read not in self._digests:
                self._note(read, self._entry_texts(read))
        named = set().union(*(picture_names(text) for text in more), self._named[""])
        named = named.union(*(self._named[read] for read in listed))
        texts = [*more, self._digests[""], *(self._digests[read] for read in listed)]
        return digest(*texts, *self._pictures_named(named))

    def _note(self, read: str, texts: list[str]) -> None:
        """A read's texts, as a digest and the pictures they name (`read` "": the shared)."""
        self._digests[read] = digest(*texts)
        self._named[read] = frozenset().union(*(picture_names(text) for text in texts))

    def _pictures_named(self, named: set[str]) -> list[str]:
        """Each campaign file named that is a picture, by name and bytes; each name looked
        up once."""
        for name in named - self._pictures.keys():
            found = _pictures(self.view.root, {name})
            self._pictures[name] = found[0] if found else None
        return [text for name in sorted(named) if (text := self._pictures[name]) is not None]

    def _entry_texts(self, read: str) -> list[str]:
        family, _, key = read.partition(":")
        entries: dict[str, Any] = getattr(self.view, family, None) or {}
        if family not in FAMILIES:
            return [f"unknown {read}"]
        if key == EVERY:
            return [f"{family}:{k}={entries[k]!r}" for k in sorted(entries)]
        return [f"{read}={entries.get(key)!r}"]


def picture_names(text: str) -> set[str]:
    """The names of pictures a text names (by `PICTURE_PATH`). Matched within each run of
    the characters a name may have, and only up to the run's last extension: the pattern
    alone, on a long text, tries every start against all that follows it."""
    named: set[str] = set()
    if not _EXTENSION.search(text):
        return named
    for run in _NAME_RUN.finditer(text):
        ends = [match.end() for match in _EXTENSION.finditer(run.group())]
        if ends:
            named.update(m.strip() for m in PICTURE_PATH.findall(run.group()[: ends[-1]]))
    return named


def _pictures(root: Path, named: set[str]) -> list[str]:
    """Each campaign file named that is a picture, by name and bytes."""
    found = []
    for name in sorted(named):
        path = root / name
        if path.is_file() and path.resolve().is_relative_to(root.resolve()):
            found.append(f"{name}:{file_digest(path)}")
    return found


def recorded_inputs(entry: Mapping[str, object]) -> tuple[list[str], list[list[str]], str] | None:
    """An entry's inputs (reads, pages, digest), when they have the shape `inputs_record`
    gives them; None otherwise (an older entry, or one tampered with)."""
    inputs = entry.get("inputs")
    if not isinstance(inputs, dict):
        return None
    reads, pages, recorded = inputs.get("reads"), inputs.get("pages"), inputs.get("digest")
    if not isinstance(reads, list) or not all(isinstance(r, str) for r in reads):
        return None
    if not isinstance(pages, list) or not all(_is_page(p) for p in pages):
        return None
    if not isinstance(recorded, str):
        return None
    return reads, pages, recorded


def _is_page(page: object) -> bool:
    return isinstance(page, list) and len(page) == 2 and all(isinstance(p, str) for p in page)


def inputs_record(
    reads: Iterable[str], pages: list[list[str]], digest_of: Callable[[list[str]], str]
) -> dict[str, object]:
    """The inputs as an entry keeps them."""
    listed = sorted(set(reads))
    return {"reads": listed, "pages": pages, "digest": digest_of(listed)}
