"""The bundled questions ship inside the wheel and load from an installed copy."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    builder = WheelBuilder(str(ROOT))
    return Path(next(iter(builder.build(directory=str(out), versions=["standard"]))))


def test_wheel_contains_the_question_folder(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "intake_tui/bundled_questions/questionnaire.toml" in names
    assert "intake_tui/bundled_questions/protocol/rules.toml" in names
    assert "intake_tui/bundled_questions/settings.toml" in names


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = (
        "import intake_tui, sys\n"
        "from intake_tui.core.resources import bundled_questions_dir\n"
        "print(bundled_questions_dir())\n"
        "from intake_tui.cli.main import main\n"
        "sys.exit(main(['validate']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    questions_dir = Path(result.stdout.splitlines()[0])
    assert questions_dir.is_relative_to(target)
    assert "OK" in result.stdout
