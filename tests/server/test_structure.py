"""The players' pages cannot read what they must not serve: the modules that serve them import
nothing of the campaign, the record of play or the build."""

from __future__ import annotations

from tests.test_structure import graph

PLAYERS_SIDE = ("companion.server.players", "companion.server.shelf")
FORBIDDEN = ("companion.campaign", "companion.record", "companion.build", "companion.book")


def reached_from(start: str, edges: dict[str, set[str]]) -> set[str]:
    reached, todo = set(), [start]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo += sorted(edges.get(module, ()))
    return reached


def test_the_players_pages_import_no_campaign_record_or_build() -> None:
    edges = graph(with_type_checking=True)
    for module in PLAYERS_SIDE:
        reached = reached_from(module, edges)
        assert module in edges
        assert sorted(m for m in reached if m.startswith(FORBIDDEN)) == []


def test_the_check_sees_a_forbidden_import() -> None:
    edges = {
        "companion.server.players": {"companion.server.x"},
        "companion.server.x": {"companion.record.ledger"},
    }
    assert "companion.record.ledger" in reached_from("companion.server.players", edges)
