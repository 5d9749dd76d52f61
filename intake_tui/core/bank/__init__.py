"""The question bank: models, loading from TOML, linting."""

from intake_tui.core.bank.models import Bank, Option, Question, QuestionType, Section

__all__ = ["Bank", "Option", "Question", "QuestionType", "Section"]
