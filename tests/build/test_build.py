"""`companion build`: real PDFs, player copies without secrets, same input -> same bytes."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from typer.testing import CliRunner

import companion.render.pdf
from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.render.pdf import trial_key
from tests.conftest import OZOLA, copy_file
from tests.pdftext import leaks, pdf_text, secret_sentences

ROOT = Path(__file__).resolve().parents[2]


def test_build_writes_gm_and_player_copies(
    runner: CliRunner, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    assert "wrote output/mini/gm/letter.pdf" in result.output
    assert "wrote output/mini/player/a-folded-letter.pdf" in result.output
    handouts = len(list((mini / "handouts").glob("*.yaml")))
    assert result.output.endswith(f"{handouts * 2} files written.\n")
    for audience in ("gm", "player"):
        assert (
            tmp_path / "output" / "mini" / audience / copy_file(audience, "letter")
        ).read_bytes()[:5] == b"%PDF-"
    # Temporary files of atomic writes start with a dot and end in .tmp; the cache's folder
    # (.cache) is meant to stay.
    leftovers = [p for p in (tmp_path / "output").rglob("*.tmp") if p.name.startswith(".")]
    assert leftovers == []


def test_player_copy_has_the_note_and_no_secret(mini: Path, tmp_path: Path) -> None:
    campaign = load_campaign(mini)
    build(campaign, BuildOptions(out_dir=tmp_path))
    player = pdf_text(tmp_path / "mini" / "player" / "a-folded-letter.pdf")
    gm = pdf_text(tmp_path / "mini" / "gm" / "letter.pdf")
    assert "Midnight, by the old mill. Bring the ledger." in player
    assert "ambush arranged by the cook" in gm  # the GM copy does carry the notes
    secrets = secret_sentences(campaign)
    assert "Jeeves poisoned the soup at dinner" in secrets
    assert leaks(secrets, player) == []
    assert leaks(secrets, gm) != []


def test_leak_check_would_catch_a_leak() -> None:
    """The leak helper itself must be able to fail."""
    from tests.pdftext import sentences

    text = "Dear Sam. Jeeves poisoned the soup at dinner. Regards."
    assert leaks(sentences("Jeeves poisoned the soup at dinner."), text) == [
        "Jeeves poisoned the soup at dinner"
    ]
    assert leaks(sentences("ROSEHIP"), "code ROSEHIP") == ["ROSEHIP"]


def test_audience_and_only_filter(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["build", str(mini), "--only", "letter", "--audience", "player", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf")) == [
        "mini/player/a-folded-letter.pdf"
    ]


def test_unknown_handout_gets_a_hint(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(mini), "--only", "leter", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == "unknown handout `leter`\n    hint: did you mean `letter`?\n"


def test_bad_audience_is_a_usage_error(runner: CliRunner, mini: Path) -> None:
    result = runner.invoke(app, ["build", str(mini), "--audience", "players"])
    assert result.exit_code == 2


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.pdf"))
    }


@pytest.mark.slow
def test_builds_are_byte_identical_across_processes_and_folders(mini: Path, tmp_path: Path) -> None:
    outputs = []
    for name in ("first", "second"):
        workdir = tmp_path / name
        workdir.mkdir()
        # The checkout under test, whatever `companion` the environment has installed.
        env = {**os.environ, "PYTHONHASHSEED": "random", "PYTHONPATH": str(ROOT)}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(
            [sys.executable, "-m", "companion", "build", str(mini), "--out", "out"],
            cwd=workdir,
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(_digests(workdir / "out"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 2 * len(list((mini / "handouts").glob("*.yaml")))


def test_first_page_renders_to_a_non_blank_image(mini: Path, tmp_path: Path) -> None:
    build(load_campaign(mini), BuildOptions(out_dir=tmp_path, audience="player"))
    pdf = pypdfium2.PdfDocument((tmp_path / "mini" / "player" / "a-folded-letter.pdf").read_bytes())
    image = pdf[0].render(scale=1).to_pil().convert("L")
    histogram = image.histogram()
    dark_pixels = sum(histogram[:140])  # ink is far darker than the cream paper
    assert dark_pixels > 0.005 * image.width * image.height
    assert image.size == (298, 420)  # A6 at 72 dpi: 105 x 148 mm


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; import companion.cli; "
        "heavy = [m for m in ('weasyprint', 'pydantic', 'pypdfium2') if m in sys.modules]; "
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_png_helper_matches_pdf_page_count(mini: Path, tmp_path: Path) -> None:
    from companion.render.pdf import pdf_to_pngs

    build(load_campaign(mini), BuildOptions(out_dir=tmp_path, audience="gm"))
    pdf = (tmp_path / "mini" / "gm" / "letter.pdf").read_bytes()
    pngs = pdf_to_pngs(pdf, dpi=72)
    assert len(pngs) == len(pypdfium2.PdfDocument(pdf))
    assert all(png.startswith(b"\x89PNG") for png in pngs)
    assert io.BytesIO(pngs[0]).getbuffer().nbytes > 1000


def test_an_unexpected_error_reads_as_a_bug_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], mini: Path
) -> None:
    import companion.campaign.loading
    from companion import cli

    def broken(path: Path, kept: object = None) -> None:
        raise RuntimeError("something nobody planned for")

    monkeypatch.setattr(companion.campaign.loading, "load_campaign", broken)
    monkeypatch.setattr(sys, "argv", ["companion", "validate", str(mini)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    assert capsys.readouterr().err == (
        "internal error: RuntimeError: something nobody planned for\n"
        "    hint: this is a bug in companion; run again with --debug and report it\n"
    )
    monkeypatch.setattr(sys, "argv", ["companion", "--debug", "validate", str(mini)])
    with pytest.raises(RuntimeError):
        cli.main()


def test_a_failing_handout_never_stops_the_others(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug of companion's on one handout (here: the map's context builder fails, as a
    keyed cipher's GM notes once did): every other output is written, the failure is named
    with its handout, plainly, and the build exits 1."""
    from companion.kinds import registry

    def broken(*_: object) -> object:
        raise ValueError("invalid literal for int() with base 10: 'ORCHID'")

    kinds = dict(registry.KINDS)
    kinds["map"] = dataclasses.replace(kinds["map"], build_context=broken)
    monkeypatch.setattr(registry, "KINDS", kinds)
    out = mini / "out"
    result = runner.invoke(app, ["build", str(mini), "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cafe-map failed:" in result.output
    assert "companion failed on it (ValueError: invalid literal" in result.output
    written = sorted(p.relative_to(out / "mini").as_posix() for p in out.rglob("*.pdf"))
    assert written == sorted(
        [
            "gm/butler-file.pdf",
            "gm/letter.pdf",
            f"player/{copy_file('player', 'butler-file')}",
            f"player/{copy_file('player', 'letter')}",
        ]
    )


def test_the_gm_and_the_players_trial_of_a_prop_are_one_layout() -> None:
    """A letter's players' copy carries its own title: its trial layout differs from the
    GM's by the title alone, which is not laid out, so the GM's copy is fitted from the
    players' trial, as a build of the GM's copy alone fits it."""
    ozola = load_campaign(OZOLA)
    assert ozola.handouts["mother-letter"].title != ozola.handouts["mother-letter"].player_title
    pipeline = pipeline_for(ozola)
    laid_out: list[str] = []
    lay_out = pipeline.lay_out
    pipeline.lay_out = lambda documents: laid_out.append(documents[0].html) or lay_out(documents)  # type: ignore[method-assign]
    pipeline.context("mother-letter", "player")
    trials = len(laid_out)
    gm = pipeline.context("mother-letter", "gm")
    assert trials >= 1 and len(laid_out) == trials
    assert pipeline_for(ozola).context("mother-letter", "gm") == gm


def test_a_page_that_shows_its_title_keeps_it_in_its_trial() -> None:
    page = '<title>{0}</title><style>{1}</style><body data-title="{0}"><p>Words</p>'
    shown = "h1::before { content: attr(data-title) } body { bookmark-label: attr(data-title) }"
    bookmark = "body { bookmark-level: 1; bookmark-label: attr(data-title); }"
    assert trial_key(page.format("Karl", bookmark)) == trial_key(page.format("Anna", bookmark))
    assert trial_key(page.format("Karl", shown)) != trial_key(page.format("Anna", shown))


def test_the_players_copy_takes_the_pages_of_the_gms(monkeypatch: pytest.MonkeyPatch) -> None:
    """The players' copy of a letter under its own title, built after the GM's copy, is the
    GM's pages under the players' title: the same bytes as laid out alone."""
    ozola = load_campaign(OZOLA)
    pipeline = pipeline_for(ozola)
    pipeline.lay_out(pipeline.documents("mother-letter", "gm"))
    players = pipeline.documents("mother-letter", "player")
    laid_out: list[object] = []
    lay_out = companion.render.pdf.render_htmls
    with monkeypatch.context() as patched:
        patched.setattr(
            companion.render.pdf,
            "render_htmls",
            lambda *arguments: laid_out.append(arguments) or lay_out(*arguments),
        )
        again = pipeline.lay_out(players)
    assert laid_out == []
    pdf, _ = companion.render.pdf.write_rendered([again])
    assert pdf == pipeline_for(ozola).pdf(["mother-letter"], "player")
