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
from companion.hints import did_you_mean
from companion.models import SCALE_PATTERN, Campaign, MapHandout
from companion.output import write_atomic
from companion.pdf import html_to_pdf
from companion.render import make_environment, render_template
from companion.resources import builtin_templates_dir

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
        return html_to_pdf(
            self.html(handout_id, audience),
            base_dir=builtin_templates_dir(),
            campaign_root=self.campaign.root,
        )


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
            write_atomic(path, pdf)
            report.files.append(BuiltFile(handout_id, audience, path, len(pdf)))
            for warning in dict.fromkeys(warnings):  # WeasyPrint repeats itself per page
                report.warnings.append(f"{handout_id} ({audience}): {warning}")
    return report
