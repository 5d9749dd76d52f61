"""The key outputs of a recommendation, as plain data, and their digest.

A completed report stores the digest (``outputs_digest``), so that a rescore can
tell an unchanged report without reading its [recommendation] tables back: parsing
them was most of a rescore's time. Reports written before the digest are compared
in full, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

OUTPUTS = ("gate", "depth", "plan", "longevity", "aftercare", "cost")
# What a client checks in a cost: the series with and without add-ons, top-ups, priced.
COST_KEYS = (
    "priced",
    "series_low",
    "series_high",
    "with_add_ons_low",
    "with_add_ons_high",
    "maintenance_year_low",
    "maintenance_year_high",
)
DIGEST_PREFIX = "sha256:"


class StoredShapeError(ValueError):
    """A stored recommendation whose parts are not the tables the format says."""


def _table(value: object, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise StoredShapeError(f"recommendation {where} is not a table")
    return value


def _tables(value: object, where: str) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise StoredShapeError(f"recommendation {where} is not a list of tables")
    return value


def key_outputs(rec: Mapping[str, Any]) -> dict[str, Any]:
    """The outputs a clinic cares about, as plain comparable data (StoredShapeError if a
    part is not the table or list of tables the format says)."""
    gate = _table(rec.get("gate"), "gate")
    timeline = _table(rec.get("timeline"), "timeline")
    longevity = _table(rec.get("longevity"), "longevity")
    cost = _table(rec.get("cost"), "cost")
    return {
        "gate": (
            gate.get("decision"),
            [r.get("rule_id") for r in _tables(gate.get("reasons"), "gate.reasons")],
        ),
        "depth": [
            (
                d.get("concern"),
                d.get("area"),
                d.get("min_mm"),
                d.get("max_mm"),
                d.get("status"),
                d.get("clinic_only"),
            )
            for d in _tables(rec.get("depths"), "depths")
        ],
        "plan": (
            timeline.get("planned"),
            [
                (s.get("earliest"), s.get("latest"))
                for s in _tables(timeline.get("sessions"), "timeline.sessions")
            ],
        ),
        "longevity": (
            longevity.get("outlook"),
            longevity.get("interval_months") or None,  # 0 or absent: no interval given
            [f.get("id") for f in _tables(longevity.get("factors"), "longevity.factors")],
        ),
        "aftercare": [a.get("id") for a in _tables(rec.get("aftercare"), "aftercare")],
        "cost": tuple(cost.get(key) for key in COST_KEYS),
    }


def outputs_digest(rec: Mapping[str, Any]) -> str:
    """The digest of ``rec``'s key outputs (a recommendation as plain data)."""
    text = json.dumps(key_outputs(rec), sort_keys=True, default=str, separators=(",", ":"))
    return DIGEST_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:32]
