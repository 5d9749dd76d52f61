"""Every fixed label plain mode prints, in one place, worded in the language chosen
at launch (the catalogue; cli/main.py sets it before this module is imported).

Text from the bank, answers or files never comes from here; it goes through
core/safe_text before it is printed. Templates use ``str.format`` fields.
"""

from __future__ import annotations

from intake_tui.core.i18n import _

# --- a question --------------------------------------------------------------------
SECTION = _("Section: {title}")
PROGRESS = _("Question {number} of about {total}")
WHY = _("Why we ask: {why}")
NOTE_CONTINUE = _("Press Enter to continue")
OPTION = _("{number}. {label}")
CURRENT_ANSWER = _("Your answer: {answer}. Press Enter to keep it.")
LAST_TIME = _(
    "Last time: {answer}. Press Enter if it is still true, or type t if everything "
    "from last time in this section is still true."
)
DEFAULT_TODAY = _("Press Enter for today, {today}.")
OPTIONAL = _("Optional: press Enter to skip.")
TYPE_A_NUMBER = _("Type a number from 1 to {last}")
TYPE_NUMBERS = _("Type numbers separated by commas, from 1 to {last}")
TYPE_WHOLE_NUMBER = _("Type a whole number")
TYPE_NUMBER_RANGE = _("Type a whole number from {low} to {high}")
TYPE_NUMBER_AT_LEAST = _("Type a whole number, {low} or more")
TYPE_NUMBER_AT_MOST = _("Type a whole number, {high} or less")
TYPE_DATE = _("Type a date as YYYY-MM-DD, like {example}")
TYPE_TEXT = _("Type your answer")
KEYS_SHORT = _("(? for help)")
HOW_TO_CHOOSE = _("type a number from 1 to {last}")  # after the core's "Choose an answer first"
NOT_AN_OPTION = _("'{text}' is not one of the options. {expected}.")
UNREADABLE_LINE = _(
    "That line held characters that could not be read (not UTF-8); please type it again."
)
ANSWER_PROMPT = _("{expected} {keys}: ")

# --- keys ---------------------------------------------------------------------------
KEY_BACK = "b"
KEY_REVIEW = "r"
KEY_HELP = "?"
KEY_QUIT = "q"
KEY_STILL_TRUE = "t"
# Typed for a yes/no question's option values; "s" (sí) too, since the words may be Spanish.
YES_NO_LETTERS = {"y": "yes", "s": "yes", "n": "no"}
KEYS_HELP = _(
    "Keys: b goes back to the previous question, r reviews your answers so far, "
    "? shows this help, q saves and quits (your answers are kept as a draft); where last "
    "visit's answer is offered, t keeps it and the rest of this section's."
)
NOTHING_OFFERED = _("There is no answer from last time to keep here.")
NO_WHY = _("This question has no further explanation.")
FIRST_QUESTION = _("This is the first question; there is nothing before it.")

# --- the review ---------------------------------------------------------------------
REVIEW_TITLE = _("Your answers so far")
REVIEW_ROW = _("{number}. {prompt} {answer}")
REVIEW_ANSWER = _("Answer: {answer}.")
REVIEW_MISSING = _("{count} question(s) still need an answer.")
REVIEW_PICK = _("Type a number to change that answer, or press Enter to go on: ")
REVIEW_FINISH = _(
    "Type a number to change that answer, or press Enter to finish and see your result: "
)
REVIEW_NO_SUCH = _("There is no answer numbered {text}; type a number from 1 to {last}.")
NOT_A_NUMBER = _("Please type a number from 1 to {last}, or press Enter.")

# --- starting and resuming ----------------------------------------------------------
NO_STREAM = _("intake: standard {which} is closed; plain mode needs both to run.")
TITLE = _("{title} (plain mode: one line at a time; type ? for help)")
RESUME_ONE = _("Resume the intake started {started}? [y/n]: ")
RESUME_SEVERAL = _("Unfinished intakes, newest first:")
RESUME_ROW = _("{number}. {description}")
RESUME_PICK = _("Type a number to resume one, or press Enter to start a new intake: ")
YES_NO_AGAIN = _("Please type y or n.")
YES_WORDS = frozenset({"y", "yes", "s", "si", "sí"})
NO_WORDS = frozenset({"n", "no"})
STAFF_INITIALS = _("Staff initials (1 to 4 letters, e.g. JS; saved with the intake): ")
INITIALS_AGAIN = _("Use 1 to 4 letters, e.g. JS.")
FRONT_DESK_ONLY = _(
    "{count} unfinished intake(s) started at the front desk are not listed; start plain "
    "mode with --mode front-desk to continue them."
)
LOCKED = _("Locked after {pause} idle: {kept} Staff initials continue it.")
LOCKED_SAVED = _("answers saved as a draft.")
LOCKED_COMPLETED = _("the intake is complete and saved.")
LOCKED_NOTHING = _("nothing was answered, so nothing was saved.")
LOCKED_UNSAVED = _("the latest answers could not be saved (see above).")
OPEN_ELSEWHERE = _("That intake is open in another terminal ({holder}). Take it over? [y/n]: ")
CHANGED_QUESTIONNAIRE = _("The questionnaire has changed since this draft was saved:")
CANNOT_RESUME = _("Cannot resume: {problem}")
NOT_RESERVED = _("Draft not reserved: {problem}. Saving still never overwrites another's answers.")

# --- saving and leaving -------------------------------------------------------------
NOT_SAVED = _("Not saved: {problem}. Your answers are still here; the next answer tries again.")
TAKEN_OVER = _("{problem}. Its answers stay with the other terminal; plain mode stops here.")
FORKED = _(
    "Another terminal changed this draft since it was opened here, so nothing was "
    "overwritten: these answers were saved as a separate draft, {name}."
)
QUIT_SAVED = _("Your answers are saved as a draft; run intake --plain to resume.")
QUIT_NOTHING = _("Nothing was answered, so nothing was saved.")
END_OF_INPUT = _("End of input: your answers are saved as a draft; run intake --plain to resume.")
END_OF_INPUT_NOTHING = _("End of input: nothing was answered, so nothing was saved.")
INTERRUPTED = _("Interrupted: your answers are saved as a draft; run intake --plain to resume.")
INTERRUPTED_NOTHING = _("Interrupted: nothing was answered, so nothing was saved.")
END_OF_INPUT_COMPLETED = _("End of input: the intake is complete and saved; no override was made.")
INTERRUPTED_COMPLETED = _("Interrupted: the intake is complete and saved; no override was made.")
LOST_UNSAVED = _(
    "Your answers since the last save could not be saved (see above) and are lost "
    "when plain mode ends."
)

# --- the gate and the results --------------------------------------------------------
GATE_OVERRIDE = _(
    "Staff: continue to the practitioner's report anyway? A reason and your initials are "
    "recorded with it. [y/n]: "
)
GATE_REASON = _("- {reason}")
OVERRIDE_REASON = _("Reason for continuing: ")
SAVED_TO = _("Saved to {path}")
