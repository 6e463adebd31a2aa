"""The shape of the code: imports point down the layers and never in a circle; the registry of
handout kinds and the models agree."""

from __future__ import annotations

import ast
import textwrap
from functools import cache
from pathlib import Path

import pytest

from companion.campaign.models import HANDOUT_MODELS, HandoutBase
from companion.kinds.registry import KINDS, HandoutKind, KindFunction
from companion.render.templates import template_file
from companion.resources import builtin_templates_dir

PACKAGE = Path(__file__).resolve().parent.parent / "companion"

# Lowest first. A package may import from its own layer or any layer below, never above.
LAYERS: list[set[str]] = [
    {"errors", "resources", "seeds", "hints", "atomic"},
    {"campaign"},
    {"render"},
    {"story", "plans"},
    {"kinds"},
    {"record"},
    {"book"},
    {"build"},
    {"export"},
    {"server"},
    {"cli", "__main__"},
]
LAYER_OF = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    """`companion.kinds.note` is in the layer of `handouts`."""
    top = module.split(".")[1] if "." in module else "__init__"
    return LAYER_OF[top]


def imports(path: Path, *, with_type_checking: bool) -> set[str]:
    """The companion modules a file imports, wherever the import stands (functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if not with_type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                skipped |= {id(inner) for inner in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= _companion_modules(node.module, [alias.name for alias in node.names])
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("companion.")}
    return found


def _companion_modules(module: str, names: list[str]) -> set[str]:
    """`from companion.handouts import note` imports the module `companion.kinds.note`."""
    if not module.startswith("companion"):
        return set()
    submodules = {f"{module}.{name}" for name in names if _is_module(f"{module}.{name}")}
    return submodules or {module}


def _is_module(dotted: str) -> bool:
    relative = Path(*dotted.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative).is_dir()


@cache  # the four checks below read the same graph; parsing every module takes a second
def graph(*, with_type_checking: bool) -> dict[str, set[str]]:
    return {
        module_name(path): imports(path, with_type_checking=with_type_checking)
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in edges.items()
        for target in targets
        if module != "companion" and layer(target) > layer(module)
    )


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle found by a depth-first walk (each reported from where it closes)."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges.get(module, ())):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    return found


def test_every_module_has_a_layer() -> None:
    for module in graph(with_type_checking=True):
        if module != "companion":
            layer(module)  # raises KeyError for a module no layer names


def test_imports_point_down_the_layers() -> None:
    assert upward_imports(graph(with_type_checking=True)) == []


def test_no_import_cycles_not_even_for_the_type_checker() -> None:
    """Imports made only for type hints count too: a cycle there is still two modules that
    cannot be understood apart."""
    assert cycles(graph(with_type_checking=True)) == []


def test_loading_a_campaign_never_imports_the_record_or_the_cli() -> None:
    edges = graph(with_type_checking=True)
    reached, todo = set(), ["companion.campaign.loading"]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo += sorted(edges.get(module, ()))
    assert not {m for m in reached if m.startswith(("companion.record", "companion.cli"))}


def test_the_checks_find_what_they_look_for() -> None:
    """The checks above would see a violation: shown on a made-up graph."""
    edges = {
        "companion.campaign.models": {"companion.render.pdf"},
        "companion.render.pdf": {"companion.render.templates"},
        "companion.render.templates": {"companion.render.pdf"},
    }
    assert upward_imports(edges) == ["companion.campaign.models imports companion.render.pdf"]
    assert cycles(edges) == [
        ["companion.render.pdf", "companion.render.templates", "companion.render.pdf"]
    ]


def registry_mismatches(
    kinds: dict[str, HandoutKind], models: dict[str, type[HandoutBase]]
) -> list[str]:
    problems = [f"`{name}` has no handout kind" for name in models if name not in kinds]
    problems += [f"`{name}` is not in the Handout union" for name in kinds if name not in models]
    problems += [
        f"`{name}` names another model"
        for name, kind in kinds.items()
        if name in models and kind.model is not models[name]
    ]
    return problems


def test_registry_and_model_union_agree() -> None:
    assert registry_mismatches(KINDS, HANDOUT_MODELS) == []


def test_registry_check_sees_a_kind_missing_from_the_union() -> None:
    models = {name: model for name, model in HANDOUT_MODELS.items() if name != "card"}
    assert registry_mismatches(KINDS, models) == ["`card` is not in the Handout union"]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_names_functions_its_module_has(name: str) -> None:
    """The registry names each kind's functions by module and name, imported when first
    called: a misspelt one would fail only when a campaign first printed that kind."""
    kind = KINDS[name]
    named = [kind.build_context, kind.fit, kind.extra_weight]
    deferred = [function for function in named if isinstance(function, KindFunction)]
    assert deferred and deferred[0] is kind.build_context
    assert all(callable(function.found()) for function in deferred)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_has_its_template_and_stylesheet(name: str) -> None:
    page = KINDS[name].page
    assert template_file(builtin_templates_dir(), page.template) == (
        builtin_templates_dir() / "kinds" / page.template
    )
    assert page.stylesheet is not None
    assert template_file(builtin_templates_dir(), page.stylesheet) is not None


# Where a particular kind may be named: its print module, and the models that define the kinds.
KIND_HOMES = ("companion/kinds/", "companion/campaign/models/kinds.py")


def kinds_named_outside_their_homes(files: dict[str, str]) -> list[str]:
    """Each place outside the kinds' homes that names one particular kind: its model class,
    or its `kind:` word in a comparison (`kind == "dossier"`)."""
    classes = {model.__name__ for model in HANDOUT_MODELS.values()}
    found = []
    for name, source in sorted(files.items()):
        if name.startswith(KIND_HOMES):
            continue
        for node in ast.walk(ast.parse(source)):
            named = None
            if isinstance(node, ast.Name) and node.id in classes:
                named = node.id
            elif isinstance(node, ast.alias) and node.name in classes:
                named = node.name
            elif isinstance(node, ast.Compare):
                words = [c.value for c in (node.left, *node.comparators) if _constant(c)]
                named = next((repr(w) for w in words if w in HANDOUT_MODELS), None)
            if named:
                found.append(f"{name}:{getattr(node, 'lineno', '?')} names {named}")
    return sorted(set(found))


def _constant(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_no_code_outside_the_kinds_names_a_particular_kind() -> None:
    """A kind lives in its model (with its load hooks) and its module in `kinds/` (with its
    print hooks): the loader, the pipeline and the checks ask the hooks, never the kind."""
    files = {
        path.relative_to(PACKAGE.parent).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py"
    }
    assert kinds_named_outside_their_homes(files) == []


def test_the_kind_check_sees_a_kind_named_elsewhere() -> None:
    files = {
        "companion/build/pipeline.py": "if isinstance(h, MapHandout):\n    pass\n",
        "companion/campaign/index.py": "covered = data.get('kind') == 'dossier'\n",
        "companion/kinds/map.py": "if isinstance(h, MapHandout):\n    pass\n",
    }
    assert kinds_named_outside_their_homes(files) == [
        "companion/build/pipeline.py:1 names MapHandout",
        "companion/campaign/index.py:1 names 'dossier'",
    ]


ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"
PICTURE_START = (
    "<!-- the layers: made by `python scripts/architecture.py` from tests/test_structure.py -->"
)
PICTURE_END = "<!-- end of the layers -->"


def layer_picture() -> str:
    """The layers as docs/architecture.md draws them, the top first: each package with what
    its docstring says it is and its modules; a rule between layers."""
    rows: list[str] = []
    for names in reversed(LAYERS):
        if rows:
            rows.append("-" * 98)
        for name in sorted(names - {"__main__"}):
            folder = PACKAGE / name
            source = folder / "__init__.py" if folder.is_dir() else PACKAGE / f"{name}.py"
            docstring = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8"))) or ""
            what = " ".join(docstring.split()).split(":")[0].split(". ")[0].rstrip(".")
            label = f"{name}/" if folder.is_dir() else f"{name}.py"
            rows.append(f"{label:<13}{what}")
            if folder.is_dir():
                modules = sorted(
                    p.stem if p.is_file() else f"{p.name}/"
                    for p in folder.iterdir()
                    if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
                )
                listed = textwrap.wrap(", ".join(modules), 85)
                rows += [f"{'':<13}{line}" for line in listed]
    return "\n".join(["```", *rows, "```"])


def test_the_architecture_page_draws_the_layers_as_they_are() -> None:
    page = ARCHITECTURE.read_text(encoding="utf-8")
    drawn = page.split(PICTURE_START)[1].split(PICTURE_END)[0].strip()
    assert drawn == layer_picture(), "run `python scripts/architecture.py`"
