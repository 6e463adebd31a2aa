"""The record of play as text for people: the players' recap, the Markdown export, and the
`status` and `session show` screens."""

from __future__ import annotations

from companion.record.entries import Entry
from companion.record.facts import FullRecord, PlayerRecap, SessionDetail
from companion.record.standing import ConclusionProgress, Knowledge, Overview


def recap_markdown(recap: PlayerRecap) -> str:
    """The players' recap, of one session or of the story so far, as Markdown."""
    heading = f"# Previously on {recap.campaign_title}" if recap.campaign_title else "# Previously"
    lines = [heading]
    for part in recap.sessions:
        lines += ["", f"## {part.session.story_heading()}", ""]
        lines += [f"- {text}" for text in part.told]
        if part.handouts:
            lines += ["", "**Handouts**", "", *(f"- {h}" for h in part.handouts)]
        if part.fates:
            lines += ["", "**What became of them**", "", *(f"- {f}" for f in part.fates)]
        if part.is_empty():
            lines.append("_Nothing was recorded for the players._")
    return "\n".join(lines) + "\n"


def record_markdown(record: FullRecord) -> str:
    """The whole record for people, each entry with its number (struck ones marked)."""
    lines = ["# Session record", ""]
    if record.before_play:
        lines += ["## Before play", "", *(f"- {_entry_line(e)}" for e in record.before_play), ""]
    for detail in record.sessions:
        lines += _session_markdown(detail, detail.session.number in record.deleted_sessions)
    return "\n".join(lines).rstrip("\n") + "\n"


def _session_markdown(detail: SessionDetail, deleted: bool) -> list[str]:
    state = " — deleted" if deleted else ("" if detail.session.ended else " — still open")
    story = f"\n\nIn the story: {detail.session.story_date}" if detail.session.story_date else ""
    lines = [f"## {detail.session.heading()}{state}{story}", ""]
    lines += [f"- {_entry_line(entry)}" for entry in detail.entries]
    if detail.is_empty():
        lines.append("Nothing recorded.")
    return [*lines, ""]


def _entry_line(entry: Entry) -> str:
    line = entry.describe()
    return f"~~{line}~~" if entry.struck else line


def session_lines(detail: SessionDetail) -> list[str]:
    """`session show`: every entry of one session with its number; struck ones marked."""
    session = detail.session
    state = "" if session.ended else ", still open"
    lines = [f"{session.heading()}{state}"]
    if session.story_date:
        lines.append(f"In the story: {session.story_date}")
    lines += [""] + [f"  {entry.describe()}" for entry in detail.entries]
    if detail.is_empty():
        lines.append("Nothing recorded yet.")
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


def knowledge_lines(known: Knowledge) -> list[str]:
    """`status --player`: what one player holds, found, may have heard of, and missed."""
    rows = {
        "Holds": known.held,
        "Found": known.found,
        "Found by others": known.found_by_others,
        "Still to find in what they hold": known.missed,
    }
    width = max(map(len, rows)) + 2
    return [f"{known.player}:"] + [
        f"  {label + ':':<{width}}{', '.join(items) or '(none)'}" for label, items in rows.items()
    ]


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
