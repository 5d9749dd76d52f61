"""The sample sessions' documents as people read them, for each audience and format.

Golden files (tests/golden/) from the bundled bank's sample reports, made with a
fixed clock. Like the snapshot pictures they show the bank's wording, so a clinic's
wording edit changes them (tests/wording_edit_check.py lists this file with the
pictures): review the change, then run ``python tests/golden/regenerate.py``.
Comparing structure without wording would leave almost nothing to compare: a
document is its wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_tui.core.document import text
from tests.golden.regenerate import golden_documents


@pytest.mark.parametrize(
    ("golden", "expected"), list(golden_documents()), ids=lambda v: getattr(v, "name", "")
)
def test_golden_documents(golden: Path, expected: str) -> None:
    assert golden.exists(), f"{golden.name} missing: run python tests/golden/regenerate.py"
    assert golden.read_text(encoding="utf-8") == expected, (
        f"{golden.name} differs: review the change, then run python tests/golden/regenerate.py"
    )
    if golden.suffix == ".txt":
        assert max(map(len, expected.splitlines())) <= text.WIDTH
