"""The record of play as a JSON file and back: `session export` and `session import`.

The file is the record itself (sessions, numbered entries, struck ones with `--all`), with a
schema version; reading it back gives the same record, so export, import, export gives the
same bytes. A bad file is a located error, and the database is left as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from companion.atomic import read_regular_file, write_atomic
from companion.campaign.index import CampaignIndex
from companion.campaign.located import validate_document
from companion.campaign.marked_yaml import load_yaml
from companion.campaign.models import Strict
from companion.errors import CampaignInvalid, CompanionError, LocatedError, Problem
from companion.record.entries import ENTRY_KINDS, Entry, Session
from companion.record.facts import FullRecord, SessionDetail
from companion.record.ledger import Ledger, open_ledger
from companion.record.recording import check_finders, check_gift, check_status, check_subject

FILE_KIND = "companion record of play"
# The export's own format. The record's schema may grow without it (schema 4 added the mark
# key, which an export never holds), so an export stays readable across such changes.
EXPORT_VERSION = 3
# Exports of long campaigns outgrow the 1 MiB a campaign file may have.
MAX_IMPORT_BYTES = 64 * 1024 * 1024


def export_json(record: FullRecord) -> str:
    data: dict[str, Any] = {"file": FILE_KIND, "schema_version": EXPORT_VERSION}
    if record.before_play:
        data["before_play"] = [_entry_data(entry) for entry in record.before_play]
    data["sessions"] = [_session_data(d, record.deleted_sessions) for d in record.sessions]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _session_data(detail: SessionDetail, deleted: tuple[int, ...]) -> dict[str, Any]:
    session = detail.session
    data: dict[str, Any] = {"number": session.number, "title": session.title, "date": session.date}
    if session.story_date:
        data["story_date"] = session.story_date
    data["ended"] = session.ended
    if session.number in deleted:
        data["deleted"] = True
    data["entries"] = [_entry_data(entry) for entry in detail.entries]
    return data


def _entry_data(entry: Entry) -> dict[str, Any]:
    """The entry's own fields, defaults left out so that a diff in git shows what changed."""
    data: dict[str, Any] = {"number": entry.number, "kind": entry.kind}
    optional: dict[str, Any] = {
        "subject": entry.subject,
        "players": list(entry.players),
        "text": entry.text,
        "status": entry.status,
        "gm": entry.gm,
        "struck": entry.struck,
        "struck_why": entry.struck_why,
        "amends": entry.amends,
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


# The start of a file `session export` wrote, JSON or Markdown: such a file may be replaced.
EXPORT_MARKS = (f'"file": "{FILE_KIND}"'.encode(), b"# Session record")


class ExportRefused(CompanionError):
    """An export that would replace the record itself, or a file that is not an export."""


def write_export(path: Path, text: str, record_path: Path, force: bool = False) -> None:
    """Write an export to `path`, atomically. Never over the record of play it comes from
    (nor its -wal and -shm files), and over another file only if it is an earlier export or
    `force` says so; a full disk or a folder that cannot be written is said plainly."""
    record_files = {
        record_path.resolve(),
        *(Path(f"{record_path.resolve()}-{x}") for x in ("wal", "shm")),
    }
    if path.resolve() in record_files:
        raise ExportRefused(
            f"{path} is the record of play itself; the export would replace it",
            hint="write the export to another file, e.g. `--out record.json`",
        )
    if path.exists() and not force and not _an_export(path):
        raise ExportRefused(
            f"{path} exists and is not an export of a record of play",
            hint="choose another file, or add --force to replace it",
        )
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as error:
        reason = (error.strerror or type(error).__name__).lower()
        raise ExportRefused(
            f"cannot write {path}: {reason}", hint="check the folder and the disk"
        ) from None


def _an_export(path: Path) -> bool:
    try:
        head = read_regular_file(path, 4096, whole=False)
    except OSError:
        return False
    return any(mark in head for mark in EXPORT_MARKS)


# --- reading a file back --------------------------------------------------------------------

Kind = Literal["log", "give", "clue", "conclusion", "npc"]


# Far beyond any campaign, and small enough that whatever counts sessions or entries (`trace`
# tries every session) stays quick.
MAX_SESSION_NUMBER = 10_000
MAX_ENTRY_NUMBER = 10_000_000


class EntryFile(Strict):
    number: int = Field(ge=1, le=MAX_ENTRY_NUMBER)
    kind: Kind
    subject: str | None = None
    players: list[str] = Field(default_factory=list)
    text: str | None = None
    status: str | None = None
    gm: bool = False
    struck: bool = False
    struck_why: str | None = None
    amends: int | None = Field(None, ge=1, le=MAX_ENTRY_NUMBER)


class SessionFile(Strict):
    number: int = Field(ge=1, le=MAX_SESSION_NUMBER)
    title: str = ""
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    story_date: str | None = None
    ended: bool = False
    deleted: bool = False
    entries: list[EntryFile] = Field(default_factory=list)


class RecordFile(Strict):
    file: Literal["companion record of play"]
    schema_version: int
    before_play: list[EntryFile] = Field(default_factory=list)
    sessions: list[SessionFile] = Field(default_factory=list)


def read_export(path: Path, index: CampaignIndex, force: bool = False) -> FullRecord:
    """A record from an export file, checked as the commands check what they record: every
    id known to the campaign, every gift within its handout's `to:` (unless `force`), every
    status one an NPC can have. Every problem located; nothing written anywhere."""
    document = load_yaml(path, max_bytes=MAX_IMPORT_BYTES)  # JSON is YAML; marks come free
    validated, problems = validate_document(RecordFile, document, None)
    if document.problems or problems or not isinstance(validated, RecordFile):
        refused = [*document.problems, *problems]
        raise CampaignInvalid(refused or [Problem("not a record of play", path)])
    if validated.schema_version != EXPORT_VERSION:
        raise LocatedError(
            document.problem_at(
                ("schema_version",),
                f"this export is of schema {validated.schema_version}; this companion reads "
                f"{EXPORT_VERSION}",
                hint="export it again with the companion that will import it",
            )
        )
    problems = _check_numbers(validated, document)
    problems += _check_against_campaign(validated, document, index, force)
    if problems:
        raise CampaignInvalid(problems)
    return _record(validated)


def _places(record: RecordFile) -> list[tuple[tuple[str | int, ...], EntryFile]]:
    """Each entry of the file with where it stands in it."""
    places: list[tuple[tuple[str | int, ...], EntryFile]] = [
        (("before_play", i), e) for i, e in enumerate(record.before_play)
    ]
    for s_index, session in enumerate(record.sessions):
        places += [(("sessions", s_index, "entries", i), e) for i, e in enumerate(session.entries)]
    return places


def _check_against_campaign(
    record: RecordFile, document: Any, index: CampaignIndex, force: bool
) -> list[Problem]:
    """What `give`, `clue found`, `clue reached` and `npc status` would refuse, refused here
    too, at the entry's line. A struck entry counts for nothing, so it is not checked."""
    problems = []
    for loc, entry in _places(record):
        if entry.struck or entry.kind == "log":
            continue
        for field, check in _entry_checks(entry, index, force):
            try:
                check()
            except CompanionError as error:
                problems.append(document.problem_at((*loc, field), str(error), error.hint))
                break
    return problems


def _entry_checks(
    entry: EntryFile, index: CampaignIndex, force: bool
) -> list[tuple[str, Callable[[], object]]]:
    """The checks a command makes of what this entry records, each with the field it reads."""
    subject = entry.subject or ""
    checks: list[tuple[str, Callable[[], object]]] = [
        ("subject", lambda: check_subject(index, entry.kind, subject))
    ]
    if entry.kind == "give":
        checks.append(("players", lambda: check_gift(index, subject, entry.players, force)))
    elif entry.kind == "clue":
        checks.append(("players", lambda: check_finders(index, entry.players)))
    elif entry.kind == "npc":
        checks.append(("status", lambda: check_status(index, entry.status or "")))
    return checks


def _check_numbers(record: RecordFile, document: Any) -> list[Problem]:
    """Entry and session numbers unique; amends point at an entry of the file."""
    problems, seen_entries, seen_sessions = [], set(), set()
    for s_index, session in enumerate(record.sessions):
        if session.number in seen_sessions:
            message = f"session {session.number} is in the file twice"
            problems.append(document.problem_at(("sessions", s_index, "number"), message))
        seen_sessions.add(session.number)
    places = _places(record)
    for loc, entry in places:
        if entry.number in seen_entries:
            message = f"entry #{entry.number} is in the file twice"
            problems.append(document.problem_at((*loc, "number"), message))
        seen_entries.add(entry.number)
    for loc, entry in places:
        if entry.amends is None:
            continue
        if entry.amends not in seen_entries:
            message = f"entry #{entry.number} amends #{entry.amends}, which is not in the file"
            problems.append(document.problem_at((*loc, "amends"), message))
        elif entry.amends >= entry.number:  # the record could not hold it
            message = f"entry #{entry.number} amends #{entry.amends}, which comes after it"
            problems.append(document.problem_at((*loc, "amends"), message))
    return problems


def _record(record: RecordFile) -> FullRecord:
    details = []
    for session in record.sessions:
        entries = tuple(_entry(entry, session.number) for entry in session.entries)
        plain = Session(
            session.number, session.title, session.date, session.ended, session.story_date
        )
        details.append(SessionDetail(plain, entries))
    return FullRecord(
        sessions=tuple(details),
        before_play=tuple(_entry(entry, None) for entry in record.before_play),
        deleted_sessions=tuple(s.number for s in record.sessions if s.deleted),
    )


def _entry(entry: EntryFile, session: int | None) -> Entry:
    assert entry.kind in ENTRY_KINDS
    return Entry(
        number=entry.number,
        session=session,
        kind=entry.kind,
        subject=entry.subject,
        players=tuple(entry.players),
        text=entry.text,
        status=entry.status,
        gm=entry.gm,
        struck=entry.struck,
        struck_why=entry.struck_why,
        amends=entry.amends,
    )


def import_record(
    book: Ledger, path: Path, index: CampaignIndex, merge: bool = False, force: bool = False
) -> tuple[int, int]:
    """Read an export into the record: a new or empty one, or with `merge`, one that already
    holds entries (what it holds already is not doubled). Returns (sessions, entries) added.
    What it records is checked against the campaign's `index` first, as the commands check."""
    return book.load(read_export(path, index, force), merge)


def import_file(
    db_path: Path, path: Path, index: CampaignIndex, merge: bool = False, force: bool = False
) -> tuple[int, int]:
    """`import_record` into the record at `db_path`, the file read and checked first: an
    export with problems is refused before any record is made, so none is left behind."""
    record = read_export(path, index, force)
    with open_ledger(db_path, "create") as book:
        return book.load(record, merge)
