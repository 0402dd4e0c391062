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


# -- inside an app: capabilities as packages, dependencies pointing down ------------------------------------
# Django's and Wagtail's own file names, which stay at an app's top level; and the few ground-floor modules
# of home that every capability uses (block types, group names, text, tokens, spreadsheets, retention).
CONVENTIONAL = {"__init__", "apps", "models", "signals", "wagtail_hooks", "views"}
# `retention` and `personal` are registries every app's personal data stands on (purging; access and erasure).
GROUND_FLOOR = {"home": {"blocks", "permissions", "personal", "retention", "spreadsheets", "text", "tokens"}}
# Layers inside each app, lowest first: a module may import its own layer and those below, never above.
LAYERS = {
    "home": [
        {"text", "tokens", "blocks", "permissions"},
        {"models", "cache", "site", "ops", "spreadsheets"},
        {"mail"},
        {"abuse", "search", "retention", "personal", "editorial"},
    ],
    "entries": [{"models", "catalogue"}, {"search"}, {"listing", "alerts", "contributions", "upkeep", "exchange"}],
    "network": [{"models"}, {"events"}, {"registrations"}, {"attendance"}, {"members"}],
}
# Page rendering glue on page models that may import a capability's views or forms lazily (Wagtail needs it):
# routable-page routes, and a page's get_context (the network page shows the join form).
RENDERING_FUNCTIONS = {"get_context"}
GLUE = {"apps", "signals", "wagtail_hooks", "views", "templatetags", "management", "migrations", "demo", "__init__"}
ROUTE_DECORATORS = {"path", "re_path", "route"}


def top_level_modules(app):
    return sorted(path.stem for path in (ROOT / app).glob("*.py"))


@pytest.mark.parametrize("app", ["home", "entries", "network"])
def test_an_apps_top_level_holds_only_conventional_files_and_packages(app):
    extra = set(top_level_modules(app)) - CONVENTIONAL - GROUND_FLOOR.get(app, set())
    assert extra == set(), f"{app}/: put {sorted(extra)} in a capability package"


def _layer(app, module):
    if "." not in module:
        return 0  # the app package itself: an empty __init__
    part = module.split(".")[1]
    if part in GLUE:
        return len(LAYERS[app])  # the glue sits above every capability
    for level, names in enumerate(LAYERS[app]):
        if part in names:
            return level
    raise AssertionError(f"{module} is in no layer of tests/test_architecture.py LAYERS")


def _route_imports(path, known):
    """Imports made inside routable-page routes (functions under @path/@re_path/@route): Wagtail's routes
    must import their views lazily, the one allowed way for a model to reach a view."""
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and (
            node.name in RENDERING_FUNCTIONS
            or any(
                isinstance(d, ast.Call) and getattr(d.func, "id", "") in ROUTE_DECORATORS for d in node.decorator_list
            )
        ):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module in known:
                    found.add(inner.module)
    return found


def upward_arrows():
    paths = {_module(path): path for path in _sources()}
    arrows = []
    for source, targets in import_graph().items():
        app = source.split(".")[0]
        if app not in LAYERS:
            continue
        allowed = _route_imports(paths[source], paths) if ".models" in source else set()
        for target in targets:
            if target.split(".")[0] != app or target in allowed:
                continue
            if _layer(app, target) > _layer(app, source):
                arrows.append((source, target))
    return sorted(arrows)


def test_inside_an_app_dependencies_point_down():
    """Models import no views (except a route's lazy import), lower capabilities nothing from higher ones."""
    assert upward_arrows() == []


def test_a_model_never_imports_a_view_outside_a_route():
    graph = import_graph()
    paths = {_module(path): path for path in _sources()}
    wrong = [
        (source, target)
        for source, targets in graph.items()
        if ".models" in source
        for target in targets - _route_imports(paths[source], paths)
        if target.rsplit(".", 1)[-1] == "views"
    ]
    assert wrong == []


def test_the_layer_check_can_fail():
    assert _layer("network", "network.members.views") > _layer("network", "network.events.ical")
    assert _layer("entries", "entries.listing.views") > _layer("entries", "entries.models.pages")
