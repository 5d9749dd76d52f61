"""What a protocol edit changes in one report, in words a clinic manager reads:
``Cheeks (Fine lines): 1.0 mm → 0.75 mm``, ``Cost of the series: USD 1,600-4,400 →
USD 1,600-4,800`` (an en dash in the ranges), ``Gate: Go ahead → Not now``.

Both sides are plain data (the stored TOML tables, the fresh recommendation dumped),
and the stored side may have been edited by hand: every value is read defensively
and shown as text, never trusted to have its type. Escaping for a terminal is the
printer's job; here values are only shortened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from intake_tui.core.clock import day_words
from intake_tui.core.units import grouped, mm_range

NONE = "none"
RANGE_DASH = "\u2013"  # en dash, as money ranges are printed
EXCERPT = 80
OUTLOOK_WORDS = {"shorter": "Shorter than typical", "typical": "Typical", "longer": "Longer"}


@dataclass(frozen=True)
class Change:
    """One change, as the command prints it and --json gives it."""

    output: str  # which output (gate, depth, plan, longevity, aftercare, cost)
    what: str
    before: str
    after: str


def _text(value: object, limit: int = EXCERPT) -> str:
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _tables(value: object) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _number(value: object) -> float | None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if is_number else None  # type: ignore[arg-type]


def _compared(output: str, what: str, before: str, after: str) -> list[Change]:
    return [] if before == after else [Change(output, what, before, after)]


def _added_and_removed(
    output: str, what: str, before: Mapping[str, str], after: Mapping[str, str]
) -> list[Change]:
    """A change per entry (id -> words) present on one side only."""
    removed = [
        Change(output, what, words, NONE) for key, words in before.items() if key not in after
    ]
    added = [Change(output, what, NONE, words) for key, words in after.items() if key not in before]
    return removed + added


def _keyed(entries: Iterable[Mapping[str, Any]], key: str, words: str) -> dict[str, str]:
    return {str(e.get(key)): _text(e.get(words, e.get(key, ""))) for e in entries}


# --- each output ------------------------------------------------------------------------------


def _gate(
    before: Mapping[str, Any], after: Mapping[str, Any], titles: Mapping[str, str]
) -> list[Change]:
    old, new = _table(before.get("gate")), _table(after.get("gate"))

    def title(gate: Mapping[str, Any]) -> str:
        decision = gate.get("decision")
        return _text(titles.get(decision, decision) if isinstance(decision, str) else decision)

    reasons = _added_and_removed(
        "gate",
        "Gate reason",
        _keyed(_tables(old.get("reasons")), "rule_id", "message"),
        _keyed(_tables(new.get("reasons")), "rule_id", "message"),
    )
    return _compared("gate", "Gate", title(old), title(new)) + reasons


def _depth_words(plan: Mapping[str, Any] | None) -> str:
    if plan is None:
        return "not planned"
    low, high = _number(plan.get("min_mm")), _number(plan.get("max_mm"))
    words = mm_range(low, high) if low is not None and high is not None else "unknown depth"
    if plan.get("status") == "on_hold":
        words += " (on hold)"
    if plan.get("clinic_only") is True:
        words += " (clinic only)"
    return words


def _depths(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    def by_place(rec: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
        return {(str(d.get("concern")), str(d.get("area"))): d for d in _tables(rec.get("depths"))}

    old, new = by_place(before), by_place(after)
    changes: list[Change] = []
    for place in dict.fromkeys([*old, *new]):
        plan = new.get(place) or old[place]
        area = _text(plan.get("area_label") or place[1], 40)
        concern = _text(plan.get("concern_label") or place[0], 40)
        what = f"{area} ({concern})"
        changes += _compared(
            "depth", what, _depth_words(old.get(place)), _depth_words(new.get(place))
        )
    return changes


def _day(value: object) -> str:
    return day_words(value, weekday=False) if isinstance(value, date) else _text(value, 20)


def _window_words(window: Mapping[str, Any] | None) -> str:
    if window is None:
        return NONE
    earliest, latest = window.get("earliest"), window.get("latest")
    return _day(earliest) if earliest == latest else f"{_day(earliest)} to {_day(latest)}"


def _plan(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    old, new = _table(before.get("timeline")), _table(after.get("timeline"))

    def planned(timeline: Mapping[str, Any]) -> str:
        return _text(timeline.get("planned", NONE), 20) if timeline else NONE

    def windows(timeline: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
        return {str(w.get("number")): w for w in _tables(timeline.get("sessions"))}

    changes = _compared("plan", "Sessions", planned(old), planned(new))
    old_windows, new_windows = windows(old), windows(new)
    for number in dict.fromkeys([*old_windows, *new_windows]):
        before_words = _window_words(old_windows.get(number))
        after_words = _window_words(new_windows.get(number))
        changes += _compared("plan", f"Session {_text(number, 10)}", before_words, after_words)
    return changes


def _longevity(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    old, new = _table(before.get("longevity")), _table(after.get("longevity"))

    def outlook(longevity: Mapping[str, Any]) -> str:
        value = longevity.get("outlook")
        return OUTLOOK_WORDS.get(value, _text(value)) if isinstance(value, str) else NONE

    def top_ups(longevity: Mapping[str, Any]) -> str:
        months = longevity.get("interval_months")
        return f"every {_text(months, 10)} months" if months else "none advised"

    return [
        *_compared("longevity", "Outlook", outlook(old), outlook(new)),
        *_compared("longevity", "Top-ups", top_ups(old), top_ups(new)),
        *_added_and_removed(
            "longevity",
            "Longevity factor",
            _keyed(_tables(old.get("factors")), "id", "text"),
            _keyed(_tables(new.get("factors")), "id", "text"),
        ),
    ]


def _aftercare(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    return _added_and_removed(
        "aftercare",
        "Aftercare",
        _keyed(_tables(before.get("aftercare")), "id", "text"),
        _keyed(_tables(after.get("aftercare")), "id", "text"),
    )


def money_range(cost: Mapping[str, Any], low: object, high: object) -> str:
    """``USD 1,600-4,400`` (en dash) in the cost's own currency and number format."""
    if not isinstance(low, int) or not isinstance(high, int):
        return f"{_text(low, 20)}{RANGE_DASH}{_text(high, 20)}"
    separator = cost.get("thousands_separator", ",")
    separator = separator if isinstance(separator, str) else ","
    amount = (
        grouped(low, separator)
        if low == high
        else f"{grouped(low, separator)}{RANGE_DASH}{grouped(high, separator)}"
    )
    pattern = cost.get("money_format", "{currency} {amount}")
    try:
        return _text(str(pattern).format(currency=cost.get("currency", ""), amount=amount))
    except (KeyError, IndexError, ValueError, AttributeError):  # a hand-edited format
        return f"{_text(cost.get('currency', ''), 10)} {amount}"


_COST_LINES = (
    ("Cost of the series", "series"),
    ("Cost with add-ons", "with_add_ons"),
    ("Top-ups a year", "maintenance_year"),
)


def _cost(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    old, new = _table(before.get("cost")), _table(after.get("cost"))

    def words(cost: Mapping[str, Any], key: str) -> str:
        if not cost:
            return "no cost given"
        if cost.get("priced") is False:
            return "not priced"
        return money_range(cost, cost.get(f"{key}_low"), cost.get(f"{key}_high"))

    changes: list[Change] = []
    for what, key in _COST_LINES:
        changes += _compared("cost", what, words(old, key), words(new, key))
    return changes


def described_changes(
    outputs: Iterable[str],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    titles: Mapping[str, str],
) -> tuple[Change, ...]:
    """Each change in ``outputs`` (the names differences() found) in words; an output
    whose change has no words here (a detail the table does not show) says so."""
    describe: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], list[Change]]] = {
        "gate": lambda old, new: _gate(old, new, titles),
        "depth": _depths,
        "plan": _plan,
        "longevity": _longevity,
        "aftercare": _aftercare,
        "cost": _cost,
    }
    changes: list[Change] = []
    for output in outputs:
        found = describe[output](before, after)
        changes += found or [Change(output, output.capitalize(), "as saved", "changed in detail")]
    return tuple(changes)
