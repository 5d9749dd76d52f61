"""The practitioner copy's names for facts, outputs and modes in words.

English keeps the ids with spaces for underscores, byte for byte as documents always
read; another language gets the catalogue's words, so a Spanish copy names no English.
"""

from __future__ import annotations

from intake_tui.core.bank.models import Bank
from intake_tui.core.i18n import ENGLISH, N_, _, current_language

# Each fact and output the trace and scores may name: English = the id, spaced.
NAMES = {
    "mode": N_("mode"),
    "follow_up": N_("follow up"),
    "fitzpatrick_score": N_("fitzpatrick score"),
    "phototype_self": N_("phototype self"),
    "phototype_quiz": N_("phototype quiz"),
    "phototype": N_("phototype"),
    "acne_scar_grade": N_("acne scar grade"),
    "glogau_grade": N_("glogau grade"),
    "collagen_years": N_("collagen years"),
    "home_device_mm": N_("home device mm"),
    "deepest_mm": N_("deepest mm"),
    "home_device_within_plan": N_("home device within plan"),
    "sessions_planned": N_("sessions planned"),
    "self": N_("self"),
    "front_desk": N_("front desk"),
    "answer": N_("answer"),
    "gate": N_("gate"),
    "depth": N_("depth"),
    "plan": N_("plan"),
    "longevity": N_("longevity"),
    "aftercare": N_("aftercare"),
    "cost": N_("cost"),
}


def spaced_name(name: str) -> str:
    """A fact, output or mode id in words: "glogau grade" ("grado de Glogau" in es)."""
    return _(NAMES.get(name, name.replace("_", " ")))


def field_name(name: str, bank: Bank) -> str:
    """What a trace's evidence names: the id itself in English (as always); in another
    language, a question's prompt or a fact's words."""
    if current_language() == ENGLISH:
        return name
    question = bank.by_id.get(name)
    return question.prompt if question is not None else spaced_name(name)


def output_name(output: str) -> str:
    """A trace row's output id: itself in English, words in another language."""
    return output if current_language() == ENGLISH else spaced_name(output)
