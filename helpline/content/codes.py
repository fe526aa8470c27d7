"""Every content rule `helpline check` applies, each with a stable code, as ruff and pre-commit do.

Reports print the code beside each problem, tests assert on codes rather than wording, and
the README lists them. A code is never reused for a different rule.
"""

from __future__ import annotations

from helpline.content.problems import Rule, Severity

WARN = Severity.WARNING

# Reading the files (SCH): what can be loaded at all.
FILE_MISSING = Rule("SCH001", "a content file is missing")
NOT_YAML = Rule("SCH002", "a file is not valid YAML")
FIELD_MISSING = Rule("SCH003", "a required field is missing")
FIELD_UNKNOWN = Rule("SCH004", "a field the schema does not know")
WRONG_TYPE = Rule("SCH005", "a value of the wrong type or form")
BAD_ID = Rule("SCH006", "an id that is malformed or does not match its file")
DUPLICATE = Rule("SCH007", "something defined or listed twice")
UNKNOWN_REFERENCE = Rule(
    "SCH008", "a reference to a source, topic, menu or placeholder that does not exist"
)
MENU_ORDER = Rule("SCH009", "a topic missing from the SMS menu")

# Words people text (KEY).
NO_LETTERS = Rule("KEY001", "a keyword or synonym with nothing to match on")
RESERVED = Rule("KEY002", "a keyword or synonym that collides with a carrier or service word")
HELP_PLEA = Rule("KEY003", "a synonym that is a plea for help")
URGENT_ONLY = Rule("KEY004", "URGENT used by a topic other than 'urgent'")
MENU_NUMBER = Rule("KEY005", "a keyword that is a menu number")
CLAIMED = Rule("KEY006", "a keyword or synonym claimed by two topics")
LISTED_TWICE = Rule("KEY007", "a keyword or synonym listed twice in one topic", WARN)
UNKNOWN_CLASS = Rule("KEY008", "a phrase naming a word class the lexicon does not have")
CLASS_TWICE = Rule("KEY009", "a word listed twice in one lexicon class", WARN)

# What goes out by text (SMS).
NOT_GSM7 = Rule("SMS001", "a character outside GSM-7")
TOO_LONG = Rule("SMS002", "reply over 2 segments")

# Safety (SAF).
ACTION_LATE = Rule(
    "SAF001", "an urgent topic's first text does not give the action in 160 characters"
)
NO_RED_FLAGS = Rule("SAF002", "an urgent topic with no red flags")
RED_FLAGS_NOT_URGENT = Rule("SAF003", "red flags on a topic that is not urgent")
HIDDEN_BY_RED_FLAG = Rule(
    "SAF004", "a keyword that sets off a red flag, so its topic is unreachable"
)
REASSURANCE = Rule("SAF005", "reassurance such as 'nothing to worry about'")
NO_URGENT_TOPIC = Rule("SAF006", "no topic answers URGENT, which every reply points to")
MISSING_NUMBERS = Rule("SAF007", "HELP or the fallback without the helpline number and 999")
SPOKEN_ACTION_LATE = Rule(
    "SAF008", "an urgent script does not give the action in its first 10 seconds"
)
URGENT_KEY_LATE = Rule(
    "SAF009", "the greeting does not offer the urgent key in its first 10 seconds"
)
LONG_LIST = Rule("SAF010", "a spoken list of more than four items in one sentence")
SIGNS_BEFORE_ACTION = Rule("SAF011", "an urgent first text lists signs before the action")
CALL_WITHOUT_WHEN = Rule("SAF012", "advice to call that does not say how soon")
FEVER_WITHOUT_RULE = Rule("SAF013", "a fever or temperature named without when to call")
URGENT_ORDER = Rule("SAF014", "the urgent order does not list every urgent topic once")
URGENT_POINTER_LONG = Rule("SAF015", "an urgent first text has no room to say there is more")
SIGNS_WITHOUT_ACTION = Rule(
    "SAF016", "a page of an urgent problem's signs that does not say whom to call in 160 characters"
)
HELP_PAGE_WITHOUT_CALL = Rule(
    "SAF017", "a page of the urgent-help topic that does not open with the call to make now"
)

# The phone line's scripts (SPK).
SCRIPT_LENGTH = Rule("SPK001", "a script shorter or longer than 20 to 60 seconds")
DIGITS_IN_SPEECH = Rule("SPK002", "a number written in digits in speech")
SYMBOL_IN_SPEECH = Rule("SPK003", "a symbol a speech engine reads badly", WARN)
ABBREVIATION_IN_SPEECH = Rule("SPK004", "an abbreviation a speech engine reads badly", WARN)

# Plain language (RDG).
READING_LEVEL = Rule("RDG001", "reading age above 11", WARN)
UNEXPLAINED_TERM = Rule("RDG002", "a glossary term on a page without its plain explanation", WARN)

# Sources (SRC).
REVIEW_DUE = Rule("SRC001", "a source document past its next review", WARN)
COPIED_WORDING = Rule("SRC002", "a run of 8 or more words shared with a source document")
NO_FINGERPRINTS = Rule("SRC003", "a source document without fingerprints to check against")
POLICY_UNAPPROVED = Rule("SRC004", "a policy source without an approver or statements")
FACT_WITHOUT_SOURCE = Rule("SRC005", "a page using a fact whose source the topic does not name")
NUMBER_DIFFERS = Rule("SRC006", "the helpline number written differently from service.yaml")

# The phone menus (PHN).
URGENT_NOT_KEY_ONE = Rule("PHN001", "key 1 of the main menu does not lead to urgent symptoms")
TOO_MANY_OPTIONS = Rule("PHN002", "a menu with more than five options")
RESERVED_KEY = Rule("PHN003", "an option on a key that means the same in every menu")
NOT_A_KEY = Rule("PHN004", "an option on something that is not an option key")
KEY_TWICE = Rule("PHN005", "two options on one key")
LABEL_SAYS_FOR = Rule("PHN006", "a label that starts with 'for'")
LABEL_SAYS_PRESS = Rule("PHN007", "a label that says 'press'")
LABEL_LONG = Rule("PHN008", "a label of more than 12 words", WARN)
MENU_UNREACHABLE = Rule("PHN009", "a menu no key leads to")
TOPIC_UNREACHABLE = Rule("PHN010", "a topic no key leads to")

# Answering the question asked (ANS).
UNKNOWN_QUESTION = Rule(
    "ANS001", "a page answering a kind of question questions.yaml does not list"
)
QUESTION_WORDS_COLLIDE = Rule("ANS002", "a page's question words belong to another topic")
QUESTION_UNANSWERED = Rule("ANS003", "a topic leaves a common kind of question unanswered")
NAME_DOES_NOT_FIT = Rule("ANS004", "a reply with a name echoed would go over 2 segments")
HOME_DOES_NOT_ANSWER = Rule(
    "ANS005", "a kind of question's home topic does not exist or has no page answering it"
)
ALARM_PAGE_ABOUT = Rule(
    "ANS006", "an urgent topic's first page lists about words, which pull questions to the alarm"
)
URGENT_BACKDROP = Rule(
    "ANS007", "a backdrop topic with red flags, or unknown, so it would count for less than it must"
)
BAD_WITHIN = Rule(
    "ANS008", "a topic is 'within' a topic that is unknown, urgent, itself, or within another"
)

# Operators' own cases (CAS).
CASE_FAILS = Rule("CAS001", "a must-pass case does not get the answer it must get")
CASE_UNKNOWN_TOPIC = Rule("CAS002", "a must-pass case names a topic that does not exist")

ALL: tuple[Rule, ...] = tuple(value for value in globals().values() if isinstance(value, Rule))
"""Every rule, for listing in reports and the README."""
