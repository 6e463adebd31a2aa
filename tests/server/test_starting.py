"""Starting the server: what goes wrong is said plainly (a port in use, an interface this
machine lacks, a campaign with problems), and who may come in is decided before any page."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.cli import app
from companion.server.guards import client_allowed, host_names
from companion.server.tokens import Keys, TableKeys, table_keys
from tests.server.serving import free_port


def table(mini: Path, tmp_path: Path, *options: str) -> tuple[int, str]:
    arguments = ["table", str(mini), "--no-browser", "--out", str(tmp_path / "out"), *options]
    result = CliRunner().invoke(app, arguments)
    return result.exit_code, result.output


def test_a_port_in_use_is_named(mini: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = table(mini, tmp_path, "--port", str(port))
    assert code == 1
    assert f"port {port} on 127.0.0.1 is already in use (the GM's console)" in output
    assert "hint: another program (or another companion) listens there" in output


def test_a_preview_on_a_port_in_use_is_refused_too(mini: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        arguments = ["preview", str(mini), "--no-browser", "--port", str(port)]
        result = CliRunner().invoke(app, [*arguments, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use (the preview)" in result.output


def test_an_interface_this_machine_lacks_is_named(mini: Path, tmp_path: Path) -> None:
    code, output = table(mini, tmp_path, "--players-on", "nosuch0", "--port", str(free_port()))
    assert code == 1
    assert "there is no network interface `nosuch0` on this machine" in output
    assert "hint: name one of: " in output and "lo (127.0.0.1)" in output


def test_an_address_of_another_machine_is_refused(mini: Path, tmp_path: Path) -> None:
    port = str(free_port())
    code, output = table(mini, tmp_path, "--players-on", "203.0.113.7", "--port", port)
    assert code == 1
    assert "203.0.113.7 is not an address of this machine (the players' pages)" in output


def test_a_campaign_with_problems_does_not_open(mini: Path, tmp_path: Path) -> None:
    letter = mini / "handouts" / "letter.yaml"
    letter.write_text(letter.read_text().replace("to: [pat]", "to: [pam]"))
    code, output = table(mini, tmp_path, "--port", str(free_port()))
    assert code == 1
    assert "handouts/letter.yaml:4:6: unknown player `pam`" in output
    assert "hint: did you mean `pat`?" in output


@pytest.mark.parametrize(
    ("client", "loopback_only", "allowed"),
    [
        ("127.0.0.1", True, True),
        ("::1", True, True),
        ("192.168.1.7", True, False),
        ("192.168.1.7", False, True),
        ("10.0.0.3", False, True),
        ("172.20.1.1", False, True),
        ("fd12::1", False, True),
        ("::ffff:192.168.1.7", False, True),
        ("8.8.8.8", False, False),
        ("::ffff:8.8.8.8", False, False),
        ("2001:4860::8888", False, False),
        ("", False, False),
        ("not-an-address", False, False),
    ],
)
def test_who_may_reach_the_pages(client: str, loopback_only: bool, allowed: bool) -> None:
    assert client_allowed(client, loopback_only) is allowed


def test_the_host_header_must_name_the_server() -> None:
    assert host_names("127.0.0.1", 8470) == {"127.0.0.1:8470", "localhost:8470"}
    assert host_names("192.168.1.20", 8471) == {"192.168.1.20:8471"}


def test_join_codes_are_the_sessions_and_revocable(tmp_path: Path) -> None:
    keys = table_keys(tmp_path, 3, ["anna", "ben"])
    assert table_keys(tmp_path, 3, ["anna", "ben"]) == keys  # a restart keeps them
    assert (tmp_path / "table-keys.json").stat().st_mode & 0o077 == 0
    anna = keys.players["anna"]
    assert keys.player_joining(anna.join) == "anna" and keys.player_with(anna.cookie) == "anna"
    assert keys.player_with(anna.join) is None  # a code is not a cookie
    assert keys.player_joining("") is None and keys.player_with(None) is None
    revoked = keys.revoked("anna")
    assert revoked.player_joining(anna.join) is None and revoked.player_with(anna.cookie) is None
    assert revoked.players["ben"] == keys.players["ben"]
    assert table_keys(tmp_path, 4, ["anna", "ben"]).players["anna"] != anna  # a new session
    fresh = table_keys(tmp_path, 4, ["anna", "ben"], fresh=True)
    assert isinstance(fresh, TableKeys) and isinstance(fresh.gm, Keys)
