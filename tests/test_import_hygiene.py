"""Import hygiene: the core and the headless commands never import Textual (Harlequin's
test), and the plain app start imports nothing it does not need before its first paint."""

from __future__ import annotations

import ast
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import intake_tui.core
from tests.python_probe import fresh_python

CORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(intake_tui.core.__path__, prefix="intake_tui.core.")
)


def run_and_list_modules(code: str, *, on_a_terminal: bool = False) -> set[str]:
    """The modules ``code`` loaded. ``on_a_terminal``: standard input is a terminal
    (a pseudo-terminal), as for a person starting the app; otherwise plain mode starts."""
    probe = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    return set(fresh_python(probe, on_a_terminal=on_a_terminal).split())


def test_every_core_module_imports_without_textual() -> None:
    assert len(CORE_MODULES) > 20
    loaded = run_and_list_modules("\n".join(f"import {name}" for name in CORE_MODULES))
    assert "textual" not in loaded


def test_headless_commands_do_not_import_textual() -> None:
    code = (
        "import contextlib, io\n"
        "from intake_tui.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['validate']) == 0\n"
        "    assert main(['questions']) == 0\n"
        "    assert main(['questions', '--template']) == 0\n"
    )
    loaded = run_and_list_modules(code)
    assert "intake_tui.cli.commands" in loaded
    assert "textual" not in loaded


def test_the_plain_app_start_imports_no_parser_json_or_pydantic(tmp_path: Path) -> None:
    """`intake` alone, the everyday start: argparse, json and pydantic would each delay
    the first paint by a few milliseconds (pydantic comes with the bank, after it)."""
    code = (
        "import os\n"
        f"os.environ['INTAKE_DATA_DIR'] = {str(tmp_path)!r}\n"
        "from intake_tui.app.app import IntakeApp\n"
        "IntakeApp.run = lambda self, *args, **kwargs: None\n"
        "from intake_tui.cli.main import main\n"
        "assert main([]) == 0\n"
    )
    loaded = run_and_list_modules(code, on_a_terminal=True)
    assert "intake_tui.app.app" in loaded
    assert {"argparse", "json", "pydantic"} & loaded == set()


def test_plain_mode_never_imports_textual(tmp_path: Path) -> None:
    """`intake --plain` (and `intake` on a pipe): a whole short walk, resumed drafts and
    the results, without Textual."""
    fixture = Path(__file__).resolve().parent / "fixture_bank"
    code = (
        "import contextlib, io, sys\n"
        "from intake_tui.cli.main import main\n"
        "sys.stdin = io.StringIO('\\n35\\nq\\n')\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['--plain', '--questions', {str(fixture)!r}, "
        f"'--data-dir', {str(tmp_path)!r}]) == 0\n"
        "sys.stdin = io.StringIO('y\\n3\\n')\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['--questions', {str(fixture)!r}, '--data-dir', {str(tmp_path)!r}]) == 0\n"
    )
    loaded = run_and_list_modules(code)
    assert "intake_tui.plain.loop" in loaded
    assert "textual" not in loaded
    assert not {name for name in loaded if name.startswith("intake_tui.app")}


# --- the import graph ------------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parents[1] / "intake_tui"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> Iterator[str]:
    """Every module named by an import anywhere in the file: at the top, inside a
    function (deferred) or under TYPE_CHECKING, since each is an edge of the graph."""
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {target for target in imported_names(path) if target in files and target != name}
        for name, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            if component:
                found.append(sorted([node, *component]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert "intake_tui.core.bank.lint" in graph["intake_tui.core.bundle"]  # the graph is real
    assert cycles(graph) == []


def test_nothing_imports_a_private_textual_module() -> None:
    root = PACKAGE.parent
    private = [
        f"{path.relative_to(root)}: {name}"
        for folder in ("intake_tui", "bench", "tests")
        for path in (root / folder).rglob("*.py")
        for name in imported_names(path)
        if name.startswith("textual") and any(part.startswith("_") for part in name.split("."))
    ]
    assert private == []
