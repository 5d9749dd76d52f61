"""Generate realistic saved reports: random answer sets the bank allows, walked in order.

python -m bench.generate DIR N
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from intake_tui.core.bank.models import Question
from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.files import ensure_private_dir
from intake_tui.core.flow import Flow
from intake_tui.core.report.build import build_report
from intake_tui.core.report.toml_io import dumps_report
from intake_tui.core.store import session_file_name

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def random_value(question: Question, rng: random.Random, today: date) -> AnswerValue:
    if question.type in ("single", "yes_no"):
        return rng.choice(question.option_values)
    if question.type == "multiple":
        plain = [o.value for o in question.options if not o.exclusive]
        exclusive = [o.value for o in question.options if o.exclusive]
        if exclusive and rng.random() < 0.4:
            return [rng.choice(exclusive)]
        return rng.sample(plain, rng.randint(1, min(3, len(plain))))
    if question.type == "integer":
        return rng.randint(16, 75)
    if question.type == "date":
        return today + timedelta(days=rng.randint(0, 60))
    return f"Client {rng.randint(1, 99999)}"


def random_answers(bundle: Bundle, rng: random.Random, today: date) -> dict[str, AnswerValue]:
    """Answer the first unanswered enabled question until none is left."""
    answers: dict[str, AnswerValue] = {}
    context = {"mode": "front_desk"}
    while (question := Flow.compute(bundle, answers, context).first_unanswered()) is not None:
        answers[question.id] = random_value(question, rng, today)
    return answers


def generate(folder: Path, count: int, seed: int = 7) -> list[Path]:
    bundle = load_bundle()
    rng = random.Random(seed)
    ensure_private_dir(folder)
    paths = []
    for number in range(count):
        now = START + timedelta(minutes=37 * number)
        answers = random_answers(bundle, rng, now.date())
        session_id = f"{rng.getrandbits(64):016x}"
        report = build_report(
            bundle, answers, status="completed", now=now, session_id=session_id, mode="front_desk"
        )
        path = folder / session_file_name(session_id)
        path.write_text(dumps_report(report), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
