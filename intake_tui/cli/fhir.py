"""`intake questions --fhir`: the question bank as a FHIR R4 Questionnaire (JSON)."""

from __future__ import annotations

import argparse
import re

from intake_tui.cli.export import emit
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import IntakeError
from intake_tui.core.fhir import DEFAULT_BASE_URL, fhir_json, questionnaire


def questions_fhir(args: argparse.Namespace) -> int:
    """Print the Questionnaire, or write it (0600) to -o, never over a file without --force."""
    if not args.fhir:
        raise IntakeError("-o and --force go with --fhir (intake questions --fhir -o OUT.json)")
    if args.template:
        raise IntakeError("questions takes --template or --fhir, not both")
    base_url = args.fhir_base or DEFAULT_BASE_URL
    # No '|' (it separates a canonical URL from its version), no query, no blanks.
    if not re.fullmatch(r"https?://[^\s|?#]+", base_url):
        raise IntakeError("--fhir-base takes an http(s) URL, e.g. https://clinic.example/fhir")
    text = fhir_json(questionnaire(load_bundle(args.questions), base_url))
    emit(text.encode("utf-8"), args.output, force=args.force)
    return 0
