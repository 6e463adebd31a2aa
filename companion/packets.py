"""Which handouts each player holds, from the record of play, as packets to build."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from companion.build import BuildReport, Packet, build_packet
from companion.errors import CompanionError
from companion.models import Campaign
from companion.sessions import SessionBook, check_id, open_session_book

ALL_PLAYERS = "all"


def packets_from_record(
    campaign: Campaign, book: SessionBook, players: Sequence[str], as_of_session: int | None
) -> list[Packet]:
    """One packet per player: what they had received by the end of `as_of_session` (default:
    everything recorded), with the redactions lifted up to that session."""
    chosen = campaign.player_ids() if ALL_PLAYERS in players else list(players)
    for player in chosen:
        check_id(player, campaign.player_ids(), "player")
    state = book.state(as_of_session)
    revealed_through = as_of_session or max((s.number for s in state.sessions), default=0)
    known = set(campaign.handouts)
    return [
        Packet(
            player,
            tuple(h for h in state.held_by(player) if h in known),
            revealed_through,
        )
        for player in chosen
    ]


def build_packets(
    campaign: Campaign,
    db_path: Path,
    players: Sequence[str],
    as_of_session: int | None,
    out_dir: Path,
) -> BuildReport:
    """Each chosen player's packet, from the record of play at `db_path`."""
    if not db_path.exists():
        raise CompanionError(
            f"no record of play yet ({db_path.name} does not exist)",
            hint="record what players receive with `companion give HANDOUT --to PLAYER`",
        )
    with open_session_book(db_path) as book:
        packets = packets_from_record(campaign, book, players, as_of_session)
    report = BuildReport()
    for packet in packets:
        built = build_packet(campaign, packet, out_dir)
        report.files += built.files
        report.warnings += built.warnings
        if not packet.handouts:
            report.warnings.append(f"{packet.player} holds no handouts yet")
    return report
