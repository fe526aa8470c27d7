"""Who a message speaks of: the one with cancer, and whose each sign is.

People write about more than one person at once: "Mum has bone mets. My little boy fell off
the trampoline and his wrist is swollen." The line is for the one with cancer; a sign that
belongs to somebody else, by name, by role or by a pronoun that can only point to them, is
not that person's emergency. This module reads who is mentioned where: a mention is the
writer ("I", "my legs"), a person by role ("my neighbour", "her husband") or a pronoun
pointing back to one of them.

It claims a sign for someone else only when nobody could take it for the patient's: a pronoun
that could point to the patient is the patient's; two people of the same role seen from
different sides ("my husband" and, in a child's words, "dad") may be one; a sign with no
person in its sentence is the patient's. Missing a warning costs more than giving one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from helpline.understanding.patterns import class_words, single_words, words_of
from helpline.understanding.tokens import Token

CLASSES = ("men", "women", "kin", "acquaintance", "young", "writer")
"""The lexicon classes this module reads; `check` reports any that is missing."""
WRITER = "writer"
"""The key of the one who writes."""
UNKNOWN = "?"
"""The key of someone who may be anyone: "they", or a pronoun with two possible people."""
CANCER_REACH = 8
"""Words before a mention of cancer within which the person it is said of stands: "my mum,
who has had secondary breast cancer", "Dad is the one with the mets"."""
AFTER_CANCER = 4
"""Words after a mention of cancer that opens its sentence within which the writer may say it
is theirs: "Secondary breast cancer in my hips", "Bone mets here"."""
WITH_REACH = 10
"""Words before "with" and a word of cancer within which the writer may be the one it is said
of: "are my ribs more likely to break with bone mets"."""
LABEL_WORDS = 2
"""A sentence this short that is only a person ("Hubby:", "My sister:") names whom the next
sentence tells of."""

_SAME = {
    "mother": "mum", "mummy": "mum", "mam": "mum", "ma": "mum", "mom": "mum",
    "father": "dad", "daddy": "dad", "papa": "dad",
    "nan": "gran", "nana": "gran", "nanna": "gran", "granny": "gran", "grandma": "gran",
    "grandmother": "gran", "grandpa": "grandad", "granda": "grandad", "grandfather": "grandad",
    "bf": "boyfriend", "gf": "girlfriend", "kid": "child", "toddler": "child", "baby": "child",
    "year": "child", "month": "child",
}  # fmt: skip
"""Words that name the same person seen from the same side."""
_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_THEY = frozenset({"they", "them", "their", "theirs", "themselves"})
_OWNING_PRONOUNS = frozenset({"my", "his", "her", "their", "our", "your"})
"""Words that, straight before a person, say only whose that person is ("her husband")."""
_NOT_PEOPLE = frozenset({"patient", "pt", "carer", "one"})
"""Person words that say what someone is, not who: "I'm the patient", "I'm his carer"."""
_MINE = frozenset({"my", "our"})
_AGES = frozenset({"year", "month"})
"""Words that name a child only before "old": "my 2 yr old"."""
_QUOTING = frozenset(
    words_of("says said say tells told texted wrote messaged asked fwd forwarded quote quoting")
)
"""After a person, words that make them the one who tells of cancer, not the one who has it
("my husband says the chemo...")."""
_WATCHING = frozenset(
    words_of(
        "says said say tells told thinks think thought reckons reckon noticed notices found "
        "finds saw seen spotted asked asks worried worries wonders heard rang phoned called"
    )
)
"""After a person, words that make them the one who tells or sees a sign, not its owner."""
_CARING = frozenset(
    words_of(
        "look looking care caring pop popped visit visiting nurse nursing help helping "
        "ring rang call called phone phoned"
    )
)
"""After the writer, words that make them the one who looks after or calls for the one with
cancer: "the lady I look after has bone mets", "I rang the chemo ward"."""
_SERVICES = frozenset(
    words_of("ward line unit nurse nurses team clinic department helpline suite centre day hotline")
)
"""After a word of cancer, words that make it a place or a team rather than someone's illness."""
_TURNING = frozenset(words_of("but however although though whereas yet"))
"""Words that turn to another subject: a person before them is not whose a sign after is."""
_ONTO = frozenset(words_of("on onto into at over against"))
"""Ending an action, before the person it was done to ("jumped on her")."""
_LINKING = frozenset(
    words_of(
        "has have had got gotten with is am are was were on who the one a an diagnosed living "
        "lives been also too both now still recently just newly stage iv her his my our their "
        "breast bone own currently suffering suffers battling fighting having that in of and "
        "due started starting finished finishing last next first latest getting get gets "
        "receiving undergoing under mid during us"
    )
)
"""Words that may stand between a person and a word of cancer said of them: "my mum, who has
had secondary breast cancer", "I'm on chemo", "who lives with us and has"; any other word
("talking to teens about secondary breast cancer") says it is only talked about."""
_SPOUSES = frozenset(words_of("partner spouse husband wife boyfriend girlfriend fiance fiancee"))
"""Roles one person may be called by the same writer."""
_COMPARING = frozenset(words_of("like as than way same"))
"""Before a person, words that set a sign against theirs: "my leg's gone the way his did"."""


@dataclass(frozen=True, slots=True)
class Person:
    """One person as a message names them."""

    key: str
    """What they are called ("mum", "neighbour"), the same for the same role."""
    gender: str = ""
    """"m", "f" or "" when the words do not say."""
    young: bool = False
    """A son, daughter, grandchild or child: never the adult with cancer beside them."""
    mine: bool = False
    """Named as the writer's own ("my sister"): seen from the writer's side."""
    acquaintance: bool = False
    """A neighbour, a friend, a colleague: nobody a child would call by a family name."""


@dataclass(frozen=True, slots=True)
class Cast:
    """Everyone a message mentions, where, and which of them has the cancer."""

    mentions: Mapping[int, Person]
    patients: tuple[Person, ...]

    def owner(self, tokens: Sequence[Token], start: int, end: int) -> Person | None:
        """The nearest person before a sign's last word in its sentence, as whose it is; a
        short sentence naming one person before it ("Hubby: 37.9") when it names nobody."""
        clause = tokens[start].clause
        # "The grandson jumped on her": what is done to someone is theirs.
        if end in self.mentions and tokens[end - 1].word in _ONTO and tokens[end].clause == clause:
            return self.mentions[end]
        for i in range(end - 1, -1, -1):
            if tokens[i].clause != clause or (i < start and tokens[i].word in _TURNING):
                break  # "the baby's better, but now Sheila has a temp": not the baby's
            if i in self.mentions and not _telling(tokens, i, _WATCHING):
                if i and tokens[i - 1].word in _COMPARING:
                    continue
                return self.mentions[i]
        return _label(tokens, start, self.mentions)

    def someone_elses(self, tokens: Sequence[Token], start: int, end: int) -> bool:
        """Whether a sign belongs to someone who cannot be any person said to have cancer."""
        if not self.patients:
            return False
        owner = self.owner(tokens, start, end)
        if owner is None or owner.key == WRITER:
            return False
        return all(_different(owner, patient) for patient in self.patients)


NOBODY = Cast({}, ())
"""The cast of a message that says nobody has cancer."""


def _different(one: Person, other: Person) -> bool:
    """Whether the owner of a sign (`one`) cannot be a person said to have cancer (`other`)."""
    if UNKNOWN in (one.key, other.key) or one.key == other.key:
        return False
    if one.key.startswith("?"):
        # A "she" nobody was named for may be anyone: the writer telling of herself ("a chemo
        # patient (me, Anne): she's been shivering"), or a "he" mixed up by dictation or by a
        # writer whose first language has one word for both ("he is so thirsty, she had
        # radiotherapy"). Someone named by their role is who they are said to be.
        return False
    if WRITER in (one.key, other.key):
        return True
    if one.gender and other.gender and one.gender != other.gender:
        return True
    if one.young and not other.young:
        return True  # "my little boy" is not the mum with cancer
    if one.acquaintance or other.acquaintance:
        return True
    if one.key in _SPOUSES and other.key in _SPOUSES:
        return False  # "my partner" may be "my wife"
    # "My sister" is never "my mum"; but "dad" in a child's words may be "my husband".
    return one.mine and other.mine


class People:
    """The words that say who someone is, compiled once per catalog."""

    def __init__(self, lexicon: Mapping[str, Sequence[str]], body: frozenset[str]) -> None:
        self.men = class_words(lexicon, "men")
        self.women = class_words(lexicon, "women")
        self.acquaintances = class_words(lexicon, "acquaintance")
        self.young = single_words(lexicon, ("young",)) | _AGES
        self.writer = class_words(lexicon, "writer")
        self.roles = (
            self.men | self.women | class_words(lexicon, "kin") | self.acquaintances | self.young
        ) - _NOT_PEOPLE
        self.body = body
        """Parts of the body: "her" before one of them says whose it is."""

    def cast(
        self,
        tokens: Sequence[Token],
        cancer: Collection[frozenset[int]],
        absent: frozenset[int],
    ) -> Cast:
        """Read who is mentioned where, and whom cancer is said of."""
        mentions: dict[int, Person] = {}
        for i, token in enumerate(tokens):
            word = token.word
            after = tokens[i + 1].word if i + 1 < len(tokens) else ""
            owning = after in self.roles or after in _NOT_PEOPLE
            if word in self.roles and (word not in _AGES or after == "old"):
                if after in self.roles:
                    continue  # "my sister's husband": the sister only says whose he is
                person = Person(WRITER) if _said_to_be(tokens, i) else self._role(tokens, i)
            elif word in self.writer:
                if word == "my" and owning:
                    continue
                person = Person(WRITER)
            elif word in _HE or word in _SHE:
                if word in _OWNING_PRONOUNS and owning:
                    continue  # "her husband", "his carer"
                person = self._pointed_to(tokens, i, "m" if word in _HE else "f", mentions)
            elif word in _THEY:
                if owning:
                    continue
                person = Person(UNKNOWN)
            else:
                continue
            mentions[i] = person
        patients = {
            patient.key + patient.gender: patient
            for span in cancer
            if not span <= absent and not _a_service(tokens, span)
            if (patient := self._said_of(tokens, span, mentions)) is not None
        }
        return Cast(mentions, tuple(patients.values()))

    def _role(self, tokens: Sequence[Token], i: int) -> Person:
        """A person named by their role, with what the words around it say of them."""
        word = tokens[i].word
        key = _SAME.get(word, word)
        if [t.word for t in tokens[i + 1 : i + 3]] == ["in", "law"]:
            key += " in law"
        gender = "m" if word in self.men else "f" if word in self.women else ""
        # "My little boy", "our elderly neighbour": whose they are, a few words before.
        whose = next(
            (
                tokens[j].word
                for j in range(i - 1, max(-1, i - 4), -1)
                if tokens[j].clause == tokens[i].clause and tokens[j].word in _OWNING_PRONOUNS
            ),
            "",
        )
        return Person(
            key,
            gender,
            young=word in self.young,
            mine=whose in _MINE,
            acquaintance=word in self.acquaintances,
        )

    def _pointed_to(
        self, tokens: Sequence[Token], i: int, gender: str, mentions: Mapping[int, Person]
    ) -> Person:
        """Whom "he", "she", "his" or "her" points back to, when only one person can be meant:
        the person named straight before it ("my daughter (she's 6)"); for "his" or "her" before a
        part of the body, the one person its sentence tells of ("Joan couldn't control her
        bladder"); else the one person of the message it can be. Someone of that gender nobody
        named is unknown by name; two people it could be make it anyone."""
        clause = tokens[i].clause
        earlier = [j for j in sorted(mentions, reverse=True) if j < i]
        fits = [
            j for j in earlier if mentions[j].key != WRITER and mentions[j].gender in ("", gender)
        ]
        just = i - 1
        if just in fits and tokens[just].clause == clause and mentions[just].key[0] != "?":
            return _as(mentions[just], gender)
        owning = i + 1 < len(tokens) and tokens[i + 1].word in self.body
        if owning:
            here = [j for j in fits if tokens[j].clause == clause]
            # "My sister helped her up and her hip hurts": a "her" done to someone in between
            # may be somebody else.
            done_to = any(
                tokens[j].word in (_HE | _SHE)
                and not (j + 1 < len(tokens) and tokens[j + 1].word in self.body)
                for j in here
            )
            keys = {mentions[j].key for j in here}
            if len(keys) == 1 and not done_to and not _telling(tokens, here[0], _WATCHING):
                return _as(mentions[here[0]], gender)
        keys = {mentions[j].key for j in fits}
        if len(keys) == 1:
            return _as(mentions[fits[0]], gender)
        return Person(f"?{gender}", gender) if not keys else Person(UNKNOWN)

    def _said_of(
        self, tokens: Sequence[Token], span: frozenset[int], mentions: Mapping[int, Person]
    ) -> Person | None:
        """Whom a mention of cancer is said of: the nearest person before it in its sentence
        ("Mum has bone mets", "my wife, who has"), else the writer when its sentence names
        them after it ("Secondary breast cancer in my hips", "Bone mets here"), or a short
        sentence before it names one ("Me: living with bone mets"); nobody when it is only
        talked about ("support for teens about secondary breast cancer")."""
        start = min(span)
        clause = tokens[start].clause
        opens = True
        for i in range(start - 1, max(-1, start - 1 - CANCER_REACH), -1):
            if tokens[i].clause != clause:
                break
            if i in mentions and not _telling(tokens, i, _QUOTING | _CARING):
                return mentions[i]
            # "My husband finally understands what the denosumab is for" says nothing of who
            # has it; "my wife Janet, who has had secondary" does (a name may follow a role).
            by_name = (
                i > 0
                and i - 1 in mentions
                and mentions[i - 1].key not in (WRITER, UNKNOWN)
                and tokens[i + 1].word in _LINKING
            )
            if tokens[i].word not in _LINKING and tokens[i].number is None and not by_name:
                opens = False
                break
        if not opens:
            return self._carried_by(tokens, start, mentions)
        rest = [
            i
            for i in range(max(span) + 1, min(len(tokens), max(span) + 1 + AFTER_CANCER))
            if tokens[i].clause == clause
        ]
        named = [mentions[i] for i in rest if i in mentions]
        if named and named[0].key == WRITER:
            return named[0]
        if not named and any(tokens[i].word == "here" for i in rest):
            return Person(WRITER)
        label = _label(tokens, start, mentions)
        return label if label is not None and not named else None

    def _carried_by(
        self, tokens: Sequence[Token], start: int, mentions: Mapping[int, Person]
    ) -> Person | None:
        """The writer, when a word of cancer follows "with" in a sentence about their own body
        ("are my ribs more likely to break with bone mets", "what if mine broke with the
        mets"): they are the one who has it."""
        clause = tokens[start].clause
        at = start - 1
        while at >= 0 and tokens[at].word in _LINKING and tokens[at].word != "with":
            at -= 1  # "with bone mets", "with the secondaries"
        if at < 0 or tokens[at].word != "with" or tokens[at].clause != clause:
            return None
        for i in range(at - 1, max(-1, at - 1 - WITH_REACH), -1):
            if tokens[i].clause != clause:
                return None
            if i in mentions:
                # "should I worry with bone mets" may be a carer's: only the writer's own
                # body ("my ribs", "mine") carries it.
                owns = tokens[i].word == "mine" or (
                    tokens[i].word == "my" and i + 1 < at and tokens[i + 1].word in self.body
                )
                return mentions[i] if mentions[i].key == WRITER and owns else None
        return None


def _as(person: Person, gender: str) -> Person:
    """A person pointed back to, with the gender the pronoun gives them."""
    return Person(
        person.key, person.gender or gender, person.young, person.mine, person.acquaintance
    )


def _label(tokens: Sequence[Token], start: int, mentions: Mapping[int, Person]) -> Person | None:
    """The person a short sentence before `start`'s names, as whom the next tells of: "Hubby:
    man flu", "Me: living with bone mets"."""
    clause = tokens[start].clause
    label = [i for i in range(start) if tokens[i].clause == clause - 1]
    if label and len(label) <= LABEL_WORDS and label[-1] in mentions:
        return mentions[label[-1]]
    return None


def _said_to_be(tokens: Sequence[Token], i: int) -> bool:
    """Whether a role is said of the writer: "I'm his wife", "I am the daughter"."""
    before = [t.word for t in tokens[max(0, i - 4) : i]]
    while before and before[-1] in _OWNING_PRONOUNS | {"the", "a", "an", "only", "eldest"}:
        before.pop()
    return before[-2:] == ["i", "am"]


def _a_service(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether a word of cancer names a place or team ("the chemo ward", "the oncology
    line"), which says nothing of who has it."""
    after = max(span) + 1
    return after < len(tokens) and tokens[after].word in _SERVICES


def _telling(tokens: Sequence[Token], i: int, speaking: frozenset[str]) -> bool:
    """Whether the person at `i` only tells what follows ("my GP says")."""
    return i + 1 < len(tokens) and tokens[i + 1].word in speaking
