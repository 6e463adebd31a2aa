"""The record of play as text for people: the players' recap, the export, `status` and
`session show` screens."""

from __future__ import annotations

from typing import Any

from companion.hints import did_you_mean
from companion.play import FullRecord, NpcStatusChange, PlayerRecap, SessionDetail
from companion.record.checked import ConclusionProgress, Overview
from companion.record.store import SCHEMA_VERSION, SessionRecordError

EXPORT_FORMATS = ("yaml", "md")


def recap_markdown(recap: PlayerRecap) -> str:
    """The players' recap of one session as Markdown."""
    heading = f"# Previously on {recap.campaign_title}" if recap.campaign_title else "# Previously"
    lines = [heading, "", f"## {recap.session.heading()}", ""]
    lines += [f"- {text}" for text in recap.told]
    if recap.handouts:
        lines += ["", "**Handouts**", "", *(f"- {h}" for h in recap.handouts)]
    if recap.fates:
        lines += ["", "**What became of them**", "", *(f"- {f}" for f in recap.fates)]
    if recap.is_empty():
        lines.append("_Nothing was recorded for the players._")
    return "\n".join(lines) + "\n"


def export_text(record: FullRecord, format: str) -> str:
    """The whole record as YAML (for git) or Markdown (for people); `format` is one of
    EXPORT_FORMATS."""
    if format not in EXPORT_FORMATS:
        raise SessionRecordError(
            f"unknown export format `{format}`", hint=did_you_mean(format, EXPORT_FORMATS)
        )
    details, before = list(record.sessions), list(record.before_play)
    if format == "yaml":
        return _export_yaml(details, before)
    return _export_markdown(details, before)


def _export_yaml(details: list[SessionDetail], before: list[NpcStatusChange]) -> str:
    import yaml

    record: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if before:
        record["npc_status_before_play"] = [_status_record(change) for change in before]
    record["sessions"] = [_session_record(detail) for detail in details]
    return yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)


def _session_record(detail: SessionDetail) -> dict[str, Any]:
    session = detail.session
    record: dict[str, Any] = {
        "number": session.number,
        "title": session.title,
        "date": session.date,
        "ended": session.ended,
    }
    parts: dict[str, list[dict[str, Any]]] = {
        "log": [{"text": line.text, "gm": line.gm} for line in detail.log],
        "handouts_given": [{"handout": g.handout, "to": g.player} for g in detail.given],
        "clues_found": [{"clue": c.clue, "by": c.by} for c in detail.clues],
        "conclusions_reached": [{"conclusion": r.conclusion} for r in detail.reached],
        "npc_status": [_status_record(change) for change in detail.npc_changes],
    }
    # Empty lists are left out so that a diff in git shows what changed, not boilerplate.
    record.update({key: value for key, value in parts.items() if value})
    return record


def _status_record(change: NpcStatusChange) -> dict[str, Any]:
    return {"npc": change.npc, "status": change.status, "note": change.note, "gm": change.gm}


def _export_markdown(details: list[SessionDetail], before: list[NpcStatusChange]) -> str:
    lines = ["# Session record", ""]
    if before:
        lines += ["## Before play", ""] + [_status_line(c) for c in before] + [""]
    for detail in details:
        lines += _session_markdown(detail)
    return "\n".join(lines).rstrip("\n") + "\n"


def _session_markdown(detail: SessionDetail) -> list[str]:
    state = "" if detail.session.ended else " — still open"
    lines = [f"## {detail.session.heading()}{state}", ""]
    sections = {
        "Log": [f"- {'(GM) ' if line.gm else ''}{line.text}" for line in detail.log],
        "Handouts given": [f"- `{g.handout}` to `{g.player}`" for g in detail.given],
        "Clues found": [f"- `{c.clue}`" + (f" by `{c.by}`" if c.by else "") for c in detail.clues],
        "Conclusions reached": [f"- `{r.conclusion}`" for r in detail.reached],
        "NPC status": [_status_line(change) for change in detail.npc_changes],
    }
    for title, items in sections.items():
        if items:
            lines += [f"### {title}", "", *items, ""]
    if detail.is_empty():
        lines += ["Nothing recorded.", ""]
    return lines


def _status_line(change: NpcStatusChange) -> str:
    note = f" ({change.note})" if change.note else ""
    return f"- {'(GM) ' if change.gm else ''}`{change.npc}`: {change.status}{note}"


def session_lines(detail: SessionDetail) -> list[str]:
    """`session show`: everything recorded in one session, GM lines marked."""
    state = "" if detail.session.ended else ", still open"
    lines = [f"{detail.session.heading()}{state}"]
    sections = {
        "Log": [f"{'[GM] ' if line.gm else ''}{line.text}" for line in detail.log],
        "Handouts given": [f"{given.handout} to {given.player}" for given in detail.given],
        "Clues found": [c.clue + (f" (by {c.by})" if c.by else "") for c in detail.clues],
        "Conclusions reached": [reached.conclusion for reached in detail.reached],
        "NPC status": [
            f"{'[GM] ' if c.gm else ''}{c.npc}: {c.status}" + (f" ({c.note})" if c.note else "")
            for c in detail.npc_changes
        ],
    }
    for title, items in sections.items():
        if items:
            lines += ["", f"{title}:", *(f"  {item}" for item in items)]
    if detail.is_empty():
        lines += ["", "Nothing recorded yet."]
    return lines


def overview_lines(seen: Overview) -> list[str]:
    """`status`: sessions played, who holds what, clues per conclusion, NPC fates."""
    ended = sum(1 for session in seen.sessions if session.ended)
    played = f"{ended} session{'s' if ended != 1 else ''} played"
    open_now = [s for s in seen.sessions if not s.ended]
    if open_now:
        played += f"; {open_now[0].heading()} is open"
    ids = [*seen.held, *(c.conclusion for c in seen.conclusions), *seen.npc_statuses]
    width = max(map(len, ids), default=0) + 2  # one column for every id, however long
    lines = [f"{seen.title}: {played}.", "", "Handouts given:"]
    for player, handouts in seen.held.items():
        lines.append(f"  {player:<{width}}{', '.join(handouts) or '(none yet)'}")
    if seen.conclusions:
        lines += ["", "Clues found, per conclusion:"]
    for progress in seen.conclusions:
        total = len(progress.found) + len(progress.unfound)
        text = f"{len(progress.found)} of {total} found"
        text += ", reached" if progress.reached else ""
        text += f"; still open: {', '.join(progress.unfound)}" if progress.unfound else ""
        lines.append(f"  {progress.conclusion:<{width}}{text}")
    lines += ["", "NPCs:"]
    lines += [f"  {npc:<{width}}{current}" for npc, current in seen.npc_statuses.items()]
    return lines


def overview_warnings(seen: Overview) -> list[str]:
    """Open conclusions that the three-clue rule says are short of clues still to find."""
    return [_three_clue_warning(c) for c in seen.conclusions if c.short_of_clues()]


def _three_clue_warning(progress: ConclusionProgress) -> str:
    left = len(progress.unfound)
    count = "no clues" if left == 0 else f"only {left} clue{'s' if left != 1 else ''}"
    return (
        f"conclusion `{progress.conclusion}` is not reached yet and {count} toward it "
        f"remain{'s' if left == 1 else ''} unfound (three-clue rule: add more, or mark it "
        f"reached with `companion clue reached`)"
    )
