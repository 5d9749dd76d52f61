"""Loading a bundle: the question bank, protocol tables and clinic settings of one folder."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bank.loader import load_bank
from intake_tui.core.bank.named import load_named_conditions
from intake_tui.core.bundle_cache import read_cached, write_cached
from intake_tui.core.bundle_model import Bundle
from intake_tui.core.errors import BankError, Problem
from intake_tui.core.protocol.loader import load_protocol, load_settings
from intake_tui.core.resources import bundled_questions_dir

__all__ = ["Bundle", "load_bundle"]


def load_bundle(root: Path | None = None, *, lint: bool = True, cached: bool = True) -> Bundle:
    """Load everything in ``root`` (default: the bundled questions).

    With ``lint`` (the default), cross-reference errors raise BankError too, so
    a program never runs on a bank the linter would reject. A linted load is read
    from the compiled bank (core/bundle_cache.py) when the folder is unchanged since
    its last clean load, unless ``cached`` is False; ``intake validate`` always
    loads the full way.
    """
    folder = root if root is not None else bundled_questions_dir()
    if not folder.is_dir():
        raise BankError([Problem("question folder not found", file=folder)])
    if lint and cached and (compiled := read_cached(folder)) is not None:
        return compiled
    bundle = _load(folder)
    if lint:
        errors = [p for p in lint_bundle(bundle) if p.severity == "error"]
        if errors:
            raise BankError(errors)
        if cached:
            write_cached(bundle)
    return bundle


def _load(folder: Path) -> Bundle:
    """The folder's bundle, validated file by file (BankError with every problem)."""
    # Read once: the bank, the protocol and the linter all resolve these names.
    named, problems = load_named_conditions(folder)
    parts: dict[str, object] = {}
    for name, loader in (
        ("bank", partial(load_bank, named=named)),
        ("protocol", partial(load_protocol, named=named)),
        ("settings", load_settings),
    ):
        try:
            parts[name] = loader(folder)
        except BankError as error:
            problems += error.problems
    if problems:
        raise BankError(problems)
    return Bundle(root=folder, named=named, **parts)  # type: ignore[arg-type]
