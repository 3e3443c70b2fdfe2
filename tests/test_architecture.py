"""The package's shape: layers, no cycles, no borrowed private names, renderers that never
ask which map they draw, colours only in the style table, HTML work without matplotlib."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "atlas"

#: the data flow, left to right: a module imports only from its own layer or those left of it
LAYERS = ("core", "model", "data", "maps", "render", "output", "cli")
#: inside render, these may be imported by every renderer
RENDER_SHARED = ("atlas.render.templating", "atlas.render.table", "atlas.render.fonts",
                 "atlas.render.bilingual", "atlas.render.timeline")
RENDERERS = ("atlas.render.web", "atlas.render.print", "atlas.render.docs")
MAP_NAMES = ("overview", "parks", "output", "corridors", "national", "shanghai")


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules():
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(path):
    """(imported module, names taken from it, line) for every import of an atlas module,
    at any depth (a lazy import inside a function is still a dependency)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, (), node.lineno) for a in node.names if a.name.startswith("atlas")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("atlas"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                if child in MODULES:  # from atlas.maps import style: the module atlas.maps.style
                    out.append((child, (), node.lineno))
                else:
                    out.append((node.module, (alias.name,), node.lineno))
    return out


def _graph():
    return {name: sorted({m for m, _, _ in _imports(path)} - {name})
            for name, path in MODULES.items()}


def _layer(module):
    parts = module.split(".")
    if len(parts) < 2:
        return len(LAYERS)  # the package itself (its API) and python -m atlas sit on top
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else len(LAYERS)


def _renderer(module):
    return next((r for r in RENDERERS if module == r or module.startswith(r + ".")), None)


def test_the_walk_sees_the_package():
    graph = _graph()
    assert "atlas.render.web.pages" in graph and "atlas.maps.catalog" in graph
    assert "atlas.maps.catalog" in graph["atlas.render.web.pages"]
    assert "atlas.maps.style" in graph["atlas.render.print.figure"]


def _cycles(graph):
    """Every import cycle, as a list of modules (Tarjan's strongly connected components)."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_module_imports_another_modules_private_names():
    found = []
    for name, path in MODULES.items():
        for module, names, line in _imports(path):
            found += [f"{path.relative_to(ROOT)}:{line} imports {module}.{n}"
                      for n in names if n.startswith("_") and module != name]
    assert found == []


def _direction_problems(module, imported):
    problems = []
    if _layer(imported) > _layer(module):
        problems.append("against the layer direction")
    mine, theirs = _renderer(module), _renderer(imported)
    if mine and theirs and mine != theirs and imported not in RENDER_SHARED:
        problems.append("one renderer importing another")
    return problems


#: imports the rules allow for now, and why; remove an entry once its import is gone
KNOWN_IMPORTS = set()


def test_imports_follow_the_data_flow():
    found = []
    for name, path in MODULES.items():
        for module, _, line in _imports(path):
            if (name, module) in KNOWN_IMPORTS:
                continue
            for problem in _direction_problems(name, module):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}: {problem}")
    assert found == []


def test_the_direction_check_can_fail():
    assert _direction_problems("atlas.render.web.pages", "atlas.output.outdir")
    assert _direction_problems("atlas.maps.rules", "atlas.render.web.payload")
    assert _direction_problems("atlas.render.docs.report", "atlas.render.print.figure")
    assert not _direction_problems("atlas.render.docs.report", "atlas.render.templating")
    assert not _direction_problems("atlas.output.build", "atlas.render.web.pages")


# --- renderers never ask which map they draw ------------------------------------------------

RENDERER_SOURCES = sorted(p for r in ("web", "print") for p in (PACKAGE / "render" / r).rglob("*.py"))


def _map_name_uses(source):
    """Where a source compares with a map name, asks the catalog for a named map, or names
    a map that is not also a data layer ('overview', 'output')."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            values = [node.left, *node.comparators]
            for value in values:
                consts = value.elts if isinstance(value, (ast.Tuple, ast.List, ast.Set)) else [value]
                for c in consts:
                    if isinstance(c, ast.Constant) and c.value in MAP_NAMES:
                        found.append(f"line {node.lineno}: compares with '{c.value}'")
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get" and \
                getattr(node.func.value, "id", "") == "catalog" and node.args and \
                isinstance(node.args[0], ast.Constant):
            found.append(f"line {node.lineno}: catalog.get('{node.args[0].value}')")
        elif isinstance(node, ast.Constant) and node.value in ("overview", "output"):
            found.append(f"line {node.lineno}: names the map '{node.value}'")
    return found


def test_renderers_never_branch_on_a_map_name():
    assert len(RENDERER_SOURCES) >= 8
    found = [f"{p.relative_to(ROOT)} {hit}" for p in RENDERER_SOURCES
             for hit in _map_name_uses(p.read_text(encoding="utf-8"))]
    assert found == []


def test_the_map_name_check_can_fail():
    assert _map_name_uses('if map_name == "output":\n    pass\n')
    assert _map_name_uses('x = name in ("overview", "parks")\n')
    assert _map_name_uses('spec = catalog.get("parks")\n')
    assert not _map_name_uses('frame = atlas.layers["parks"]\n')


# --- colours live in the style table --------------------------------------------------------

HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
#: files that may hold a colour literal, and why
COLOUR_EXCEPTIONS = {
    # the data layer cannot import atlas.maps.style (it sits left of maps); this is the
    # fallback colour of a park with no cluster, a data default rather than a style
    "atlas/data/load.py": 1,
}


def _colour_literals():
    found = {}
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in (".py", ".js", ".css", ".j2", ".html") or path.name == "style.py":
            continue
        hits = HEX.findall(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(ROOT))] = len(hits)
    return found


def test_colours_only_in_the_style_table():
    found = _colour_literals()
    unexpected = {f: n for f, n in found.items() if COLOUR_EXCEPTIONS.get(f) != n}
    assert unexpected == {}, "colour literals outside atlas/maps/style.py"


def test_the_colour_scan_sees_js_css_and_templates():
    assert HEX.findall("a { color: #67000d; background: #fff }") == ["#67000d", "#fff"]
    scanned = [p for p in PACKAGE.rglob("*") if p.suffix in (".js", ".css", ".j2")]
    assert any(p.suffix == ".css" for p in scanned) and any(p.suffix == ".j2" for p in scanned)


def test_page_css_takes_its_colours_from_the_style_table(real_atlas):
    from atlas.maps import style
    from atlas.render.web import assets

    css = assets.own("atlas.css")
    assert css.startswith(style.css_variables())
    used = set(re.findall(r"var\(--atlas-([a-z-]+)\)", assets.own("atlas.css") + assets.own("index.css")))
    assert used and used <= set(style.PAGE)


# --- HTML without matplotlib ----------------------------------------------------------------


def test_building_the_html_pages_leaves_matplotlib_out():
    """The map pages and the snippets page (the report draws charts, so it needs matplotlib)."""
    code = (
        "import sys\n"
        "from atlas.data.load import load\n"
        "from atlas.render.web import pages\n"
        "from atlas.render.docs import embed\n"
        "built = pages.render_pages(load())\n"
        "assert len(built) == 7, len(built)\n"
        "assert embed.render(load(), [(p.filename, p.title_zh, p.title_en) for p in built[1:]])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("module", ["atlas.render.print.figure"])
def test_importing_the_print_renderer_keeps_the_callers_backend(module):
    code = (
        "import matplotlib\n"
        "matplotlib.use('svg')\n"
        f"import {module}\n"
        "print(matplotlib.get_backend())\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "svg"
