"""`intake questions --fhir`: the question bank as a FHIR R4 Questionnaire (JSON)."""

from __future__ import annotations

import argparse
import os
import re
import sys

from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import IntakeError
from intake_tui.core.fhir import DEFAULT_BASE_URL, fhir_json, questionnaire
from intake_tui.core.files import write_atomic


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
    if args.output is None:
        sys.stdout.write(text)
        return 0
    if os.path.lexists(args.output) and not args.force:
        raise IntakeError(f"{args.output}: already exists; add --force to replace it")
    write_atomic(args.output, text)
    print(f"Questionnaire written to {args.output}", file=sys.stderr)
    return 0
