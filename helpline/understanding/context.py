"""Is a symptom really there now? Negation, history, hypotheticals and other senses of a word.

This follows the idea of ConText (Harkema, Chapman and others, used by medspaCy): trigger
words open a scope, the scope runs a few words in one direction and stops at a termination
("but", a comma for negation, the end of the sentence), and pseudo-triggers ("not sure",
"no better") look like triggers but are not. The triggers are word classes in the content's
lexicon.yaml, so operators can extend them; this module is the algorithm.

Two rules keep it safe, because missing an urgent symptom costs more than a needless warning:
- the words of a match are never triggers for it, so "can't walk" and "not able to pass
  urine" stay symptoms, and a negation reaches only a few words and never past a comma or "and";
- history and hypotheticals give way whenever the same clause also says it is happening now
  to someone ("still", "today", "my legs are").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from helpline.understanding.patterns import (
    Hit,
    PhraseIndex,
    Places,
    class_words,
    compile_phrase,
    single_words,
    word_before,
    words_of,
)
from helpline.understanding.people import NOBODY, WRITER, Cast, People
from helpline.understanding.tokens import QUESTION_WORDS, SETTLED, SURELY, Token

NEGATION_REACH = 5
"""Words a negation reaches forward: "no fever or shivers today" but not a new thought."""
LISTED_REACH = 10
"""Words a negation reaches forward through a list of one problem's signs joined by "or"."""
AFTER_REACH = 3
"""Words a trailing negation reaches back: "numbness, none"."""
EXCEPTED_REACH = 3
"""Words an "apart from" reaches forward to the sign it leaves out: "apart from my swollen
calf I feel fine"."""
SHORT_CLAUSE = 3
"""A clause this short ("Fever?") can be answered by the next ("None.")."""
FIRST_YEAR = 1950
"""Numbers from this year to last year are years gone by: history."""
CLAIM_WORDS = 6
"""Words at the start of the next clause that can claim a symptom asked about: "mine does"."""
DENIAL_OPENING = 2
"""Words at the start of the next clause within which a denial opens it: "I have not got any"."""
ATTRIBUTING_REACH = 4
"""Words after a sign in which the words that give its cause are looked for ("be down to")."""
CAUSE_REACH = 5
"""Words after a sign in which an everyday cause may be told ("... in my foot from sitting")."""
OBSERVER_REACH = 8
"""Words before a sign in which someone's noticing or thinking it ("thought I was") is told."""
NORMAL_BODY_C = (35.5, 37.4)
"""A body temperature that tells of no fever, as read in "took it, 36.8"."""
ASSESSED_AFTER_REACH = 12
"""Words after a sign within which a professional's judgement of it may start."""
NOT_PERSON_REACH = 5
"""Words before a symptom in which a thing ("the radiator is hot") or what a leaflet or a vet
says makes it no one's."""
BODY_CLASSES = ("leg", "arm", "back", "trunk", "bottom", "chest")
"""Lexicon classes of body parts, which only people and animals have."""
SUBJECT_REACH = 14
"""Words before a symptom in which "the dog" or "the apples", as what the clause speaks of,
make it theirs."""
STORY_REACH = 16
"""Words back from a sign to the stranger and the story it may be told of."""
RISK_REACH = 3
"""Words from "likely to" or "the chance of" to the symptom it asks the risk of."""
RISK_LIST_REACH = 8
"""The same, for a symptom that follows another in a list joined by "or", with no comma."""
NAME_ALONE = 4
"""A message this short that names an urgent problem ("clot in leg?") is a worry, said of now."""
NAME_PLACE_REACH = 3
"""Words after a name in which "in my leg" says where someone has it."""
HAVING_REACH = 6
"""Words before a name in which "mum has" or "I think I've got" says someone has it."""
ANSWER_WORDS = 3
"""A next clause this short, and all denial, answers a short question: "Fallen? No."."""
MENTION_REACH = 3
"""Words between "a leaflet about" or "in case of" and the symptom it makes a subject."""
WHOSE_REACH = 3
"""Words before a word of cancer in which "my" or "I'm on" says whose it is."""
ANSWER_REACH = 4
"""Words after a denial of cancer in which "I have" or "my wife does" says whose it is."""
CLASSES = (
    "negation",
    "negation_after",
    "pseudo",
    "history",
    "history_after",
    "current",
    "state",
    "being",
    "hypothetical",
    "hypothetical_after",
    "future",
    "person",
    "not_person",
    "thing",
    "creature",
    "returned",
    "other_sense",
    "new_question",
    "termination",
    "condition_name",
    "having",
    "pointer",
    "suspicion",
    "place",
    "past",
    "resolved",
    "instruction",
    "well_person",
    "writer",
    "others",
    "young",
    "pastime",
    "injury",
    "cancer",
    "causing",
    "preventing",
    "risk",
    "mention",
    "temperature",
    "excepting",
    "telling_question",
    "everyday_cause",
    "assessor",
    "assessed",
    "tested",
    "observer",
    "explained",
    "story",
    "stranger",
    "unknowing",
    "symptom_free",
    "in_care",
)
"""The lexicon classes this module reads; `check` reports any that is missing."""
PSEUDO_UNDOES = (
    "negation",
    "negation_after",
    "history",
    "history_after",
    "hypothetical",
    "not_person",
    "thing",
    "creature",
    "current",
    "other_sense",
    "resolved",
)
"""Triggers undone inside a pseudo-trigger: "now that" tells no news of now."""
_NO_WORDS: frozenset[int] = frozenset()
"""Built once: `frozenset[int]()` makes a generic alias on every call, a microsecond each."""
NOW = "now"
"""Words of the current class that are not part of a history: what says it is happening now."""
TURNING = frozenset({"now"})
"""Words of now that may end a phrase saying something is over or open the next sentence."""
WHICH = frozenset({"what", "which"})
"""Question words that, straight before a temperature word, ask which one counts."""
ACTING = "acting"
"""Person words just before seeking help ("should I call"): who would call, not who is ill."""
POSSESSIVE = "possessive"
"""Person words just before a thing or animal, saying only whose it is: "our tree"."""
FEVERISH = "feverish"
"""Words of a fever: the clinical policy has a fever during treatment called in even once it
has settled, so no ending after "but" closes it."""
FEVERISH_CLASSES = frozenset({"fever", "temperature", "shivers"})
"""The lexicon's classes of a fever's words."""
_OWNED_BESIDES = ("bladder", "bowel", "nose", "lip", "temperature")
"""Lexicon classes of what, besides the body's parts, "her" or "his" says is someone's: "her
bladder", "his temperature"."""


class Assertion(StrEnum):
    """What a message says about a symptom it names."""

    PRESENT = "present"
    NEGATED = "negated"
    PAST = "past"
    HYPOTHETICAL = "hypothetical"
    OTHER = "other"
    """Another sense of the word, or someone who is not a person: "the dog has a temperature"."""


@dataclass(frozen=True, slots=True)
class Triggers:
    """Where each kind of trigger stands in one message."""

    spans: Mapping[str, tuple[frozenset[int], ...]]
    words: Mapping[str, frozenset[int]]
    clauses: Mapping[int, frozenset[int]]
    """The words of each clause, by its number."""
    cast: Cast
    """Who the message mentions, and which of them has cancer."""

    def clause(self, number: int) -> frozenset[int]:
        """The positions of the words in one clause (none for a clause past the end)."""
        return self.clauses.get(number, frozenset())

    def before(self, kind: str, start: int, reach: int) -> list[frozenset[int]]:
        """Trigger spans of a kind ending within `reach` words before `start`."""
        return [s for s in self.spans[kind] if start - reach <= max(s) < start]

    def after(self, kind: str, end: int, reach: int) -> list[frozenset[int]]:
        """Trigger spans of a kind starting at `end` (the word after a hit) or within `reach`
        words of it."""
        return [s for s in self.spans[kind] if end <= min(s) <= end + reach]


class Context:
    """The trigger classes compiled once per catalog."""

    def __init__(self, lexicon: Mapping[str, Sequence[str]], this_year: int | None = None) -> None:
        self.this_year = this_year or date.today().year
        self.owners = class_words(lexicon, "owner") | class_words(lexicon, "person")
        self.subject_before = class_words(lexicon, "subject_before")
        self.body = frozenset().union(*(class_words(lexicon, kind) for kind in BODY_CLASSES))
        self.body_parts = single_words(lexicon, BODY_CLASSES)
        """Parts of the body named in one word, which "it" may stand for; the words of longer
        names ("the back of my leg") are no part themselves."""
        self.parts = self.body | class_words(lexicon, "bone") | class_words(lexicon, "rib")
        """Words of the body and its bones: what "has gone" of these is a sign, not an end."""
        self.writer = class_words(lexicon, "writer")
        self.perceived = class_words(lexicon, "perceived")
        self.acting = class_words(lexicon, "acting")
        self.feverish = single_words(lexicon, FEVERISH_CLASSES)
        self.people = People(lexicon, self.parts | single_words(lexicon, _OWNED_BESIDES))
        self.phrases = PhraseIndex(
            [
                compile_phrase(text, kind, lexicon, exact=True)
                for kind in CLASSES
                for text in lexicon.get(kind, ())
            ]
        )

    def _new_thing(
        self, tokens: Sequence[Token], span: frozenset[int], signs: frozenset[int]
    ) -> bool:
        """Whether "new" describes a thing that is no sign ("nervous about clots on my new
        meds"), rather than a sign or a part of the body ("a new pain", "new swelling")."""
        if len(span) != 1 or tokens[min(span)].word not in _NEW:
            return False
        after = min(span) + 1
        return (
            after < len(tokens)
            and after not in signs
            and tokens[after].word not in self.body
            and tokens[after].clause == tokens[min(span)].clause
        )

    def _year_gone_by(self, token: Token) -> bool:
        """Whether a number is a year before this one ("in 2020", "since 2019")."""
        year = token.number
        return year is not None and year == int(year) and FIRST_YEAR <= year < self.this_year

    def triggers(self, places: Places, signs: frozenset[int] = frozenset()) -> Triggers:
        """Find every trigger in a message once, leaving out those inside a pseudo-trigger;
        `signs` are the positions of red flags' words, which a list of how someone is names."""
        found: dict[str, list[frozenset[int]]] = {kind: [] for kind in CLASSES}
        for phrase in self.phrases.candidates(places):
            found[phrase.owner] += places.every(phrase)
        spans: dict[str, tuple[frozenset[int], ...]] = {k: tuple(v) for k, v in found.items()}
        tokens = places.tokens
        # A year gone by is history ("broke my hip in 2020"); a question word opening a clause
        # asks rather than tells ("does zometa cause fever?").
        spans["history"] += tuple(
            frozenset({i}) for i, t in enumerate(tokens) if self._year_gone_by(t)
        )
        # "Numb feet from chemo since 2019": a sign had ever since a year gone by is old; its
        # "since" is no word of now.
        spans["history_after"] += tuple(
            frozenset({i, i + 1})
            for i, t in enumerate(tokens[:-1])
            if t.word == "since" and self._year_gone_by(tokens[i + 1])
        )
        # "When I was 12": an age gone by is history too.
        spans["history"] += tuple(
            frozenset(range(i, i + 4))
            for i in range(len(tokens) - 3)
            if tokens[i].word == "when"
            and tokens[i + 1].word in _PRONOUNS
            and tokens[i + 2].word in _WAS
            and (age := tokens[i + 3].number) is not None
            and age == int(age)
            and tokens[i].clause == tokens[i + 3].clause
        )
        # A "since" ending its clause means ever since: not a word of now by itself ("it's
        # been fine since" tells of nothing now), nor of the past ("it's been swollen and
        # painful since" still is); "since then she's had a sharp pain" stays now.
        ending = frozenset(
            i
            for i, t in enumerate(tokens)
            if t.word == "since"
            and (
                i + 1 == len(tokens)
                or tokens[i + 1].clause != t.clause
                or tokens[i + 1].after_comma
            )
        )
        # "Thought it was indigestion from the curry but it hasn't eased": an ending or an
        # everyday cause only believed, and taken back by a "but", tells nothing.
        for kind in ("resolved", "everyday_cause"):
            spans[kind] = tuple(s for s in spans[kind] if not _believed(tokens, s))
        # "Swell every evening": a time that comes round again is no word of now.
        spans["current"] = tuple(
            s
            for s in spans["current"]
            if not s <= ending
            and not (min(s) and tokens[min(s) - 1].word in _EVERY)
            and not _settled_now(tokens, s)
            and not self._new_thing(tokens, s, signs)
            and not _kept_thing(tokens, s)
        )
        spans["state"] = tuple(s for s in spans["state"] if not _kept_thing(tokens, s))
        # "How would you tell it apart from ordinary back pain?": what is told apart is still
        # what is asked about; no new clause begins.
        for kind in ("termination", "excepting"):
            spans[kind] = tuple(s for s in spans[kind] if not _told_apart(tokens, s))
        spans["asking"] = tuple(
            s
            for s in spans["new_question"]
            if (_opens(tokens, min(s)) and not _listing(tokens, min(s), signs))
            or _asks_after_joining(tokens, min(s), signs)
        )
        pseudo = _NO_WORDS.union(*spans["pseudo"])
        if pseudo:
            for kind in PSEUDO_UNDOES:
                spans[kind] = tuple(s for s in spans[kind] if not s & pseudo)
        # "It's come back in the same place": "back in" after a coming is a return, not a
        # time gone by ("back in March"); "worse than my usual ache", "nothing like the usual
        # pain": what is set against the old is not the old.
        spans["history"] = tuple(
            s
            for s in spans["history"]
            if not (
                min(s)
                and (
                    tokens[min(s) - 1].word in _COMPARED
                    or (tokens[min(s)].word == "back" and tokens[min(s) - 1].word in _RETURNING)
                )
            )
        )
        # "The numbness has gone": a sign said to have gone, at the end of all that is said of
        # it, is over. A part of the body that "has gone" ("a rib has gone", "her legs have
        # gone") is itself a sign, and so is whatever ends in one ("the tingling in my feet
        # has gone" warns: it cannot be told from "her legs have gone").
        spans["history_after"] += tuple(
            frozenset({i - 1, i})
            for i, t in enumerate(tokens)
            if t.word == "gone"
            and i > 1
            and i not in signs
            and tokens[i - 1].word in _HAVING_GONE
            and tokens[i - 2].word not in self.parts
            and (
                i + 1 == len(tokens)
                or tokens[i + 1].clause != t.clause
                or tokens[i + 1].after_comma
                or tokens[i + 1].word in _AFTER_GONE
            )
            and any(j in signs and tokens[j].clause == t.clause for j in range(i - 1))
        )
        # Words that end a symptom ("went away") are history for what came before them only.
        spans["history"] += spans["history_after"]
        # "The antibiotics haven't sorted it out", "it hasn't gone away": an ending denied is
        # no ending, and the symptom is still there.
        stops = _NO_WORDS.union(*spans["termination"])
        for kind in ("history", "history_after", "resolved"):
            spans[kind] = tuple(
                s
                for s in spans[kind]
                if not _denied_ending(tokens, s) and not _another_time(tokens, s, stops)
            )
        # "The same as always" tells of history; it does not compare two things.
        for kind in ("hypothetical", "hypothetical_after"):
            spans[kind] = tuple(s for s in spans[kind] if not any(s < h for h in spans["history"]))
        words = {kind: _NO_WORDS.union(*found) for kind, found in spans.items()}
        # A word of now that is not part of a history ("fine now", "ever since") is now.
        # "It is back" inside "it's back to normal" is no return: a span of now that shares a
        # word with a history is left out whole.
        # So is "keep" inside "keep an eye out for": a word of a longer phrase that asks.
        asking = _NO_WORDS.union(*(span for span in spans["hypothetical"] if len(span) > 1))
        words["state"] -= asking
        words["current"] -= asking
        words[NOW] = _NO_WORDS.union(
            *(span for span in spans["current"] if not span & (words["history"] | asking))
        )
        # Person words that only say whose a thing or animal is ("the apples on our tree").
        words[POSSESSIVE] = frozenset(
            min(span) - 1
            for kind in ("not_person", "thing", "creature")
            for span in spans[kind]
            if min(span) > 0 and tokens[min(span) - 1].word in self.owners
        )
        words[ACTING] = _acting(tokens, words["person"], self.acting)
        words[FEVERISH] = frozenset(i for i, t in enumerate(tokens) if t.word in self.feverish)
        clauses: dict[int, set[int]] = {}
        for i, token in enumerate(tokens):
            clauses.setdefault(token.clause, set()).add(i)
        # Nobody said to have cancer: no sign can be told apart as somebody else's.
        cast = (
            self.people.cast(tokens, spans["cancer"], words["well_person"])
            if spans["cancer"]
            else NOBODY
        )
        return Triggers(spans, words, {n: frozenset(p) for n, p in clauses.items()}, cast)

    def judge(
        self,
        hit: Hit,
        tokens: Sequence[Token],
        triggers: Triggers,
        protected: frozenset[int],
        *,
        symptom: bool = True,
        reading: bool = False,
        signs: Mapping[int, frozenset[str]] | None = None,
    ) -> Assertion:
        """What the message says about one matched part: there now, denied, past, or else.
        Other senses of a word ("the phone line", "sick of") undo symptoms; they undo a topic's
        words only when the idiom is longer than them."""
        own = hit.positions
        clause = triggers.clause(hit.clause)
        # A topic's own name may be listed as another sense for symptoms ("helpline" is not
        # a line); only a longer idiom around it ("a bit of a clot") undoes it as a topic.
        # A sign's own longer words win over a sense inside them: "fell asleep twice during
        # the news" is drowsiness, though "fell asleep" alone is no fall.
        senses = [s for s in triggers.spans["other_sense"] if s & own and not s < own]
        if any(symptom or not s <= own for s in senses):
            return Assertion.OTHER
        # A body's temperature read on a thermometer is never put down to the heating or the
        # weather: "temp 38.4 because of the heating" is a fever all the same.
        if symptom and (
            (not reading and _explained(hit, tokens, triggers))
            or _assessed(hit, tokens, triggers)
            or _assessed_after(hit, tokens, triggers, self.body, protected)
            or _observed_then_explained(hit, tokens, triggers)
        ):
            return Assertion.OTHER
        if self._in_a_story(hit, tokens, triggers):
            # "A woman on Casualty coughed up blood from a clot": nobody's now, but what the
            # story shows is what the person is asking about.
            return Assertion.HYPOTHETICAL
        if (
            self._someone_else(hit, tokens, triggers, reading=reading, symptom=symptom)
            or _said_to_be_well(hit, tokens, triggers)
            or _not_the_patients(hit, tokens, triggers)
            or (symptom and _in_a_treatments_name(hit, tokens, triggers))
        ):
            return Assertion.OTHER
        if symptom and triggers.cast.someone_elses(tokens, hit.start, hit.end):
            # "Mum has bone mets. My little boy fell and his wrist is swollen."
            return Assertion.OTHER
        if self._negated(hit, tokens, triggers, protected, signs or {}):
            return Assertion.NEGATED
        if symptom and _denied_next(hit, tokens, triggers):
            # Denied of the writer, but still the thing asked about.
            return Assertion.NEGATED
        part = _stretch(tokens, triggers, hit)
        after_only = frozenset(triggers.spans["history_after"])
        histories = [
            s
            for s in triggers.spans["history"]
            if s <= part and not (s in after_only and max(s) < hit.start)
        ]
        if histories and (dated := triggers.words["cancer"] | triggers.words["condition_name"]):
            # "Her calf is red and swollen, she finished radiotherapy last month": a time told
            # in a later stretch beside a treatment dates the treatment, not this sign (told
            # before it, "sepsis after chemo in April, a fever of 39", it dates both).
            segment = _segment(tokens, hit, part)
            histories = [
                s
                for s in histories
                if (s & segment or min(s) < hit.start or not _around(tokens, s) & dated - own)
                and not _dates_a_treatment(tokens, s, dated - own, hit)
            ]
        if histories and not _told_in_the_past(tokens, triggers, hit, part, protected):
            # "Temp 38.5, otherwise fine now", "calf swollen and hot, it was in plaster last
            # month": a sign told as now, or with no tense, is not dated by a time in a later
            # stretch between commas, which tells of something else; a stretch that is only
            # an ending ("..., nothing new") still speaks of it.
            last = max(_around(tokens, hit.positions))
            histories = [
                s for s in histories if min(s) <= last or _only_ending(tokens, s, s in after_only)
            ]
            # "If my leg goes hot and swollen while we're away over Easter": a time after a
            # sign on a condition, told in the present, is when it may come.
            if _on_a_condition(tokens, hit):
                histories = [s for s in histories if min(s) < hit.end]
        if _dated_next(tokens, triggers, hit, part) or _ended_next(
            tokens, triggers, hit, part, signs or {}
        ):
            return Assertion.PAST
        returned = _returned(hit, tokens, triggers)
        if returned:
            histories = []  # "the numbness went away last week but it's back today"
        if any(_qualifies(s, own) for s in histories):
            # "Does that old break matter?": the symptom's own word is called old, unless
            # the rest of its clause says it is here now ("my old fracture is agony today").
            rest = {i for i in triggers.clause(hit.clause) if i >= hit.end}
            if not rest & triggers.words[NOW]:
                return Assertion.PAST
        if any(not s & own for s in histories):
            # "Had a clot years ago, now my calf is swollen": now, in the hit's own stretch
            # between commas, undoes history; "ever since" and "fine now" are history's own
            # when they follow the sign ("right as rain since"). Before the sign, the now
            # ending them may tell of the sign: "that clot has healed now my calf is swollen".
            spans = triggers.spans["history"]
            tails = {max(s) + 1 for s in spans if max(s) >= hit.end}
            ending = {max(s) for s in spans if max(s) < hit.start}
            now = (triggers.words[NOW] - tails) | {i for i in ending if _turns_to(tokens, i, hit)}
            # "... it was treated and it's gone, I'm starting a new chemo": what is new is the
            # treatment, not the sign.
            now -= _of_a_treatment(tokens, now, triggers.words["cancer"])
            if _told_over(hit, tokens, histories, after_only):
                # "Now her wrist has mended": the now is when it is over, not the sign.
                now = frozenset(i for i in now if i >= hit.end)
            # "... was a bit red last week, it had cleared by the weekend, no swelling now":
            # a now after the sign's own ending tells of the time since it ended.
            ends = [max(s) for s in histories if s in after_only and min(s) >= hit.end]
            if ends:
                now = frozenset(i for i in now if i < min(ends))
            if not now & _segment(tokens, hit, part) - own:
                return Assertion.PAST
        if not returned and not reading and _checked_and_over(hit, tokens, triggers):
            return Assertion.PAST
        if not returned and _over_since(hit, tokens, triggers, protected):
            return Assertion.PAST
        if _prevented(hit, tokens, triggers):
            return Assertion.HYPOTHETICAL
        if _foreseen(hit, tokens):
            return Assertion.HYPOTHETICAL
        if _instructed(hit, tokens, triggers, part, reading=reading):
            # "The nurse said to ring if her temperature went over 37.5": advice, not news.
            return Assertion.HYPOTHETICAL
        if _mentioned(hit, tokens, triggers, part, signs or {}):
            return Assertion.HYPOTHETICAL
        if self._hypothetical(hit, tokens, triggers, part, clause, reading=reading):
            return Assertion.HYPOTHETICAL
        if symptom and self._only_named(hit, triggers) and _supposed(hit, tokens, triggers, part):
            return Assertion.HYPOTHETICAL
        if symptom and self._only_named(hit, triggers) and not _had(hit, tokens, triggers, part):
            # "What signs of a clot should a carer look for?": a problem's name is a symptom
            # only when someone is said to have it ("I think mum has a clot").
            return Assertion.HYPOTHETICAL
        if symptom and self._only_named(hit, triggers) and _in_care(hit, tokens, triggers):
            # "My friend has spinal cord compression and is in hospital now": the problem is
            # being seen to where it is treated; nobody need call about it.
            return Assertion.PAST
        if (reading or own & triggers.words[FEVERISH]) and _fever_seen_to(tokens, triggers, hit):
            return Assertion.PAST
        return Assertion.PRESENT

    def _only_named(self, hit: Hit, triggers: Triggers) -> bool:
        """Whether the hit is just the name of an urgent problem, describing no symptom."""
        return any(hit.positions <= span for span in triggers.spans["condition_name"])

    def _negated(
        self,
        hit: Hit,
        tokens: Sequence[Token],
        triggers: Triggers,
        protected: frozenset[int],
        signs: Mapping[int, frozenset[str]],
    ) -> bool:
        """A negation just before any word of the hit: "no fever", "her back's not sore"."""
        own, end = hit.positions, hit.end
        if _answered_no(hit, tokens, triggers) or _asked_then_denied(hit, tokens, triggers):
            return True
        for position in sorted(own):
            for span in triggers.before("negation", position, LISTED_REACH):
                if span & protected or span & own:
                    continue
                # "I do not have any shortness of breath or pain in the chest": a negation
                # reaches further only through a list of the same problem's signs.
                far = max(span) < position - NEGATION_REACH
                if tokens[max(span)].clause != hit.clause:
                    continue  # "Probably nothing. Her calf is red and swollen."
                if _denies_an_ending(tokens, span, position):
                    continue  # "it hasn't settled coughing up blood"
                if _cannot_do_without(tokens, span):
                    continue  # "can't turn over without a stabbing pain": always with it
                between = range(max(span) + 1, position + 1)
                if far:
                    first = next((i for i in between if i in signs), position)
                    reached = first - max(span) <= NEGATION_REACH and not _interrupted(
                        tokens, triggers, range(max(span) + 1, first), hit.clause
                    )
                    if (
                        reached
                        and first < position
                        and _listed(tokens, range(first, position + 1), hit, signs)
                    ):
                        return True
                    continue
                if not _interrupted(tokens, triggers, between, hit.clause):
                    return True
                if _listed(tokens, between, hit, signs):
                    return True
        if _or_any(tokens, triggers, hit):
            return True
        # "Is breathlessness normal?" asks; "temperature normal" tells.
        asking = any(s <= _stretch(tokens, triggers, hit) for s in triggers.spans["asking"])
        # "Apart from my swollen calf I feel fine": the sign is what the being fine leaves out.
        if triggers.before("excepting", hit.start, EXCEPTED_REACH):
            return False
        for span in triggers.spans["negation_after"]:
            if span & protected or asking or not end <= min(span) <= end - 1 + AFTER_REACH:
                continue
            if _denied_ending(tokens, span):
                continue  # "coughing up blood it hasn't settled"
            if not _interrupted(tokens, triggers, range(end, min(span) + 1), hit.clause):
                return True
            # "Fever? None.": a short clause answered at the start of the next one.
            answer = tokens[min(span)]
            short = len(triggers.clause(hit.clause)) <= SHORT_CLAUSE
            straight = all(tokens[i].word in SURELY for i in range(end, min(span)))
            if short and answer.clause == hit.clause + 1 and straight:
                return True
        return False

    def _someone_else(
        self,
        hit: Hit,
        tokens: Sequence[Token],
        triggers: Triggers,
        *,
        reading: bool = False,
        symptom: bool = True,
    ) -> bool:
        """Something that tells just before the symptom ("the leaflet lists bleeding"), or a
        thing, animal or child before it as the one its clause speaks of, and no person since.
        What a leaflet or a website tells of is still the topic asked about: "the leaflet
        says bone mets, what does that stand for?"."""
        # "... and now unable to feel my legs": the writer's own, whatever came before; and
        # "the grandson jumped on her": done to a person, so hers.
        if any(tokens[i].word in self.writer for i in range(hit.start, hit.end)):
            return False
        if (
            tokens[hit.end - 1].word in _ONTO
            and hit.end < len(tokens)
            and hit.end in triggers.words["person"]
            # "can't put weight on her paw": "her" is the animal's.
            and (hit.end + 1 >= len(tokens) or tokens[hit.end + 1].word not in _ANIMAL_PARTS)
        ):
            return False
        # A leaflet, a vet or the heating has no legs: "the heating is broken and pins and
        # needles in both feet" is a person's.
        bodily = any(tokens[i].word in self.body for i in hit.positions)
        spans = [
            *(
                ()
                if bodily or not symptom
                else triggers.before("not_person", hit.start, NOT_PERSON_REACH)
            ),
            *(
                span
                for kind in (("creature",) if bodily else ("thing", "creature"))
                for span in triggers.before(kind, hit.start, SUBJECT_REACH)
                # "walking the dog and legs went", "watching telly, legs gone numb": what a
                # person did or where they were, not the dog's legs or the telly's
                if self._subject(tokens, min(span))
            ),
        ]
        if reading:
            # "The greenhouse hit 38 degrees" is the greenhouse's; "the kitchen flooded, and
            # temp 38.3" is someone's, told apart from the kitchen.
            spans = [
                span
                for span in spans
                if not _interrupted(tokens, triggers, range(max(span) + 1, hit.start), hit.clause)
            ]
        for span in spans:
            if _likened(tokens, min(span)):
                continue  # "weak as a kitten, thirsty all the time": a likeness, not the kitten
            if any(max(span) < min(c) < hit.start for c in triggers.spans["cancer"]):
                continue  # "my granddaughter has bone mets and her calf is hot": the patient
            between = set(range(max(span) + 1, hit.start)) - triggers.words[POSSESSIVE]
            # "My grandson fell off his bike and broke his arm": "his" is the boy's own.
            between -= _pointing_to(tokens, span, between)
            if tokens[max(span)].clause == hit.clause and not between & triggers.words["person"]:
                return True
        return False

    def _in_a_story(self, hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
        """A sign told of a stranger in a film, a programme or the news ("there was a woman
        on Casualty who couldn't feel her legs"), in the same sentence, with nobody of the
        writer's own between."""
        strangers = [
            span
            for span in triggers.before("stranger", hit.start, STORY_REACH)
            if tokens[min(span)].clause == hit.clause
        ]
        if not strangers or not triggers.before("story", hit.start, STORY_REACH):
            return False
        if any(tokens[i].word in self.writer for i in range(hit.start, hit.end)):
            return False
        # "The woman in my book": the story's own words bring in nobody.
        stories = triggers.words["story"]
        told = [i for i in range(max(max(s) for s in strangers) + 1, hit.start) if i not in stories]
        # "she" and "her" point back to the stranger; "my", "mum" or "I" bring in someone here.
        return not any(
            tokens[i].word in self.writer
            or (i in triggers.words["others"] and tokens[i].word not in _POINTING_BACK)
            for i in told
        )

    def _subject(self, tokens: Sequence[Token], start: int) -> bool:
        """Whether the animal or thing at `start` opens what its clause says ("our dog has been
        sick", "and the cat keeps"), rather than being what someone walked, fed or fell over."""
        before = start - 1
        while before >= 0 and tokens[before].clause == tokens[start].clause:
            if tokens[before + 1].after_comma:
                return True  # "Teacher here, a child fell": it opens what comes after a comma
            word = tokens[before].word
            # "Neighbour's cat" is read "neighbour is cat": a possessive, passed over too.
            owning = word == "is" and before > 0 and tokens[before - 1].word in self.owners
            if word not in self.owners and not owning:
                return word in self.subject_before
            before -= 1
        return True

    def _hypothetical(
        self,
        hit: Hit,
        tokens: Sequence[Token],
        triggers: Triggers,
        part: frozenset[int],
        clause: frozenset[int],
        *,
        reading: bool = False,
    ) -> bool:
        own = hit.positions
        # "Is 38.2 high?" asks about a reading someone took: a number is never only asked about.
        asking = () if reading else triggers.spans["asking"]
        # "Is it normal to be this breathless?" asks about what is happening to the writer,
        # so it does not ask in general.
        telling = triggers.spans["telling_question"]
        opening = [
            s
            for s in asking
            if max(s) < hit.start and s <= part and not any(s <= t for t in telling)
        ]
        if (
            not reading
            and own <= triggers.words["temperature"]
            and any(hit.start - 1 in span for span in opening)
            and tokens[hit.start - 1].word in WHICH
        ):
            return True  # "Which temp is too high for him?" asks for a threshold, not a reading.
        if not reading and _asked_on_a_condition(hit, tokens, triggers):
            return True
        # "Can a clot make your leg go this red?": a sign shown as "this" is one being looked at.
        if any(tokens[i].word == "this" and i + 1 in own for i in part):
            return False
        # Before the symptom's last word: "can radiotherapy to the spine make the pain worse?"
        last = max(own)
        asking_before = [
            s
            for s in (*triggers.spans["hypothetical"], *triggers.spans["causing"])
            if max(s) < last
            and s <= part
            and not any(s <= t for t in telling)  # "why does it hurt to breathe in"
            # A trigger may open with the hit's first word: "I heard that bones can crack".
            and (not s & own or (s & own == {hit.start} == {min(s)} and len(s) > 1))
            # "Not sure if it's a temperature, 38.1": a number told after a comma is read.
            and not (reading and any(tokens[i].after_comma for i in range(max(s) + 1, last + 1)))
            and not _consequence(hit, tokens, triggers, s)
            and not _worry_told_now(hit, tokens, triggers, s)
        ]
        before = bool(asking_before)
        # "Does 38.2 mean I should ring?", "temp 37.6, is that classed as high?": what a
        # reading means or counts as is asked of a reading taken (whether a number is the
        # threshold, "is 37.5 the number where...", "does 37.5 count as high?", is not).
        after = any(
            min(s) >= hit.end
            and s <= part
            and not s & own
            and not (reading and _asked_of_the_reading(tokens, s))
            for s in triggers.spans["hypothetical_after"]
        )
        if not (before or after or opening):
            return False
        if _attributed(hit, tokens):
            return False
        # "I feel fine, I just want to know what counts as a high temperature": a state
        # said to be well tells of nothing wrong now.
        now = (triggers.words["current"] | triggers.words["state"]) - triggers.words[
            "negation_after"
        ]
        # "Can radiotherapy make back pain worse?": what a treatment is asked to make of a
        # sign is what it may cause, not news of the sign now.
        now -= _made_by_a_treatment(tokens, triggers, now)
        # "What temperature should I call at?": the one who calls is not the one who is ill.
        person = triggers.words["person"] - triggers.words[ACTING]
        next_start = next(
            (i for i in range(hit.end, len(tokens)) if tokens[i].clause > hit.clause), None
        )
        claimed = (
            frozenset(range(next_start, next_start + CLAIM_WORDS))
            if next_start is not None
            else frozenset()
        )
        # "Is chest pain a side effect? Mine feels tight" / "... It's been like this since
        # Thursday": the next clause claims the symptom asked about.
        being = triggers.words["being"]
        # "Can it cause tingling? My first dose is next week": a treatment still to come
        # claims nothing, and keeps the question a question.
        following = (
            triggers.clause(tokens[next_start].clause) if next_start is not None else frozenset()
        )
        ahead = bool(((part | following) - own) & triggers.words["future"])
        # "... My breathing is fine now": now that ends something is not now.
        current = triggers.words[NOW]
        # "... My breathing is fine" or "... I've read joint aches are common": a next clause
        # saying all is well, or only what was read or heard, claims nothing ("I haven't been
        # for a week" still claims: a negative can be the symptom itself).
        denied = claimed & (
            triggers.words["negation_after"]
            | triggers.words["hypothetical"]
            | triggers.words["symptom_free"]
        )
        # "What counts as a fever? Mine's 36.6 right now": a normal reading claims no fever.
        low, high = NORMAL_TEMPERATURE
        denied |= {
            i for i in claimed if i < len(tokens) and low <= (tokens[i].number or 0.0) < high
        }
        # "... I'm a hairdresser": saying who someone is claims nothing either, nor does a
        # next clause that opens denying ("... No swelling now, just reading the leaflet").
        # "... I have not got any, just want to know": a denial of what was asked, opening the
        # next clause, claims nothing either ("I haven't been for a week" is a sign of its own).
        if next_start is not None and (
            _says_who(tokens, triggers, next_start)
            or next_start in triggers.words["negation"]
            or any(
                next_start <= min(s) <= next_start + DENIAL_OPENING
                and _points_back_after(tokens, s)
                for s in triggers.spans["negation"]
            )
        ):
            denied |= {next_start}
        # "... We're redoing the stairs": what "we" are doing tells of no one's sign.
        claimants = frozenset(i for i in person if tokens[i].word not in _TOGETHER)
        claims = claimed & current or (claimed & claimants and claimed & (now | being))
        # "... It's only streaks but it's happened 3 times today": the next sentence says
        # what was asked about is happening, pointing back to it, and when.
        happening = bool(
            following & triggers.words["pointer"]
            and any(tokens[i].word in _HAPPENING for i in following)
            and following & current
        )
        # "... Mine is agony today, my radiotherapy starts on Monday": a claim with a word of
        # now holds against a treatment still to come.
        told_now = any(tokens[i].word in _TODAY for i in claimed & current)
        if not denied and (claims or happening) and (not ahead or told_now):
            return False
        if _at_risk(hit, tokens, triggers, part):
            return True
        scope = part - own
        causes = [
            s for s in triggers.spans["causing"] if s <= part and max(s) < last and not s & own
        ]
        if causes and not after:
            # "Will the steroids make him confused?": what a treatment may cause is asked
            # about; only what is said from the cause on ("gives me ... tonight") tells it.
            start = min(min(s) for s in causes)
            # "Make me feel" asks how a drug may leave someone: its "feel" tells of nothing now.
            asked_state = frozenset().union(*causes) & triggers.words["state"]
            # "Will the drip make my legs ache or feel weak?": a state the cause is asked to
            # bring, with nobody new named before it, is asked about too.
            for cause in causes:
                for i in range(max(cause) + 1, hit.end):
                    if i in triggers.words["person"] or tokens[i].clause != hit.clause:
                        break
                    if i in triggers.words["state"]:
                        asked_state |= {i}
            scope = frozenset(i for i in scope if i >= start and i not in asked_state)
        if before or after or ahead:
            # Asked about in general ("can zometa give you a fever?"), unless said of
            # someone now: "if my leg is swollen" is about someone, so warn. The words that
            # ask are not news of anyone: "look" in "look out for", "is" in "what is".
            asked = triggers.words["hypothetical"] | _inverted(tokens, scope & being, person)
            # Being tells how someone is only on the way to the symptom ("if my leg is
            # swollen"); after it, it tells of something else ("... while she is on chemo").
            # "I don't have a temperature": being that is denied tells of no one; nor does a
            # person's being before the words that ask ("I'm meant to watch out for high
            # temperatures" tells of the writer, not of a temperature).
            asked_from = min((min(s) for s in asking_before), default=-1)

            # "If my calcium went high, would I know?": a past after "if", answered by
            # "would", supposes; it tells of nobody now.
            supposing_past = (
                asked_from >= 0
                and tokens[asked_from].word == "if"
                and any(tokens[j].word in _WOULD for j in triggers.clause(hit.clause))
            )

            def may_tell(i: int) -> bool:
                """Whether a word of now or being may tell of someone: not a past that "if"
                and "would" suppose, nor what is told before a comma ahead of an "if" ("Got
                me thinking, if a bone breaks do they plaster it?")."""
                if supposing_past and tokens[i].word in _PAST_BEING:
                    return False
                return not (
                    i < asked_from
                    and tokens[asked_from].word in _SUPPOSING_OPENERS
                    and any(tokens[j].after_comma for j in range(i + 1, asked_from + 1))
                )

            def leads(i: int) -> bool:
                if not may_tell(i):
                    return False
                if i > asked_from:
                    return True
                # "... my temperature is fine and to call back if it goes over 37.5": being
                # joined on before the asking tells of something else.
                joined = any(tokens[j].word in _LINKING for j in range(i + 1, asked_from))
                return i - 1 not in person and not joined

            leading = (
                frozenset(i for i in being if i < hit.end and leads(i)) - triggers.words["negation"]
            )
            # "If he can't walk": a person straight before a symptom that opens with a state.
            # "If he heard a crack in his arm": so is a person straight before noticing it.
            noticed = (
                tokens[hit.start].word in self.perceived
                and hit.start not in triggers.words["hypothetical"]
            )
            # "Will the drip make me feel rough?": the person a cause is asked to act on is
            # not said to be anything.
            acted_on = triggers.words["causing"]
            stated = (
                hit.start - 1 in person
                and hit.start - 1 not in acted_on
                and (hit.start in triggers.words["state"] or noticed)
            )
            # "If I get new back pain in the future": "new" inside what is supposed is not now.
            supposed = frozenset(range(asked_from + 1, hit.start)) if after else frozenset()
            # "If I ever think I've got signs of...": all from a time to come on is supposed.
            # "How would I know if my calcium was too high?": so is all after asking how to tell.
            coming = [
                min(s)
                for kind in ("future", "unknowing")
                for s in triggers.spans[kind]
                if max(s) < hit.start and s <= part
            ]
            if coming:
                supposed |= frozenset(range(min(coming), hit.start))
            # "Would she need surgery if a bone broke again?": "again" after what is supposed
            # tells of a time to come.
            if asking_before:
                supposed |= frozenset(
                    i
                    for i in range(hit.end, len(tokens))
                    if tokens[i].word in _AGAIN and tokens[i].clause == hit.clause
                )
            told = (frozenset(filter(may_tell, now)) - supposed) | (leading - asked - supposed)
            return not (stated or (scope & person and scope & told))
        # Only a question word opens the clause ("why does my back hurt so much?"): any
        # sign it is about someone, or happening now, makes it a symptom to warn about.
        return not (scope & (person | now))


_HAVING = frozenset({"have", "has", "do", "does"})
"""Words that answer a denial of cancer for someone else: "he hasn't got cancer, I have"."""
_TOGETHER = frozenset({"we", "us"})
"""Who does something together: what "we are" doing is nobody's sign."""


def _pointing_to(
    tokens: Sequence[Token], span: frozenset[int], between: Collection[int]
) -> frozenset[int]:
    """The words in `between` that point back to the child a span names, by its sex: "his"
    after "my grandson", "her" after "the little girl", "their" after "the kids"."""
    named = {tokens[i].word for i in span}
    pointers = frozenset().union(
        *(words for child, words in _CHILD_POINTERS.items() if child in named)
    )
    return frozenset(i for i in between if tokens[i].word in pointers)


_CHILD_POINTERS = {
    **dict.fromkeys(("grandson", "boy", "lad", "nephew"), frozenset({"he", "him", "his", "hes"})),
    **dict.fromkeys(("granddaughter", "girl", "niece"), frozenset({"she", "her", "hers", "shes"})),
    **dict.fromkeys(
        ("kids", "kid", "children", "grandkids", "grandchildren"),
        frozenset({"they", "them", "their", "theyre"}),
    ),
}
"""Children the lexicon's `creature` class names, and the words that point back to each."""


def _worry_told_now(
    hit: Hit, tokens: Sequence[Token], triggers: Triggers, span: frozenset[int]
) -> bool:
    """Whether a worry is about a sign told as going on: "worried about bleeding gums that
    won't stop", "should I be worried about coughing up blood?" (but not "worried about
    getting a clot" or "should I worry about fevers on zometa?")."""
    if tokens[min(span)].word not in _WORRYING:
        return False
    # "Should I be worried about coughing up blood?", "worried about being sick all day":
    # what the writer is doing now.
    first = tokens[hit.start].word
    asking_self = any(tokens[i].word == "should" for i in range(max(0, min(span) - 3), min(span)))
    now = triggers.clause(hit.clause) & triggers.words[NOW]
    if (asking_self or now) and first.endswith("ing") and first not in _COMING_ON:
        return True
    if hit.end + 1 >= len(tokens):
        return False
    which, going_on = tokens[hit.end], tokens[hit.end + 1]
    return (
        which.word in _WHICH_TELLS and which.clause == hit.clause and going_on.word in _GOING_ON_NOW
    )


_WORRYING = frozenset({"worried", "worry", "worrying", "concerned"})
_WHICH_TELLS = frozenset({"that", "which", "thats", "who"})
_GOING_ON_NOW = frozenset(
    {"wont", "will", "keep", "keeps", "is", "are", "has", "have", "started", "came", "just",
     "doesnt", "dont", "isnt", "arent", "hasnt", "havent", "still", "seems", "looks"}
)  # fmt: skip
"""Words after "that" telling a sign is going on: "that won't stop", "that keeps coming"."""


def _consequence(
    hit: Hit, tokens: Sequence[Token], triggers: Triggers, span: frozenset[int]
) -> bool:
    """Whether a sign follows a condition as what happens each time it is met: "if I stand
    up my legs give way" tells of legs now; "if my legs give way", "if I notice her legs are
    swollen" or "if I walk and my back hurts" only suppose."""
    if tokens[min(span)].word not in _CONDITIONS or hit.start < 2:
        return False
    if tokens[hit.start - 1].word not in _OWN or tokens[max(span) + 1].word not in _DOERS:
        return False
    condition = range(max(span) + 2, hit.start - 1)
    return bool(condition) and not any(
        tokens[i].word in _SUPPOSING
        or i in triggers.words["having"]
        or tokens[i].clause != hit.clause
        for i in condition
    )


def _explained(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether a sign is put down to an everyday cause told just after it ("pins and needles
    in my foot from sitting cross-legged", "my leg is swollen from a wasp sting"), with no "but"
    or new sentence between."""
    for span in triggers.after("everyday_cause", hit.end, CAUSE_REACH):
        start = min(span)
        same = tokens[start].clause == tokens[hit.end - 1].clause
        between = range(hit.end, start)
        # "... feels dead, like after a jab at the dentist": a likeness, not the cause.
        likened = any(tokens[i].word in _LIKE for i in between)
        # "... thought it was indigestion from the curry but it hasn't eased": a "but" after
        # the cause takes the explanation back.
        after = range(max(span) + 1, len(tokens))
        # "... in this heatwave like everyone else, but I'm weeing normally": a "but" going on
        # to deny takes nothing back.
        undone = any(
            i in triggers.words["termination"]
            and tokens[i].clause == tokens[start].clause
            and not _goes_on_denying(tokens, triggers, i)
            for i in after
        )
        if (
            same
            and not likened
            and not undone
            and not any(i in triggers.words["termination"] for i in between)
        ):
            return True
    return False


DENYING_REACH = 4
"""Words after a "but" within which a denial says it goes on calming: "but I'm weeing normally"."""


def _goes_on_denying(tokens: Sequence[Token], triggers: Triggers, at: int) -> bool:
    """Whether the words after a "but" deny or call something normal, in its clause."""
    return any(
        at < min(s) <= at + DENYING_REACH and tokens[min(s)].clause == tokens[at].clause
        for kind in ("negation", "negation_after")
        for s in triggers.spans[kind]
    )


def _assessed(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether someone who can judge a sign put it down to something ordinary ("the GP said
    my swollen ankles are from the amlodipine"), with no "but" anywhere after: what follows a
    "but" may be the sign changed, told only as "it"."""
    clause = tokens[hit.end - 1].clause
    judged = any(
        tokens[min(s)].clause == clause
        for s in triggers.after("assessed", hit.end, ATTRIBUTING_REACH)
    )
    if not judged:
        return False
    said = any(
        tokens[max(s)].clause == tokens[hit.start].clause
        for s in triggers.before("assessor", hit.start, NOT_PERSON_REACH)
    )
    return said and not any(i >= hit.end for i in triggers.words["termination"])


def _assessed_after(
    hit: Hit,
    tokens: Sequence[Token],
    triggers: Triggers,
    body: frozenset[str],
    signs: frozenset[int],
) -> bool:
    """Whether someone who can judge a sign says soon after it, with no other sign between,
    that it is something ordinary ("dad's ankles were puffy, the GP says it's his heart
    tablets", "... but I've had a cold, GP said chest is clear"), and no "but" follows."""
    for said in triggers.after("assessor", hit.end, ASSESSED_AFTER_REACH):
        if any(i in signs for i in range(hit.end, min(said))):
            continue
        for judged in triggers.after("assessed", max(said) + 1, ATTRIBUTING_REACH):
            between = range(max(said) + 1, min(judged))
            if all(tokens[i].word in _SPOKEN_OF or tokens[i].word in body for i in between):
                later = range(max(judged) + 1, len(tokens))
                # "... the GP said it was fine on monday": a judgement dated before now.
                dated = any(tokens[i].word in _DAYS_GONE for i in later)
                return not dated and not any(i in later for i in triggers.words["termination"])
    return False


def _observed_then_explained(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether a sign someone noticed or thought they saw ("my son thought I was repeating
    myself") is then given an ordinary cause, a check that found nothing, or an end, later in
    the message ("the calcium came back normal", "turns out she'd sat by the fire", "took it,
    36.8"), with no word of it coming back after that."""
    person, stops = triggers.words["person"], triggers.words["termination"]

    def reaches(span: frozenset[int]) -> bool:
        # "My son thought I was repeating myself and I keep being sick": the sickness is told
        # by the writer, not seen by the son.
        between = range(max(span) + 1, hit.start)
        return tokens[max(span)].clause == hit.clause and not any(
            i in stops or (tokens[i].word == "and" and i + 1 in person) for i in between
        )

    observed = any(reaches(s) for s in triggers.before("observer", hit.start, OBSERVER_REACH))
    if not observed:
        return False
    history = triggers.words["history"]

    def when(span: frozenset[int]) -> bool:
        around = _around(tokens, span) - span
        return any(_earlier(tokens, i) or i in history - span for i in around)

    # A sign told as now is new after a calm dated before it ("it was all normal yesterday",
    # "the scan in march came back normal"); one told in the past may have been checked after.
    stretch = _around(tokens, hit.positions)
    now = not (when(hit.positions) or _past_tense(tokens, triggers, stretch, hit.positions))

    def dated(span: frozenset[int]) -> bool:
        return now and when(span)

    calming = [
        min(s)
        for kind in _CALMING
        for s in triggers.spans[kind]
        if min(s) >= hit.end and not dated(s)
    ] + [
        i
        for i in range(hit.end, len(tokens))
        if (n := tokens[i].number) is not None
        and NORMAL_BODY_C[0] <= n <= NORMAL_BODY_C[1]
        and not dated(frozenset({i}))
    ]
    if not calming:
        return False
    first = min(calming)
    # "... he said he'd had too much to drink but he doesn't drink": a "but" with words after
    # it takes the calm back, as does the sign coming back.
    contrary = any(
        tokens[i].word in _CONTRARY and i + 1 < len(tokens) for i in range(first, len(tokens))
    )
    return not contrary and not any(min(s) > first for s in triggers.spans["returned"])


def _attributed(hit: Hit, tokens: Sequence[Token]) -> bool:
    """Whether a sign is named as one already there and its cause is asked: "could the leg
    weakness be down to the steroids?" presumes the weakness ("a swollen calf" does not)."""
    if hit.start == 0 or tokens[hit.start - 1].word != "the":
        return False
    following = [t.word for t in tokens[hit.end : hit.end + ATTRIBUTING_REACH]]
    return (
        bool(following)
        and following[0] in _BEING_SAID
        and not _CAUSE_WORDS.isdisjoint(following[1:])
    )


def _at_risk(hit: Hit, tokens: Sequence[Token], triggers: Triggers, part: frozenset[int]) -> bool:
    """Whether the symptom is the object of a likelihood ("more likely to break", "the chance
    of a fracture", "if she ever gets a fever"), or one more in a list of them joined by "or"
    ("if she ever got a swollen leg or went breathless"): a question about risk, whatever else
    its sentence says of now."""
    own = hit.positions
    for span in triggers.spans["risk"]:
        # "If my calcium ever comes back high": a likelihood may hold the sign's first word.
        if span <= part and (not span & own or min(span) < hit.start):
            following = [i for i in own if i > max(span)]
            if not following:
                continue
            reach = min(following) - max(span)
            if reach <= RISK_REACH:
                return True
            between = range(max(span) + 1, min(following))
            listed = any(tokens[i].word == "or" for i in between)
            if (
                listed
                and reach <= RISK_LIST_REACH
                and not any(tokens[i].after_comma for i in between)
            ):
                return True
    return False


def _inverted(
    tokens: Sequence[Token], being: frozenset[int], person: frozenset[int]
) -> frozenset[int]:
    """Words of being that open their clause before a person, and so only ask ("is she more
    likely to get infections?"); "if my leg is swollen" says how someone is."""
    return frozenset(
        i for i in being if (i == 0 or tokens[i - 1].clause != tokens[i].clause) and i + 1 in person
    )


_BACK = frozenset({"that", "it", "which", "this"})
_ALWAYS = frozenset({"always", "alway"})
_NEW = frozenset({"new"})
"""A word that may describe a treatment rather than a sign: "starting a new chemo"."""
_MODAL_ASKING = frozenset({"could", "would", "will", "might", "may", "can"})
"""Words opening a question about what may happen ("could I break a bone if I fall?")."""
_BACK_TO_IT = frozenset({"it", "its", "they", "theyre", "she", "shes", "he", "hes"})
"""Words opening a stretch that point back to a sign told before it: "..., it's always so"."""
_BARE_NO = frozenset({"no", "nope", "nah", "none"})
"""A checklist's answer written after the sign: "leg swollen no"."""
_WAS = frozenset({"was", "were"})
_EVERY = frozenset({"every", "each"})
"""Words before a time that make it one that comes round again ("every evening")."""
_HOLDING = frozenset({"keep", "keeps", "kept", "keeping"})
_ARTICLES = frozenset({"a", "an", "the"})
"""After "keep", what makes it the holding of a thing ("keep a list"), not a going on."""
_COMPARED = frozenset({"than", "like", "unlike", "not", "isnt", "wasnt", "beyond"})
"""Words before a history that set the sign against it ("worse than my usual ache")."""


def _kept_thing(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether a span is only "keep" holding a thing ("should I keep a list"), not something
    going on ("she keeps falling")."""
    after = max(span) + 1
    return (
        len(span) == 1
        and tokens[min(span)].word in _HOLDING
        and after < len(tokens)
        and tokens[after].word in _ARTICLES
    )


_RETURNING = frozenset({"come", "came", "comes", "coming", "is", "are"})
"""Words before a "back" that tell of a return ("it's come back in my hip")."""
_HAVING_GONE = frozenset({"has", "have", "is", "are"})
"""Words before a "gone" that tells a sign is over ("the numbness has gone")."""
_AFTER_GONE = frozenset({"and", "but", "now", "completely", "thank", "thanks", "totally"})
"""Words after such a "gone" that start something else or only stress it."""
_NOT_ENDED = frozenset(
    {"not", "never", "havent", "hasnt", "hadnt", "didnt", "doesnt", "dont", "wont", "isnt",
     "arent", "wasnt", "werent", "cant", "couldnt", "nothing"}
)  # fmt: skip
"""Words that deny the ending told straight after them ("hasn't gone away")."""
_IN_BETWEEN = frozenset({"yet", "really", "fully", "quite", "completely", "totally", "properly",
                         "actually", "even", "been", "it", "me", "her", "him", "them"})  # fmt: skip
"""Words that may stand between the denial and the ending ("not yet gone", "not been treated")."""
_ENDING_VERBS = frozenset(
    {"settled", "settling", "settle", "stopped", "helped", "help", "worked", "work", "eased",
     "easing", "ease", "improved", "improving", "cleared", "clearing", "shifted", "shift",
     "budged", "budge", "calmed", "subsided", "resolved", "sorted", "better"}
)  # fmt: skip
"""Verbs of a sign ending or a remedy working: denied, they leave the sign there."""
_GETTING = frozenset({"got", "get", "getting", "any"})
_MOVING = frozenset({"gone", "went", "go", "going", "come", "came", "coming", "worn", "wore"})
_AWAY = frozenset({"away", "down", "off"})
"""'Gone away', 'come down', 'worn off': an ending; 'gone numb' is a sign, never one."""


_OTHER_TIMES = (
    ("last", "time"), ("that", "time"), ("first", "time"), ("other", "time"),
    ("previous",), ("previously",), ("last", "one"),
)  # fmt: skip
"""Words that tell of an earlier episode: its ending is not this one's."""
_SPANS_OF_TIME = frozenset({"few", "couple", "day", "week", "hour", "night", "month", "minute"})


def _another_time(
    tokens: Sequence[Token], span: frozenset[int], stops: frozenset[int] = frozenset()
) -> bool:
    """Whether an ending is told of another time, in its stretch between commas and between
    `stops` ("but"): "temp 38.6 and shivery, last time antibiotics sorted it", "it settled
    before", "the last clot cleared up"; not "high last time but back to normal now"."""
    stretch = frozenset(
        i
        for i in _around(tokens, span)
        if not any(min(span) > j >= i or max(span) < j <= i for j in stops)
    )
    start, end = min(stretch), max(stretch) + 1
    words = [t.word for t in tokens[start:end]]
    # Not the span's own words: "last time I had chest pain" is itself the other time.
    told = any(
        words[i : i + len(other)] == list(other)
        and not set(range(start + i, start + i + len(other))) <= span
        for other in _OTHER_TIMES
        for i in range(len(words) - len(other) + 1)
    )
    # "the last clot", but not "the last few days"; "it settled before", ending the stretch.
    earlier = any(
        words[i : i + 2] == ["the", "last"]
        and (i + 2 >= len(words) or words[i + 2] not in _SPANS_OF_TIME)
        for i in range(len(words) - 1)
    )
    # "She's muddled, she was her usual self yesterday": being well at a time gone by is
    # before the sign, not its end ("it settled yesterday" still ends it).
    after = max(span) + 1
    well_then = (
        tokens[max(span)].word in _WELL_STATES and after < len(tokens) and _earlier(tokens, after)
    )
    return told or earlier or well_then or (end - 1 > max(span) and words[-1] == "before")


def _earlier(tokens: Sequence[Token], i: int) -> bool:
    """Whether the word at `i` opens a time before now: "yesterday", "last week", "on monday",
    "this morning"."""
    word = tokens[i].word
    following = tokens[i + 1].word if i + 1 < len(tokens) else ""
    return word in _DAYS_GONE or (word == "this" and following == "morning")


def _around(tokens: Sequence[Token], span: frozenset[int]) -> frozenset[int]:
    """The words of the stretch between commas (within its clause) that holds a span."""
    first, last = min(span), max(span)
    clause = tokens[first].clause
    start = first
    while start > 0 and not tokens[start].after_comma and tokens[start - 1].clause == clause:
        start -= 1
    end = last + 1
    while end < len(tokens) and not tokens[end].after_comma and tokens[end].clause == clause:
        end += 1
    return frozenset(range(start, end))


def _of_a_treatment(
    tokens: Sequence[Token], now: Collection[int], treatments: frozenset[int]
) -> frozenset[int]:
    """The words of now that tell of a treatment just after them ("starting a new chemo")."""
    found = set()
    for i in now:
        j = i + 1
        while j < len(tokens) and (tokens[j].word in _WHOSE or j in now or tokens[j].word in _NEW):
            j += 1
        if j in treatments and tokens[j].clause == tokens[i].clause:
            found.add(i)
    return frozenset(found)


def _dates_a_treatment(
    tokens: Sequence[Token], span: frozenset[int], dated: frozenset[int], hit: Hit
) -> bool:
    """Whether a time is when a treatment, told as begun or ended just before it, began or
    ended, and not when the sign was: "her calf is red and hot she started chemo in june", "she
    finished radiotherapy last month temp 38.5", with no comma between the two."""
    if min(span) > hit.end:
        bound = hit.end
    elif max(span) < hit.start and tokens[max(span) + 1].word not in _LINKING:
        bound = hit.start  # the clause's first word
        while bound and tokens[bound - 1].clause == hit.clause:
            bound -= 1
    else:
        return False  # "she finished chemo in june and her legs went numb": both then
    i = min(span) - 1
    if i - 1 > bound and i not in dated and i - 1 in dated and tokens[i].word not in _LINKING:
        i -= 1  # "a clot scare last year", "her chemo course in may"
    if i <= bound or i not in dated:
        return False
    while i - 1 > bound and i - 1 in dated:
        i -= 1  # "hormone therapy", "bone drug"
    i -= 1
    while i > bound and tokens[i].word in _WHOSE:
        i -= 1
    # A new sentence run on without a stop ("... swollen she started chemo in june"), not a
    # sequence ("my calcium was high and i started zometa in january").
    subject = i - 1
    return (
        subject >= bound
        and tokens[i].word in _BEGUN_OR_ENDED
        and tokens[subject].word in _PRONOUNS
        and (subject == bound or tokens[subject - 1].word not in _LINKING)
    )


def _denies_an_ending(tokens: Sequence[Token], span: frozenset[int], position: int) -> bool:
    """Whether a negation denies an ending told straight after it ("hasn't settled", "not
    gone down", "paracetamol hasn't helped") and so reaches no sign after that ending."""
    i = max(span) + 1
    while i < position and (tokens[i].word in _IN_BETWEEN or tokens[i].word in _GETTING):
        i += 1
    if i >= position:
        return False
    word = tokens[i].word
    if word in _ENDING_VERBS:
        return True
    return word in _MOVING and i + 1 < position and tokens[i + 1].word in _AWAY


def _foreseen(hit: Hit, tokens: Sequence[Token]) -> bool:
    """Whether a sign is one asked or feared to come: "will my bones snap?", "she's scared
    my bones will snap like hers". A "will" told plainly may be a habit ("her legs will go
    from under her"), and one denied is now ("will not take her weight"), so neither counts."""
    last = max(hit.positions)
    for w in range(max(0, hit.start - FORESEEN_REACH), last):
        if tokens[w].word != "will" or tokens[w].clause != hit.clause:
            continue
        if w + 1 < len(tokens) and tokens[w + 1].word in _WILL_NOW:
            continue
        if _opens(tokens, w):
            return True  # "Will my bones snap?"
        if any(tokens[i].word in _FEARING for i in _clause_before(tokens, w)):
            return True  # "scared my bones will snap"
    return False


def _clause_before(tokens: Sequence[Token], w: int) -> range:
    """The positions of the words before `w` in its clause, nearest within FORESEEN_REACH."""
    start = w
    while start > 0 and w - start < FORESEEN_REACH and tokens[start - 1].clause == tokens[w].clause:
        start -= 1
    return range(start, w)


FORESEEN_REACH = 6
"""Words before a sign's last word in which "will" may ask or fear it coming, and words
before that "will" in which the fear may be told."""
_WILL_NOW = frozenset(words_of("not never keep only just still"))
"""After "will", words that make it tell of now: "will not stop", "will keep falling"."""
_FEARING = frozenset(
    words_of(
        "scared afraid worried worry worries frightened terrified nervous fear fears petrified"
    )
)
"""Words of fearing what a "will" after them says may come."""


def _made_by_a_treatment(
    tokens: Sequence[Token], triggers: Triggers, words: frozenset[int]
) -> frozenset[int]:
    """Which of `words` are what a treatment named before them is said to make of a sign:
    "worse" in "would radiotherapy make my back pain worse?"."""
    made = set()
    for i in words:
        if tokens[i].word not in _MADE:
            continue
        making = next(
            (
                j
                for j in range(i - 1, max(-1, i - 1 - MADE_REACH), -1)
                if tokens[j].word in _MAKING and tokens[j].clause == tokens[i].clause
            ),
            None,
        )
        if making is None:
            continue
        maker = word_before(tokens, making, lambda j: tokens[j].word in _AUXILIARIES)
        if maker is not None and maker in triggers.words["cancer"]:
            made.add(i)
    return frozenset(made)


MADE_REACH = 6
"""Words between a treatment, its "make" and what it makes of a sign."""
_MAKING = frozenset(words_of("make makes making made"))
_MADE = frozenset(words_of("worse worst"))
_AUXILIARIES = frozenset(words_of("can could will would does do did might may ever actually"))
"""Words passed over between a treatment and its "make": "can radiotherapy ever make..."."""


def _cannot_do_without(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether a "without" follows someone being unable to do a bodily thing in its clause
    ("can't cough without a stabbing pain", "unable to walk without it hurting"): the two
    negatives say the sign comes every time."""
    first = min(span)
    if tokens[first].word != "without":
        return False
    if first + 1 < len(tokens) and tokens[first + 1].word in _HELPERS:
        return False  # "couldn't get up without me lifting her": the help is what is needed
    for i in range(max(0, first - WITHOUT_REACH), first):
        if tokens[i].word in _CANNOT and tokens[i].clause == tokens[first].clause:
            doing = tokens[i + 2] if tokens[i + 1].word == "to" else tokens[i + 1]
            if doing.word in _BODILY_DOINGS:
                return True
    return False


WITHOUT_REACH = 8
"""Words before "without" in which "can't" and a doing make it a sign every time."""
_CANNOT = frozenset({"cant", "cannot", "couldnt", "unable"})
_BODILY_DOINGS = frozenset(
    words_of(
        "move turn roll cough sneeze laugh breathe walk stand sit lie bend lift get go sleep "
        "eat swallow wee pee climb reach dress wash"
    )
)
"""What a body does, which "can't ... without" a sign tells comes with that sign."""
_HELPERS = frozenset(words_of("me him us them someone somebody help assistance support"))
"""Straight after "without", who or what helps: "can't stand without me holding her"."""


def _denied_ending(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether a history phrase is denied by the words just before it, in its clause."""
    i = word_before(tokens, min(span), lambda i: tokens[i].word in _IN_BETWEEN)
    return i is not None and tokens[i].word in _NOT_ENDED


_PRONOUNS = frozenset({"i", "she", "he", "we", "they", "you"})
_WHOSE = frozenset({"my", "her", "his", "their", "the", "a", "an", "your", "our"})
_STOPPED_THINGS = frozenset({"it", "them"})
"""Words for what is stopped, between the stopping and the sign: "stop it breaking"."""
_BEGUN_OR_ENDED = frozenset(
    {"started", "starts", "began", "begun", "finished", "finishes", "stopped", "completed",
     "ended", "had", "restarted"}
)  # fmt: skip
"""Verbs that tell a treatment began or ended at a time: "started chemo in june"."""
_LINKING = frozenset(
    {"and", "then", "so", "but", "when", "after", "before", "since", "until", "because", "as",
     "once", "while", "till"}
)  # fmt: skip
_CALMING = ("explained", "history_after", "resolved", "everyday_cause", "assessed")
"""Kinds of words after an observed sign that show it was nothing ("came back normal")."""
_WELL_STATES = frozenset({"self", "normal", "herself", "himself", "myself", "again", "usual"})
"""Last words of an ending that tell a state ("her usual self") rather than a change."""
_CONTRARY = frozenset({"but", "however", "although", "though", "yet", "except"})
_SPOKEN_OF = frozenset(
    {"it", "its", "they", "theyre", "that", "this", "these", "those", "she", "he", "my",
     "her", "his", "their", "the", "both"}
)  # fmt: skip
"""Words that name what a professional judged: "it", "they", "her legs", "my chest"."""
_DAYS_GONE = frozenset(
    {"last", "ago", "yesterday", "earlier", "before", "previously", "monday", "tuesday",
     "wednesday", "thursday", "friday", "saturday", "sunday"}
)  # fmt: skip
"""Words that date what was said to a day gone by: "said it was fine last week"."""
_CONDITIONS = frozenset({"if", "as", "so", "provided", "providing"})
"""How the conditions that may be followed by what then happens open ("as long as")."""
_SUPPOSING_OPENERS = frozenset({"if", "whether"})
"""Words opening what is supposed, before which a comma closes what was told of now."""
_WOULD = frozenset({"would", "could", "might", "wouldnt", "couldnt"})
"""Words answering a supposed past: "if it went high, would I know?"."""
_PAST_BEING = frozenset({"went", "was", "were", "got", "became", "turned"})
"""Being in the past, which after "if" and with "would" supposes: "if it went high"."""
_DOERS = _PRONOUNS - {"you"}
"""Who may meet a condition that then happens to them ("if I stand up"); "you" is anyone."""
_OWN = frozenset({"my", "her", "his", "our", "their"})
_SUPPOSING = frozenset(
    {"notice", "noticed", "notices", "see", "sees", "saw", "find", "finds", "found", "spot",
     "spots", "develop", "develops", "start", "starts", "heard", "felt", "will", "would", "can",
     "could", "should", "might", "must", "shall", "and", "or", "but", "then", "what", "how",
     "when"}
)  # fmt: skip
"""Words in a condition that keep what follows supposed: noticing or getting the sign, a
question, or a second condition joined on."""
_PREVENTING = frozenset({"stop", "stops", "stopping", "prevent", "prevents", "preventing"})
_KEEPING = frozenset({"keep", "keeps", "avoid", "avoids", "avoiding"})
"""With "from" or "getting": "keep her from getting fractures", "avoid getting a clot"."""
_AVOIDING = frozenset({"avoid", "avoids", "avoiding", "preventing"})
"""Right before a sign, whoever does it: one still to come ("tips on avoiding falls", "should
she avoid lifting?")."""
_COMING_ON = frozenset({"getting", "get", "developing", "having"})
_HELPING = frozenset({"will", "would", "can", "could", "does", "do", "did", "to", "help", "helps",
                      "really", "actually", "also", "might", "may", "should"})  # fmt: skip
"""Words between what stops a sign and "stop": "will the drip actually help stop"."""
_UNSTOPPING = frozenset({"cant", "cannot", "couldnt", "wont", "not", "never", "nothing", "unable",
                         "able", "didnt", "doesnt", "dont", "without", "full"})  # fmt: skip
"""Before "stop", a sign there now: "can't stop shaking", "without stopping", "full stop"."""
_ASKED = frozenset({"you", "they", "someone", "anyone", "somebody", "anybody", "doctor",
                    "doctors", "nurse", "nurses"})  # fmt: skip
"""People asked to stop a sign, which someone then has: "can you stop my leg swelling?"."""
_MODALS = frozenset({"could", "might", "may", "can", "will", "would"})
_COMING = frozenset({"get", "develop", "end"})
_BEFORE_THE_NAME = frozenset({"a", "an", "any", "another", "up", "with"})
"""Words between "could get" and the problem named: "could end up with a clot"."""


def _prevented(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether a sign is what something is asked to stop, so still to come: "will the
    stockings stop my legs swelling?", "how do I stop getting an infection?". A person who
    cannot stop one has it ("I can't stop shaking"), and one stopping their own may too ("how
    do I stop my legs giving way?"), so only a drug or a thing stops it, or a getting."""
    # A sign found in two runs of words ("bone drugs ... stop me getting fractures") is
    # stopped when either run is.
    runs = sorted(p for p in hit.positions if p - 1 not in hit.positions)
    return any(_prevented_from(start, tokens, triggers) for start in runs)


def _prevented_from(start: int, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether the words from `start` are what something is asked to stop (see _prevented)."""
    person = triggers.words["person"]
    if tokens[start].word == "to":
        return False  # "without stopping to get her breath": why one stops, not what

    def whose(i: int) -> bool:
        # "to stop it breaking": what is stopped may be pointed to.
        return tokens[i].word in _WHOSE or i in person or tokens[i].word in _STOPPED_THINGS

    i = word_before(tokens, start, whose)
    getting = i is not None and tokens[i].word in _COMING_ON
    if i is not None and getting:
        i = word_before(tokens, i, whose)
    kept = i is not None and tokens[i].word == "from"
    if i is not None and kept:
        i = word_before(tokens, i, whose)
    if i is not None and not kept and tokens[i].word in _AVOIDING:
        return True  # "tips on avoiding falls": the avoiding, by whoever, is of one to come
    if i is None or tokens[i].word not in (_PREVENTING | _KEEPING if kept else _PREVENTING):
        return False
    subject = word_before(tokens, i, lambda j: tokens[j].word in _HELPING)
    if subject is not None and tokens[subject].word in _UNSTOPPING:
        return False  # "I can't stop getting the shakes", "nothing stops it"
    if getting or kept:
        return True
    return subject is not None and subject not in person and tokens[subject].word not in _ASKED


def _may_come(tokens: Sequence[Token], hit: Hit) -> bool:
    """Whether a problem named is one that someone could get, not one they have: "my port
    could get a clot", "she may develop an infection"."""
    i = word_before(tokens, hit.start, lambda i: tokens[i].word in _BEFORE_THE_NAME)
    return i is not None and i > 0 and tokens[i].word in _COMING and tokens[i - 1].word in _MODALS


_MODAL = frozenset({"should", "would", "could", "can", "must", "do", "to", "need", "have", "will"})
ACTING_REACH = 2
"""Helping words ("should", "need to") a person may stand before the seeking of help."""


def _acting(
    tokens: Sequence[Token], person: frozenset[int], acting: frozenset[str]
) -> frozenset[int]:
    """People who would seek help ("should I call", "they tell you to ring"), not the ill."""

    def seeks(i: int) -> bool:
        for j in range(i + 1, min(i + 2 + ACTING_REACH, len(tokens))):
            if tokens[j].clause != tokens[i].clause:
                return False
            if tokens[j].word in acting:
                return True
            if tokens[j].word not in _MODAL:
                return False
        return False

    return frozenset(i for i in person if seeks(i))


_IS = frozenset({"am", "is", "are"})
_A = frozenset({"a", "an"})
_AMOUNT = frozenset({"bit", "little", "lot", "touch"})


def _says_who(tokens: Sequence[Token], triggers: Triggers, start: int) -> bool:
    """Whether a clause opens by saying who someone is: "I'm a hairdresser", not "I'm a bit"."""
    if start + 3 >= len(tokens) or start not in triggers.words["person"]:
        return False
    be, article, what = (tokens[start + k].word for k in range(1, 4))
    return be in _IS and article in _A and what not in _AMOUNT


_LIKE = frozenset({"like", "as"})
_A_OR_AN = frozenset({"a", "an", "the"})


_ONTO = frozenset({"on", "onto", "into", "at", "over", "against"})
"""Ending an action told of a thing or animal, before a person it was done to ("jumped on her")."""
_AGAIN = frozenset({"again"})
"""After what is supposed ("if a bone broke again"), a time to come, not now."""
_ANIMAL_PARTS = frozenset(words_of("paw paws tail hoof hooves wing wings claw claws trotter"))
"""Parts of an animal: "her" before one is the animal's ("weight on her paw")."""
_BELIEVING = frozenset({"thought", "assumed", "presumed", "figured", "hoped", "reckoned"})
BELIEF_REACH = 3
"""Words before an ending or a cause within which a belief makes it only believed."""
_I_ME = frozenset({"i", "me", "myself"})
"""The writer as the one something is told of ("it's me that's shattered"), not as an owner."""
_AS_WELL = frozenset({"too", "also", "both", "so"})
"""Words that may say the writer shares an illness ("so do I", "me too"); "so" is read so
wherever it stands, which keeps the carer's rule rare rather than wrong."""
_FORWARDED = frozenset({"fwd", "forwarded", "forwarding", "quote", "quoting", "texted", "wrote"})
"""Words telling that a message passes on someone else's words."""
_SPEAKING = frozenset(
    words_of("says said say thinks think thought reckons reckon reckoned believes believe tells")
)
"""After a person, words that make them the one who tells, not the one told of."""
_POINTING_BACK = frozenset(
    {"she", "her", "hers", "herself", "he", "him", "his", "himself", "they", "them", "their"}
)
"""Person words that point back to someone already named, rather than name someone new."""


def _likened(tokens: Sequence[Token], start: int) -> bool:
    """Whether the words at `start` are a likeness: "like a", "as a", "like"."""
    words = [tokens[i].word for i in range(max(0, start - 2), start)]
    return bool(words) and (words[-1] in _LIKE or (words[-1] in _A_OR_AN and words[0] in _LIKE))


def _answered_no(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """A short question answered "no" in a clause of its own ("Fallen? No. Any pain? None.")
    or at its end, as a checklist is filled in: "leg swollen no. red no."
    """
    clause = triggers.clause(hit.clause)
    if len(clause) > SHORT_CLAUSE:
        return False
    if max(clause) == hit.end and tokens[hit.end].word in _BARE_NO:
        return True
    answer = triggers.clause(hit.clause + 1)
    if answer:
        # "Fever? Nope, just wondering": the answer is the first stretch before a comma,
        # unless what follows turns on it ("Swollen? No, but it's red and hot").
        whole = answer
        answer = _around(tokens, frozenset({min(answer)})) & whole
        rest = whole - answer
        if rest and min(rest) in triggers.words["termination"]:
            return False
    denial = triggers.words["negation"] | triggers.words["negation_after"]
    said = {i for i in answer if tokens[i].word not in SURELY}
    return (
        0 < len(answer) <= ANSWER_WORDS
        and bool(said)
        and all(i in denial or tokens[i].word in _BARE_NO for i in said)
    )


def _asked_then_denied(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """A sign someone asked about ("the nurse asked if she'd been thirsty or weeing a lot"),
    answered with a bare no after it ("and she hasn't", "we said no to all of them", "nope,
    none"), with no yes, no turn and nothing of now in between."""
    clause = hit.clause
    asked = any(
        tokens[i].clause == clause
        and tokens[i].word in _ASKING_WORDS
        and any(t.word in _ASKED_WHAT for t in tokens[i + 1 : i + 1 + ASKED_REACH])
        for i in range(hit.start)
    )
    if not asked:
        return False
    ahead = range(hit.end, min(len(tokens), hit.end + DENIAL_REACH))
    for i in ahead:
        if tokens[i].clause > clause + 1:
            return False
        word = tokens[i].word
        if word in _YES or i in triggers.words["termination"] or i in triggers.words[NOW]:
            return False
        if (word in _BARE_NO or word in _DENYING_VERBS) and _bare(tokens, i):
            return True
    return False


def _bare(tokens: Sequence[Token], i: int) -> bool:
    """Whether a "no" or "hasn't" stands alone as an answer, not before what it denies ("no
    numbness" denies numbness only)."""
    after = i + 1
    return (
        after == len(tokens)
        or tokens[after].clause != tokens[i].clause
        or tokens[after].after_comma
        or tokens[after].word in _AFTER_BARE_NO
    )


ASKED_REACH = 3
"""Words after "asked" within which "about", "if" or "whether" says what was asked."""
DENIAL_REACH = 14
"""Words after a sign asked about within which its answer may come."""
_ASKING_WORDS = frozenset(words_of("asked asks asking ask checked checking"))
_ASKED_WHAT = frozenset(words_of("about if whether for"))
_YES = frozenset(words_of("yes yeah yep yup aye"))
_DENYING_VERBS = frozenset(words_of("hasnt havent isnt wasnt didnt doesnt dont arent werent hadnt"))
_AFTER_BARE_NO = frozenset(
    words_of("to at not none nothing nope thank thankfully luckily either really all")
)
"""Words after a bare "no" or "hasn't" that keep it an answer: "no to all of them", "she
hasn't, not at all"."""


_DENIER = frozenset({"i", "she", "he", "we", "mum", "dad"})
_NOT_HAVING = frozenset(
    tuple(words.split())
    for words in (
        "havent got", "hasnt got", "have not got", "has not got", "not got", "dont have",
        "doesnt have", "do not have", "does not have", "never had",
    )
)  # fmt: skip
_IT = frozenset({"it", "that", "them", "this", "those", "one"})
_AFTER_DENIAL = frozenset({"myself", "though", "thankfully", "luckily", "just", "now", "yet"})


def _denied_next(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """A sign asked about in a question, then denied at the start of the next clause by a
    word pointing back to it: "what can cause numb toes? I haven't got it, my group were
    talking about it"; never "I haven't got it checked", which tells of it, nor "I don't get
    it", which tells of not understanding."""
    # The sign inside the question, not told before it: "my legs have gone numb, what is
    # it? I haven't got it" tells of a new sign.
    stretch = _around(tokens, hit.positions)
    if not any(i < hit.start for i in stretch & triggers.words["new_question"]):
        return False
    answer = sorted(triggers.clause(hit.clause + 1))
    if len(answer) < 3:
        return False
    first = answer[1] if tokens[answer[0]].word in _DENIER else answer[0]
    for denial in _NOT_HAVING:
        at = first + len(denial)
        if at > answer[-1] or tuple(t.word for t in tokens[first:at]) != denial:
            continue
        if tokens[at].word not in _IT:
            continue
        if at == answer[-1] or tokens[at + 1].after_comma or tokens[at + 1].word in _AFTER_DENIAL:
            return True
    return False


def _said_to_be_well(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Someone said to have no cancer or no health problems, in the clause or one beside it:
    "Our Lily (she's 9, no health problems at all) fractured her arm"; but never a symptom
    the writer gives as their own ("my husband has no cancer; I have a fever"), unless the
    writer is the one said to be well."""
    near = {hit.clause - 1, hit.clause, hit.clause + 1}
    well = [
        s
        for s in triggers.spans["well_person"]
        if tokens[min(s)].clause in near
        and not _someone_new(tokens, triggers, max(s) + 1, hit.start)
    ]
    # "I'm the carer and my own back is sore. I'm healthy, no cancer": the writer is well.
    writer = triggers.words["writer"]
    writer_well = any(
        i in writer for s in well for i in triggers.clause(tokens[min(s)].clause) if i < min(s)
    )
    return bool(well) and (writer_well or not _the_writers(hit, tokens, triggers))


_SPREAD = frozenset({"spread", "spreading"})
_CANCER_SITES = frozenset(
    {"liver", "lung", "lungs", "lymph", "node", "nodes", "gland", "glands", "brain", "bone",
     "bones", "skin", "breast", "body"}
)  # fmt: skip
"""Where cancer spreads: "now it has spread to my liver" is the cancer's news, not a sign's."""


def _returned(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether the symptom is said to be back, later in its own sentence."""
    over = triggers.words["history"]
    return any(
        min(span) >= hit.end
        and tokens[min(span)].clause == hit.clause
        and not span & over
        and not _cancer_spread(tokens, span)
        for span in triggers.spans["returned"]
    )


def _cancer_spread(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether "it has spread" goes on to a place cancer spreads to ("to my liver")."""
    spread = [i for i in span if tokens[i].word in _SPREAD]
    if not spread:
        return False
    after = [t.word for t in tokens[max(spread) + 1 : max(spread) + 5]]
    return bool(after) and after[0] in {"to", "into"} and bool(_CANCER_SITES & set(after[1:]))


def _someone_new(tokens: Sequence[Token], triggers: Triggers, start: int, end: int) -> bool:
    """Whether a "but" or another person by name comes between: "my sister has no cancer, but
    mum's legs are numb" is mum's."""
    between = range(start, end)
    return any(
        i in triggers.words["termination"]
        or (i in triggers.words["person"] and tokens[i].word not in _POINTING_BACK)
        for i in between
    )


def _the_writers(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """The symptom's clause names the writer ("I", "my legs"), not only as whose someone
    else is ("my son") or as the one with cancer ("he hasn't got cancer, I have")."""
    writer, others = triggers.words["writer"], triggers.words["others"]
    named = {i for i in triggers.clause(hit.clause) if i < hit.end and i in writer}
    named -= _answering_a_denial(tokens, triggers)
    return any(i + 1 not in others for i in named)


def _not_the_patients(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """The writer is the one with cancer ("my Zometa", "I'm on chemo"), nobody else is said to
    be, and the symptom's clause is about someone else: "my son broke his arm at football";
    or someone else is said to have it, the writer is not, and the clause is the writer's
    alone ("my wife has bone mets... I'm shattered")."""
    writer, others = triggers.words["writer"], triggers.words["others"]
    # "My neighbour reckons this treatment will cure my secondaries": who only tells or
    # thinks something is not who it is about.
    named = {
        i
        for i in triggers.clause(hit.clause)
        if i < hit.end and i in others and not _speaking(tokens, i)
    }
    young = _young_ones(hit, tokens, triggers, named)
    writer_has_it = _cancer_said_of(tokens, triggers, writer - triggers.words[ACTING])
    if not young and _cancer_said_of(tokens, triggers, others):
        return not writer_has_it and _the_carers_own(hit, tokens, triggers)
    # "When I ring the chemo line": who calls is not said to be the one with cancer.
    # "My son": the writer's word just before someone else says only whose they are.
    return (young or writer_has_it) and bool(named) and not _the_writers(hit, tokens, triggers)


def _cancer_said_of(tokens: Sequence[Token], triggers: Triggers, people: frozenset[int]) -> bool:
    """Whether one of `people` comes just before a mention of cancer, as whom it is said of."""
    # "I have no cancer but my wife does": cancer said to be absent is nobody's, but the one
    # answering the denial has it.
    if people & _answering_a_denial(tokens, triggers):
        return True
    absent = triggers.words["well_person"]
    for span in triggers.spans["cancer"]:
        if span <= absent:
            continue
        # "I'm 52 with mets": an age between says nothing about whose it is.
        start = min(span) - WHOSE_REACH
        start -= sum(1 for i in range(max(0, start), min(span)) if tokens[i].number is not None)
        # "Hot under my hand, chemo 5 days ago": a comma closes whom it could be said of.
        stretch = _around(tokens, span)
        before = set(range(max(0, start), min(span))) & stretch
        # "My wife who has bone mets": the person before "who" is whom it is said of.
        before |= {i - 1 for i in before if i and tokens[i].word == "who"}
        if people & before:
            return True
    return False


def _answering_a_denial(tokens: Sequence[Token], triggers: Triggers) -> frozenset[int]:
    """Who answers a denial of cancer with "have", "has", "do" or "does" just after it, in the
    same clause: "I" in "he hasn't got cancer, I have", "wife" in "... but my wife does"."""
    absent = triggers.words["well_person"]
    found = set()
    for span in triggers.spans["cancer"]:
        if not span <= absent:
            continue
        end = max(span)
        for i in range(end + 2, min(end + 1 + ANSWER_REACH, len(tokens))):
            if tokens[i].word in _HAVING and tokens[i].clause == tokens[end].clause:
                found.add(i - 1)
    return frozenset(found & triggers.words["person"])


def _the_carers_own(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """A sign the carer tells of themselves alone ("I care for my wife who has bone mets...
    it's me that's shattered"): cancer is said of someone named ("he had chemo" may be a slip
    for "I"), and nobody else is in the sign's clause, before or after it ("I can't wake
    her")."""
    others = triggers.words["others"]
    relatives = frozenset(i for i in others if tokens[i].word not in _POINTING_BACK)
    if not (
        not triggers.clause(hit.clause) & others
        and _cancer_said_of(tokens, triggers, relatives)
        and _the_writer_alone(hit, tokens, triggers)
    ):
        return False
    # "I'm better, but now Rob has a temperature": the writer is not whose it is.
    owner = triggers.cast.owner(tokens, hit.start, hit.end)
    return owner is not None and owner.key == WRITER


def _the_writer_alone(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether the sign's clause tells of the writer as "I" or "me" ("it's me that's
    shattered"), in a message that quotes nobody ("Mum says: 'I've gone shivery'") and never
    says the writer may share the illness ("so do I", "me too", "both")."""
    # "Mum has bone mets and so do I", "I've got it too": the writer may have cancer as well.
    if any(t.word in _SPEAKING or t.word in _FORWARDED or t.word in _AS_WELL for t in tokens):
        return False
    return any(tokens[i].word in _I_ME for i in triggers.clause(hit.clause))


def _in_a_treatments_name(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether a word of the sign belongs to a treatment's name: the "bone" of "bone drugs"
    is no bone that broke ("my son broke his arm at football, how do bone drugs work?")."""
    return any(
        len(span) > 1
        and span & hit.positions
        and any(tokens[i].word in _TREATMENT_FORMS for i in span - hit.positions)
        for span in triggers.spans["cancer"]
    )


_TREATMENT_FORMS = frozenset(words_of("drug drugs drip drips injection injections tablet tablets"))
"""Words that make a name of the cancer class a treatment's ("bone drugs", "bone drip")."""


def _young_ones(hit: Hit, tokens: Sequence[Token], triggers: Triggers, named: set[int]) -> bool:
    """Whether a clause tells of a son, daughter or grandchild injured at play or sport ("my
    son broke his arm at rugby", "my daughter fell off her bike and broke her arm"), with no
    cancer or its treatment in it: a young relative nobody says has cancer is not whom the
    line is about. A fever or any other sign of theirs still warns."""
    young = named & triggers.words["young"]
    if not young or any(i not in young and tokens[i].word not in _POINTING_BACK for i in named):
        return False
    # The words between commas: "my son broke his arm at football, how do bone drugs work?"
    # asks of the writer's drugs after telling of the son.
    clause = _around(tokens, hit.positions) & triggers.clause(hit.clause)
    words = triggers.words
    if clause & words["cancer"] or not clause & words["pastime"] or not clause & words["injury"]:
        return False
    return any(tokens[i].word in _POINTING_BACK for i in clause if i > min(young))


def _on_a_condition(tokens: Sequence[Token], hit: Hit) -> bool:
    """Whether an "if" opens the hit's clause before it: "if her leg swells"."""
    before = range(hit.start - 1, -1, -1)
    for i in before:
        if tokens[i].clause != hit.clause:
            return False
        if tokens[i].word == "if":
            return True
    return False


def _asked_on_a_condition(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether the hit is what a question opened by "could", "would" or "will" asks may follow
    from a condition told after it, with no word of now in the clause: "could I break a bone
    if I fall?", "will my legs go weak if it presses on the nerves?". Told, not asked ("my
    back hurts if I lie down"), a sign after "if" is still now."""
    clause = triggers.clause(hit.clause)
    first = min(clause)
    if tokens[first].word not in _MODAL_ASKING or first >= hit.start:
        return False
    if clause & triggers.words[NOW]:
        return False
    return any(
        tokens[i].word == "if" and tokens[i].clause == hit.clause
        for i in range(hit.end, max(clause) + 1)
    )


def _believed(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether a span is only what someone believed ("thought it was", "assumed it was"),
    with a "but" after it in its clause."""
    first, clause = min(span), tokens[min(span)].clause
    opened = any(
        tokens[i].word in _BELIEVING and tokens[i].clause == clause
        for i in range(max(0, first - BELIEF_REACH), first)
    )
    return opened and any(t.word == "but" and t.clause == clause for t in tokens[max(span) + 1 :])


def _speaking(tokens: Sequence[Token], i: int) -> bool:
    """Whether the person at `i` is only the one saying or thinking what follows."""
    return i + 1 < len(tokens) and tokens[i + 1].word in _SPEAKING


def _mentioned(
    hit: Hit,
    tokens: Sequence[Token],
    triggers: Triggers,
    part: frozenset[int],
    signs: Mapping[int, frozenset[str]],
) -> bool:
    """A symptom named as a subject ("leaflets about bleeding", "in case of a fever", "things
    like falls"), or listed after one ("the form asks about weakness, numbness and bladder
    problems"), with nobody and nothing of now in the rest of its stretch: "a question about
    the swelling in my calf" is still someone's."""
    for span in triggers.spans["mention"]:
        if max(span) >= hit.start or not span <= part:
            continue
        if hit.start - MENTION_REACH > max(span) and not _a_list(
            tokens, range(max(span) + 1, hit.start), hit.clause, signs
        ):
            continue
        rest = frozenset(i for i in _segment(tokens, hit, part) if i > max(span))
        if not rest & (triggers.words["person"] | triggers.words[NOW]):
            return True
    return False


def _instructed(
    hit: Hit, tokens: Sequence[Token], triggers: Triggers, part: frozenset[int], *, reading: bool
) -> bool:
    """Advice about what to do if something happens, before the hit and with no word of now:
    "they told me to ring if my leg swells"; a reading told after a comma that follows the
    advice is news ("said to call if over 38, mine is 38.4")."""
    advice = [s for s in triggers.spans["instruction"] if s <= part and max(s) < hit.start]
    if reading:
        advice = [
            s for s in advice if not any(tokens[i].after_comma for i in range(max(s) + 1, hit.end))
        ]
    current = triggers.words[NOW]
    return bool(advice) and not (part - hit.positions) & current


def _over_since(
    hit: Hit, tokens: Sequence[Token], triggers: Triggers, signs: frozenset[int]
) -> bool:
    """Told in the past tense and later said to be over, with no word of now between:
    "Mum was muddled from high calcium at Easter. The drip sorted it within days."
    """
    clause = triggers.clause(hit.clause)
    if not _past_tense(tokens, triggers, clause - hit.positions, signs):
        return False
    current = triggers.words[NOW]
    for span in triggers.spans["resolved"]:
        if min(span) < hit.end:
            continue
        between = range(min(clause), min(span))
        if not any(i in current for i in between):
            return True
    return False


def _opens(tokens: Sequence[Token], i: int) -> bool:
    """Whether the word at `i` opens a clause, or what follows a comma."""
    return i == 0 or tokens[i].after_comma or tokens[i - 1].clause != tokens[i].clause


_JOINING = frozenset(words_of("but and so or"))
"""Words that may open a clause before a question: "..., but is heavy lifting safe?"."""


def _asks_after_joining(tokens: Sequence[Token], i: int, signs: frozenset[int]) -> bool:
    """Whether a question opens straight after a joining word that opens its clause ("my hip
    is fine, but is heavy lifting safe?"), naming its subject first: "but is very sleepy"
    goes on telling how someone is."""
    if i < 1 or tokens[i - 1].word not in _JOINING or not _opens(tokens, i - 1):
        return False
    j = i + 1
    if j >= len(tokens) or tokens[j].clause != tokens[i].clause:
        return False
    return j not in signs and tokens[j].word not in _DEGREE and tokens[j].word != "a"


def _listing(tokens: Sequence[Token], i: int, signs: frozenset[int]) -> bool:
    """Whether a word of being after a comma goes straight on to how someone is ("mum is off
    her food, is very sleepy"), continuing a list whose subject went before; a question names
    its subject first ("is she sleepy?", "is confusion a side effect?")."""
    if tokens[i].word not in _LIST_BEING or not tokens[i].after_comma:
        return False
    j = i + 1
    while (
        j < len(tokens)
        and tokens[j].clause == tokens[i].clause
        and (
            tokens[j].word in _DEGREE
            or (tokens[j].word == "a" and j + 1 < len(tokens) and tokens[j + 1].word in _A_BIT)
        )
    ):
        j += 1
    if j >= len(tokens) or j not in signs or tokens[j].clause != tokens[i].clause:
        return False
    word = tokens[j].word
    return word in _PLAIN_STATES or (
        _DESCRIBING.search(word) is not None and word not in _NAMES_OF_SIGNS
    )


_LIST_BEING = frozenset({"is", "are", "am"})
_DEGREE = frozenset({"very", "really", "so", "quite", "extremely", "too", "also", "still",
                     "now", "always", "constantly", "bit", "abit", "little", "more",
                     "increasingly", "totally", "completely", "dead", "proper", "that",
                     "super", "awfully"})  # fmt: skip
_A_BIT = frozenset({"bit", "little"})
"""After "a", words of degree ("is a bit confused"); otherwise "a" opens a subject."""
_DESCRIBING = re.compile(r"(?:[^aeiou]y|ed|en|less|ous|ish)$")
"""The endings of words that say how someone is ("sleepy", "confused", "swollen",
"breathless", "delirious", "feverish"), unlike the names of signs ("confusion", "fever")."""
_PLAIN_STATES = frozenset({"numb", "hot", "sick", "weak", "warm", "red", "tight", "faint",
                           "unwell", "poorly", "incontinent", "cold", "ill"})  # fmt: skip
"""Words of how someone is that have none of those endings."""
_NAMES_OF_SIGNS = frozenset({"difficulty", "agony", "injury", "blood", "bleed", "pins"})
"""Names of signs with those endings: "..., is difficulty walking a sign?" asks."""


def _had(hit: Hit, tokens: Sequence[Token], triggers: Triggers, part: frozenset[int]) -> bool:
    """Whether a problem named is said to be someone's now: a person then a word of having
    before it ("mum has", "I think I've got"), "this" or "it" with one ("could this be"),
    a place on someone after it ("a clot in my leg"), a suspicion noted at the start of a
    clause ("Query DVT L calf"), or a message too short to say more."""
    if len(tokens) <= NAME_ALONE:
        return True
    if _may_come(tokens, hit):
        return False
    noted = hit.start - 1
    if noted in triggers.words["suspicion"] and _opens(tokens, noted):
        return True
    before = sorted(i for i in part if hit.start - HAVING_REACH <= i < hit.start)
    having = triggers.words["having"]
    people = [
        i
        for i in before
        if i in triggers.words["person"] and not (i and tokens[i - 1].word in _PREVENTING)
    ]  # "will it stop me getting fractures?" asks about preventing them
    # "Explain me what is hypercalcaemia": a word that asks between the person and the
    # having makes the person the one who asks, not the one who has it.
    if any(
        p < i and not any(tokens[j].word in QUESTION_WORDS for j in range(p + 1, i))
        for p in people
        for i in before
        if i in having
    ):
        return True
    if any(i in triggers.words["pointer"] for i in before) and any(i in having for i in before):
        return True
    after = range(hit.end, min(len(tokens), hit.end + NAME_PLACE_REACH))
    places = [i for i in after if i in triggers.words["place"] and tokens[i].clause == hit.clause]
    return any(
        j in triggers.words["person"]
        for i in places
        for j in range(i + 1, min(len(tokens), i + 3))
        if tokens[j].clause == hit.clause
    )


_JOINS = frozenset({"or", "nor"})
_LISTING = _JOINS | {"and"}
"""Words that join the items of a list (commas are read apart from words)."""


def _or_any(tokens: Sequence[Token], triggers: Triggers, hit: Hit) -> bool:
    """Whether "or any" opens the hit after a negation, which goes on through it: "never had
    a fracture or any trouble walking"."""
    joined = hit.start - 2
    if joined < 0 or tokens[hit.start - 1].word != "any" or tokens[joined].word not in _JOINS:
        return False
    return any(
        tokens[max(span)].clause == hit.clause
        and not _interrupted(tokens, triggers, range(max(span) + 1, joined), hit.clause)
        for span in triggers.before("negation", joined, NEGATION_REACH)
    )


def _listed(
    tokens: Sequence[Token], between: range, hit: Hit, signs: Mapping[int, frozenset[str]]
) -> bool:
    """Signs of one problem listed under one negation, "or" closing the list: "her legs
    aren't swollen, red or hot". Signs of another problem ("no fever, swollen or red leg")
    or any other word between ("no fever, my leg is swollen") end the negation as before."""
    owner = hit.phrase.owner
    words = range(between.start, min(len(tokens), between.stop + 2))
    if not any(tokens[i].word in _JOINS for i in words if tokens[i].clause == hit.clause):
        return False
    return all(
        tokens[i].clause == hit.clause
        and (tokens[i].word in _JOINS or signs.get(i) == frozenset({owner}))
        for i in between
    )


def _a_list(
    tokens: Sequence[Token], between: range, clause: int, signs: Mapping[int, frozenset[str]]
) -> bool:
    """Whether the words between are only signs (of any problem) and the words that join a
    list, in one clause: "weakness, numbness and" before "bladder problems"."""
    return all(
        tokens[i].clause == clause and (tokens[i].word in _LISTING or i in signs) for i in between
    )


def _qualifies(span: frozenset[int], own: frozenset[int]) -> bool:
    """A history phrase that ends on the symptom's own word, qualifying it: "an old break"."""
    return max(span) in own and min(span) not in own


def _turns_to(tokens: Sequence[Token], i: int, hit: Hit) -> bool:
    """Whether the word ending a history phrase is a now that opens the hit's own words, with
    nothing but a few words between ("healed now my calf is swollen")."""
    return (
        tokens[i].word in TURNING
        and hit.start - i <= AFTER_REACH
        and not any(tokens[k].after_comma for k in range(i + 1, hit.start + 1))
    )


def _told_over(
    hit: Hit,
    tokens: Sequence[Token],
    histories: Sequence[frozenset[int]],
    after_only: frozenset[frozenset[int]],
) -> bool:
    """Whether words that say a thing is over follow the hit closely in its clause ("the
    break has mended"), so they speak of that very hit."""
    return any(
        s in after_only
        and hit.end <= min(s) <= hit.end + AFTER_REACH - 1
        and all(tokens[i].clause == hit.clause for i in range(hit.end, min(s) + 1))
        for s in histories
    )


def _told_in_the_past(
    tokens: Sequence[Token],
    triggers: Triggers,
    hit: Hit,
    part: frozenset[int],
    signs: frozenset[int],
) -> bool:
    """Whether the hit's part, up to the end of its stretch between commas, is told in the
    past. "He fell and now can't stand" tells the sign after "and now"."""
    last = max(_around(tokens, hit.positions))
    return _past_tense(tokens, triggers, (i for i in part if i <= last), signs)


def _supposed(hit: Hit, tokens: Sequence[Token], triggers: Triggers, part: frozenset[int]) -> bool:
    """Whether a problem's name is only supposed, by an "if" in its clause that a question
    opens ("how do I know if I have an infection", "what do I do if she has a clot"): no one
    is said to have it. Doubt is not supposing ("not sure if mum has sepsis", "if I think
    I've got a clot"), nor is naming what is there ("what if it's a clot")."""
    for i in range(min(part), hit.start):
        if tokens[i].word != "if" or tokens[i].clause != hit.clause:
            continue
        between = range(i + 1, hit.start)
        if any(tokens[j].word in _DOUBTING or j in triggers.words["pointer"] for j in between):
            continue
        opening = min(triggers.clause(hit.clause) & part)
        if tokens[opening].word in _ASKS_FIRST and i > opening and tokens[i - 1].word != "what":
            return True
    return False


_MEANS = frozenset({"mean", "means"})
_COUNTS = frozenset(words_of("count counts counted class classed classified as would"))
"""Words asking what something counts as: of a reading when "that" or "it" points back to it."""
_POINTING_TO_IT = frozenset({"that", "it", "this", "thats"})


def _asked_of_the_reading(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether words after a reading ask what that reading means ("does 38.2 mean...") or,
    pointing back to it, what it counts as ("37.6, is that classed as high?")."""
    words = {tokens[i].word for i in span}
    if words <= _MEANS:
        return True
    first = min(span)
    return words <= _COUNTS and any(
        tokens[i].word in _POINTING_TO_IT for i in range(max(0, first - 2), first)
    )


_BEING_SAID = frozenset({"be", "is"})
_CAUSE_WORDS = frozenset(words_of("from due down caused because related linked result"))
_DOUBTING = frozenset(
    {"think", "thinks", "thought", "reckon", "reckons", "suspect", "suspects", "might", "may",
     "could", "maybe", "probably", "possibly", "worried", "scared", "feel", "feels"}
)  # fmt: skip
"""Words that, between "if" and a problem's name, tell a suspicion of it now."""
_ASKS_FIRST = frozenset(
    {"how", "what", "whats", "when", "who", "which", "where", "should", "can", "do", "does",
     "will", "would", "is"}
)  # fmt: skip
"""Words opening a question whose "if" supposes: "how do I know if", "what do I do if"."""


def _past_tense(
    tokens: Sequence[Token], triggers: Triggers, told: Iterable[int], signs: frozenset[int]
) -> bool:
    """Whether some word told is a past tense: a word of the lexicon's class ("had", "was"),
    a common irregular one ("broke"), or a verb ending "-ed" ("swelled", "vomited"), but not
    a sign's word that tells a state ("muddled", "tired")."""
    past = triggers.words["past"]
    # "My wife noticed my calf is swollen": the noticing is past, what she saw is now.
    noticing = triggers.words["observer"] - past
    return any(
        i in past
        or (
            i not in noticing
            and (
                tokens[i].word in _IRREGULAR_PAST
                or (
                    len(tokens[i].word) > 4
                    and tokens[i].word.endswith("ed")
                    and not (i in signs and tokens[i].word in _STATES_IN_ED)
                )
            )
        )
        for i in told
    )


_STATES_IN_ED = frozenset(
    {"muddled", "confused", "tired", "exhausted", "bloated", "dazed", "disoriented",
     "disorientated", "constipated", "dehydrated", "drained", "winded", "worried", "scared"}
)  # fmt: skip
"""Signs' words that end like a past tense but tell how someone is: "thirsty and muddled"."""
# Only forms that are never also the present or a side ("put", "hurt", "left" are not here).
_IRREGULAR_PAST = frozenset(
    {"broke", "fell", "felt", "came", "gave", "took", "found", "told", "said", "began",
     "became", "caught", "lost", "thought", "knew", "woke", "slept", "ate", "drank", "wore",
     "bled", "swam", "rode", "drove"}
)  # fmt: skip


def _dated_next(
    tokens: Sequence[Token], triggers: Triggers, hit: Hit, part: frozenset[int]
) -> bool:
    """Whether the stretch after the hit's, between commas or opening the next sentence,
    names what it was and when ("kept nodding off, that was high calcium two years ago"), or
    just when ("I was so confused and thirsty. That was in May.")."""
    start = max(_around(tokens, hit.positions)) + 1
    if start + 2 >= len(tokens):
        return False
    if start not in part and tokens[start].clause != hit.clause + 1:
        return False
    if tokens[start].word not in _BACK or tokens[start + 1].word not in _WAS:
        return False
    named = start + 2
    while named < len(tokens) and tokens[named].word in _NAMING:
        named += 1
    # "Legs keep giving way, that was cord compression last year": a sign going on now is
    # likened to that time, not dated by it.
    going_on = (triggers.words[NOW] & part) - hit.positions
    if any(tokens[i].word not in _PAST_HABIT for i in going_on):
        return False
    following = _around(tokens, frozenset({start}))
    histories = [s for s in triggers.spans["history"] if s <= following]
    names = triggers.spans["condition_name"]
    named_then = any(min(s) == named for s in names) and bool(histories)
    return named_then or any(min(s) == named for s in histories)


_OTHER_THAN = frozenset({"otherwise", "apart", "besides", "except"})
_NAMING = frozenset({"the", "my", "her", "his", "a", "an", "from", "due", "to", "because", "of"})
_PAST_HABIT = frozenset({"kept", "used"})
"""Words of going on that are themselves past: "kept nodding off"."""


def _in_care(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether the words between commas naming a problem say its person is in hospital with
    it now ("she has a clot and is on the ward", "they kept him in with cord compression")."""
    return bool(_around(tokens, hit.positions) & triggers.words["in_care"])


def _told_apart(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether a span is the "apart from" of telling one thing apart from another."""
    first = min(span)
    return tokens[first].word == "apart" and any(
        tokens[i].word in _TELLING for i in range(max(0, first - TELL_APART_REACH), first)
    )


_TELLING = frozenset(words_of("tell tells telling told"))
TELL_APART_REACH = 3
"""Words before "apart" within which a "tell" makes it telling apart: "tell the two apart"."""


def _settled_now(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether a span is the "now" of "normal now", "healed now": it dates the ending,
    not the sign ("my calcium was high, levels are normal now")."""
    first = min(span)
    return (
        len(span) == 1
        and first > 0
        and tokens[first].word == "now"
        and (tokens[first - 1].word in SETTLED)
    )


_DAYS_PAST = frozenset(
    words_of(
        "monday tuesday wednesday thursday friday saturday sunday weekend fortnight ago "
        "january february march april june july august september october november december "
        "jan feb mar apr jun jul aug sept oct nov dec"
    )
)
"""Words that date a fever to a day gone by (a clause of its own)."""
_SEEN_TO = frozenset(
    words_of(
        "admitted iv ward assessment sepsis neutropenic hospital neutrophils cultures casualty"
    )
)
"""Words that say the team dealt with a fever: the call the policy asks for was made."""
_CALLED = frozenset(words_of("rang phoned called rung"))
_LINES = frozenset(words_of("line helpline"))
CALL_REACH = 5
"""Words from a call to the line it was made to: "rang the 24 hour line"."""
_SETTLED_AGAIN = frozenset(words_of("normal fine well home better"))
"""Words that say a fever is over."""
NORMAL_TEMPERATURE = (36.0, 37.5)
"""A reading in this range, told after a fever, says it has settled."""


def _checked_and_over(hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
    """Whether a sign told in the past was checked and has settled since ("numb bum for a
    couple of days in feb, had an MRI, a trapped nerve, all normal now"): a test after it,
    a word of settling after the test, and every word of now after the test telling of the
    settling. A fever is left to _fever_seen_to: the policy calls for it even once settled;
    a hot part of the body ("a hot swollen ankle") or a high calcium is no fever."""
    if FEVERISH_CLASSES & set(hit.phrase.classes):
        return False
    check = min((i for i in triggers.words["tested"] if i >= hit.end), default=None)
    if check is None:
        return False
    # Told before the test, from the sign's own clause on: "her bloods were fine last week"
    # after a sign dates the test, not the sign, and a word of now there, or a present
    # "is/are" in the sign's clause ("my legs are numb. Scan on Monday was clear"), keeps
    # the sign now.
    clause = triggers.clause(hit.clause)
    before = frozenset(i for i in range(min(clause), check))
    own_clause = before & clause
    # "Constantly thirsty last month": a word of how a sign went is no word of now.
    # A now in the check's own later clause ("Now the blood is normal") tells of the check.
    checked = triggers.clause(tokens[check].clause) - clause
    now_before = {
        i for i in (before - checked) & triggers.words[NOW] if tokens[i].word not in _MANNER
    }
    if now_before or any(tokens[i].word in _PRESENT_BEING for i in own_clause):
        return False
    # Dated in its own clause or the next before the test ("numb bum (sorry!) for a couple of
    # days in feb, ... had an MRI"); a past tense only in its own clause: "Numb legs. Had a
    # scan on Monday, fine" tells of the scan in the past, not the legs.
    near = before & (clause | triggers.clause(hit.clause + 1))
    dated = any(
        tokens[i].word in _DAYS_PAST
        or tokens[i].word in _LAST
        or (tokens[i].word == "back" and i > 0 and tokens[i - 1].word in _PERIODS)
        for i in near
    )
    if not (dated or _past_tense(tokens, triggers, own_clause - hit.positions, hit.positions)):
        return False
    later = range(check + 1, len(tokens))
    settled = {i for i in later if tokens[i].word in _SETTLED_AFTER_CHECK} | {
        i for s in triggers.spans["resolved"] if min(s) > check for i in s
    }
    if not settled:
        return False
    # A question after ("can it come back?") or a time to come ("I'm due my Zometa again
    # soon") tells of no sign now.
    calm_clauses = (
        {tokens[i].clause for i in settled}
        | {tokens[min(s)].clause for s in triggers.spans["asking"] if min(s) > check}
        | {tokens[i].clause for i in triggers.words["future"] if i > check}
    )
    return all(
        tokens[i].clause in calm_clauses for i in triggers.words[NOW] if i > check
    ) and not any(min(s) > check for s in triggers.spans["returned"])


_SETTLED_AFTER_CHECK = SETTLED | frozenset(words_of("regular"))
"""Words that say a sign has settled, told after a check: "I'm regular again"."""
_MANNER = frozenset(words_of("constantly kept worse new suddenly"))
"""Words of now that may tell how a sign went rather than when: "I kept being sick" ("I keep
being sick" is now)."""
_PRESENT_BEING = frozenset(words_of("is are am isnt arent"))
"""Being in the present: a sign told with it is there now, whatever was checked before."""
_LAST = frozenset(words_of("last ago"))
"""Words that date a sign before now with a number or a period: "last month", "2 weeks ago"."""
_PERIODS = frozenset(words_of("days weeks months"))
"""Periods after which "back" dates ("two weeks back"), not a part of the body."""


def _fever_seen_to(tokens: Sequence[Token], triggers: Triggers, hit: Hit) -> bool:
    """Whether a fever or reading is dated to a day gone by, the team treated it, and a
    later normal reading or word says it is over ("temp 38.2 on Saturday, IV antibiotics,
    home Monday, back to 36.6"). The clinical policy asks for a call straight away, even once
    it settles; a fever the team has seen to and that has settled since is history."""
    if not any(tokens[i].word in _DAYS_PAST for i in triggers.clause(hit.clause)):
        return False
    later = range(hit.end, len(tokens))
    # "... rang the 24hr line and went in": the call the policy asks for, made.
    called = any(
        tokens[i].word in _CALLED
        and any(tokens[j].word in _LINES for j in range(i + 1, min(i + CALL_REACH, len(tokens))))
        for i in later
    )
    if not called and not any(tokens[i].word in _SEEN_TO for i in later):
        return False
    low, high = NORMAL_TEMPERATURE
    return any(
        tokens[i].word in _SETTLED_AGAIN or low <= (tokens[i].number or 0.0) < high for i in later
    )


def _segment(tokens: Sequence[Token], hit: Hit, part: frozenset[int]) -> frozenset[int]:
    """The words of a stretch between the commas around a hit, within its part."""
    return _around(tokens, hit.positions) & part


def _stretch(tokens: Sequence[Token], triggers: Triggers, hit: Hit) -> frozenset[int]:
    """The part of the hit's clause between terminations ("but", "although", or a new
    question after a comma) around it. An ending after "but" that points back ("but it's
    fine now") belongs to it, unless the hit is a fever or a reading, which still calls once
    settled."""
    stops = triggers.words["termination"]
    questions = triggers.words["new_question"]

    def starts_question(i: int) -> bool:
        return tokens[i].after_comma and i in questions

    def looks_back(i: int) -> bool:
        """'But that was years ago', 'and I'm fine now': the words after "but" or "and" are
        about what came before."""
        if i + 2 < len(tokens) and tokens[i + 1].word in _BACK and tokens[i + 2].word == "was":
            return True
        after = i
        while after in stops:
            if tokens[after].word in _OTHER_THAN:
                return False  # "but otherwise fine now" tells of everything else
            after += 1
        pointing = (
            after in triggers.words["pointer"]
            or after in triggers.words["person"]
            or (after < len(tokens) and tokens[after].word in _BACK_TO_IT)
        )
        if (
            pointing
            # A reading's hit has no phrase text of its own.
            and hit.phrase.text
            # A fever's own words: "high" in "calcium high" or "hot" in "leg hot" are not one.
            and not (
                hit.positions & triggers.words[FEVERISH]
                and not FEVERISH_CLASSES.isdisjoint(hit.phrase.classes)
            )
            and (
                _past_tense(tokens, triggers, range(low, i), hit.positions)
                # "look swollen but they're always like this": so since long before now.
                or (after + 1 < len(tokens) and tokens[after + 1].word in _ALWAYS)
            )
        ):
            after += 1  # "was swollen but it's fine now", "had a fall but she's well now"
        return any(min(s) == after for s in triggers.spans["history_after"])

    def starts_telling(i: int) -> bool:
        """'How do you tell if it's a clot, I'm breathless': someone said to be something
        after a comma tells of now, out of reach of the question before it."""
        return (
            tokens[i].after_comma
            and tokens[i].word in _TELLING_SUBJECTS
            and i + 1 < len(tokens)
            and tokens[i + 1].word in _TELLING_VERBS
        )

    low = hit.start
    while (
        low > 0
        and tokens[low - 1].clause == hit.clause
        and low - 1 not in stops
        and not starts_question(low)
        and not starts_telling(low)
    ):
        low -= 1
    high = hit.end
    while (
        high < len(tokens)
        and tokens[high].clause == hit.clause
        and (high not in stops or looks_back(high))
        and not starts_question(high)
    ):
        high += 1
    return frozenset(range(low, high))


_TELLING_SUBJECTS = frozenset({"i", "she", "he", "we"})
_TELLING_VERBS = frozenset({"am", "is", "are", "have", "has", "keep", "keeps", "cant", "feel"})
"""After a subject opening a stretch, verbs that tell how someone is: "I'm", "she keeps"."""


_HAPPENING = frozenset(words_of("happened happening happens"))
"""Words that tell something pointed back to is going on: "it's happened 3 times today"."""
_TODAY = frozenset(words_of("today tonight now currently"))
"""Words that date a claim to now against a treatment still to come ("mine is agony today")."""


_DENIED_BACK = frozenset(words_of("any one it them that those this anything either none ones"))
"""Words after a denial that point back to what was asked: "I have not got any"."""


def _points_back_after(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether a denial points back to what was asked, closely or by ending its clause."""
    end = max(span)
    following = [i for i in range(end + 1, end + 3) if i < len(tokens)]
    if not following or tokens[following[0]].clause != tokens[end].clause:
        return True
    return any(tokens[i].word in _DENIED_BACK for i in following)


def _ended_next(
    tokens: Sequence[Token],
    triggers: Triggers,
    hit: Hit,
    part: frozenset[int],
    signs: Mapping[int, frozenset[str]],
) -> bool:
    """Whether a sign told in the past is said to be over in the next sentence, by someone
    pointed back to ("She was muddled two weeks ago. It was treated and she is fine now.").
    A fever or a reading still calls once settled, and a next sentence with a sign of its
    own tells of that sign."""
    if hit.positions & triggers.words[FEVERISH] or not hit.phrase.text:
        return False
    following = triggers.clause(hit.clause + 1)
    pointing = triggers.words["pointer"] | triggers.words["person"]
    ended = any(
        min(s) - 1 in following
        and (min(s) - 1 in pointing or tokens[min(s) - 1].word in _BACK_TO_IT)
        for s in triggers.spans["history_after"]
    )
    if not ended or any(i in signs for i in following):
        return False
    return _told_in_the_past(tokens, triggers, hit, part, hit.positions)


def _only_ending(tokens: Sequence[Token], span: frozenset[int], ending: bool) -> bool:
    """Whether a stretch between commas is only a history ("..., nothing new"), or opens with
    an ending, perhaps after a word pointing back ("..., they're going down now I've got my
    feet up", "..., they're always like this in summer"); a time opening a stretch may
    date something else ("..., last month it was in plaster")."""
    around = _around(tokens, span)
    if around == span:
        return True
    first = min(around)
    return ending and (
        min(span) == first or (min(span) == first + 1 and tokens[first].word in _BACK_TO_IT)
    )


def _interrupted(tokens: Sequence[Token], triggers: Triggers, between: range, clause: int) -> bool:
    """A comma, a termination, "and", or a new clause between a trigger and its target."""
    for i in between:
        if i >= len(tokens) or tokens[i].clause != clause or tokens[i].after_comma:
            return True
        if i in triggers.words["termination"] or tokens[i].word == "and":
            return True
    return False
