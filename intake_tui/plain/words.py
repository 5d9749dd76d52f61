"""Every fixed label plain mode prints, in one place, so a catalogue can translate them.

Text from the bank, answers or files never comes from here; it goes through
core/safe_text before it is printed. Templates use ``str.format`` fields.
"""

from __future__ import annotations

# --- a question --------------------------------------------------------------------
SECTION = "Section: {title}"
PROGRESS = "Question {number} of about {total}"
WHY = "Why we ask: {why}"
NOTE_CONTINUE = "Press Enter to continue"
OPTION = "{number}. {label}"
CURRENT_ANSWER = "Your answer: {answer}. Press Enter to keep it."
LAST_TIME = (
    "Last time: {answer}. Press Enter if it is still true, or type t if everything "
    "from last time in this section is still true."
)
DEFAULT_TODAY = "Press Enter for today, {today}."
OPTIONAL = "Optional: press Enter to skip."
TYPE_A_NUMBER = "Type a number from 1 to {last}"
TYPE_NUMBERS = "Type numbers separated by commas, from 1 to {last}"
TYPE_WHOLE_NUMBER = "Type a whole number"
TYPE_NUMBER_RANGE = "Type a whole number from {low} to {high}"
TYPE_NUMBER_AT_LEAST = "Type a whole number, {low} or more"
TYPE_NUMBER_AT_MOST = "Type a whole number, {high} or less"
TYPE_DATE = "Type a date as YYYY-MM-DD, like {example}"
TYPE_TEXT = "Type your answer"
KEYS_SHORT = "(? for help)"
HOW_TO_CHOOSE = "type a number from 1 to {last}"  # after the core's "Choose an answer first"
NOT_AN_OPTION = "'{text}' is not one of the options. {expected}."
UNREADABLE_LINE = (
    "That line held characters that could not be read (not UTF-8); please type it again."
)
ANSWER_PROMPT = "{expected} {keys}: "

# --- keys ---------------------------------------------------------------------------
KEY_BACK = "b"
KEY_REVIEW = "r"
KEY_HELP = "?"
KEY_QUIT = "q"
KEY_STILL_TRUE = "t"
YES_NO_LETTERS = {"y": "yes", "n": "no"}  # typed for a yes/no question's option values
KEYS_HELP = (
    "Keys: b goes back to the previous question, r reviews your answers so far, "
    "? shows this help, q saves and quits (your answers are kept as a draft); where last "
    "visit's answer is offered, t keeps it and the rest of this section's."
)
NOTHING_OFFERED = "There is no answer from last time to keep here."
NO_WHY = "This question has no further explanation."
FIRST_QUESTION = "This is the first question; there is nothing before it."

# --- the review ---------------------------------------------------------------------
REVIEW_TITLE = "Your answers so far"
REVIEW_ROW = "{number}. {prompt} {answer}"
REVIEW_ANSWER = "Answer: {answer}."
REVIEW_MISSING = "{count} question(s) still need an answer."
REVIEW_PICK = "Type a number to change that answer, or press Enter to go on: "
REVIEW_FINISH = (
    "Type a number to change that answer, or press Enter to finish and see your result: "
)
REVIEW_NO_SUCH = "There is no answer numbered {text}; type a number from 1 to {last}."
NOT_A_NUMBER = "Please type a number from 1 to {last}, or press Enter."

# --- starting and resuming ----------------------------------------------------------
NO_STREAM = "intake: standard {which} is closed; plain mode needs both to run."
TITLE = "{title} (plain mode: one line at a time; type ? for help)"
RESUME_ONE = "Resume the intake started {started}? [y/n]: "
RESUME_SEVERAL = "Unfinished intakes, newest first:"
RESUME_ROW = "{number}. {description}"
RESUME_PICK = "Type a number to resume one, or press Enter to start a new intake: "
YES_NO_AGAIN = "Please type y or n."
YES_WORDS = frozenset({"y", "yes"})
NO_WORDS = frozenset({"n", "no"})
STAFF_INITIALS = "Staff initials (1 to 4 letters, e.g. JS; saved with the intake): "
INITIALS_AGAIN = "Use 1 to 4 letters, e.g. JS."
FRONT_DESK_ONLY = (
    "{count} unfinished intake(s) started at the front desk are not listed; start plain "
    "mode with --mode front-desk to continue them."
)
LOCKED = "Locked after {pause} idle: {kept} Staff initials continue it."
LOCKED_SAVED = "answers saved as a draft."
LOCKED_COMPLETED = "the intake is complete and saved."
LOCKED_NOTHING = "nothing was answered, so nothing was saved."
LOCKED_UNSAVED = "the latest answers could not be saved (see above)."
OPEN_ELSEWHERE = "That intake is open in another terminal ({holder}). Take it over? [y/n]: "
CHANGED_QUESTIONNAIRE = "The questionnaire has changed since this draft was saved:"
CANNOT_RESUME = "Cannot resume: {problem}"
NOT_RESERVED = "Draft not reserved: {problem}. Saving still never overwrites another's answers."

# --- saving and leaving -------------------------------------------------------------
NOT_SAVED = "Not saved: {problem}. Your answers are still here; the next answer tries again."
TAKEN_OVER = "{problem}. Its answers stay with the other terminal; plain mode stops here."
FORKED = (
    "Another terminal changed this draft since it was opened here, so nothing was "
    "overwritten: these answers were saved as a separate draft, {name}."
)
QUIT_SAVED = "Your answers are saved as a draft; run intake --plain to resume."
QUIT_NOTHING = "Nothing was answered, so nothing was saved."
END_OF_INPUT = "End of input: your answers are saved as a draft; run intake --plain to resume."
END_OF_INPUT_NOTHING = "End of input: nothing was answered, so nothing was saved."
INTERRUPTED = "Interrupted: your answers are saved as a draft; run intake --plain to resume."
INTERRUPTED_NOTHING = "Interrupted: nothing was answered, so nothing was saved."
END_OF_INPUT_COMPLETED = "End of input: the intake is complete and saved; no override was made."
INTERRUPTED_COMPLETED = "Interrupted: the intake is complete and saved; no override was made."
LOST_UNSAVED = (
    "Your answers since the last save could not be saved (see above) and are lost "
    "when plain mode ends."
)

# --- the gate and the results --------------------------------------------------------
GATE_OVERRIDE = (
    "Staff: continue to the practitioner's report anyway? A reason and your initials are "
    "recorded with it. [y/n]: "
)
GATE_REASON = "- {reason}"
OVERRIDE_REASON = "Reason for continuing: "
SAVED_TO = "Saved to {path}"
