"""`companion validate`: every kind of bad input is a located, plain-worded error, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.errors import CampaignInvalid


def validate(runner: CliRunner, campaign: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(campaign.parent)
    result = runner.invoke(app, ["validate", campaign.name])
    return result.exit_code, result.output


def test_valid_campaign_reports_counts(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = validate(runner, mini, monkeypatch)
    assert code == 0
    assert output == "mini: no problems found (1 player, 2 NPCs, 1 location, 3 handouts).\n"


CASES = {
    "yaml syntax error": (
        "npcs/butler.yaml",
        b"name: Jeeves\nrole: [Butler\n",
        "mini/npcs/butler.yaml:3:1: YAML: expected ',' or ']', but got '<stream end>'\n"
        "    hint: a quote or bracket is not closed\n",
    ),
    "unknown key": (
        "campaign.yaml",
        b"titel: Mini\n",
        "mini/campaign.yaml:1:1: `title` is missing\n    hint: add a line `title: ...`\n"
        "mini/campaign.yaml:1:1: unknown key `titel`\n    hint: did you mean `title`?\n"
        "2 problems found.\n",
    ),
    "missing field": (
        "npcs/cook.yaml",
        b"role: Cook\n",
        "mini/npcs/cook.yaml:1:1: `name` is missing\n    hint: add a line `name: ...`\n",
    ),
    "wrong type": (
        "npcs/cook.yaml",
        b"name: Martha Cole\naliases: 5\n",
        "mini/npcs/cook.yaml:2:10: `aliases`: expected a list (lines starting with `- `);"
        " found `5`\n",
    ),
    "unknown reference": (
        "npcs/butler.yaml",
        b"name: Jeeves\nassociates: [cok]\n",
        "mini/npcs/butler.yaml:2:14: unknown npc `cok`\n    hint: did you mean `cook`?\n",
    ),
    "unknown choice": (
        "handouts/letter.yaml",
        b"kind: note\ntitle: A letter\ntext: Hello\nink: blu\n",
        "mini/handouts/letter.yaml:4:6: `ink`: expected one of `blue`, `black`, `pencil`, "
        "`red`; found `blu`\n    hint: did you mean `blue`?\n",
    ),
    "unknown handout kind": (
        "handouts/letter.yaml",
        b"kind: notee\ntitle: A letter\n",
        "mini/handouts/letter.yaml:1:7: unknown handout kind `notee`\n"
        "    hint: did you mean `note`?\n",
    ),
    "duplicate id in a list": (
        "campaign.yaml",
        b"title: Mini\nplayers:\n  - id: pat\n    name: Pat\n    character: {id: a, name: A}\n"
        b"  - id: pat\n    name: Pip\n    character: {id: b, name: B}\n",
        "mini/campaign.yaml:6:9: duplicate id `pat` in `players`\n"
        "    hint: item 1 of `players` has the same id\n",
    ),
    "envelope with a stamp and by_hand": (
        "handouts/letter.yaml",
        b"kind: letter\ntitle: A letter\ntext: Hello\nenvelope:\n  to: [Pat]\n"
        b"  stamp: 2 DIN\n  by_hand: Personally\n",
        "mini/handouts/letter.yaml:5:3: `envelope`: `by_hand` is written where a stamp would "
        "be, and this envelope has a stamp: leave out one of them\n",
    ),
    "caption without a photograph": (
        "handouts/letter.yaml",
        b"kind: clipping\ntitle: A cutting\nheadline: FIRE\ntext: It burnt.\ncaption: The mill\n",
        "mini/handouts/letter.yaml:5:10: `caption`: a caption is printed under a photograph: "
        "give `photo:` too\n",
    ),
    "empty file": (
        "npcs/cook.yaml",
        b"",
        "mini/npcs/cook.yaml:1:1: the file is empty\n"
        "    hint: a campaign file holds `key: value` lines\n",
    ),
    "not utf-8": (
        "npcs/cook.yaml",
        b"name: Martha\nrole: Cuisini\xe8re\n",
        "mini/npcs/cook.yaml:2:14: the file is not UTF-8 text (byte 0xE8 cannot be read)\n"
        "    hint: save the file as UTF-8 in your editor\n",
    ),
    "anchors and aliases": (
        "npcs/cook.yaml",
        b"name: &n Martha\nrole: *n\n",
        "mini/npcs/cook.yaml:1:7: YAML anchors and aliases (`&name`, `*name`) are not allowed\n"
        "    hint: write the value out in full; aliases can make a small file expand into a huge "
        "one\n",
    ),
    "oversized file": (
        "npcs/cook.yaml",
        b"name: Martha\nnotes: |\n" + b"  lorem ipsum dolor sit amet\n" * 40_000,
        "mini/npcs/cook.yaml: the file is larger than 1024 KiB\n"
        "    hint: campaign files are small text files; split it or check it is the right file\n",
    ),
    "duplicate key": (
        "npcs/cook.yaml",
        b"name: Martha\nrole: Cook\nname: Marta\n",
        "mini/npcs/cook.yaml:3:1: the key `name` appears twice in the same block\n"
        "    hint: it was already given on line 1; keep one of them\n",
    ),
    "python tag": (
        "npcs/cook.yaml",
        b"name: !!python/object/apply:os.system [echo hi]\n",
        "mini/npcs/cook.yaml:1:7: the tag `!!python/object/apply:os.system` is not allowed\n"
        "    hint: remove the `!` tag; campaign files hold plain text, numbers and lists\n",
    ),
    "tab indentation": (
        "npcs/cook.yaml",
        b"name: Martha\naliases:\n\t- Marta\n",
        "mini/npcs/cook.yaml:3:1: YAML: found character '\\t' that cannot start any token\n"
        "    hint: use spaces, not tabs, to indent\n",
    ),
    "id key in an entity file": (
        "npcs/cook.yaml",
        b"id: chef\nname: Martha\n",
        "mini/npcs/cook.yaml:1:1: an `id` key is not needed here\n"
        "    hint: the id is the file name (`cook`); remove this line\n",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_a_located_error(
    case: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    relative, content, expected = CASES[case]
    (mini / relative).write_bytes(content)
    code, output = validate(runner, mini, monkeypatch)
    assert (code, output) == (1, expected)


def test_every_problem_is_reported_at_once(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "npcs" / "cook.yaml").write_text("role: Cook\n")
    (mini / "handouts" / "letter.yaml").write_text("kind: note\ntitle: L\ntext: x\nto: [pta]\n")
    (mini / "locations" / "cafe.yaml").write_text("name: Café\nstaff: [cok]\n")
    code, output = validate(runner, mini, monkeypatch)
    assert code == 1
    assert output.splitlines() == [
        "mini/handouts/letter.yaml:4:6: unknown player `pta`",
        "    hint: did you mean `pat`?",
        "mini/locations/cafe.yaml:2:9: unknown npc `cok`",
        "    hint: did you mean `cook`?",
        "mini/npcs/cook.yaml:1:1: `name` is missing",
        "    hint: add a line `name: ...`",
        "3 problems found.",
    ]


def test_duplicate_file_ids_are_reported(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "npcs" / "cook.yml").write_text("name: Another Cook\n")
    code, output = validate(runner, mini, monkeypatch)
    assert code == 1
    assert "mini/npcs/cook.yml: duplicate id `cook`" in output
    assert "hint: cook.yaml has the same id; rename one of the files" in output


def test_bad_file_name_is_reported(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "npcs" / "Old Friend.yaml").write_text("name: Someone\n")
    code, output = validate(runner, mini, monkeypatch)
    assert code == 1
    assert "mini/npcs/Old Friend.yaml: the file name `Old Friend.yaml` is not a valid id" in output


def test_unknown_campaign_gets_a_hint(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    result = runner.invoke(app, ["validate", "ozla"])
    assert result.exit_code == 1
    assert result.output == (
        "`ozla` is not a campaign folder (it has no campaign.yaml)\n"
        "    hint: did you mean `ozola`?\n"
    )


def test_library_raises_with_all_problems(mini: Path) -> None:
    (mini / "npcs" / "cook.yaml").write_text("role: Cook\n")
    (mini / "npcs" / "butler.yaml").write_text("name: J\nwants: [1]\n")
    with pytest.raises(CampaignInvalid) as raised:
        load_campaign(mini)
    assert [p.file.name if p.file else None for p in raised.value.problems] == [
        "butler.yaml",
        "cook.yaml",
    ]


def test_validate_warns_about_the_three_clue_rule(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clues = mini / "clues.yaml"
    text = clues.read_text()
    clues.write_text(text[: text.index("  - id: ledger-page")])
    code, output = validate(runner, mini, monkeypatch)
    assert code == 0
    assert output == (
        "warning: mini/clues.yaml:2:9: conclusion `butler-guilty` has 2 clues\n"
        "    hint: players miss clues: give each conclusion at least 3\n"
        "mini: no problems found (1 player, 2 NPCs, 1 location, 3 handouts).\n"
    )


def test_validate_warns_about_characters_no_bundled_font_draws(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    letter = mini / "handouts" / "letter.yaml"
    letter.write_text(
        letter.read_text().replace("Bring the ledger.", "Bring the ledger. 合図 Ωραία łódź")
    )
    code, output = validate(runner, mini, monkeypatch)
    assert code == 0
    assert output.splitlines()[:2] == [
        "warning: mini/handouts/letter.yaml:7:7: no bundled font can draw 合 (U+5408) "
        "図 (U+56F3); it would print in another font",
        "    hint: the bundled fonts cover Latin, Cyrillic and Greek; see "
        "templates/fonts/README.md",
    ]


@pytest.mark.parametrize("hand", ["caveat", "neat", "hurried", "looping", "child", "typewriter"])
def test_every_hand_writes_latin_extended_cyrillic_and_greek(hand: str) -> None:
    from companion.render.fonts import missing_characters
    from companion.render.hands import HANDS, LAST_RESORT

    sample = "Šime Đurđica łódź őrült Ștefan Встретимся ЁЖ Ωραία ψάρια ΐ"
    assert missing_characters(sample, (*HANDS[hand].families, *LAST_RESORT)) == []
    assert missing_characters(sample, HANDS[hand].families[:1]) != []  # the check can fail


TYPOS = [
    # (what was typed, what it should be, what the hint names; None: no "did you mean")
    ("titel", "title", "title"),
    ("apperance", "appearance", "appearance"),
    ("leter", "letter", "letter"),
    ("pta", "pat", "pat"),
    ("butlr", "butler", "butler"),
    ("blu", "blue", "blue"),
    ("old-frend", "old-friend", "old-friend"),
    ("natalia-fil", "natalia-file", "natalia-file"),
    ("poster", "dossier", None),
    ("id", "kind", None),
    ("meet", "meet-me", None),
    ("sokolov", "kovaleva", None),
]


@pytest.mark.parametrize(("typed", "meant", "named"), TYPOS)
def test_hints_name_only_close_typos(typed: str, meant: str, named: str | None) -> None:
    from companion.hints import nearest

    choices = [meant, "dossier", "map", "note", "card", "smirnova", "zueva", "belov"]
    choices = [c for c in choices if c != typed]
    assert nearest(typed, choices) == named


def test_messages_never_show_internal_names(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    letter = mini / "handouts" / "letter.yaml"
    letter.write_text(letter.read_text().replace("to: [pat]", "to: [Pat]"))
    code, output = validate(runner, mini, monkeypatch)
    assert code == 1
    assert "mini/handouts/letter.yaml:4:6: `to[0]`: expected an id" in output
    assert "literal" not in output and "constrained" not in output and "list[" not in output


def test_validate_as_json_for_editors_and_ci(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    (mini / "npcs" / "cook.yaml").write_text("name: Martha\napperance: Flour.\n")
    (mini / "npcs" / "notes.txt").write_text("remember the soup\n")
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, ["validate", "mini", "--format", "json"])
    assert result.exit_code == 1
    rows = json.loads(result.output)
    assert rows == [
        {
            "file": "mini/npcs/cook.yaml",
            "line": 2,
            "column": 1,
            "severity": "error",
            "code": "schema.extra_forbidden",
            "message": "unknown key `apperance`",
            "hint": "did you mean `appearance`?",
        }
    ]
    (mini / "npcs" / "cook.yaml").write_text("name: Martha\n")
    result = runner.invoke(app, ["validate", "mini", "--format", "json"])
    assert result.exit_code == 0
    assert [(r["severity"], r["code"], r["file"]) for r in json.loads(result.output)] == [
        ("warning", "not-read", "mini/npcs/notes.txt")
    ]


def test_an_error_in_a_plan_does_not_make_its_marks_unknown(runner: CliRunner, mini: Path) -> None:
    """A clue found at a mark of a plan whose file has a problem of its own: the one
    problem is reported, not a false "unknown mark" beside it (a cascade would hide it)."""
    cafe = mini / "locations" / "cafe.yaml"
    till = "    - id: till\n      kind: microphone\n      at: [1, 1]\n      label: Till\n"
    plan = cafe.read_text().replace("  marks:\n", "  marks:\n" + till)
    cafe.write_text(plan)
    clues = mini / "clues.yaml"
    where = "    where: {location: cafe, mark: till}\n"
    clues.write_text(clues.read_text().replace("    npc: butler\n", "    npc: butler\n" + where, 1))
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 0, result.output
    cafe.write_text(plan.replace('scale: "1:50"', 'scale: "fifty"'))
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert "cafe.yaml" in result.output and "scale" in result.output
    assert "unknown mark" not in result.output
    assert result.output.count(".yaml:") == 1  # the plan's own problem, and nothing else


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "  windows:\n",
            "  walls: [[0, 0], [5, 0], [5, 5]]\n  windows:\n",
            "cafe.yaml:6:3: `floor_plan`: `walls:` lists walls, each `- {start: [x, y], end:",
        ),
        ("      swing: double\n", "      swing: in\n", "`swing: in` reads as which way"),
    ],
    ids=["walls as points", "swing: in"],
)
def test_a_plan_written_another_way_gets_one_error_that_says_how(
    runner: CliRunner, mini: Path, before: str, after: str, expected: str
) -> None:
    cafe = mini / "locations" / "cafe.yaml"
    cafe.write_text(cafe.read_text().replace(before, after))
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert expected in result.output
    assert result.output.count(".yaml:") == 1


def test_a_check_of_a_whole_handout_names_no_empty_field(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "handouts" / "letter.yaml").write_text(
        "kind: cipher\ntitle: T\nmethod: shift\nkey: 3\nplaintext: Hi\ncipher_text: XYZ\n"
    )
    code, output = validate(runner, mini, monkeypatch)
    assert (code, output) == (
        1,
        "mini/handouts/letter.yaml:1:1: `cipher_text` is computed from the plaintext and key: "
        "remove it\n",
    )


def test_a_file_with_schema_errors_still_has_its_references_checked(
    runner: CliRunner, mini: Path
) -> None:
    """All in one run: a second run, once the dossier flag is fixed, finds nothing new."""
    cook = mini / "npcs" / "cook.yaml"
    cook.write_text(cook.read_text() + "dossier: sometimes\nassociates: [butlr]\n")
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert "cook.yaml:4:10: `dossier`: expected" in result.output
    assert "cook.yaml:5:14: unknown npc `butlr`\n    hint: did you mean `butler`?" in result.output


def test_campaign_yaml_with_a_schema_error_makes_no_false_unknown_player(
    runner: CliRunner, mini: Path
) -> None:
    info = mini / "campaign.yaml"
    info.write_text(info.read_text().replace("paper: a4", "paper: a9"))
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert result.output.count(".yaml:") == 1, result.output
