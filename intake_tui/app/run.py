"""Build the app from command-line options and run it; errors end in one line."""

from __future__ import annotations

import sys
from pathlib import Path

from intake_tui.app.config import AppConfig
from intake_tui.core.front_desk import IDLE_ENV, idle_timeout_seconds
from intake_tui.core.i18n import ENGLISH
from intake_tui.core.launch_settings import read_mode_settings, start_language
from intake_tui.core.modes import parse_mode
from intake_tui.core.resources import bundled_questions_dir
from intake_tui.core.store import default_data_dir


def run_app(
    questions: Path | None,
    data_dir: Path | None,
    mode: str | None,
    idle_timeout: float | None,
    language: str | None = None,
) -> int:
    """Run the app; None takes the default (the environment's, the clinic's) for that option."""
    config = app_config(questions, data_dir, mode, idle_timeout, language)
    if isinstance(config, str):
        print(f"intake: {config}", file=sys.stderr)
        return 1
    if config.language != ENGLISH:
        # Before the screens are imported: their key labels are worded as they load.
        from intake_tui.core.i18n import use_language

        use_language(config.language)
    from intake_tui.core.files import loose_folder_warning

    warning = loose_folder_warning(config.data_dir)  # shown in the app too; this one stays
    if warning is not None:  # in the terminal after it quits
        print(f"intake: {warning}", file=sys.stderr)
    from intake_tui.app.app import IntakeApp

    app = IntakeApp(config)
    app.run()
    return app.return_code or 0  # a crash ends non-zero (IntakeApp._handle_exception)


def app_config(
    questions: Path | None,
    data_dir: Path | None,
    mode: str | None,
    idle_timeout: float | None,
    language: str | None = None,
) -> AppConfig | str:
    """The app's configuration from the options, or why it cannot start. Without
    --mode (--lang), the clinic's settings.toml chooses the mode (and whether it may
    switch) and the language."""
    if questions is not None and not (questions / "questionnaire.toml").is_file():
        return f"cannot start: {questions}: no questionnaire.toml there"
    try:
        idle = idle_timeout_seconds(idle_timeout)
    except ValueError:
        return f"{IDLE_ENV} must be a number of seconds"
    clinic = read_mode_settings(questions or bundled_questions_dir())
    if problem := start_language(questions or bundled_questions_dir(), language, clinic):
        return problem
    language = language or clinic.language
    return AppConfig(
        questions=questions,
        data_dir=data_dir or default_data_dir(),
        mode=parse_mode(mode or "") or clinic.default_mode,
        mode_switch=clinic.mode_switch,
        idle_timeout_seconds=idle,
        language=language,
    )
