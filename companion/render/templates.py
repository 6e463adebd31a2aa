"""Jinja2 rendering: campaign templates first, then built-ins; sandboxed, strict, autoescaped."""

from __future__ import annotations

import os
import re
import stat
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from companion.campaign.labels import PropLabels
from companion.errors import CompanionError, LocatedError, Problem, RenderError
from companion.render.typography import ended
from companion.resources import builtin_templates_dir

MAX_TEMPLATE_BYTES = 1024 * 1024
# A template may repeat text (`'-' * 40`), not build a gigabyte string or a googol.
MAX_REPEAT_LENGTH = 100_000
MAX_POWER_BITS = 10_000

UNSAFE_HINT = "templates may only use the values they are given"
_XML_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class TemplateFailed(LocatedError, RenderError):
    """A template that cannot be rendered, located at its file and line where known."""


def template_dirs(campaign_root: Path) -> list[Path]:
    """The search path: a campaign's own `templates/` overrides built-ins of the same name."""
    own = campaign_root / "templates"
    if own.is_dir() and not own.resolve().is_relative_to(campaign_root.resolve()):
        raise RenderError(
            f"{own} is a link to a folder outside the campaign",
            hint="a campaign's templates must be real files inside its own templates/ folder",
        )
    return ([own] if own.is_dir() else []) + [builtin_templates_dir()]


# The built-in templates are kept in groups, like the code: what every page shares, the
# handout kinds, the GM's book. A name is looked up in a folder itself, then in its groups, so
# templates name each other by file name alone and a campaign's `templates/note.html.j2`
# overrides the built-in `kinds/note.html.j2` by the name GMs have always used.
TEMPLATE_GROUPS = ("base", "kinds", "book")


def template_file(folder: Path, name: str) -> Path | None:
    """Where the template `name` is in `folder` (or one of its groups), if it is there."""
    pieces = split_template_path(name)
    for place in (folder, *(folder / group for group in TEMPLATE_GROUPS)):
        candidate = place.joinpath(*pieces)
        if candidate.is_file():
            return candidate
    return None


class FencedLoader(jinja2.FileSystemLoader):
    """FileSystemLoader (which already refuses `..`) that also refuses links leading out of
    a search folder, anything but regular files, and files too large to be a template; it
    looks in each folder's groups too (see `template_file`)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            candidate = template_file(Path(folder), template)
            if candidate is not None:
                return _read_template(Path(folder), candidate, template)
        raise jinja2.TemplateNotFound(template)


def _read_template(folder: Path, candidate: Path, name: str) -> tuple[str, str, Callable[[], bool]]:
    real = candidate.resolve()
    if not real.is_relative_to(folder.resolve()):
        raise SecurityError(f"template `{name}` is a link to a file outside {folder}")
    with real.open("rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise SecurityError(f"template `{name}` is not a regular file")
        raw = stream.read(MAX_TEMPLATE_BYTES + 1)
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise jinja2.TemplateSyntaxError(
            f"the template is larger than {MAX_TEMPLATE_BYTES // 1024} KiB", 1, name, str(candidate)
        )
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise jinja2.TemplateSyntaxError(
            "the template is not UTF-8 text", 1, name, str(candidate)
        ) from None
    if name.lower().endswith(".svg") and _XML_DECLARATION.search(source):
        # An SVG included into a template reaches WeasyPrint's XML parser as part of the page,
        # past the fetcher that refuses DOCTYPEs in fetched files: refuse it here too.
        raise SecurityError(f"the SVG `{name}` declares a DOCTYPE or entities; SVG must not")
    mtime = real.stat().st_mtime_ns

    def uptodate() -> bool:
        try:
            return real.stat().st_mtime_ns == mtime
        except OSError:
            return False

    return source, str(candidate), uptodate


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with `*` and `**` bounded so a template cannot exhaust memory
    in one expression (the approach the Jinja docs suggest)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _power_too_large(left, right):
            raise SecurityError("the power is too large")
        if operator == "*" and _repeat_too_long(left, right):
            raise SecurityError(f"repeating text or a list more than {MAX_REPEAT_LENGTH:,} long")
        if operator == "*" and _product_too_large(left, right):
            raise SecurityError("the product is too large")
        return super().call_binop(context, operator, left, right)


def _power_too_large(base: Any, exponent: Any) -> bool:
    if not (isinstance(base, int) and isinstance(exponent, int)):
        return False
    return exponent > 0 and abs(base) > 1 and abs(base).bit_length() * exponent > MAX_POWER_BITS


def _repeat_too_long(left: Any, right: Any) -> bool:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(count, int):
            return len(sequence) * count > MAX_REPEAT_LENGTH
    return False


def _product_too_large(left: Any, right: Any) -> bool:
    """Squaring a number in a loop doubles its size each time."""
    if not (isinstance(left, int) and isinstance(right, int)):
        return False
    return abs(left).bit_length() + abs(right).bit_length() > MAX_POWER_BITS


def make_environment(campaign_root: Path) -> jinja2.Environment:
    # Every template runs sandboxed: campaign folders (and their templates) get shared between
    # GMs, and one render path for all templates keeps behaviour identical.
    env = _Sandbox(
        loader=FencedLoader([str(d) for d in template_dirs(campaign_root)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    # A sentence ended after a GM's words, never twice: `{{ date|ended }}`, not `{{ date }}.`
    env.filters["ended"] = ended
    # A fixed word of a prop in its language (campaign/labels.yaml): `{{ "signature"|label }}`.
    env.filters["label"] = label
    return env


@jinja2.pass_context
def label(context: Context, key: str, **values: object) -> str:
    """The label `key` in the language of the prop being rendered, with the campaign's own
    words first (the context's `handout.labels`)."""
    labels = getattr(context.get("handout"), "labels", None)
    return (labels if isinstance(labels, PropLabels) else PropLabels()).word(key, **values)


def css_string(value: object) -> Markup:
    """Text as the inside of a double-quoted CSS string in a <style> element: quotes,
    backslashes, line breaks and `<` escaped, so that a campaign's words can neither end the
    string nor the style element (HTML escaping would print `&#34;` there)."""
    escaped = []
    for character in str(value):
        if character in '"\\<>&' or not character.isprintable():
            escaped.append(f"\\{ord(character):x} ")
        else:
            escaped.append(character)
    return Markup("".join(escaped))


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; every failure becomes a RenderError naming the template file and
    line (Jinja rewrites the traceback so that template frames carry both)."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        searched = ", ".join(str(p) for p in _search_path(env))
        if error.name == name:  # the handout's own template, not an include inside one
            raise TemplateFailed(
                Problem(f"template `{name}` not found", hint=f"searched: {searched}")
            ) from None
        raise _failure(
            env, name, error, f"template `{error.name}` not found", f"searched: {searched}"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        where = Path(error.filename) if error.filename else None
        message = f"template syntax error: {error.message}"
        if where is None:
            message = f"template `{error.name or name}`: {message}"
        raise TemplateFailed(Problem(message, where, error.lineno)) from None
    except SecurityError as error:
        raise _failure(
            env, name, error, f"template tried something unsafe: {error}", UNSAFE_HINT
        ) from None
    except jinja2.UndefinedError as error:
        raise _failure(env, name, error, f"template uses an unknown value: {error}") from None
    except CompanionError:
        raise
    except Exception as error:
        # A campaign's template is code from a stranger: whatever Python error it provokes
        # (a division by zero, endless recursion) is the template's fault, reported as such.
        raise _failure(
            env,
            name,
            error,
            f"template failed: {type(error).__name__}: {error}",
        ) from error


def _search_path(env: jinja2.Environment) -> list[str]:
    return list(getattr(env.loader, "searchpath", []))


def _failure(
    env: jinja2.Environment, name: str, error: BaseException, message: str, hint: str | None = None
) -> TemplateFailed:
    """The error located at the innermost template frame of its traceback, if there is one."""
    folders = [Path(p).resolve() for p in _search_path(env)]
    where: tuple[Path, int] | None = None
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = Path(frame.f_code.co_filename)
        if filename.is_absolute() and any(filename.resolve().is_relative_to(f) for f in folders):
            where = filename, line
    if where is None:
        return TemplateFailed(Problem(f"template `{name}`: {message}", hint=hint))
    return TemplateFailed(Problem(message, where[0], where[1], hint=hint))
