"""The shape of the code: no import cycles, and the core (model, session, commands) never imports pygame."""

import ast
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


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """exoviz modules imported anywhere in a file (also inside functions), except under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(), str(path))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node)
            for n in ast.walk(node)}
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        out |= {n for n in names if n in modules}
    return out


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {name: imports_of(path, modules) - {name} for name, path in files.items()}


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


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 30 and "exoviz.session" in graph["exoviz.headless"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


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
