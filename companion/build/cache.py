"""The build cache: an output is made again only when something it depends on changed.

Each output (a copy, a packet, the book...) has a key: a digest of everything that decides
its bytes (see `Pipeline.key_of`). After its files are written, an entry beside them records
the key and a digest of each file. A later build skips the output when the key is the same
and every file is still there with the bytes it was written with; anything else (a changed
input, a deleted or edited file, an entry from a build killed half-way) makes it again. Each
entry is its own small file, written atomically after the output, so that parallel workers
never share one and a killed build leaves nothing that could be trusted wrongly. Entries are
not waited onto the disk (a wait of several milliseconds for each output): one a power cut
loses, or leaves older than its output, no longer matches its files, and the output is
made again.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from companion.atomic import read_json, read_regular_file, write_atomic
from companion.campaign.files import stat_stamp

if TYPE_CHECKING:
    from companion.build.request import BuildOptions
    from companion.campaign.checked_files import CheckedFiles

CACHE_FOLDER = ".cache"
# Bump when the meaning of a key or an entry changes: every older entry is then ignored.
ENTRY_FORMAT = 3


def digest(*parts: str | bytes) -> str:
    """One SHA-256 over `parts`, each length-prefixed so that no two lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    """A digest of a file's bytes, remembered while its size and time stay the same."""
    stat = path.stat()
    return _file_digest(path, stat.st_size, stat.st_mtime_ns)


@cache
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# The program's own files: its modules, and the data they read (the words props print).
PACKAGE = Path(__file__).resolve().parent.parent
PROGRAM_FILES = ("*.py", "*.yaml")


def program_files() -> list[Path]:
    """Every file of companion's package that decides what it prints, in a fixed order."""
    return sorted(path for pattern in PROGRAM_FILES for path in PACKAGE.rglob(pattern))


@cache
def code_digest() -> str:
    """The program itself: a change to any of companion's modules may change what it prints
    (this digest once covered the build's own modules only, the folder this module is in, so
    an edit to a kind, a plan or the renderer left outputs made before it up to date)."""
    return digest(*(f"{p.relative_to(PACKAGE)}:{file_digest(p)}" for p in program_files()))


@dataclass(frozen=True)
class BuildCache:
    """The entries of one campaign's output folder. Disabled (`--force`), it finds nothing
    up to date but what its own build wrote, and still records what it writes."""

    folder: Path  # output/<campaign>
    enabled: bool = True
    # The format the build writes: an output's PDF and its PNG pages are two outputs, each
    # with its own entry, so that building the other format neither rebuilds nor removes one.
    output_format: str = "pdf"
    # The build that reads and writes it (`BuildOptions.run`): what an entry says it made
    # counts even when the cache is disabled.
    run: str = ""

    @classmethod
    def for_build(cls, folder: Path, options: BuildOptions) -> BuildCache:
        """The cache a build with these options reads (with `--force`, only what the build
        itself wrote) and writes."""
        return cls(folder, not options.force, str(options.format), options.run)

    def fresh_files(self, stem: Path, key: str) -> dict[str, str] | None:
        """When the output at `stem` was written with this key and is unchanged since, the
        files its entry lists (see `listed`); None otherwise."""
        entry = self.entry(stem)
        if entry is None or entry.get("key") != key or not self.files_unchanged(entry):
            return None
        return self.listed(entry)

    def entry(self, stem: Path) -> dict[str, object] | None:
        """The entry of the output at `stem`, when there is a sound one. An entry is data,
        never instructions: one that does not have the expected shape, or lists a file that
        is not this output's own, counts as no entry at all."""
        entry = read_json(self._entry_path(stem), MAX_ENTRY_BYTES)
        output = self._relative(stem)
        if entry is None or entry.get("format") != ENTRY_FORMAT or entry.get("output") != output:
            return None
        if not self.enabled and not (self.run and entry.get("run") == self.run):
            return None  # disabled: only what this build wrote
        files = _listed_files(entry)
        if not files or not all(_belongs_to(name, output) for name in files):
            return None
        return entry

    def files_listed(self, entry: dict[str, object]) -> list[Path]:
        """The files a sound entry lists, in a stable order."""
        return [self.folder / name for name in sorted(_listed_files(entry) or {})]

    def listed(self, entry: dict[str, object]) -> dict[str, str]:
        """The files a sound entry lists, by name in the folder, with their digests."""
        return _listed_files(entry) or {}

    def listing(self, files: Sequence[Path]) -> dict[str, str]:
        """Files just written, as an entry lists them (their digests were worked out as they
        were written, and are not read again)."""
        return {self._relative(path): file_digest(path) for path in files}

    def fresh_pdf(self, stem: Path, key: str) -> tuple[bytes, dict[str, object]] | None:
        """The output's PDF and its entry, when the entry has this key and the file still
        has the bytes it was written with; read once, so that what was checked is what is
        used. None otherwise (another key, a file edited or gone, no sound entry, or, as for
        every output the cache checks, a link or anything but an ordinary file)."""
        entry = self.entry(stem)
        if entry is None or entry.get("key") != key or entry.get("as") != "pdf":
            return None
        path = stem.with_name(stem.name + ".pdf")
        recorded = self.listed(entry).get(self._relative(path))
        if recorded is None:
            return None
        try:
            data = read_regular_file(path, MAX_OUTPUT_BYTES)
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != recorded:
            return None
        return data, entry

    def for_book(self, entry: dict[str, object]) -> dict[str, object] | None:
        """What a GM copy's entry noted for the GM's book (see `gm_copy.CopyFacts`)."""
        facts = entry.get("for_book")
        return facts if isinstance(facts, dict) else None

    def files_unchanged(self, entry: dict[str, object]) -> bool:
        """Every file a sound entry lists is still there with the bytes it was written with."""
        files = _listed_files(entry) or {}
        return all(_unchanged(self.folder / name, digest) for name, digest in files.items())

    def record(
        self,
        stem: Path,
        key: str,
        files: Sequence[Path],
        inputs: dict[str, object] | None = None,
        for_book: dict[str, object] | None = None,
    ) -> list[Path]:
        """Note the files just written for the output at `stem` (and, for a handout's copy,
        what it was made from: see `inputs`; for a GM copy's PDF, what the GM's book needs to
        draw its pages: see `for_book`), and remove those it made
        before and makes no longer (its PNG pages, once it is built as a PDF); returns them."""
        before = read_json(self._entry_path(stem), MAX_ENTRY_BYTES)
        written = self.listing(files)
        entry = {"format": ENTRY_FORMAT, "output": self._relative(stem), "key": key}
        entry["as"] = self.output_format
        if self.run:
            entry["run"] = self.run
        if inputs is not None:
            entry["inputs"] = inputs
        if for_book is not None:
            entry["for_book"] = for_book
        entry["files"] = written
        data = json.dumps(entry, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(self._entry_path(stem), data, within=self.folder.parent, durable=False)
        if before is None or before.get("output") != entry["output"]:
            return []
        return self._remove_unchanged(before, keep=set(written))

    def remove_stale(self, made: Iterable[Path], covers: Callable[[Path], bool]) -> list[Path]:
        """Remove the outputs an earlier build made that this one, making everything `covers`
        takes in, made no longer (a handout gone from the campaign, a copy a player no longer
        holds): the files as written (one edited since is left alone) and their entries.
        Only what an entry lists is touched: never a file companion did not write."""
        made_here = {self._relative(stem) for stem in made}
        # The entries of outputs made here were just read or written: not read again.
        made_entries = {self._entry_path(self.folder / output) for output in made_here}
        removed: list[Path] = []
        for entry_path in sorted((self.folder / CACHE_FOLDER).glob("*.json")):
            if entry_path in made_entries:
                continue
            entry = read_json(entry_path, MAX_ENTRY_BYTES)
            output = entry.get("output") if entry else None
            if entry is None or not isinstance(output, str) or output in made_here:
                continue
            written_as = entry.get("as")
            if not isinstance(written_as, str):
                continue  # the whole build's stamp
            if entry_path != self._entry_path(self.folder / output, written_as):
                continue  # an entry not where its output's goes: not one of ours
            if not covers(self.folder / output):
                continue
            removed += self._remove_unchanged(entry, keep=set())
            entry_path.unlink(missing_ok=True)
        return removed

    def _remove_unchanged(self, entry: dict[str, object], keep: set[str]) -> list[Path]:
        """The files an entry lists, but those in `keep`, removed where still as written."""
        output, files = entry.get("output"), _listed_files(entry)
        if not isinstance(output, str) or files is None:
            return []
        removed = []
        for name, recorded in sorted(files.items()):
            path = self.folder / name
            if name not in keep and _belongs_to(name, output) and _unchanged(path, recorded):
                path.unlink()
                removed.append(path)
        return removed

    def checked_files(self) -> CheckedFiles:
        """Where a build keeps each campaign file's checked result (see
        `campaign.checked_files`), by the program's version: a new companion reads none of
        an older one's. With `--force` none is read, but each is kept anew."""
        # Imported here: the whole-build check, which comes first, needs no campaign models.
        from companion.campaign.checked_files import CheckedFiles
        from companion.campaign.loading import kept_models

        path = self.folder / CACHE_FOLDER / "campaign-files.json"
        version = code_digest()
        return CheckedFiles(path, self.folder, version, kept_models(), self.enabled)

    def task_seconds(self, target: str) -> dict[str, float]:
        """What each task of `target` took the last time it was made (see `workers`)."""
        recorded = read_json(self._seconds_path(target), MAX_ENTRY_BYTES) or {}
        return {
            task: float(seconds)
            for task, seconds in recorded.items()
            if isinstance(seconds, int | float) and 0 <= seconds < 86_400
        }

    def record_task_seconds(self, target: str, seconds: dict[str, float]) -> None:
        if not seconds:
            return
        known = self.task_seconds(target) | {t: round(s, 3) for t, s in seconds.items()}
        data = json.dumps(known, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(self._seconds_path(target), data, within=self.folder.parent, durable=False)

    def template_references(self) -> dict[str, list[str]]:
        """The templates each template source names (extends, includes, imports), by the
        source's digest, as earlier builds found them (none with `--force`)."""
        stored = read_json(self._references_path(), MAX_ENTRY_BYTES) if self.enabled else None
        return {
            source: list(names)
            for source, names in (stored or {}).items()
            if isinstance(names, list) and all(isinstance(name, str) for name in names)
        }

    def record_template_references(self, references: Mapping[str, list[str]]) -> None:
        data = json.dumps(dict(references), indent=1, sort_keys=True).encode("utf-8")
        write_atomic(self._references_path(), data, within=self.folder.parent, durable=False)

    def _references_path(self) -> Path:
        return self.folder / CACHE_FOLDER / "template-references.json"

    def _seconds_path(self, target: str) -> Path:
        return self.folder / CACHE_FOLDER / f"seconds-{digest(target)[:16]}.json"

    def _entry_path(self, stem: Path, output_format: str | None = None) -> Path:
        name = digest(self._relative(stem), output_format or self.output_format)[:32]
        return self.folder / CACHE_FOLDER / f"{name}.json"

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()


# The largest entry or stamp read back; ours are a few kilobytes.
MAX_ENTRY_BYTES = 1024 * 1024
# The largest output file compared with its digest (a poster's PNGs at 600 dpi stay far below).
MAX_OUTPUT_BYTES = 1024**3


def _listed_files(entry: dict[str, object]) -> dict[str, str] | None:
    """An entry's `files` when each is a plain relative path inside the output folder with a
    digest; None when any is not (`../../etc/passwd`, `/etc/passwd`, a number)."""
    files = entry.get("files")
    if not isinstance(files, dict) or not files:
        return None
    for name, recorded in files.items():
        if not isinstance(name, str) or not isinstance(recorded, str):
            return None
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or any(p in ("..", ".", "") for p in parts):
            return None
        if "\\" in name or ":" in parts[0]:  # a Windows path in disguise
            return None
    return dict(files)


def _belongs_to(name: str, output: str) -> bool:
    """Whether a file name is one an output writes: `gm/letter.pdf`, `gm/letter-p1.png`."""
    return name.startswith((f"{output}.", f"{output}-"))


def _unchanged(path: Path, recorded: str) -> bool:
    """The file is there, an ordinary file (not a link), with the bytes it was written with.
    Its digest comes from `file_digest`, remembered while size and time stay the same, so the
    whole-build check and the per-output checks never read one output twice."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_OUTPUT_BYTES:
        return False
    try:
        return _file_digest(path, info.st_size, info.st_mtime_ns) == recorded
    except OSError:
        return False


def files_digest(paths: Iterable[Path]) -> str:
    """One digest of several files (by name and bytes), in a stable order."""
    return digest(*(f"{p.as_posix()}:{file_digest(p)}" for p in sorted(paths)))


# --- the whole build at once ------------------------------------------------------------------


def tree_fingerprint(folder: Path, skip: Sequence[Path] = ()) -> list[str]:
    """Each file under `folder` by name, size and time (hidden files and folders, and the
    folders in `skip`, left out): what a whole-build check compares."""
    skipped = [s.resolve() for s in skip]
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if any(path.resolve().is_relative_to(s) for s in skipped):
            continue
        if path.is_file():
            found.append(f"{relative.as_posix()}|{stat_stamp(path)}")
    return found


@dataclass(frozen=True)
class WholeBuild:
    """A check of a whole build before the campaign is even loaded: when no file it reads
    changed since the last build with the same settings (by name, size and time), and every
    file that build wrote is still as written, there is nothing to do. Anything else goes
    the long way, output by output."""

    cache: BuildCache
    settings: str  # the command and every option, as typed
    inputs: str  # digest of the files the build reads, and of the program

    @classmethod
    def of(
        cls, cache: BuildCache, settings: str, folder: Path, files: Sequence[Path] = ()
    ) -> WholeBuild:
        """The check for a build of the campaign in `folder` that also reads `files` (a
        record of play kept elsewhere)."""
        from companion.resources import builtin_templates_dir

        listed = tree_fingerprint(folder, skip=[cache.folder.parent])
        templates = tree_fingerprint(builtin_templates_dir())
        others = [f"{path}|{stat_stamp(path)}" for path in files]
        inputs = digest(code_digest(), *listed, "templates", *templates, "files", *others)
        return cls(cache, settings, inputs)

    def fresh_outputs(self) -> int | None:
        """How many outputs the last such build made, if all are still up to date (a stamp
        of another shape counts as none)."""
        if not self.cache.enabled:
            return None
        stamp = read_json(self._path(), MAX_ENTRY_BYTES)
        if stamp is None or stamp.get("format") != ENTRY_FORMAT:
            return None
        outputs = stamp.get("outputs")
        if stamp.get("inputs") != self.inputs or not isinstance(outputs, int):
            return None
        files = _listed_files(stamp)
        if not files:
            return None
        if not all(_unchanged(self.cache.folder / name, d) for name, d in files.items()):
            return None
        return outputs

    def record(self, outputs: Mapping[Path, Mapping[str, str]]) -> None:
        """After a build without failures: what it made, each output with the files its
        entry lists (as the build read or wrote the entries: see `BuildReport.outputs`)."""
        files: dict[str, str] = {}
        for listed in outputs.values():
            if not listed:
                return  # an output without a sound entry: no whole-build shortcut next time
            files.update(listed)
        stamp = {"format": ENTRY_FORMAT, "inputs": self.inputs, "outputs": len(outputs)}
        stamp["files"] = files
        data = json.dumps(stamp, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(self._path(), data, within=self.cache.folder.parent, durable=False)

    def _path(self) -> Path:
        return self.cache.folder / CACHE_FOLDER / f"build-{digest(self.settings)[:32]}.json"
