"""`companion preview` in a real browser: a saved edit shows by itself, and so does a
problem, located in its file; the page comes back when it is fixed."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ASSETS
from tests.server.serving import (
    SCREENSHOTS,
    Served,
    free_port,
    port_closed,
    start,
)

# Servers in processes of their own, a browser: `make test` runs them, `make test-fast` not.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("preview") / "mini"
    shutil.copytree(ASSETS / "mini", target)
    return target


@pytest.fixture(scope="module")
def preview(campaign: Path) -> Iterator[tuple[Served, int]]:
    port = free_port()
    out = campaign.parent / "output"
    arguments = ["preview", str(campaign), "--port", str(port), "--no-browser", "--out", str(out)]
    served = start(arguments, "It rebuilds", port)
    yield served, port
    assert served.stop() == 0
    assert port_closed(port)


def test_a_saved_edit_and_a_located_error_show_in_the_page(
    preview: tuple[Served, int], campaign: Path, browser: Any
) -> None:
    served, _ = preview
    url = served.url_after("Preview of")
    letter = campaign / "handouts" / "letter.yaml"
    original = letter.read_text(encoding="utf-8")
    page = browser.new_context().new_page()
    page.goto(url)
    page.click("text=A folded letter")
    page.wait_for_selector("section.player img")
    before = page.get_attribute("section.player img", "src")
    assert before is not None and page.locator("section.gm img").count() == 2
    first_picture = _fetched(page, before)

    letter.write_text(original.replace("Midnight", "Dawn"), encoding="utf-8")
    page.wait_for_function(
        "src => { const i = document.querySelector('section.player img');"
        " return i && i.getAttribute('src') !== src; }",
        arg=before,
        timeout=20_000,
    )
    after = page.get_attribute("section.player img", "src")
    assert after is not None and _fetched(page, after) != first_picture

    letter.write_text(original.replace("to: [pat]", "to: [pam]"), encoding="utf-8")
    page.wait_for_selector("#problems", timeout=20_000)
    problems = page.inner_text("#problems")
    assert "mini/handouts/letter.yaml:4:6: unknown player `pam`" in problems
    assert "hint: did you mean `pat`?" in problems
    assert page.locator("section.player img").count() == 0
    if SCREENSHOTS:
        page.set_viewport_size({"width": 1000, "height": 420})
        page.screenshot(path=str(SCREENSHOTS / "preview-problem.png"))

    letter.write_text(original, encoding="utf-8")
    page.wait_for_selector("section.player img", timeout=20_000)
    assert page.locator("#problems").count() == 0
    page.context.close()


def _fetched(page: Any, src: str) -> bytes:
    """A picture's bytes, fetched with the page's own cookie."""
    cookies = page.context.cookies()
    request = urllib.request.Request(
        page.url.split("/handout")[0] + src,
        headers={"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies)},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return bytes(response.read())


def test_the_preview_refuses_a_browser_without_its_key(preview: tuple[Served, int]) -> None:
    _, port = preview
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/handout/letter", timeout=10)
    assert refused.value.code == 403
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", headers={"Host": f"attacker.example:{port}"}
    )
    with pytest.raises(urllib.error.HTTPError) as rebound:
        urllib.request.urlopen(request, timeout=10)
    assert rebound.value.code == 403
