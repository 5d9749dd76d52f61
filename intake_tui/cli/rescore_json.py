"""`intake rescore DIR --json`: the changes for programs, in a stable schema.

    {"format": "intake-rescore", "version": 1, "folder": "...",
     "counts": {"files", "compared", "drafts", "unreadable", "changed"},
     "changed": [{"session_id", "file", "client_reference", "updated_at",
                  "outputs": [...], "changes": [{"output", "what", "before", "after"}]}],
     "unreadable": [{"file", "problem"}]}

``updated_at`` is ISO 8601 with its offset, as saved. Strings are the raw values;
JSON escapes every control and non-ASCII character, so printing it cannot drive a
terminal. New keys may be added within a version; none is renamed or removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from intake_tui.core.rescore import Outcome, RescoreSummary

FORMAT, VERSION = "intake-rescore", 1


def _changed(outcome: Outcome) -> dict[str, Any]:
    return {
        "session_id": outcome.session_id,
        "file": outcome.path.name,
        "client_reference": outcome.reference,
        "updated_at": outcome.updated_at,
        "outputs": list(outcome.changed),
        "changes": [
            {"output": c.output, "what": c.what, "before": c.before, "after": c.after}
            for c in outcome.changes
        ],
    }


def rescore_json(folder: Path, summary: RescoreSummary) -> str:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "folder": str(folder),
        "counts": {
            "files": summary.total,
            "compared": summary.compared,
            "drafts": summary.drafts,
            "unreadable": len(summary.unreadable),
            "changed": len(summary.changed),
        },
        "changed": [_changed(outcome) for outcome in summary.changed],
        "unreadable": [{"file": o.path.name, "problem": o.error} for o in summary.unreadable],
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"
