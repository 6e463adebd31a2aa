"""The wear on a prop's paper: a tone (aged, blue, grey, onionskin), foxing, a torn or burnt
edge, a carbon copy's faint violet, fold lines. All drawn as the page's own background
layers, over whatever the kind paints, so every kind takes them the same way; spots and
tears come from the handout's seed. Folds are laid between lines of writing."""

from __future__ import annotations

import base64
import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from random import Random

from companion.campaign.models import HandoutBase, PaperWear
from companion.campaign.models.handouts import SIDES
from companion.render.layout import Measured, TextLine
from companion.seeds import seeded_random

# Each tone as a colour laid over the paper: red, green, blue and how much it covers.
TONES: dict[str, tuple[int, int, int, float] | None] = {
    "plain": None,
    "aged": (176, 132, 52, 0.20),
    "blue": (120, 160, 205, 0.28),
    "grey": (120, 120, 120, 0.20),
    "onionskin": (235, 232, 220, 0.45),
}


def toned(colour: str, tone: str) -> str:
    """A paper colour (`#rrggbb`) with a tone laid over it, as one colour: for a prop that
    is a shape on its sheet (a clipping), where a tone painted over a box would colour the
    sheet round it too."""
    over = TONES[tone]
    if over is None:
        return colour
    under = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    *rgb, alpha = over
    mixed = [round(u * (1 - alpha) + o * alpha) for u, o in zip(under, rgb, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


FOLDS = {"no": (), "in-two": (0.5,), "in-three": (1 / 3, 2 / 3)}
# A scorch darkens an edge and fades inwards, away from it.
SCORCHED_TOWARDS = {"left": "to right", "right": "to left", "top": "to bottom", "bottom": "to top"}
BOX = 1000  # the torn edge is drawn in a box of this many units, stretched over the page


@dataclass(frozen=True)
class Frame:
    """Where the sheet lies around the page area the page's background is drawn in: the
    wear belongs to the whole sheet, margins included."""

    width_mm: float
    height_mm: float
    left_mm: float  # the page area's distance from the sheet's edges
    top_mm: float

    def size(self, fraction_w: float = 1.0, fraction_h: float = 1.0) -> str:
        return f"{self.width_mm * fraction_w:.2f}mm {self.height_mm * fraction_h:.2f}mm"

    def at(self, x_fraction: float, y_fraction: float) -> str:
        """A point of the sheet, as a position in the page area."""
        x = self.width_mm * x_fraction - self.left_mm
        y = self.height_mm * y_fraction - self.top_mm
        return f"{x:.2f}mm {y:.2f}mm"


@dataclass(frozen=True)
class Wear:
    """What the base template paints: background layers (image, size, position) for the
    page, and whether the words are a carbon copy's."""

    layers: tuple[tuple[str, str, str], ...]
    carbon: bool
    folds: tuple[float, ...]  # fractions of the page's height, between lines of text
    onionskin: bool

    def background(self) -> str:
        """The layers as the CSS background of an element (a prop worn on itself)."""
        images = ", ".join(image for image, _, _ in self.layers)
        sizes = ", ".join(size for _, size, _ in self.layers)
        places = ", ".join(place for _, _, place in self.layers)
        return (
            f"background-image: {images}; background-size: {sizes}; "
            f"background-position: {places}; background-repeat: no-repeat;"
        )


def wear_of(handout: HandoutBase) -> Wear | None:
    """The wear the handout asks for, its folds at their nominal places."""
    paper = handout.paper
    if paper is None:
        return None
    return _wear(paper, _seed(handout), FOLDS[paper.folded], None)


def wear_of_prop(handout: HandoutBase, with_tone: bool = True) -> Wear | None:
    """The wear drawn on the prop itself rather than on the sheet it prints on: a poster
    pasted up from tiles is torn round the poster, not round every tile; a clipping is
    yellowed, not the plain sheet it is printed on. Its layers fill the prop's own box;
    `with_tone=False` leaves the tone to the prop (see `toned`)."""
    paper = handout.paper
    if paper is None:
        return None
    return _wear(paper, _seed(handout), FOLDS[paper.folded], None, with_tone)


def _seed(handout: HandoutBase) -> Random:
    return seeded_random("wear", handout.id)


def _wear(
    paper: PaperWear,
    variation: Random,
    folds: Sequence[float],
    frame: Frame | None,
    with_tone: bool = True,
) -> Wear:
    """The layers, placed on the sheet (`frame`); before the sheet is measured, as if the
    page area were the whole sheet."""
    sheet = frame or Frame(0, 0, 0, 0)
    whole = sheet.size() if frame else "100% 100%"
    origin = sheet.at(0, 0) if frame else "0 0"
    layers: list[tuple[str, str, str]] = []
    for fold in folds:
        crease = (
            "linear-gradient(to bottom, transparent, rgb(110 85 40 / 0.22) 45%, "
            "rgb(255 255 255 / 0.35) 60%, transparent)"
        )
        width = f"{sheet.width_mm:.2f}mm 1.2mm" if frame else "100% 1.2mm"
        middle = sheet.height_mm * fold - sheet.top_mm - 0.6  # the 1.2 mm crease centred
        place = f"{-sheet.left_mm:.2f}mm {middle:.2f}mm" if frame else f"0 {fold * 100:.2f}%"
        layers.append((crease, width, place))
    if paper.foxed:
        for _ in range(variation.randint(9, 16)):
            size = round(variation.uniform(1.5, 7), 1)
            alpha = round(variation.uniform(0.10, 0.28), 2)
            spot = f"radial-gradient(circle, rgb(150 95 40 / {alpha}), transparent 70%)"
            x, y = variation.uniform(0.02, 0.98), variation.uniform(0.02, 0.98)
            place = sheet.at(x, y) if frame else f"{x * 100:.1f}% {y * 100:.1f}%"
            layers.append((spot, f"{size}mm {size}mm", place))
    edges = paper.edges()
    for side, inwards in SCORCHED_TOWARDS.items():
        if edges[side] == "burnt":
            depth = round(variation.uniform(5, 9), 1)
            scorch = (
                f"linear-gradient({inwards}, rgb(40 22 8 / 0.95), rgb(110 60 20 / 0.55) "
                f"{depth * 0.35:.1f}mm, rgb(160 110 50 / 0.2) {depth * 0.7:.1f}mm, "
                f"transparent {depth:.1f}mm)"
            )
            layers.append((scorch, whole, origin))
    torn = {side for side, wear in edges.items() if wear == "torn"}
    if torn:
        # base64 needs no quotes (which the template would escape)
        layers.append((f"url({_torn_frame(variation, torn)})", whole, origin))
    tone = TONES[paper.tone]
    if tone and with_tone:
        red, green, blue, alpha = tone
        colour = f"rgb({red} {green} {blue} / {alpha:.2f})"
        layers.append((f"linear-gradient({colour}, {colour})", whole, origin))
    return Wear(tuple(layers), paper.carbon, tuple(folds), paper.tone == "onionskin")


def _torn_frame(variation: Random, sides: set[str]) -> str:
    """White where the paper is torn away: a ragged band along the torn edges."""
    inner = ragged_outline(variation, across=48, down=48, depth=14, sides=sides)
    outer = f"M0,0H{BOX}V{BOX}H0Z"
    ragged = "M" + "L".join(f"{x},{y}" for x, y in inner) + "Z"
    return svg_data_url(f'<path fill="#ffffff" fill-rule="evenodd" d="{outer} {ragged}"/>')


def ragged_outline(
    variation: Random,
    *,
    across: int,
    down: int,
    depth: int,
    sides: Collection[str] = SIDES,
) -> list[tuple[int, int]]:
    """A torn sheet's outline in a BOX-unit square, clockwise from the top left: each edge
    in short steps (`across` along the top and bottom, `down` the sides), each biting in by
    a random depth up to `depth`; an edge not among `sides` stays straight. Every bite is
    drawn, torn or not, so an edge tears the same whichever others do."""

    def bite(side: str) -> int:
        drawn = round(variation.uniform(0, depth))
        return drawn if side in sides else 0

    top = [(round(BOX * i / across), bite("top")) for i in range(across + 1)]
    right = [(BOX - bite("right"), round(BOX * i / down)) for i in range(1, down)]
    bottom = [(round(BOX * i / across), BOX - bite("bottom")) for i in range(across, -1, -1)]
    left = [(bite("left"), round(BOX * i / down)) for i in range(down - 1, 0, -1)]
    return top + right + bottom + left


def svg_data_url(shapes: str) -> str:
    """Shapes in a BOX-unit square, stretched over whatever they are the background of."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BOX} {BOX}" '
        f'preserveAspectRatio="none">{shapes}</svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def wear_on_sheet(handout: HandoutBase, laid_out: Measured, folds: tuple[float, ...]) -> Wear:
    """The wear laid on the sheet as the page was laid out: over the margins too, and each
    fold (as a share of the height) moved to the nearest gap between two lines of the first
    page's text."""
    assert handout.paper is not None
    area = laid_out.area
    height = area.page_height_mm
    lines = sorted(laid_out.on_page(0), key=lambda line: line.top_mm)
    moved = tuple(_clear(fold * height, lines, height) / height for fold in folds)
    frame = Frame(area.page_width_mm, height, area.left_mm, area.top_mm)
    return _wear(handout.paper, _seed(handout), moved, frame)


def _clear(at_mm: float, lines: list[TextLine], height: float) -> float:
    """`at_mm`, or the middle of the nearest gap between lines if a line stands there."""
    if not lines or not _on_a_line(at_mm, lines):
        return at_mm
    gaps = [(a.bottom_mm + b.top_mm) / 2 for a, b in itertools.pairwise(lines)]
    gaps += [lines[0].top_mm / 2, (lines[-1].bottom_mm + height) / 2]
    clear = [gap for gap in gaps if not _on_a_line(gap, lines)]
    return min(clear, key=lambda gap: abs(gap - at_mm)) if clear else at_mm


def _on_a_line(at_mm: float, lines: list[TextLine]) -> bool:
    """Whether a crease there (1.2 mm wide) would cross a line of text."""
    return any(line.top_mm - 0.8 <= at_mm <= line.bottom_mm + 0.8 for line in lines)
