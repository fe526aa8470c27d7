"""A message as people write it, split into comparable words that remember their clause.

The same reduction as words.py (case, accents, apostrophes and plurals do not matter), but
each word keeps its place, which clause it sits in and whether a comma came before it, so
that negation, history and the reach of a question can be judged the way a reader would.
Numbers keep their decimals ("38.2"), and text-speak is spelt out ("cnt" is "cant").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from helpline.text.words import plain, stem

MAX_CHARS = 1600
"""Longer messages are read on their first part: no reply could need more (about 10 texts)."""
LONGEST_WORD = 40
"""No word is longer; a longer run of letters is read as its start."""

# A word, a number with its decimals and a unit stuck to it ("38.2c"), or a break.
_PIECE = re.compile(r"[a-z0-9]*\d(?:[.,]\d+)?[a-z]*|[a-z]+|[.!?;:\n]+|,|&|\+")
_NUMBER_WITH_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)([a-z]*)")
_PLUS = re.compile(r"(?:(?<=[a-z])|(?<=her2))\+(?![a-z0-9])")
"""A plus written onto a word is "positive": "ER+", "HER2+"."""
_FRACTURE_SIGN = re.compile(r"(?<![a-z0-9#])#(?=nof\b|[^a-z0-9#]|$)")
"""Clinical shorthand for a fracture: "?#", "# hip", "#NOF"; a hashtag ("#cancer") is not one."""
_QUERY = re.compile(r"(?:^|(?<=[\s(]))\?(?=[a-z#])")
"""A clinical note's "?" written onto a word is "query": "?DVT", "?#"."""
_DASH = re.compile(r"(?:^|(?<=\s))[-\u2013\u2014]+(?=\s|$)")
"""A dash standing alone between words is a pause, as a comma is: "over 38 - it's 38.4"."""
_REPEATS = re.compile(r"(.)\1{2,}")
_DICTATED = re.compile(r"\b(full stop|question mark|exclamation mark|new line|new paragraph)\b")
"""Punctuation said aloud to a phone's dictation and written out as words."""
_DICTATED_MARKS = {
    "full stop": ".",
    "question mark": "?",
    "exclamation mark": "!",
    "new line": "\n",
    "new paragraph": "\n",
}
_IS = re.compile(r"(\w+)['\u2019]s\b(?:(?=\s+([A-Za-z]+)))?")
"""'s is "is" ("temperature's fine") or says whose ("mum's legs"): see tokenize's `owned`."""
NOT_OWNERS = frozenset(
    {"it", "that", "what", "she", "he", "there", "here", "who", "where", "how", "when", "let",
     "this", "which", "everything", "nothing", "something", "anything", "everyone", "one"}
)  # fmt: skip
"""Words whose 's is always "is" or "has" ("she's legs" is never written): never owners."""
_WILL = re.compile(r"(\w)['\u2019]ll\b")
"""'ll is "will", spelt out before apostrophes go: "I'll" is not "ill", nor "she'll" a shell."""
_ARE = re.compile(r"\b([Ww]e)['\u2019]re\b")
"""'re is "are", spelt out before apostrophes go: "while we're away" is not "were", a past."""
CLAUSE_BREAKS = frozenset(".!?;:\n")
SHORT_QUESTION = 3
"""Words in a question short enough to be one half of a question and its answer: "Red? Yes."."""
_NO = frozenset({"no", "nope", "not", "none", "never", "nothing", "nah", "neither", "nor"})
"""Answers that deny: a question answered so keeps its clause, and its denial, to itself."""
SURELY = frozenset({"definitely", "absolutely", "certainly", "honestly", "totally", "really"})
"""Words before a short answer that do not change it: "Fever? Definitely not."."""
_ASKING = frozenset(
    {"is", "are", "do", "does", "can", "could", "should", "will", "would", "what", "how", "why",
     "when", "where", "who", "which", "am", "was", "has", "have"}
)  # fmt: skip
"""A short question opened so ("is that normal?") asks in full; a checklist's ("Fallen? Yes,
this morning") runs on into its answer."""

TEXT_SPEAK: dict[str, tuple[str, ...]] = {
    "u": ("you",), "ur": ("your",), "r": ("are",), "y": ("why",), "n": ("and",),
    "pls": ("please",), "plz": ("please",), "thx": ("thanks",), "cud": ("could",),
    "cnt": ("cant",), "carnt": ("cant",), "cannae": ("cant",), "cant": ("cant",),
    "cudnt": ("couldnt",), "cudnae": ("couldnt",), "wont": ("wont",), "dnt": ("dont",),
    "dont": ("dont",), "didnt": ("didnt",), "aint": ("isnt",), "isnae": ("isnt",),
    "im": ("i", "am"), "ive": ("i", "have"), "id": ("i", "had"),
    "shes": ("she", "is"), "hes": ("he", "is"), "its": ("it", "is"), "thats": ("that", "is"),
    "whats": ("what", "is"), "wats": ("what", "is"), "wots": ("what", "is"), "hows": ("how", "is"),
    "wheres": ("where", "is"), "whos": ("who", "is"), "whens": ("when", "is"),
    "2day": ("today",), "2nite": ("tonight",), "2moro": ("tomorrow",), "tmrw": ("tomorrow",),
    "tmr": ("tomorrow",), "b4": ("before",), "wk": ("week",), "wks": ("weeks",),
    "yr": ("year",), "yrs": ("years",), "hr": ("hour",), "hrs": ("hours",),
    "mins": ("minutes",), "min": ("minute",), "sec": ("second",), "mth": ("month",),
    "mths": ("months",), "wiv": ("with",), "wi": ("with",), "wif": ("with",), "w": ("with",),
    "abt": ("about",), "bout": ("about",), "wat": ("what",), "wot": ("what",), "wen": ("when",),
    "gonna": ("going", "to"), "wanna": ("want", "to"), "gotta": ("got", "to"),
    "dunno": ("dont", "know"),
    "hubby": ("husband",), "mam": ("mum",), "mom": ("mum",), "mammy": ("mum",),
    "da": ("dad",), "pa": ("dad",), "bc": ("because",), "coz": ("because",), "cos": ("because",),
    "cuz": ("because",), "tho": ("though",), "thru": ("through",), "ppl": ("people",),
    "summat": ("something",), "sumthin": ("something",), "nowt": ("nothing",), "owt": ("anything",),
    "temp": ("temperature",), "temps": ("temperature",), "tmp": ("temperature",),
    "legz": ("legs",), "ok": ("ok",),
    "tablet": ("tablet",), "tabs": ("tablets",), "meds": ("medicine",), "chemo": ("chemo",),
    "dr": ("doctor",), "drs": ("doctors",), "gp": ("gp",), "asap": ("now",),
    "bk": ("back",), "bak": ("back",), "nd": ("and",), "rnd": ("round",), "yest": ("yesterday",),
    "tht": ("that",), "nite": ("night",),
    "fone": ("phone",), "jus": ("just",), "outa": ("out", "of"),
    "rong": ("wrong",), "thy": ("thigh",), "fingas": ("fingers",), "proply": ("properly",),
    "tite": ("tight",), "evrything": ("everything",), "bladda": ("bladder",), "nae": ("no",),
    "nee": ("no",), "herd": ("heard",), "rist": ("wrist",),
    "sik": ("sick",), "nuffin": ("nothing",), "nuffink": ("nothing",), "nuthin": ("nothing",),
    "nothin": ("nothing",), "anythin": ("anything",), "sumfin": ("something",),
    "hav": ("have",), "hv": ("have",), "wld": ("would",), "cn": ("can",), "wht": ("what",),
    "hw": ("how",), "whn": ("when",), "kno": ("know",), "knw": ("know",), "becos": ("because",),
    "bcos": ("because",), "becuz": ("because",), "nxt": ("next",), "gud": ("good",),
    "dept": ("department",), "wlk": ("walk",), "wlking": ("walking",), "gav": ("gave",),
    "giv": ("give",), "givs": ("gives",),
    "backache": ("back", "ache"), "backaches": ("back", "aches"), "backpain": ("back", "pain"),
    "shud": ("should",), "shld": ("should",), "wud": ("would",), "cld": ("could",),
    "luv": ("love",), "sum": ("some",), "sumone": ("someone",), "ova": ("over",), "bin": ("been",),
    "every1": ("everyone",), "some1": ("someone",), "sum1": ("someone",), "any1": ("anyone",),
    "no1": ("no", "one"),
    # Scots and Northern English spellings.
    "aboot": ("about",), "dae": ("do",), "dinnae": ("dont",), "didnae": ("didnt",),
    "wisnae": ("wasnt",), "widnae": ("wouldnt",), "wouldnae": ("wouldnt",), "yer": ("your",),
    "whit": ("what",), "ower": ("over",), "gans": ("goes",), "hae": ("have",), "oot": ("out",),
    "doon": ("down",), "jag": ("jab",), "jags": ("jabs",), "lugs": ("ears",),
}  # fmt: skip
"""Text-speak and contractions spelt out; the matcher's words are written the plain way."""
MA_AS_MUM = frozenset({"me", "my", "our", "your", "yer", "his", "her", "their", "the"})
""""Ma" is "my" in Scots ("ma left calf") and "mum" after whose she is ("me ma"). Read as
"my" otherwise: a symptom taken for someone else's could lose its warning; the reverse cannot."""


FEL_AS_FEEL = frozenset({"cant", "can", "cannot", "couldnt", "could", "dont", "didnt", "doesnt",
                         "wont", "not", "to", "still", "barely", "hardly"})  # fmt: skip
""""Fel" is "feel" after a word that takes a verb's plain form ("cant fel my feet") and
"fell" otherwise ("she fel on the stairs")."""
BY_WORD_BEFORE = {"ma": (MA_AS_MUM, "mum", "my"), "fel": (FEL_AS_FEEL, "feel", "fell")}
"""Written words read by the word before them: (after these, read as this, else as that)."""


class Token(NamedTuple):
    """One comparable word of a message, or a number, and where it sits (a named tuple: a
    message is many of them, made afresh for every message read, and a tuple is made fastest)."""

    word: str
    """Lowercase, accent-free, plural dropped: what phrases are compared with."""
    clause: int
    """Clauses end at . ! ? ; : and new lines; words in different clauses never pair up."""
    after_comma: bool = False
    number: float | None = None
    unit: str = ""
    """A unit written straight after a number: "c", "f", "degrees"."""


def tokenize(
    text: str, owned: frozenset[str] = frozenset(), run_ons: bool = True
) -> tuple[Token, ...]:
    """Split a message into tokens, spelling out text-speak and keeping numbers whole.

    An 's before one of the `owned` words (body parts: "mum's legs") says whose they are, and
    is read as people who leave the apostrophe out write it ("mums legs"); any other 's is
    "is". Without the difference, "if my husband's leg swells" read "husband is leg swells",
    as if the swelling were told of now.
    """
    tokens: list[Token] = []
    clause, comma, opened = 0, False, 0

    def contracted(found: re.Match[str]) -> str:
        owner, after = found.group(1), found.group(2)
        if after and after.lower() in owned and owner.lower() not in NOT_OWNERS:
            return f"{owner}s"
        return f"{owner} is"

    written = plain(
        _ARE.sub(r"\1 are", _WILL.sub(r"\1 will", _IS.sub(contracted, text[:MAX_CHARS])))
    )
    if "stop" in written or "mark" in written or "new " in written:
        written = _DICTATED.sub(lambda said: _DICTATED_MARKS[said.group(1)], written)
    if "?" in written:
        written = _QUERY.sub("query ", written)
    if "#" in written:
        written = _FRACTURE_SIGN.sub(" fracture ", written)
    if "-" in written or "\u2013" in written or "\u2014" in written:
        written = _DASH.sub(",", written)
    pieces = _PIECE.findall(_PLUS.sub(" positive", written) if "+" in written else written)
    for number, piece in enumerate(pieces):
        if piece[0] in CLAUSE_BREAKS:
            # "Swelling? Yes, right leg", "Heard anything? A crunch": a short question runs on
            # into its answer, unless the answer is no ("Fallen? No." stays a denial of its own).
            asked = len(tokens) - opened
            ahead = number + 1
            while ahead < len(pieces) and pieces[ahead] in SURELY:
                ahead += 1  # "Fever? Definitely not." is answered no
            after = pieces[ahead] if ahead < len(pieces) else ""
            answered = (
                "?" in piece
                and 0 < asked <= SHORT_QUESTION
                and after.isalnum()
                and after not in _NO
                and tokens[opened].word not in _ASKING
            )
            if not answered:
                clause, opened = clause + 1, len(tokens)
            comma = answered
            continue
        if piece == ",":
            comma = True
            continue
        if piece == "&" or piece == "+":
            piece = "and"
        numeric = _NUMBER_WITH_UNIT.fullmatch(piece)
        if numeric and piece in TEXT_SPEAK:
            numeric = None
        if numeric:
            value = float(numeric.group(1).replace(",", "."))
            tokens.append(Token(numeric.group(1), clause, comma, value, numeric.group(2)))
        else:
            if (read_by := BY_WORD_BEFORE.get(piece)) is not None:
                before, then, otherwise = read_by
                piece = then if tokens and tokens[-1].word in before else otherwise
            # This also keeps the caches of words seen to a bounded size.
            for word in _spelt_out(piece[:LONGEST_WORD]):
                tokens.append(Token(word, clause, comma))
                comma = False
        comma = False
    return _run_ons_parted(tokens) if run_ons else tuple(tokens)


_INVERTING = frozenset(
    {"is", "are", "do", "doe", "did", "can", "could", "should", "will", "would", "am", "was",
     "were", "has", "have"}
)  # fmt: skip
"""Verbs that open a question when they come before their subject ("is it normal"); "doe" is
"does" with its plural cut off, as every token is."""
_SUBJECTS = frozenset({"i", "it", "that", "this", "she", "he", "they", "we", "you", "there"})
"""Subjects a question turns round: "should I", "is it", "does that"."""
_POINTED_AT = {
    "that": frozenset(
        {"mean", "matter", "make", "count", "sound", "help", "happen", "affect", "change",
         "cause", "need", "apply", "include", "work", "stop", "look", "seem", "feel", "be",
         "hurt", "explain", "normal", "ok", "okay", "right", "a", "an", "something", "anything",
         "serious", "true", "common", "usual", "likely", "safe", "worrying", "concerning",
         "expected", "possible", "related", "the", "from", "due", "because", "why", "what",
         "how", "to", "caused", "part", "enough", "good", "bad", "fine", "urgent", "dangerous",
         "one", "it", "my", "her", "his", "worth"}
    ),
    "there": frozenset(
        {"a", "an", "any", "anything", "something", "anyone", "anybody", "much", "some", "more",
         "another", "no", "nothing", "way", "help", "someone", "anywhere", "somewhere",
         "support", "treatment", "still"}
    ),
}  # fmt: skip
"""What follows "that", "this" or "there" when a question asks with it ("is that normal", "is
there anything"), not when it says how much ("the calf is that swollen") or where."""
_POINTED_AT["this"] = _POINTED_AT["that"]
QUESTION_WORDS = frozenset({"what", "how", "why", "when", "where", "which", "who"})
"""Words that open what someone asks ("how many years", "tell me what is")."""
_NOT_ASKING_AFTER = frozenset(
    {"so", "neither", "nor", "than", "as", "if", "whether", "that", "whatever", "wherever",
     "however", "whoever", "then", "only"}
)  # fmt: skip
"""Words after which a turned-round verb asks nothing: "so do I", "than it was", "whatever it
is it hurts"."""
_SUBORDINATING = frozenset(
    {"if", "when", "once", "after", "before", "whenever", "until", "unless", "whether"}
)
"""Words opening a clause whose sentence goes on past it: "if I get breathless at school
should I go to A&E" is one question."""
_FRONTING = frozenset({"for", "with", "about", "regarding", "re", "without", "like"})
"""Words opening a clause with what its question is about: "for cord compression is it
usually an operation"."""
_NOW_NOT_NEW_AFTER = frozenset(
    {"just", "right", "until", "till", "til", "from", "by", "for", "up", "to", "than", "as",
     "even", "only", "but", "and", "so", "since", "is", "am", "are", "was", "were", "be", "been",
     "has", "have", "had", "feel", "feels", "seems", "looks"}
)  # fmt: skip
"""Words before a "now" that keep it in their sentence: "right now", "until now", and being
before it ("she is now fine", "it has now gone")."""
_NOW_SUBJECTS = _SUBJECTS | frozenset({"my", "her", "his", "mum", "dad", "the"})
"""Words after a "now" that open a new statement: "now my leg is swollen"."""
_NOW_OPENING = _NOW_SUBJECTS | frozenset(
    {"ok", "fine", "okay", "better", "all", "good", "well", "back"}
)  # fmt: skip
"""Words after a "now" that opens a new statement or an ending: "now fine"."""
SETTLED = frozenset(
    {"fine", "ok", "okay", "better", "well", "good", "normal", "sorted", "gone", "healed",
     "clear", "over", "great", "home", "mended", "settled", "resolved", "grand", "brilliant",
     "down", "eased", "easing", "improving", "improved", "settling", "easier", "normally"}
)  # fmt: skip
"""Words before a "now" that end their sentence with it: "healed now she's worried"."""


def _run_ons_parted(tokens: list[Token]) -> tuple[Token, ...]:
    """Tokens with a clause break where a new sentence opens without a mark, as in texts
    dictated or typed in one breath: "my calcium was high in march it went back to normal
    does that mean it will come back". A sentence's history, denial or question then reaches
    no further than it would with its full stop."""
    opens = {
        at
        for i in range(1, len(tokens) - 1)
        if tokens[i - 1].clause == tokens[i].clause == tokens[i + 1].clause
        and (at := _question_opens(tokens, i) or _now_opens(tokens, i))
    }
    if not opens:
        return tuple(tokens)
    parted: list[Token] = []
    shift = 0
    for i, token in enumerate(tokens):
        if i in opens and tokens[i - 1].clause == token.clause:
            shift += 1
        parted.append(token._replace(clause=token.clause + shift) if shift else token)
    return tuple(parted)


def _question_opens(tokens: list[Token], i: int) -> int | None:
    """Where a question starts that turns round its verb at `i` ("is it", "how long will
    it") after something already said in the same clause."""
    verb, subject = tokens[i].word, tokens[i + 1].word
    if (
        verb not in _INVERTING
        or subject not in _SUBJECTS
        or tokens[i + 1].after_comma  # "always have, I'm a smoker"
        or tokens[i - 1].word in _SUBJECTS
    ):
        return None
    if subject in _POINTED_AT and (
        i + 2 >= len(tokens) or tokens[i + 2].word not in _POINTED_AT[subject]
    ):
        return None
    start = i
    for j in range(i - 1, max(-1, i - 4), -1):
        if tokens[j].word in _SUBJECTS:
            break  # "when I cough is that normal": the question opens at "is"
        if tokens[j].word in QUESTION_WORDS:
            start = j  # "how many years has I got"
            break
    if start == 0 or tokens[start - 1].clause != tokens[start].clause:
        return None  # it opens its clause already
    if (
        tokens[start - 1].word in _NOT_ASKING_AFTER
        or _in_clause(tokens, start, _SUBORDINATING)
        or tokens[_clause_start(tokens, start)].word in _FRONTING
    ):
        return None
    return start


def _now_opens(tokens: list[Token], i: int) -> int | None:
    """Where a new statement starts around a "now" at `i`: "it was swollen last year now
    it's fine" breaks before the now, "it healed now she's worried" after it."""
    before, after = tokens[i - 1].word, tokens[i + 1].word
    if (
        tokens[i].word != "now"
        or before in _NOW_NOT_NEW_AFTER
        or after not in _NOW_OPENING
        or _asking_before(tokens, i)
    ):
        return None
    if before in SETTLED:
        return i + 1 if after in _NOW_SUBJECTS else None
    return i


def _clause_start(tokens: list[Token], at: int) -> int:
    """The index of the first token in `at`'s clause."""
    first = at
    while first > 0 and tokens[first - 1].clause == tokens[at].clause:
        first -= 1
    return first


def _in_clause(tokens: list[Token], at: int, words: frozenset[str]) -> bool:
    """Whether one of `words` comes before `at` in its clause."""
    return any(tokens[j].word in words for j in range(_clause_start(tokens, at), at))


def _asking_before(tokens: list[Token], at: int) -> bool:
    """Whether the clause holding `at` asks before it ("does that mean I'm more likely to
    break now I've got the mets"): a "now" there is "now that", inside the question."""
    return any(
        tokens[j].word in _INVERTING and tokens[j + 1].word in _SUBJECTS
        for j in range(_clause_start(tokens, at), at - 1)
    )


@lru_cache(maxsize=16384)
def _spelt_out(piece: str) -> tuple[str, ...]:
    """The comparable words one written word stands for: text-speak spelt out, letters held
    down ("soooo") cut to two, plurals dropped."""
    return tuple(
        stem(_REPEATS.sub(r"\1\1", word))
        for word in TEXT_SPEAK.get(_REPEATS.sub(r"\1\1", piece), (piece,))
    )
