"""The handouts as an export carries them: each copy the audience receives, built by the one
render pipeline (into the output folder, where the build cache keeps it until it changes),
with the name and file name that audience may read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from companion.build.pipeline import OutputPaths
from companion.build.request import Audience, BuildOptions
from companion.build.targets import build
from companion.campaign.audience import GM
from companion.campaign.models import Campaign
from companion.campaign.player_names import player_facing_title, player_file_names
from companion.errors import CompanionError, LocatedErrors
from companion.export.request import ExportRequest


@dataclass(frozen=True)
class HandoutCopy:
    """One handout's copy for the export's audience: `name` and `stem` (its file name without
    suffix) are what that audience may read; `pdf` the copy itself."""

    handout_id: str
    name: str
    stem: str
    pdf: bytes
    dpi: int

    @cached_property
    def pages(self) -> list[bytes]:
        """Each page as a PNG picture."""
        from companion.render.pdf import pdf_to_pngs

        return pdf_to_pngs(self.pdf, self.dpi)


def handout_copies(view: Campaign, request: ExportRequest) -> list[HandoutCopy]:
    """Every handout's copy for the request's audience, in id order, from `view` (the campaign
    as that audience may see it). Copies are built as `companion build` builds them, and
    written where it writes them; those built before and unchanged since are not made again."""
    options = BuildOptions(out_dir=request.out_dir, audience=Audience(request.audience))
    report = build(view, options)
    if report.failures:
        raise LocatedErrors(
            [problem for failure in report.failures for problem in failure.problems]
        )
    names = player_file_names(view)
    paths = OutputPaths(request.out_dir, view.name, names)
    copies = []
    for handout_id in sorted(view.handouts):
        handout = view.handouts[handout_id]
        stem_path = paths.copy(request.audience, handout_id)
        path = stem_path.with_name(stem_path.name + ".pdf")
        if not path.is_file():
            raise CompanionError(
                f"the copy of `{handout_id}` was not found at {path} after building it",
                hint="build again with `companion build --force`",
            )
        gm = request.audience == GM
        name = handout.title if gm else player_facing_title(view, handout)
        stem = handout_id if gm else names[handout_id]
        copies.append(HandoutCopy(handout_id, name, stem, path.read_bytes(), request.dpi))
    return copies
