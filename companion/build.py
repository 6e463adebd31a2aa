"""The build pipeline: which handouts, for which audiences, rendered and written where."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jinja2

from companion.campaign import GM, for_audience
from companion.errors import CompanionError, UnknownId
from companion.handouts import dossier, maps, note
from companion.handouts.common import HandoutContext
from companion.handouts.recap import TEMPLATE as TELEGRAM
from companion.handouts.recap import recap_context
from companion.hints import did_you_mean
from companion.models import SCALE_PATTERN, Campaign, MapHandout
from companion.output import write_atomic
from companion.pdf import htmls_to_pdf
from companion.render import make_environment, render_template
from companion.resources import builtin_templates_dir
from companion.sessions import PlayerRecap

PLAYER = "player"
AudienceChoice = Literal["gm", "player", "all"]

ContextBuilder = Callable[[Campaign, Any, bool], HandoutContext]
CONTEXT_BUILDERS: dict[str, tuple[ContextBuilder, str]] = {
    "note": (note.note_context, note.TEMPLATE),
    "dossier": (dossier.dossier_context, dossier.TEMPLATE),
    "map": (maps.map_context, maps.TEMPLATE),
}


@dataclass(frozen=True)
class BuildOptions:
    only: Sequence[str] = ()
    audience: AudienceChoice = "all"
    out_dir: Path = Path("output")
    map_scale: str | None = None  # overrides every map's scale (and its fit-to-page)
    revealed_through: int = 0  # player copies show what was revealed up to this session


@dataclass(frozen=True)
class BuiltFile:
    handout_id: str
    audience: str
    path: Path
    size_bytes: int


@dataclass
class BuildReport:
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def audiences_for(choice: AudienceChoice) -> list[str]:
    return [GM, PLAYER] if choice == "all" else [choice]


def selected_handouts(campaign: Campaign, only: Sequence[str]) -> list[str]:
    """The handout ids to build, in a stable order; unknown ids are an error with a hint."""
    for handout_id in only:
        if handout_id not in campaign.handouts:
            raise UnknownId(
                f"no handout `{handout_id}` in {campaign.name}",
                hint=did_you_mean(handout_id, campaign.handouts, "handout id"),
            )
    return sorted(set(only)) if only else sorted(campaign.handouts)


def handout_pdf_path(out_dir: Path, campaign: Campaign, audience: str, handout_id: str) -> Path:
    return out_dir / campaign.name / audience / f"{handout_id}.pdf"


class HandoutRenderer:
    """Renders handouts of one campaign; holds what is worth reusing between handouts."""

    def __init__(
        self, campaign: Campaign, revealed_through: int = 0, map_scale: str | None = None
    ) -> None:
        if map_scale is not None:
            campaign = with_map_scale(campaign, map_scale)
        self.campaign = campaign
        self.environment: jinja2.Environment = make_environment(campaign.root)
        self.views = {GM: campaign, PLAYER: for_audience(campaign, PLAYER, revealed_through)}

    def context(self, handout_id: str, audience: str) -> HandoutContext:
        view = self.views[audience]
        handout = view.handouts[handout_id]
        builder, _ = CONTEXT_BUILDERS[handout.kind]
        return builder(view, handout, audience == GM)

    def html(self, handout_id: str, audience: str) -> str:
        context = self.context(handout_id, audience)
        _, template = CONTEXT_BUILDERS[self.campaign.handouts[handout_id].kind]
        return render_template(self.environment, template, {"handout": context})

    def pdf(self, handout_id: str, audience: str) -> tuple[bytes, list[str]]:
        return self.combined_pdf([handout_id], audience)

    def combined_pdf(self, handout_ids: Sequence[str], audience: str) -> tuple[bytes, list[str]]:
        """Several handouts in one PDF, each with its own pages and a bookmark."""
        htmls = [self.html(handout_id, audience) for handout_id in handout_ids]
        return htmls_to_pdf(htmls, builtin_templates_dir(), self.campaign.root)


def with_map_scale(campaign: Campaign, scale: str) -> Campaign:
    """Every map printed at `scale` (true scale, so tiled when large) instead of its own."""
    if not re.fullmatch(SCALE_PATTERN, scale):
        raise CompanionError(
            f"`{scale}` is not a map scale", hint="write it like `1:50` or `1in=5ft`"
        )
    handouts = {
        key: h.model_copy(update={"scale": scale, "fit": False}) if isinstance(h, MapHandout) else h
        for key, h in campaign.handouts.items()
    }
    return campaign.model_copy(update={"handouts": handouts})


def build(campaign: Campaign, options: BuildOptions) -> BuildReport:
    """Render the chosen handouts for the chosen audiences and write each PDF atomically."""
    renderer = HandoutRenderer(campaign, options.revealed_through, options.map_scale)
    report = BuildReport()
    for handout_id in selected_handouts(campaign, options.only):
        for audience in audiences_for(options.audience):
            pdf, warnings = renderer.pdf(handout_id, audience)
            path = handout_pdf_path(options.out_dir, campaign, audience, handout_id)
            _write(report, path, pdf, handout_id, audience, warnings)
    return report


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
    if packet.player not in campaign.player_ids():
        raise UnknownId(
            f"no player `{packet.player}` in {campaign.name}",
            hint=did_you_mean(packet.player, campaign.player_ids(), "player id"),
        )
    renderer = HandoutRenderer(campaign, packet.revealed_through)
    folder = packet_dir(out_dir, campaign, packet.player)
    report = BuildReport()
    for handout_id in packet.handouts:
        pdf, warnings = renderer.pdf(handout_id, PLAYER)
        _write(report, folder / f"{handout_id}.pdf", pdf, handout_id, PLAYER, warnings)
    if packet.handouts:
        pdf, warnings = renderer.combined_pdf(packet.handouts, PLAYER)
        _write(report, folder / "packet.pdf", pdf, "packet", packet.player, warnings)
    return report


def _write(
    report: BuildReport, path: Path, pdf: bytes, what: str, audience: str, warnings: list[str]
) -> None:
    write_atomic(path, pdf)
    report.files.append(BuiltFile(what, audience, path, len(pdf)))
    for warning in dict.fromkeys(warnings):  # WeasyPrint repeats itself per page
        report.warnings.append(f"{what} ({audience}): {warning}")


def build_recap(campaign: Campaign, recap: PlayerRecap, out_dir: Path) -> BuildReport:
    """The players' recap of a session as a printable telegram, beside their packets."""
    context = recap_context(campaign, recap)
    html = render_template(make_environment(campaign.root), TELEGRAM, {"handout": context})
    pdf, warnings = htmls_to_pdf([html], builtin_templates_dir(), campaign.root)
    report = BuildReport()
    path = out_dir / campaign.name / "players" / f"{context.id}.pdf"
    _write(report, path, pdf, context.id, PLAYER, warnings)
    return report
