"""Which handouts each player holds, from the record of play, as packets to build."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from companion.build import PLAYER, BuildReport, HandoutRenderer, write_output
from companion.errors import CompanionError
from companion.handouts.recap import TEMPLATE as TELEGRAM
from companion.handouts.recap import recap_context
from companion.models import Campaign
from companion.pdf import htmls_to_pdf
from companion.render import make_environment, render_template
from companion.resources import builtin_templates_dir
from companion.sessions import PlayerRecap, SessionBook, check_id, open_session_book

ALL_PLAYERS = "all"


@dataclass(frozen=True)
class Packet:
    """What one player holds after a session: the handouts, and how much is revealed."""

    player: str
    handouts: Sequence[str]
    revealed_through: int


def packet_dir(out_dir: Path, campaign: Campaign, player: str) -> Path:
    return out_dir / campaign.name / "players" / player


def build_packet(campaign: Campaign, packet: Packet, out_dir: Path) -> BuildReport:
    """A player's copies of exactly the handouts they hold, one PDF each and all together in
    `packet.pdf`, with redactions lifted up to the packet's session."""
    check_id(packet.player, campaign.player_ids(), "player")
    renderer = HandoutRenderer(campaign, packet.revealed_through)
    folder = packet_dir(out_dir, campaign, packet.player)
    report = BuildReport()
    for handout_id in packet.handouts:
        pdf, warnings = renderer.pdf(handout_id, PLAYER)
        write_output(
            report, out_dir, folder / f"{handout_id}.pdf", pdf, handout_id, PLAYER, warnings
        )
    if packet.handouts:
        pdf, warnings = renderer.combined_pdf(packet.handouts, PLAYER)
        write_output(report, out_dir, folder / "packet.pdf", pdf, "packet", packet.player, warnings)
    return report


def build_recap(campaign: Campaign, recap: PlayerRecap, out_dir: Path) -> BuildReport:
    """The players' recap of a session as a printable telegram, beside their packets."""
    context = recap_context(campaign, recap)
    html = render_template(make_environment(campaign.root), TELEGRAM, {"handout": context})
    pdf, warnings = htmls_to_pdf([html], builtin_templates_dir(), campaign.root)
    report = BuildReport()
    path = out_dir / campaign.name / "players" / f"{context.id}.pdf"
    write_output(report, out_dir, path, pdf, context.id, PLAYER, warnings)
    return report


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
        report.add(build_packet(campaign, packet, out_dir))
        if not packet.handouts:
            report.warnings.append(f"{packet.player} holds no handouts yet")
    return report
