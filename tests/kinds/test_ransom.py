"""Ransom notes: every letter cut from a face that has it, the same on every build."""

from __future__ import annotations

from pathlib import Path

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.kinds.ransom import RansomContext
from companion.render.fonts import missing_characters
from tests.conftest import SAINT, copy_file
from tests.pdftext import page_texts, pdf_text


def _ransom(root: Path, handout_id: str) -> RansomContext:
    context = pipeline_for(load_campaign(root)).context(handout_id, "player")
    assert isinstance(context, RansomContext)
    return context


def test_the_pasted_threat_reads_in_order_and_comes_in_its_envelope(tmp_path: Path) -> None:
    build(load_campaign(SAINT), BuildOptions(only=("threat-ransom",), out_dir=tmp_path))
    name = copy_file("player", "threat-ransom", "saint-of-the-nets")
    pdf = tmp_path / "saint-of-the-nets" / "player" / name
    note, envelope = page_texts(pdf)
    assert "".join(note.split()) == "KATEŠUTIIVRATISEUAMERIKUILIĆEŠZABRATOM"
    assert "".join(envelope.split()) == "NARUKEKATIMARINOVIĆSVETIPETAR"
    assert "Ljubica" not in pdf_text(pdf)


def test_each_letter_is_cut_from_a_face_that_has_it(mini: Path) -> None:
    (mini / "handouts" / "cut.yaml").write_text(
        "kind: ransom\ntitle: Cut\nto: all\ntext: |\n  Пришли деньги\n  Στείλε λεφτά\n  Łódź\n"
    )
    context = _ransom(mini, "cut")
    letters = [cut for line in context.lines for word in line for cut in word]
    assert "".join(cut.character.lower() for cut in letters) == "пришлиденьгиστείλελεφτάłódź"
    for cut in letters:
        assert not missing_characters(cut.character, cut.face.families), cut
    assert len({cut.face for cut in letters}) > 2 and len({cut.tilt_deg for cut in letters}) > 5
    assert _ransom(mini, "cut") == context  # the same cut-outs on every build
