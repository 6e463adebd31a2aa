"""Every option of every kind, tried on campaigns generated from the models (see campaigns.py).

For each generated campaign: `validate` and `build` end without an internal error, every
problem located in its file; the player copies hold every word players may read and no word
only the GM may; only bundled fonts are embedded; a second build gives the same bytes.
A failure prints the campaign as YAML, to keep as a regression test.

CI runs covering campaigns whose choices take every value in turn, each text sized to its
prop's room (see room.py): every prop builds and is read, but for one made too long on
purpose, whose refusal is located; a value counts as tried only on a prop that built. `make
fuzz` lets Hypothesis choose, many more times (`--fuzz`).
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageStat
from pydantic import BaseModel
from typer.testing import CliRunner

from companion.campaign.audience import for_audience
from companion.campaign.loading import load_campaign
from companion.campaign.models import HANDOUT_KINDS, HANDOUT_MODELS, HandoutBase
from companion.campaign.player_names import player_file_names
from companion.cli import app
from companion.render.pdf import pdf_to_pngs
from tests.conftest import ASSETS
from tests.generated.campaigns import (
    GM_WORDS,
    PLAYER_WORDS,
    Covering,
    Drawn,
    GeneratedCampaign,
    choices_tried,
    every_choice_value,
    generate,
    turns_needed,
)
from tests.generated.room import OVERFLOW_REFUSED
from tests.pdftext import (
    bundled_names,
    embedded_fonts,
    pdf_metadata_texts,
    pdf_text,
    unpacked_reader,
)

PORTRAIT = (ASSETS / "mini" / "images" / "butler.jpg").read_bytes()
LOCATED = re.compile(r"^(warning: )?\S+\.yaml:\d+:\d+: ", re.MULTILINE)

# Fields of a player's copy that are not printed on the prop, and why.
NOT_PRINTED = {
    "title",  # the GM's name for the handout; players read `player_title` or the prop's own
    "language",  # a language code: it chooses words and hyphenation, it is not one
    "kind",
    "cipher_text",  # printed as groups of five, checked by the cipher tests
    "key_sheet_lines",
    "cut_out",  # words cut out of a clipping's back: holes, checked by the clipping tests
}


@cache
def covering_campaigns() -> tuple[GeneratedCampaign, ...]:
    """Each kind in as many campaigns as its choices need (hands have eight values, a
    card's style three): the later campaigns are smaller. The first has the one handout
    too long for its prop."""
    chooser = Covering()
    needed = {kind: turns_needed(kind) for kind in HANDOUT_KINDS}
    return tuple(
        generate(chooser, [kind for kind in HANDOUT_KINDS if index < needed[kind]], index == 0)
        for index in range(max(needed.values()))
    )


# The covering campaign built twice, to compare the bytes: one with every kind, and none of
# the kinds' most copies (which the second build would print again).
SAME_BYTES = 5


def test_each_kinds_most_copies_come_once() -> None:
    """The most copies the covering set asks for (see `Covering.most_copies`): once for
    each kind that has copies, and not in the campaign built twice."""
    most: dict[int, list[str]] = {}
    for index, campaign in enumerate(covering_campaigns()):
        for data in campaign.files.values():
            model = HANDOUT_MODELS.get(data.get("kind", ""))
            if model is None or "copies" not in model.model_fields:
                continue
            bound = next(m.le for m in model.model_fields["copies"].metadata if hasattr(m, "le"))
            if data.get("copies") == min(bound, Covering().most_copies.get(data["kind"], bound)):
                most.setdefault(index, []).append(data["kind"])
    kinds = Counter(kind for kinds in most.values() for kind in kinds)
    assert kinds == {"card": 1, "clipping": 1, "note": 1} and SAME_BYTES not in most, most


def props_of(campaign: GeneratedCampaign) -> set[str]:
    return {Path(name).stem for name in campaign.files if name.endswith("-prop.yaml")}


def untried_values(built: dict[int, set[str]]) -> list[tuple[str, str]]:
    """The values of choices no covering campaign tried on a prop that built: `built`
    names the props that did in some campaigns (by index); in the others, every prop."""
    tried = {
        choice
        for index, campaign in enumerate(covering_campaigns())
        for choice in choices_tried(campaign.choices_in(built.get(index, props_of(campaign))))
    }
    return sorted(every_choice_value() - tried)


def test_the_covering_campaigns_try_every_value_of_every_choice() -> None:
    """On the props that build (each campaign's build test fails if a prop does not): the
    handout too long on purpose is no prop, and its choices count for nothing."""
    assert untried_values({}) == []


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(covering_campaigns())))
def test_a_generated_campaign_builds_whole_with_no_leak(index: int, tmp_path: Path) -> None:
    """Every prop builds and is read; the handout too long on purpose is refused, located
    at its text."""
    campaign = covering_campaigns()[index]
    failed, said = check(campaign, tmp_path, twice=index == SAME_BYTES)
    refused = {campaign.overflowing} if campaign.overflowing else set()
    untried = untried_values({index: props_of(campaign) - failed})
    assert (failed, untried) == (refused, []), f"{said}\n(failed, values never tried)"
    if campaign.overflowing:
        located = rf"handouts/{campaign.overflowing}\.yaml:\d+:\d+: {OVERFLOW_REFUSED}"
        assert re.search(located, said), said


@pytest.mark.fuzz
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzz_generated_campaigns(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    campaign = generate(Drawn(data.draw))
    check(campaign, tmp_path_factory.mktemp("fuzz"), twice=True)


# --- the invariants -------------------------------------------------------------------------


def check(campaign: GeneratedCampaign, tmp_path: Path, twice: bool) -> tuple[set[str], str]:
    """Run the invariants on one campaign: a campaign `validate` refuses (every problem
    located) is not built. The handouts that failed to build (all, when it was refused),
    and what the commands said. Assertion errors carry the campaign as YAML."""
    folder = campaign.write(tmp_path / "generated", PORTRAIT)
    try:
        return _check(folder, tmp_path, twice)
    except AssertionError as failure:
        raise AssertionError(f"{failure}\n--- the campaign:\n{campaign.as_yaml()}") from None


def _check(folder: Path, tmp_path: Path, twice: bool) -> tuple[set[str], str]:
    runner = CliRunner()
    validated = runner.invoke(app, ["validate", str(folder)])
    assert_plain(validated.output, validated.exit_code)
    if validated.exit_code != 0:
        return {path.stem for path in folder.glob("handouts/*.yaml")}, validated.output
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(folder), "--out", str(out)])
    assert_plain(built.output, built.exit_code)
    failed = set(re.findall(r"^([\w-]+) failed:$", built.output, re.MULTILINE))
    assert (built.exit_code == 0) == (not failed), built.output
    loaded = load_campaign(folder)
    names = player_file_names(loaded)
    view = for_audience(loaded, "player")
    # A located warning, from `validate` (what a prop cannot show) or from the build.
    said = validated.output + built.output
    warned = {m.group(1) for m in re.finditer(r"handouts/([\w-]+)\.yaml:\d+:\d+", said)}
    fonts: set[str] = set()
    for handout_id, handout in view.handouts.items():
        if handout_id in failed:
            continue
        pdf = out / loaded.name / "player" / f"{names[handout_id]}.pdf"
        reader = unpacked_reader(pdf)
        fonts |= embedded_fonts(reader)
        text = folded(" ".join([pdf_text(reader), *pdf_metadata_texts(reader)]))
        leaked = [word for word in all_words(GM_WORDS) if folded(word) in text]
        assert leaked == [], f"{handout_id}: GM words in the player copy"
        if handout_id not in warned:
            missing = [w for w in printed_words(handout) if folded(w) not in text]
            assert missing == [], f"{handout_id}: player words missing, with no warning"
    # The GM's copies add the GM's block in the same faces: read in one campaign.
    pdfs = sorted(out.rglob("*.pdf"))
    if twice:
        gm = (unpacked_reader(pdf) for pdf in pdfs if "gm" in pdf.parts)
        fonts |= set().union(*(embedded_fonts(reader) for reader in gm))
    assert fonts <= bundled_names()
    if twice:
        again = tmp_path / "again"
        runner.invoke(app, ["build", str(folder), "--audience", "player", "--out", str(again)])
        assert sorted(again.rglob("*.pdf")) != [], "the second build wrote nothing"
        first = {p.relative_to(out): p.read_bytes() for p in pdfs if "player" in p.parts}
        second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*.pdf"))}
        assert [name for name in first if first[name] != second.get(name)] == []
    return failed, said


def assert_plain(output: str, exit_code: int) -> None:
    """No internal error; a failing command names the file, line and column of each problem
    (its hint and the names of what was written or failed aside)."""
    assert "internal error" not in output and "Traceback" not in output, output
    if exit_code == 0:
        return
    said = [line.strip() for line in output.splitlines() if line.strip()]
    aside = re.compile(r"^(hint: |wrote |[\w-]+ failed:$|\d+ (problems?|files?) |.*: no problems)")
    unlocated = [line for line in said if not aside.match(line) and not LOCATED.match(line)]
    assert unlocated == [], output


def all_words(vocabulary: dict[str, tuple[str, ...]]) -> list[str]:
    return [word for words in vocabulary.values() for word in words]


def printed_words(handout: HandoutBase) -> list[str]:
    """The player words of every field the prop prints (its player view's texts)."""
    known = {word.casefold() for word in all_words(PLAYER_WORDS)}
    # a word cut out of a clipping's back is a hole: gone from the page, rightly
    reverse = getattr(handout, "reverse", None)
    known -= {word.casefold() for word in (reverse.cut_out if reverse else [])}
    words = {
        word
        for text in texts_of(handout)
        for word in re.findall(r"\w+", text)
        if word.casefold() in known
    }
    return sorted(words)


def texts_of(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in NOT_PRINTED:
                yield from texts_of(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_of(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_of(item)


def folded(text: str) -> str:
    """Text as compared: no accents, case, spaces or hyphens (telegrams print capitals, Greek
    capitals drop their accents, lines break inside words)."""
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn"
    )
    return re.sub(r"[\s\-\u00ad\u2010]", "", bare.casefold())


@pytest.mark.slow
def test_paper_wear_shows_on_every_kind(tmp_path: Path) -> None:
    """Wear the YAML asks for is on the paper, whatever the kind draws over its page (a
    letter's own paper once covered it): each kind's first page, built clean and burnt,
    is darker along a burnt edge: the sheet's, or the prop's own where it is worn on itself
    (a clipping on its carrier sheet, a poster's first tile). One copy of each: more are the
    same prop again on the page and on more sheets, which the first page does not show."""
    campaign = covering_campaigns()[1]
    files = dict(campaign.files)
    for name, data in campaign.files.items():
        if name.startswith("handouts/"):
            clean = {key: value for key, value in data.items() if key != "paper"}
            if "copies" in HANDOUT_MODELS[data["kind"]].model_fields:
                clean["copies"] = 1
            files[name] = clean
            files[name.replace("-prop", "-worn")] = {**clean, "paper": {"edge": "burnt"}}
    files["clues.yaml"] = {}
    folder = GeneratedCampaign(files, campaign.choices).write(tmp_path / "worn", PORTRAIT)
    out = tmp_path / "out"
    built = CliRunner().invoke(
        app, ["build", str(folder), "--audience", "player", "--out", str(out)]
    )
    assert built.exit_code == 0, built.output
    loaded = load_campaign(folder)
    names = player_file_names(loaded)
    unworn = {}
    for kind in HANDOUT_KINDS:
        clean, worn = (
            row_lightness(out / loaded.name / "player" / f"{names[f'{kind}-{state}']}.pdf")
            for state in ("prop", "worn")
        )
        darker = max(c - w for c, w in zip(clean, worn, strict=True))
        if darker < 20:
            unworn[kind] = darker
    assert unworn == {}


def row_lightness(pdf: Path) -> list[float]:
    """How light each band (3 pixels high) across the first page is, 0 to 255: built clean
    and burnt, the same page but for the wear, so a scorched edge is a band much darker
    than it was, wherever the prop's edge lies on the sheet."""
    page = Image.open(io.BytesIO(pdf_to_pngs(pdf.read_bytes(), 30)[0])).convert("L")
    bands = range(0, page.height - 2)
    return [float(ImageStat.Stat(page.crop((0, y, page.width, y + 3))).mean[0]) for y in bands]
