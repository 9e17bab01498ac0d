"""The shape of the code: imports go down the layers (type-only ones included) with no cycle and no module loaded
by a string name, and the core (model, session, commands) never imports pygame."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "exoviz"
# Everything that must run without pygame: the model, the session and what it is made of, the headless runner.
PYGAME_FREE = ("exoviz.sim", "exoviz.session", "exoviz.options", "exoviz.modes", "exoviz.commands",
               "exoviz.clock", "exoviz.scripting", "exoviz.headless", "exoviz.params", "exoviz.captions",
               "exoviz.readouts", "exoviz.viewstate", "exoviz.camera", "exoviz.walkthrough", "exoviz.cli",
               "exoviz.outputs", "exoviz.interrupts", "exoviz.saving", "exoviz.tour")


# The layers, lowest first (README "Architecture" draws the same): a module imports only from its own layer or
# those below it, type-only imports (under `if TYPE_CHECKING:`) and imports inside functions included. A module
# belongs to the layer of the longest prefix that names it; every module must belong to one.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("words", ("exoviz.i18n", "exoviz.interrupts", "exoviz.settings", "exoviz.sim.stages")),
    ("tables", ("exoviz.modes", "exoviz.params", "exoviz.experiments", "exoviz.investigations",
                "exoviz.flicker", "exoviz.render.theme")),
    ("model", ("exoviz.sim",)),
    ("session", ("exoviz.session", "exoviz.session_host", "exoviz.session_turnover", "exoviz.session_view",
                 "exoviz.session_display",
                 "exoviz.session_walk",
                 "exoviz.camera", "exoviz.clock", "exoviz.commands", "exoviz.viewstate", "exoviz.tracking",
                 "exoviz.highlight", "exoviz.captions", "exoviz.readouts", "exoviz.scripting", "exoviz.options",
                 "exoviz.walkthrough", "exoviz.walkthrough_plan", "exoviz.walkthrough_worker", "exoviz.tour",
                 "exoviz.saving", "exoviz.outputs", "exoviz.export", "exoviz.session_bench",
                 "exoviz.experiment_text", "exoviz.figures")),
    ("screen", ("exoviz.render",)),
    ("window", ("exoviz.ui", "exoviz.film", "exoviz.slides")),
    ("runs", ("exoviz.headless", "exoviz.cli", "exoviz.cli_bench", "exoviz.cli_tirf", "exoviz.cli_instruments",
              "exoviz.repeat", "exoviz.launch", "exoviz.bench")),
)
LOADERS = ("import_module", "__import__")  # importlib.import_module(name), __import__(name)


def module_name(path: Path, root: Path = ROOT) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, here: str, is_package: bool) -> str:
    """The module an ImportFrom names, relative ones (from . import x) resolved against `here`."""
    if node.level == 0:
        return node.module or ""
    base = here.split(".")
    base = base[:len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(path: Path, modules: set[str], here: str = "") -> tuple[set[str], list[str]]:
    """(exoviz modules a file imports anywhere: at the top, inside functions and under `if TYPE_CHECKING:`, and
    through importlib with a literal name; the loader calls whose module name is not a literal, by line)."""
    tree = ast.parse(path.read_text(), str(path))
    out: set[str] = set()
    hidden: list[str] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = _absolute(node, here, path.name == "__init__.py")
            names = [mod] + [f"{mod}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Call):
            f = node.func
            called = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if called in LOADERS and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names = [arg.value]
                else:
                    hidden.append(f"{path.name}:{node.lineno}")
        out |= {n for n in names if n in modules}
    return out, hidden


def scan(root: Path = ROOT) -> tuple[dict[str, set[str]], list[str]]:
    """(the import graph of the package under root, every string-loaded import that hides its module)."""
    files = {module_name(p, root): p for p in (root / "exoviz").rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {}
    hidden: list[str] = []
    for name, path in files.items():
        deps, loads = imports_of(path, modules, name)
        graph[name] = deps - {name}
        hidden += loads
    return graph, hidden


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    return scan(root)[0]


def layer_of(module: str) -> int:
    """Index in LAYERS of the module's layer (the package itself: the lowest); -1 when no layer names it."""
    if module == "exoviz":
        return 0
    best, found = -1, ""
    for i, (_name, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > len(found):
                best, found = i, p
    return best


def upward(graph: dict[str, set[str]]) -> list[str]:
    """Every import that goes up a layer, as "a (layer) -> b (layer)"; unplaced modules as "a: no layer"."""
    out = [f"{m}: no layer" for m in sorted(graph) if layer_of(m) < 0]
    for m in sorted(graph):
        for d in sorted(graph[m]):
            if layer_of(d) > layer_of(m) >= 0:
                out.append(f"{m} ({LAYERS[layer_of(m)][0]}) -> {d} ({LAYERS[layer_of(d)][0]})")
    return out


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None (depth-first search, colouring)."""
    colour = dict.fromkeys(graph, 0)  # 0 new, 1 on the stack, 2 done
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        colour[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if colour[n] == 1:
                return stack[stack.index(n):] + [n]
            if colour[n] == 0:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        colour[m] = 2
        return None

    for m in sorted(graph):
        if colour[m] == 0:
            found = visit(m)
            if found:
                return found
    return None


def problems(root: Path = ROOT) -> list[str]:
    """Everything wrong with the shape of the package under root: upward imports, a cycle, hidden loads."""
    graph, hidden = scan(root)
    cycle = find_cycle(graph)
    return upward(graph) + ([" -> ".join(cycle)] if cycle else []) + [f"string-loaded module at {h}" for h in hidden]


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_layer_check_finds_an_upward_import():
    assert upward({"exoviz.sim.world": {"exoviz.params"}, "exoviz.params": set()}) == []
    assert upward({"exoviz.sim.world": {"exoviz.render.bodies"}, "exoviz.render.bodies": set()}) == [
        "exoviz.sim.world (model) -> exoviz.render.bodies (screen)"]
    assert upward({"exoviz.newthing": set()}) == ["exoviz.newthing: no layer"]


def test_imports_go_down_the_layers_without_cycles_or_hidden_loads():
    graph = import_graph()
    assert len(graph) > 30 and "exoviz.session" in graph["exoviz.headless"]
    assert "exoviz.sim.model" in graph["exoviz.sim.full_fusion"]  # a type-only import is counted
    assert problems() == []


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "exoviz", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _plant(root: Path, module: str, line: str) -> None:
    path = root / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + "\n" + line + "\n")


def test_a_planted_type_only_upward_import_fails_the_check(tmp_path):
    root = _copy(tmp_path)
    assert problems(root) == []
    _plant(root, "exoviz.sim.scene", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                       "    from exoviz.render.renderer import Renderer")
    found = problems(root)
    assert "exoviz.sim.scene (model) -> exoviz.render.renderer (screen)" in found
    assert any(p.startswith("exoviz.") and " -> " in p and p.split(" -> ")[0] == p.split(" -> ")[-1] for p in found)


def test_a_planted_string_import_fails_the_check(tmp_path):
    root = _copy(tmp_path)
    _plant(root, "exoviz.sim.world", "def later(name):\n    import importlib\n    return importlib.import_module(name)")
    found = problems(root)
    assert len(found) == 1 and found[0].startswith("string-loaded module at world.py:"), found
    _plant(root, "exoviz.params", "def hidden():\n    return __import__('exoviz.session')")
    assert "exoviz.params (tables) -> exoviz.session (session)" in problems(root)


def test_only_the_cli_composes_runs():
    """The window, headless runner and film are started from cli.main only."""
    graph = import_graph()
    for runner in ("exoviz.ui.window", "exoviz.headless"):
        users = {m for m, deps in graph.items() if runner in deps}
        allowed = {"exoviz.cli", "exoviz.headless"} | {m for m in users if m.startswith("exoviz.bench")}
        assert users <= allowed, (runner, users)


def test_the_core_never_imports_pygame():
    graph = import_graph()
    core = sorted(m for m in graph if m.startswith(PYGAME_FREE))
    assert "exoviz.sim.world" in core and "exoviz.session" in core
    code = ("import sys\n" + "".join(f"import {m}\n" for m in core)
            + "bad = sorted(k for k in sys.modules if k.split('.')[0] in ('pygame', 'pygame_gui'))\n"
            + "assert not bad, bad\nprint('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_modules_and_functions_stay_small():
    too_big = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        if text.count("\n") > 400:
            too_big.append(f"{path.name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    too_big.append(f"{path.name}:{node.name}: {length} lines")
    assert not too_big, too_big


def test_a_planted_upward_import_fails_the_check_and_passes_without_it(tmp_path):
    root = _copy(tmp_path)
    assert problems(root) == []
    _plant(root, "exoviz.session_view", "from exoviz.ui.window import Window  # noqa")
    assert "exoviz.session_view (session) -> exoviz.ui.window (window)" in problems(root)
