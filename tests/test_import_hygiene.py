"""Import hygiene: the core and the headless commands never import Textual (Harlequin's
test), and the plain app start imports nothing it does not need before its first paint."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import intake_tui.core

CORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(intake_tui.core.__path__, prefix="intake_tui.core.")
)


def run_and_list_modules(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


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
    loaded = run_and_list_modules(code)
    assert "intake_tui.app.app" in loaded
    assert {"argparse", "json", "pydantic"} & loaded == set()
