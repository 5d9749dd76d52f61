"""The Spanish review's findings (issue 15, point 2): each one fixed and kept fixed."""

from __future__ import annotations

from datetime import date

from intake_tui.core.i18n import catalogue, speaking
from intake_tui.core.identifiers import identifier_label, value_problem


def test_the_new_client_labels_and_their_errors_speak_the_language() -> None:
    spanish = catalogue("es")
    with speaking("es"):
        assert identifier_label("reference") == spanish["Client reference"]
        too_long = value_problem("reference", "x" * 81, today=date(2026, 11, 26)) or ""
        bad_date = value_problem("date_of_birth", "07/03/1984", today=date(2026, 11, 26)) or ""
    assert too_long.startswith(spanish["Client reference"]) and "longer" not in too_long
    assert bad_date == spanish["Date of birth is a past date written YYYY-MM-DD, e.g. 1984-03-07"]
    assert identifier_label("reference") == "Client reference"  # English unchanged
