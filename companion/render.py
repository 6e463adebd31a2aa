"""Jinja2 rendering: campaign templates first, then built-ins; sandboxed, strict, autoescaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from companion.errors import RenderError
from companion.resources import builtin_templates_dir


def template_dirs(campaign_root: Path) -> list[Path]:
    """The search path: a campaign's own `templates/` overrides built-ins of the same name."""
    own = campaign_root / "templates"
    return ([own] if own.is_dir() else []) + [builtin_templates_dir()]


def make_environment(campaign_root: Path) -> jinja2.Environment:
    # Every template runs sandboxed: campaign folders (and their templates) get shared between
    # GMs, and one render path for all templates keeps behaviour identical.
    return ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(campaign_root)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; every failure becomes a RenderError naming the template and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        searched = ", ".join(str(p) for p in getattr(env.loader, "searchpath", []))
        raise RenderError(
            f"template `{error.name}` not found", hint=f"searched: {searched}"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise RenderError(f"{where}: template syntax error: {error.message}") from None
    except SecurityError as error:
        raise RenderError(
            f"template `{name}` tried something unsafe: {error}",
            hint="templates may only use the values they are given",
        ) from None
    except jinja2.UndefinedError as error:
        raise RenderError(f"template `{name}`: {error.message}") from None
