"""The server's own pages: HTML from the templates in `templates/server/` (autoescaped, so
campaign text is always text), and the few scripts and styles they load, served by name."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from companion.resources import builtin_templates_dir

# The only files under /static/, by name: our own scripts (MIT, as companion) and styles.
STATIC_FILES = {
    "companion.css": "text/css; charset=utf-8",
    "player.js": "text/javascript; charset=utf-8",
    "console.js": "text/javascript; charset=utf-8",
    "preview.js": "text/javascript; charset=utf-8",
}


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(builtin_templates_dir() / "server"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page(template: str, status_code: int = 200, **variables: Any) -> HTMLResponse:
    return HTMLResponse(render(template, **variables), status_code=status_code)


def render(template: str, **variables: Any) -> str:
    return _environment().get_template(template).render(**variables)


@cache
def _static(name: str) -> bytes:
    return (builtin_templates_dir() / "server" / name).read_bytes()


async def static_file(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC_FILES:
        return Response("Not found.", status_code=404, media_type="text/plain")
    return Response(_static(name), media_type=STATIC_FILES[name])


STATIC_ROUTE = Route("/static/{name}", static_file)
