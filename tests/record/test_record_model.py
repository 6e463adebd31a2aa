"""The record of play against a model of it: random commands through the command line
(corrections, session deletes, exports, imports, merges and reopenings among them), and a
small model in plain Python of what the record should then say. After every step the record,
`status`, `recap --all` and each player's holdings agree with the model, and an export read
back into a fresh record exports to the same bytes."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from typer.testing import CliRunner, Result

from companion.cli import app
from companion.record.ledger import open_ledger
from companion.record.transfer import export_json

MINI = Path(__file__).resolve().parent.parent / "assets" / "mini"
TITLE = "Mini Test Campaign"
PLAYERS = ("pat", "lee")  # the campaign's order
CHARACTERS = {"pat": "Sam Spade", "lee": "Nora Charles"}
HANDOUTS = {"letter": "A folded letter", "cafe-map": "Plan: Blue Cup Café"}
NPCS = {"butler": "Jeeves Hartley", "cook": "Martha Cole"}  # the campaign's order
# Few texts, so that lines of the same words meet in merges.
TEXTS = ("Rain.", "The butler waits.", "A shot in the dark.")
# (handout, --to): `letter` is meant for pat alone, so giving it to lee is refused.
GIFTS = (("letter", "pat"), ("cafe-map", "all"), ("cafe-map", "lee"), ("letter", "lee"))
MEANT = {"letter": ("pat",), "cafe-map": PLAYERS}
SECOND_PLAYER = """  - id: lee
    name: Lee
    character:
      id: nora-charles
      name: Nora Charles
      role: Heiress
secret:"""


# --- the model ----------------------------------------------------------------------------


@dataclass
class Line:
    """One entry, as the model keeps it."""

    number: int
    session: int | None
    kind: str
    subject: str | None = None
    players: tuple[str, ...] = ()
    text: str | None = None
    status: str | None = None
    gm: bool = False
    struck: bool = False
    struck_why: str | None = None
    amends: int | None = None
    command: int | None = None  # the command that wrote it; None: imported

    def content(self) -> tuple[Any, ...]:
        """What it records, whatever its state: what a merge matches entries by."""
        return (
            self.session,
            self.kind,
            self.subject,
            self.players,
            self.text,
            self.status,
            self.gm,
        )

    def data(self) -> dict[str, Any]:
        """As an export writes it: defaults left out."""
        optional = {
            "subject": self.subject,
            "players": list(self.players),
            "text": self.text,
            "status": self.status,
            "gm": self.gm,
            "struck": self.struck,
            "struck_why": self.struck_why,
            "amends": self.amends,
        }
        return {"number": self.number, "kind": self.kind} | {k: v for k, v in optional.items() if v}

    @classmethod
    def read(cls, data: dict[str, Any], session: int | None) -> Line:
        fields = {k: v for k, v in data.items() if k != "players"}
        return cls(session=session, players=tuple(data.get("players", ())), **fields)


@dataclass
class Evening:
    """One session, as the model keeps it."""

    number: int
    title: str
    ended: bool = False
    deleted: bool = False
    started_by: int | None = None  # the command that started it; None: imported

    @property
    def date(self) -> str:
        return date_of(self.number)

    def heading(self) -> str:
        return f"Session {self.number}{': ' + self.title if self.title else ''} ({self.date})"


def date_of(session: int) -> str:
    return (date(2024, 5, 1) + timedelta(days=session)).isoformat()


class RecordModel:
    """What the record should hold. Each command returns whether it should succeed (or what
    it should say), and changes the model as the command should change the record."""

    def __init__(self) -> None:
        self.exists = False
        self.sessions: dict[int, Evening] = {}
        self.lines: list[Line] = []  # by number
        self.commands = 0

    # --- reading ---

    def live_sessions(self) -> list[Evening]:
        return sorted((s for s in self.sessions.values() if not s.deleted), key=lambda s: s.number)

    def open_session(self) -> Evening | None:
        open_now = [s for s in self.live_sessions() if not s.ended]
        return open_now[-1] if open_now else None

    def standing(self, kind: str | None = None) -> list[Line]:
        return [e for e in self.lines if not e.struck and kind in (None, e.kind)]

    def line(self, number: int) -> Line | None:
        return next((e for e in self.lines if e.number == number), None)

    def next_number(self) -> int:
        return max((e.number for e in self.lines), default=0) + 1

    def next_session(self) -> int:
        return max(self.sessions, default=0) + 1

    def held_by(self, player: str) -> list[str]:
        return [e.subject or "" for e in self.standing("give") if player in e.players]

    # --- writing ---

    def _command(self) -> int:
        self.commands += 1
        return self.commands

    def _add(self, line: Line, command: int) -> None:
        line.command = command
        self.lines.append(line)

    def start(self, title: str) -> bool:
        self.exists = True  # `session start` makes the record, even when it then refuses
        if self.open_session():
            return False
        number = self.next_session()
        self.sessions[number] = Evening(number, title, started_by=self._command())
        return True

    def init(self) -> bool:
        self.exists = True
        return True

    def end(self) -> bool:
        current = self.open_session() if self.exists else None
        if current is None:
            return False
        current.ended = True
        return True

    def log(self, text: str, gm: bool) -> bool:
        current = self.open_session() if self.exists else None
        if current is None:
            return False
        self._add(
            Line(self.next_number(), current.number, "log", text=text, gm=gm), self._command()
        )
        return True

    def give(self, handout: str, to: str) -> bool:
        wanted = PLAYERS if to == "all" else (to,)
        current = self.open_session() if self.exists else None
        if current is None or any(p not in MEANT[handout] for p in wanted):
            return False
        held = {e.players[0] for e in self.standing("give") if e.subject == handout}
        new = [player for player in wanted if player not in held]
        command = self._command() if new else 0
        for player in new:
            line = Line(self.next_number(), current.number, "give", handout, (player,))
            self._add(line, command)
        return True

    def npc_status(self, npc: str, status: str, gm: bool, note: str | None) -> bool:
        if not self.exists:
            return False
        live = self.live_sessions()
        current = self.open_session() or (live[-1] if live else None)
        latest = [e for e in self.standing("npc") if e.subject == npc]
        made_public = bool(latest) and latest[-1].gm and not gm
        if latest and latest[-1].status == status and not made_public:
            return True
        session = current.number if current else None
        line = Line(self.next_number(), session, "npc", npc, text=note, status=status, gm=gm)
        self._add(line, self._command())
        return True

    def strike(self, number: int, why: str) -> bool:
        line = self.line(number) if self.exists else None
        if line is None:
            return False
        if not line.struck:
            line.struck, line.struck_why = True, why
        return True

    def amend(self, number: int, text: str) -> bool:
        old = self.line(number) if self.exists else None
        if old is None or old.kind != "log" or old.struck:
            return False
        new = Line(self.next_number(), old.session, "log", text=text, gm=old.gm, amends=number)
        self._add(new, self._command())
        old.struck, old.struck_why = True, f"amended by #{new.number}"
        return True

    def undo(self) -> str | None:
        """What `undo` says, or None when it should refuse."""
        if not self.exists:
            return None
        standing = self.standing()
        latest = standing[-1] if standing else None
        starts = [
            s
            for s in self.live_sessions()
            if s.started_by is not None and not any(e.session == s.number for e in standing)
        ]
        started = max(starts, key=lambda s: s.started_by or 0, default=None)
        if started and (latest is None or (started.started_by or 0) > (latest.command or 0)):
            self._remove_session(started.number)
            return f"Undone: {started.heading()} started\n"
        if latest is None:
            return None
        undone = [
            e
            for e in standing
            if e is latest or (latest.command is not None and e.command == latest.command)
        ]
        for line in undone:
            line.struck, line.struck_why = True, "undone"
            amended = self.line(line.amends) if line.amends else None
            if amended:
                amended.struck, amended.struck_why = False, None
        return "".join(f"Undone: {describe(line)}\n" for line in undone)

    def delete(self, number: int) -> bool:
        session = self.sessions.get(number) if self.exists else None
        if session is None or session.deleted:
            return False
        for line in self.standing():
            if line.session == number:
                line.struck, line.struck_why = True, f"session {number} deleted"
        self._remove_session(number)
        return True

    def _remove_session(self, number: int) -> None:
        if any(e.session == number for e in self.lines):
            self.sessions[number].deleted = self.sessions[number].ended = True
        else:
            del self.sessions[number]

    def load(self, data: dict[str, Any], merge: bool) -> str | None:
        """An export read in: what `session import` says, or None when it should refuse."""
        self.exists = True
        empty = not self.sessions and not self.lines
        if not empty and not merge:
            return None
        deleted_here = {s.number for s in self.sessions.values() if s.deleted}
        sessions_added = 0
        for session in data["sessions"]:
            number = session["number"]
            if number not in self.sessions:
                ended, deleted = session["ended"], session.get("deleted", False)
                self.sessions[number] = Evening(number, session["title"], ended, deleted)
                sessions_added += 1
        found = [Line.read(e, None) for e in data.get("before_play", [])]
        for session in data["sessions"]:
            found += [Line.read(e, session["number"]) for e in session["entries"]]
        found = [e for e in found if e.session not in deleted_here]
        found.sort(key=lambda e: e.number)
        added = found if empty else self._not_held_yet(found)
        self.lines += added
        entries = "entry" if len(added) == 1 else "entries"
        sessions = "session" if sessions_added == 1 else "sessions"
        return f"Imported {sessions_added} {sessions} and {len(added)} {entries}.\n"

    def _not_held_yet(self, found: list[Line]) -> list[Line]:
        """The file's entries a merge adds: not the entry of the same number and content
        here, nor else one of the same content here that no other entry of the file took."""
        here = {line.number: line.content() for line in self.lines}
        same_number = {line.number for line in found if here.get(line.number) == line.content()}
        held: dict[tuple[Any, ...], deque[int]] = {}
        for line in self.lines:
            if line.number not in same_number:
                held.setdefault(line.content(), deque()).append(line.number)
        renumbered = {number: number for number in same_number}
        added: list[Line] = []
        number = self.next_number()
        for line in (line for line in found if line.number not in same_number):
            same = held.get(line.content())
            if same:
                renumbered[line.number] = same.popleft()
                continue
            renumbered[line.number] = number
            if line.amends:
                line.amends = renumbered.get(line.amends, line.amends)
            line.number = number
            added.append(line)
            number += 1
        return added

    # --- what the commands that read should say ---

    def export(self, everything: bool) -> dict[str, Any]:
        kept = {e.number for e in self.lines} if everything else self._standing_or_amended()
        data: dict[str, Any] = {"file": "companion record of play", "schema_version": 3}
        before = [e.data() for e in self.lines if e.session is None and e.number in kept]
        if before:
            data["before_play"] = before
        sessions = sorted(self.sessions.values(), key=lambda s: s.number)
        data["sessions"] = [
            {"number": s.number, "title": s.title, "date": s.date, "ended": s.ended}
            | ({"deleted": True} if s.deleted else {})
            | {
                "entries": [
                    e.data() for e in self.lines if e.session == s.number and e.number in kept
                ]
            }
            for s in sessions
            if everything or not s.deleted
        ]
        return data

    def _standing_or_amended(self) -> set[int]:
        kept = {e.number for e in self.standing()}
        while True:
            more = {e.amends for e in self.lines if e.number in kept and e.amends} - kept
            if not more:
                return kept
            kept |= {n for n in more if n is not None}

    def status_head(self) -> str:
        live = self.live_sessions()
        ended = sum(1 for s in live if s.ended)
        played = f"{ended} session{'s' if ended != 1 else ''} played"
        open_now = [s for s in live if not s.ended]
        if open_now:
            played += f"; {open_now[0].heading()} is open"
        return f"{TITLE}: {played}."

    def npc_statuses(self) -> dict[str, str]:
        latest = {e.subject: e.status for e in self.standing("npc")}
        return {npc: latest.get(npc) or "active" for npc in NPCS}

    def told_before(self, fate: Line, last: Evening) -> str:
        """What the players last heard of an NPC before `fate`: no news is not announced."""
        told = [
            e.status or ""
            for e in self.standing("npc")
            if e.subject == fate.subject
            and not e.gm
            and e.number < fate.number
            and (e.session is None or e.session <= last.number)
        ]
        return told[-1] if told else "active"

    def recap(self) -> str | None:
        """`recap --all`, or None when it should refuse (no session played)."""
        live = self.live_sessions()
        ended = [s for s in live if s.ended]
        if not live:
            return None
        last = (ended or live)[-1]
        lines = [f"# Previously on {TITLE}"]
        for session in (s for s in live if s.number <= last.number):
            lines += ["", f"## {session.heading()}", ""]
            mine = [e for e in self.standing() if e.session == session.number]
            told = [e.text or "" for e in mine if e.kind == "log" and not e.gm]
            given: dict[str, list[str]] = {}
            for gift in (e for e in mine if e.kind == "give"):
                given.setdefault(gift.subject or "", []).extend(CHARACTERS[p] for p in gift.players)
            fates = [
                f"{NPCS[e.subject or '']} is now {e.status}"
                for e in mine
                if e.kind == "npc" and not e.gm and self.told_before(e, last) != e.status
            ]
            lines += [f"- {text}" for text in told]
            if given:
                shown = [f"*{HANDOUTS[h]}*, to {', '.join(p)}" for h, p in given.items()]
                lines += ["", "**Handouts**", "", *(f"- {g}" for g in shown)]
            if fates:
                lines += ["", "**What became of them**", "", *(f"- {f}" for f in fates)]
            if not (told or given or fates):
                lines.append("_Nothing was recorded for the players._")
        return "\n".join(lines) + "\n"


def describe(line: Line) -> str:
    """`#12 log: ...`, as `undo` prints an entry it took back (struck by then)."""
    what = {
        "log": f"log{' (GM)' if line.gm else ''}: {line.text}",
        "give": f"gave `{line.subject}` to {', '.join(line.players)}",
        "npc": f"`{line.subject}` is {line.status}{' (GM)' if line.gm else ''}"
        + (f" ({line.text})" if line.text else ""),
    }[line.kind]
    return f"#{line.number} {what}  [struck: {line.struck_why}]"


# --- the machine --------------------------------------------------------------------------


class RecordMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.campaign = self.folder / "mini"
        shutil.copytree(MINI, self.campaign)
        campaign_file = self.campaign / "campaign.yaml"
        campaign_file.write_text(
            campaign_file.read_text().replace("\nsecret:", "\n" + SECOND_PLAYER)
        )
        self.db = self.folder / "companion.db"
        self.model = RecordModel()
        self.exports: list[tuple[Path, dict[str, Any]]] = []
        self.files = 0
        self.runner = CliRunner()

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def run(self, *args: str, db: Path | None = None) -> Result:
        where = ["-c", str(self.campaign), "--db", str(db or self.db)]
        return self.runner.invoke(app, [*args, *where])

    def expect(self, result: Result, succeeds: bool) -> None:
        assert result.exit_code == (0 if succeeds else 1), result.output

    def new_file(self, suffix: str) -> Path:
        self.files += 1
        return self.folder / f"{self.files}{suffix}"

    # --- rules: what a GM types ---

    @initialize(evenings=st.integers(0, 2))
    def evenings_played(self, evenings: int) -> None:
        """A record with some play in it already, so that a short run goes somewhere."""
        for _ in range(evenings):
            self.session_start("", end_first=True)
            self.session_log(TEXTS[0], gm=False)

    @rule(title=st.sampled_from(["", "Night"]), end_first=st.booleans())
    def session_start(self, title: str, end_first: bool) -> None:
        if end_first and self.model.open_session():
            self.session_end()
        day = date_of(self.model.next_session())
        result = self.run("session", "start", "--title", title, "--date", day)
        self.expect(result, self.model.start(title))

    @rule()
    def session_init(self) -> None:
        self.expect(self.run("session", "init"), self.model.init())

    @rule()
    def session_end(self) -> None:
        self.expect(self.run("session", "end"), self.model.end())

    @rule(text=st.sampled_from(TEXTS), gm=st.booleans())
    def session_log(self, text: str, gm: bool) -> None:
        result = self.run("session", "log", text, *(["--gm"] if gm else []))
        self.expect(result, self.model.log(text, gm))

    @rule(gift=st.sampled_from(GIFTS))
    def give(self, gift: tuple[str, str]) -> None:
        handout, to = gift
        self.expect(self.run("give", handout, "--to", to), self.model.give(handout, to))

    @rule(
        npc=st.sampled_from(sorted(NPCS)),
        status=st.sampled_from(["dead", "missing"]),
        gm=st.booleans(),
        note=st.sampled_from([None, "shot"]),
    )
    def npc_status(self, npc: str, status: str, gm: bool, note: str | None) -> None:
        options = [*(["--gm"] if gm else []), *(["--note", note] if note else [])]
        result = self.run("npc", "status", npc, status, *options)
        self.expect(result, self.model.npc_status(npc, status, gm, note))

    def entry_number(self, data: st.DataObject) -> int:
        """An entry's number: mostly one there is, sometimes the next, which is not yet."""
        numbers = [e.number for e in self.model.lines] + [self.model.next_number()]
        return data.draw(st.sampled_from(numbers), label="entry")

    @rule(data=st.data(), text=st.sampled_from(TEXTS))
    def amend(self, data: st.DataObject, text: str) -> None:
        number = self.entry_number(data)
        self.expect(self.run("amend", str(number), text), self.model.amend(number, text))

    @rule(data=st.data(), why=st.sampled_from(["struck", "mistake"]))
    def strike(self, data: st.DataObject, why: str) -> None:
        number = self.entry_number(data)
        result = self.run("strike", str(number), "--why", why)
        self.expect(result, self.model.strike(number, why))

    @rule()
    def undo(self) -> None:
        said = self.model.undo()
        result = self.run("undo")
        self.expect(result, said is not None)
        if said is not None:
            assert result.output == said

    @rule(data=st.data())
    def session_delete(self, data: st.DataObject) -> None:
        number = data.draw(st.integers(1, self.model.next_session()), label="session")
        result = self.run("session", "delete", str(number), "--yes")
        self.expect(result, self.model.delete(number))

    @rule(everything=st.booleans())
    def session_export(self, everything: bool) -> None:
        out = self.new_file(".json")
        result = self.run("session", "export", "--out", str(out), *(["--all"] * everything))
        self.expect(result, True)
        expected = self.model.export(everything)
        assert json.loads(out.read_text()) == expected
        self.exports.append((out, expected))

    @rule(everything=st.booleans())
    def move_to_a_fresh_record(self, everything: bool) -> None:
        """Export, then import into a new record, and go on there."""
        flags = ["--all"] * everything
        out = self.new_file(".json")
        self.expect(self.run("session", "export", "--out", str(out), *flags), True)
        fresh, moved = self.new_file(".db"), RecordModel()
        said = moved.load(self.model.export(everything), merge=False)
        result = self.run("session", "import", str(out), db=fresh)
        assert (result.exit_code, result.output) == (0, said)
        assert self.run("session", "export", *flags, db=fresh).stdout == out.read_text()
        self.db, self.model = fresh, moved

    @precondition(lambda self: self.exports)
    @rule(data=st.data())
    def merge(self, data: st.DataObject) -> None:
        """An export made earlier, merged back in."""
        path, exported = data.draw(st.sampled_from(self.exports), label="export")
        said = self.model.load(json.loads(json.dumps(exported)), merge=True)
        result = self.run("session", "import", str(path), "--merge")
        assert (result.exit_code, result.output) == (0, said)

    @rule(player=st.sampled_from(PLAYERS))
    def player_status(self, player: str) -> None:
        """What one player holds, as `status --player` shows it (`status` shows every
        player's after each step)."""
        shown = self.run("status", "--player", player).stdout.split("\n")
        holds = next(line for line in shown if line.strip().startswith("Holds:"))
        assert holds.split(":", 1)[1].strip() == (", ".join(self.model.held_by(player)) or "(none)")

    @rule()
    def reopen(self) -> None:
        """The record as the library reads it, opened afresh."""
        with open_ledger(self.db, "empty") as book:
            exported = export_json(book.everything(include_struck=True))
        assert json.loads(exported) == self.model.export(everything=True)

    # --- invariants: what the record says ---

    @invariant()
    def exports_agree_and_read_back_the_same(self) -> None:
        """Both exports say what the model holds; the whole record read back into a fresh
        one exports to the same bytes (a default export is read back by
        `move_to_a_fresh_record`, which checks the same)."""
        default = self.run("session", "export")
        assert json.loads(default.stdout) == self.model.export(everything=False)
        everything = self.run("session", "export", "--all")
        assert json.loads(everything.stdout) == self.model.export(everything=True)
        path, copy = self.new_file(".json"), self.new_file(".db")
        path.write_text(everything.stdout)
        self.expect(self.run("session", "import", str(path), db=copy), True)
        assert self.run("session", "export", "--all", db=copy).stdout == everything.stdout

    @invariant()
    def status_agrees(self) -> None:
        """Sessions played, what each player holds, every NPC's fate."""
        shown = self.run("status").stdout.split("\n")
        assert shown[0] == self.model.status_head()
        held = {p: ", ".join(self.model.held_by(p)) or "(none yet)" for p in PLAYERS}
        assert _block(shown, "Handouts given:") == held
        assert _block(shown, "NPCs:") == self.model.npc_statuses()

    @invariant()
    def recap_agrees(self) -> None:
        expected = self.model.recap()
        result = self.run("recap", "--all")
        self.expect(result, expected is not None)
        if expected is not None:
            assert result.stdout == expected


def _block(lines: list[str], heading: str) -> dict[str, str]:
    """The rows under a heading of `status`, as {id: what follows it}."""
    start = lines.index(heading) + 1
    rows = {}
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        key, value = line.split(None, 1)
        rows[key] = value
    return rows


RecordMachine.TestCase.settings = settings(
    max_examples=10,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestRecordModel = RecordMachine.TestCase
