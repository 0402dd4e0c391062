"""The layout keeps its promises: dependencies point one way, no import circles, frozen migrations, no long
files, no literal site paths in templates, group names in one place."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "home", "entries", "network")
LEVEL = {"home": 0, "entries": 1, "network": 1, "portal": 2}


def _module(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(include_migrations=False):
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if include_migrations or "migrations" not in path.parts:
                yield path


def _imports(path, known):
    """Every project module `path` imports, at the top or inside a function (a lazy import is a dependency too)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph():
    paths = {_module(path): path for path in _sources()}
    return {module: _imports(path, paths) for module, path in paths.items()}


def circles(graph):
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_circles():
    assert circles(import_graph()) == []


def test_dependencies_point_one_way():
    """portal -> entries, network -> home; home depends on nobody, entries and network not on each other."""
    wrong = [
        (source, target)
        for source, targets in import_graph().items()
        for target in targets
        if (app := source.split(".")[0]) != (other := target.split(".")[0])
        and (LEVEL[other] > LEVEL[app] or LEVEL[other] == LEVEL[app])
    ]
    assert wrong == []


def test_the_check_finds_a_circle_and_an_upward_import():
    """The checks above can fail."""
    assert circles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]


@pytest.mark.parametrize("path", list(_sources(include_migrations=True)), ids=lambda p: str(p.relative_to(ROOT)))
def test_migrations_are_frozen(path):
    """Data migrations use historical models and copies of what they need, never the live code."""
    if "migrations" not in path.parts:
        return
    text = path.read_text()
    assert not re.search(r"^\s*from (home|entries|network|portal)\b", text, re.MULTILINE)
    # Schema migrations may name the project's custom field classes (`import entries.models.search`), as
    # Django writes them; nothing else of the live code.
    imports = re.findall(r"^import ((?:home|entries|network|portal)\S*)", text, re.MULTILINE)
    assert all(re.fullmatch(r"\w+\.models\.\w+", name) for name in imports), imports
    functions = [node for node in ast.walk(ast.parse(text)) if isinstance(node, ast.FunctionDef)]
    for function in functions:  # the data migration's code itself uses historical models only
        source = ast.get_source_segment(text, function)
        assert not any(name in source for name in imports), function.name
        assert not re.search(r"^\s*import (home|entries|network|portal)\b", source, re.MULTILINE), function.name
    if path.parts[-3] == "home":
        assert '"entries"' not in text and '"network"' not in text and "'entries'" not in text


def test_no_file_is_longer_than_400_lines():
    paths = [*_sources(include_migrations=False), *(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").glob("*.py")]
    longest = max(paths, key=lambda path: len(path.read_text().splitlines()))
    assert len(longest.read_text().splitlines()) < 400, longest


def test_templates_use_named_urls_not_literal_site_paths():
    """Links come from {% url %}, {% pageurl %}, routable page URLs or the navigation; only "/" is literal."""
    literal = re.compile(r'(?:href|action|src)="/(?!")[^"{]*"')
    offenders = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in (ROOT / "templates").rglob("*.html")
        if path.name != "500.html"  # rendered without a template context when everything else failed
        for match in literal.findall(path.read_text())
    ]
    assert offenders == []


def test_group_names_live_in_one_place():
    names = ("Redacteuren", "Eindredactie", "Netwerkbeheer")
    places = [
        str(path.relative_to(ROOT)) for path in _sources() if any(f'"{name}"' in path.read_text() for name in names)
    ]
    assert places == ["home/permissions.py"]
