"""What a message means, worked out in one pass: urgent symptoms there now, then the question.

1. The words are tokenised and misspellings of known words put right (tokens.py, spelling.py).
2. Red flags (phrases of urgent topics) and temperatures are found, and each is judged in its
   context: there now, denied, past, hypothetical, or another sense (context.py). Only those
   there now are urgent; when unsure, the judgement is "there now".
3. Keywords, synonyms and names are found the same way, so "I had a clot years ago" does not
   pull in the blood-clots topic. The topic with most matched words wins, helped by having a
   page that answers the kind of question asked (how often, how long...), and that page is
   chosen, with the name the person used to echo back.
4. When a page of another topic shares far more of the message's telling words (rare ones
   counting most), that page answers instead (retrieval.py): facts often sit on a page of a
   topic other than the one named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import snowballstemmer

from helpline.channels.sms_render import name_forms
from helpline.content.model import Catalog, Topic
from helpline.understanding import reuse
from helpline.understanding.context import (
    BODY_CLASSES,
    NAME_ALONE,
    Assertion,
    Triggers,
)
from helpline.understanding.patterns import (
    Hit,
    Phrase,
    Places,
    UnknownClass,
    class_words,
    single_words,
    word_before,
    words_of,
)
from helpline.understanding.retrieval import Retrieval
from helpline.understanding.temperature import readings, rooms
from helpline.understanding.tokens import Token, tokenize

OWNED_CLASSES = (*BODY_CLASSES, "line", "fever", "others")
"""Lexicon classes whose one-word members, after a name and 's, say whose the thing is ("mum's
legs", "dad's picc", "her husband's temperature"), or whose the person is ("my friend's
husband"), not that someone is something."""
OWNED_NEVER = frozenset(
    {"back", "bottom", "front", "middle", "febrile", "feverish", "lumbar", "spinal",
     "interscapular", "wipe", "wiping", "eldest", "youngest", "oldest", "he", "him", "his",
     "himself", "she", "her", "hers", "herself"}
)  # fmt: skip
"""Members of those classes that also follow "is": "the pain's back", "she's feverish", "he's
the eldest"."""
ANSWERED_WEIGHT = 0.5
"""What a topic's best-answering page adds to it, per point of that page's score."""
SETTING = 0.4
"""A topic named only as the setting of a question ("radiotherapy for bone mets") counts less."""
BACKGROUND = 0.5
"""A topic named only outside the clauses that ask, beside one named in them, counts this much."""
SIGN_ASKING = frozenset({"signs", "what-is", "why", "which", "what-to-do"})
"""Kinds of question that, asked about a sign, ask which problem it is a sign of, or what to
do about it ("what should I do if I ever notice numbness in my toes?")."""
SCENE_SAID = frozenset({Assertion.PRESENT, Assertion.NEGATED})
"""How the scene of a red flag may be said: there, or denied of a place that was fine before."""
PLACE_SAID = SCENE_SAID | {Assertion.PAST}
"""How a scene that only names a place on the body may be said: in the past as well."""
PLACE_ASKED = PLACE_SAID | {Assertion.HYPOTHETICAL}
"""How a place on the body may be said before a sign that is more than an accident: asked
about as well ("is sudden pain in the arm normal? ... now I can't grip anything")."""
PLACE_CLASSES = frozenset({"arm", "leg", "line", "bone", "back", "trunk", "chest", "bottom"})
"""Word classes that name a place on the body, not an event."""
SIGNS_SAID = frozenset({Assertion.PRESENT})
"""How the other signs of a red flag whose signs count together must be said: there."""
ASKING_SHARE = 0.5
"""A clause asks when its words of asking weigh at least this share of the clause asking most."""
TREATMENT_KIND = "treatment"
"""A treatment after "for" is what is asked about ("who is suitable for SABR?"), never the
setting; a condition there is ("radiotherapy for bone mets")."""
TREATMENT_QUESTION = "treatment"
"""The kind of question asking how something is treated."""
SETTING_WORDS = frozenset({"for", "with", "from", "in", "into", "on", "to", "after", "during"})
LIKENING = frozenset({"like", "unlike", "than", "another"})
"""Words that compare what is asked about with something else: "better than zometa", "just
another bisphosphonate"."""
LIKENED_BY = {
    "as": frozenset({"same", "thing"}),
    "to": frozenset({"similar", "compared", "compare"}),
    "with": frozenset({"compared", "compare", "comparing"}),
    "from": frozenset({"different", "differ", "differently"}),
    "of": frozenset({"type", "kind", "sort", "form", "instead"}),
}
"""Words that compare only after these: "the same as", "similar to", "different from", "a type
of"."""
NAMING_THE_SORT = frozenset({"what", "which", "whats", "the"})
"""Before "kind of", "type of": naming the sort asked about, not likening it to another."""
MANNER = frozenset({"way", "ways", "route", "kind", "sort", "job", "thing"})
"""A word between a likening and its "as" or "from": "the same way as", "a different way from"."""
COPULAS = frozenset({"is", "isnt", "are", "arent", "was"})
"""Opening "is X a Y?", these ask what X is, and Y is only what it is likened to."""
POINTERS = frozenset({"it", "they"})
POINTED_BEING = frozenset(
    {"is", "are", "was", "were", "has", "have", "feels", "feel", "looks", "look", "keeps", "got"}
)
POINT_BACK_REACH = 16
"""Words back to a part of the body that a later "it" can stand for."""
OWNERS = frozenset({"my", "her", "his", "your", "their", "our"})
"""Whose a treatment is, opening its description: "her monthly bone injection"."""
SKIPPED_BEFORE = OWNERS | {"the", "a", "an", "mum"}
"""Words passed over, walking back from a topic's words to the word they follow ("for the")."""
ACTION_KINDS = frozenset({"what-to-do"})
"""Asking for this is asking for an urgent topic's first page, its action."""
SIGNS_KIND = "signs"
"""Asking for the signs, with nothing urgent said of now, gets the topic's calm page of signs
(action first, as a condition) where it has one; else the first page, which lists them."""
GENERAL_KIND = "what-is"
GENERAL_SHARE = 0.25
""""What is" frames many questions ("what is the gap between doses?"): beside a more specific
kind of question it counts this much."""
POINTER_CLASS = "pointer"
"""The lexicon class of words pointing back at what was named: it, this, that."""
QUESTIONS_KEPT = 64
"""Questions read for a follow-up, kept so asking and answering read each once."""
ABOUT_WORD = 2.0
"""What each of a page's own "about" words in a question adds: they name that page alone, while
a kind of question ("which...") is shared by several pages of a topic."""
ASKED_ONLY_ABOUT = 1.0
"""The same, when no topic is named: one such word alone ("can I get my flu jab?") must not
choose a topic nobody named."""
SHARED_WORD = 0.75
"""What each meaningful word a question shares with a page adds to that page."""
ASKED_ONLY_MARGIN = 2.0
"""A question with no topic named goes to the topic that answers it clearly best, by this much."""
KEYWORD_BONUS = 0.25
"""A topic's own keyword outweighs a synonym or a name another topic shares."""
TEMPERATURE_CLASS = "temperature"
"""The lexicon class of words that make a nearby number a temperature."""
INJURY_CLASS = "injury"
"""The lexicon class of words telling of an injury, without which a lead does not lead."""
GENERAL_SIGN = "{unwell}"
"""The red flag that shows no problem in particular: feeling unwell."""
FALL_CLASSES = frozenset({"fall", "misstep"})
"""Lexicon classes of a fall or knock: alone with a bone they warn, unless the hurt is denied."""
FEELING = frozenset({"feel", "felt", "feeling"})
"""Words of feeling a state: "I feel hot" ("feels" is read as "feel", as every plural is)."""
FEELERS = frozenset({"i", "she", "he", "we", "they", "mum", "dad"})
"""Who may feel a state with their whole self: "I feel hot"."""
FELT_GAP = 3
"""Words between a part of the body and a state beyond which "I feel" may come between."""
UNHURT = frozenset({"fine", "ok", "okay", "alright", "unhurt", "grand", "undamaged", "intact"})
"""Words that say a bone came through a fall or knock unhurt: "my hip is fine"."""
UNHURT_REACH = 3
"""Words after a bone within which it may be said to be unhurt: "my hip is fine"."""
HURT_REACH = 12
"""Words after a fall or knock within which its hurt may be denied ("..., no pain at all")."""
REAL_WORDS_CLASS = "real_words"
"""The lexicon class of real words too rare for the spelling list, never to be corrected."""
PERSON_CLASS = "person"
"""The lexicon class of words for people ("my wife", "mum"), skipped before a setting."""
COMMON_CLASS = "common"
"""The lexicon class of words that say nothing about which page answers a question."""
REPORTING = frozenset(
    words_of("say says said told tell tells mentioned mentions used explained explains listed "
             "suggested asked reckons wrote called")
)  # fmt: skip
"""After a topic's word, these make it the one who told, not what is asked about: "the nurse
used the word hypercalcaemia" asks about too much calcium, not the nurses' line."""
HABITUAL = frozenset(words_of("keeps kept always constantly forever"))
"""Before an injury word, these tell of weakness, not of one injury: "she keeps stumbling"
(read as messages are, so "keeps" and "always" match as tokenised)."""
AGGRAVATING = frozenset(words_of("makes make making"))
AGGRAVATING_REACH = 4
"""Words after a movement that tell it makes a pain worse: "lifting the kettle makes it shoot"."""
BECAUSE = frozenset(words_of("because cos coz as since"))
FELL_BECAUSE_REACH = 4
"""Words after a fall within which "because" and then the legs that gave out are told."""
LIFTING = frozenset(words_of("lifting lifted lift lifts picking picked pick up tried to"))
"""The words of an injury that is only a lifting ("picked up", "tried to pick up")."""
GAVE = frozenset(words_of("gave give gives went go giving sudden suddenly hurt injured"))
"""Words of something giving way, at once or hurt, which make a lifting an injury ("felt it give",
"a sudden pain")."""
EXCEPTING_REACH = 2
"""Words before a topic's name in which "apart from" or "other than" sets it aside."""
RETRIEVED_SHARE = 0.4
"""A page retrieval ranks first replaces the chosen one when that scores under this share of it,"""
RETRIEVED_OWN_SHARE = 0.9
"""...and a page of the topic asked about is taken instead when it scores at least this share
of that page: a near tie is no reason to answer from another topic."""
RETRIEVED_LEAST = 3.0
RETRIEVED_WORDS = 2
"""...scoring at least this on at least this many words it shares with the message: one word
("what does X mean?" shares only "mean") never moves an answer (see retrieval.py)."""
FILLERS = frozenset(
    words_of("actually really usually normally generally typically basically exactly even")
)
"""Words that soften a question without changing what it asks ("who actually benefits?")."""
NEGATIVE_ASKING = {
    "isnt": "is", "arent": "are", "wont": "will", "cant": "can", "doesnt": "does",
    "dont": "do", "didnt": "did", "shouldnt": "should", "wouldnt": "would",
    "couldnt": "could", "hasnt": "has", "havent": "have", "wasnt": "was",
}  # fmt: skip
"""A question opened by a negative ("won't it...?") asks what the positive one asks."""
CLOSE_SECOND = 0.8
"""A second page scoring at least this share of the chosen one is sent after it: when two
pages answer about as well, the one that holds the fact is often the runner-up."""
ANSWERED_SURELY = 5.0
"""A chosen page answering the kinds asked at least this well (see _answering) keeps its place
whatever retrieval ranks first: a multi-word way of asking, or two kinds at once."""
WEIGHT = {Assertion.PRESENT: 1.0, Assertion.HYPOTHETICAL: 1.0, Assertion.PAST: 0.5}
"""How much topic words count for choosing a topic: denied or other-sense words not at all;
past ones half ("I had a clot years ago, can I have hormone therapy?")."""


@dataclass(frozen=True, slots=True)
class Meaning:
    """The matcher's reading of a message, before any wording is chosen."""

    urgent: tuple[str, ...] = ()
    """Urgent topics with a symptom there now, the one needing the fastest action first."""
    topic: str | None = None
    """The topic asked about (urgent topics included), if any."""
    page: int = 0
    part: int = 0
    """The SMS page and the part of the spoken script that answer the question asked."""
    also_page: int | None = None
    """Another page that answers exactly as well as `page`: sent too, not lost to a coin toss."""
    name: str | None = None
    """A drug or brand name the person used, as the topic shows it."""
    corrected: bool = False
    """The topic was only found after putting a misspelling right."""
    topic_words: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Asked:
    """The kinds of question a message asks, weighed, and the words it asks them with."""

    kinds: dict[str, float]
    words: frozenset[str]
    about: dict[tuple[str, int], int]
    """How many of each page's own words (topic id, page) the message holds."""
    said: tuple[tuple[str, str], ...] = ()
    """The message's meaningful words, leaving out those it asks with, each with its stem
    (cut once for every page compared)."""
    clauses: frozenset[int] = frozenset()
    """The clauses that ask something: "How often is denosumab given?" after a sentence of
    background."""


@dataclass(frozen=True, slots=True)
class _Found:
    hits: list[Hit]
    positions: frozenset[int]
    corrected: bool
    present: bool = True
    """Some word naming the topic was said of now, not only asked about or in the past."""
    past: bool = False
    """Every word naming the topic was about the past: "I had a clot two years ago"."""
    treated: bool = False
    """A treatment is named beside the urgent problem asked about, not as something had before
    nor as its cause: "is it usually an operation or radiotherapy for cord compression?" asks
    how it is treated."""
    likened: frozenset[str] = frozenset()
    """Topics named only as what another is likened to: "is Xgeva a drip like Zometa?"."""


class Understanding:
    """Everything the matcher looks for, compiled once per catalog."""

    def __init__(self, catalog: Catalog, never_correct: Iterable[str] = ()) -> None:
        self.catalog = catalog
        lexicon = catalog.lexicon
        vocabulary = reuse.Vocabulary.of(lexicon)
        self.context = reuse.context_now(vocabulary)
        self.owned = frozenset(
            form
            for kind in OWNED_CLASSES
            for member in lexicon.get(kind, ())
            if " " not in member and member not in OWNED_NEVER
            for form in (member, f"{member}s")
        )
        """Words after which a name's 's says whose (see tokenize)."""
        self._question = lru_cache(maxsize=QUESTIONS_KEPT)(self._read_question)
        self.flags = tuple(
            phrase
            for topic in catalog.topics
            if topic.urgent
            for flag in topic.red_flags
            if (phrase := _compiled(flag, topic.id, vocabulary)) is not None
        )
        owners_by_word: dict[str, set[str]] = {}
        for phrase in self.flags:
            for word in single_words(lexicon, (c for c in phrase.classes if c)):
                owners_by_word.setdefault(word, set()).add(phrase.owner)
        self.sign_words = {word: frozenset(o) for word, o in owners_by_word.items()}
        """One-word members of the classes each urgent topic's red flags name: the words a
        list of its signs may hold ("not constipated, thirsty or weak")."""
        self.pain_words = single_words(lexicon, ("pain",))
        self.bone_words = single_words(lexicon, ("bone",))
        self.state_words = single_words(lexicon, ("weak", "numb"))
        self.part_words = self.bone_words | single_words(lexicon, ("arm", "leg"))
        """Words naming a bone or limb: a place on the body a state may be said of."""
        self.leg_words = single_words(lexicon, ("leg",))
        self.giving_words = single_words(lexicon, ("crack", "break")) | GAVE
        """Words of something cracking, breaking or giving way: a lifting told with one is an
        injury."""
        self.phrases = reuse.phrases(
            (
                (text, topic.id)
                for topic in catalog.topics
                for text in (*topic.keywords, *topic.synonyms, *_name_forms(topic.names))
            ),
            vocabulary,
            exact=True,
        )
        self.keywords = {(t.id, k.lower()) for t in catalog.topics for k in t.keywords}
        self.questions = reuse.phrases(
            (
                (_pointing(text, lexicon), question.id)
                for question in catalog.questions
                for text in question.phrases
            ),
            vocabulary,
            exact=True,
        )
        # The same words on two pages of a topic are one phrase, pointing to both.
        about: dict[Phrase, list[tuple[str, int]]] = {}
        for topic in catalog.topics:
            for number, page in enumerate(topic.pages):
                for text in page.about:
                    found = reuse.phrase(text, topic.id, vocabulary, exact=True)
                    about.setdefault(found, []).append((topic.id, number))
        self.about_index = reuse.index(tuple(about), vocabulary)
        self.about_page = {id(phrase): tuple(where) for phrase, where in about.items()}
        own = {
            topic.id: frozenset(
                w
                for text in (*topic.keywords, *topic.synonyms, *_name_forms(topic.names))
                for w in _literal_words(text)
            )
            for topic in catalog.topics
        }
        self.own_words = own
        self.topic_words = frozenset().union(*own.values())
        """Words that name a topic: they choose the topic, never the page."""
        self.people = class_words(lexicon, PERSON_CLASS)
        self.common = class_words(lexicon, COMMON_CLASS)
        self.page_words = {
            topic.id: tuple(
                _stems(self._content(words_of(page.text)) - own[topic.id]) for page in topic.pages
            )
            for topic in catalog.topics
        }
        self.retrieval = Retrieval(
            {
                (topic.id, number): (
                    _stem(w)
                    for text in (page.text, *page.about, *topic.keywords, *topic.synonyms,
                                 *_name_forms(topic.names))
                    for w in self._content(_literal_words(text))
                )
                for topic in catalog.topics
                for number, page in enumerate(topic.pages)
            }
        )  # fmt: skip
        self.alarms = frozenset((t.id, 0) for t in catalog.topics if t.urgent)
        """Urgent topics' first pages: retrieval never sends a message there."""
        self.urgent_topics = frozenset(t.id for t in catalog.topics if t.urgent)
        """Topics a message is never taken away from: every page of theirs tells what to do."""
        self.name_forms = {
            topic.id: tuple(
                (name, frozenset(" ".join(words_of(form)) for form in name_forms(name)))
                for name in topic.names
            )
            for topic in catalog.topics
        }
        names = {topic.id: set(topic.names) for topic in catalog.topics}
        self.sharing = {
            topic.id: frozenset(
                other.id
                for other in catalog.topics
                if topic.kind == TREATMENT_KIND
                and other.kind != TREATMENT_KIND
                and not other.urgent
                and names[topic.id] & names[other.id]
            )
            for topic in catalog.topics
        }
        """For a treatment, the topics of other kinds naming its drugs: its side effects."""
        self.homes = {q.id: q.home for q in catalog.questions if q.home is not None}
        self.answering: dict[str, set[str]] = {}
        for topic in catalog.topics:
            for page in topic.pages:
                for kind in page.answers:
                    self.answering.setdefault(kind, set()).add(topic.id)
        self.page_text = {
            topic.id: tuple(f" {' '.join(words_of(page.text))} " for page in topic.pages)
            for topic in catalog.topics
        }
        self.temperature_words = class_words(lexicon, TEMPERATURE_CLASS)
        targets = {
            word
            for phrase in (*self.flags, *self.phrases, *self.questions)
            for part in phrase.parts
            for term in part
            for alternative in term
            for word in alternative
        }
        targets |= {w for members in lexicon.values() for text in members for w in words_of(text)}
        real = class_words(lexicon, REAL_WORDS_CLASS)
        self.speller = reuse.speller(frozenset(targets), frozenset(never_correct), real)
        service = catalog.service
        self.order = {topic_id: i for i, topic_id in enumerate(service.urgent_order)}
        self.leads = frozenset(service.urgent_leads)
        self.backdrop = frozenset(service.backdrop)
        # A treatment not yet had is still what is asked about; a denied symptom is not.
        self.treatments = frozenset(t.id for t in catalog.topics if t.kind == TREATMENT_KIND)
        self.calm_signs = frozenset(
            t.id for t in catalog.topics if any(SIGNS_KIND in p.answers for p in t.pages[1:])
        )
        """Topics with a page of signs after the first, for a question about the signs."""
        self.injury_index = reuse.index(
            reuse.phrases(
                ((text, INJURY_CLASS) for text in lexicon.get(INJURY_CLASS, ())),
                vocabulary,
                exact=True,
            ),
            vocabulary,
        )
        self.flag_index = reuse.index(self.flags, vocabulary)
        self.phrase_index = reuse.index(self.phrases, vocabulary)
        self.question_index = reuse.index(self.questions, vocabulary)

    def read(self, text: str) -> Meaning:
        """Read one message: urgent symptoms there now, and the topic and page asked about."""
        written = tokenize(text, self.owned)
        tokens = self._spelt(written)
        changed = frozenset(i for i, (a, b) in enumerate(zip(written, tokens, strict=True))
                            if a.word != b.word)  # fmt: skip
        places = Places(tokens)
        flags = [
            (p, parts) for p in self.flag_index.candidates(places) if (parts := places.find(p))
        ]
        flags += self._pointed_flags(tokens)
        signs = frozenset(
            i for _, parts in flags for hits in parts for h in hits for i in h.positions
        )
        triggers = self.context.triggers(places, signs)
        urgent = self._urgent(tokens, places, flags, triggers)
        asked = self._asked(places)
        topic, found = self._topic(tokens, places, triggers, changed, asked)
        if topic is None:
            return self._second_opinion(Meaning(urgent=urgent), tokens, asked)
        if found.treated and TREATMENT_QUESTION not in asked.kinds:
            asked = replace(asked, kinds={**asked.kinds, TREATMENT_QUESTION: 0.0})
        topic, scores = self._sharer(topic, places, asked, tokens, found)
        page = _best(scores, default=0)
        asked_for_action = (
            bool(asked.kinds.keys() & ACTION_KINDS)
            or (SIGNS_KIND in asked.kinds and topic.id not in self.calm_signs)
        ) and not found.past
        # A question of some kind ("does she need to fast before her calcium test?"), or more
        # than a bare name ("CLOT", "dvt?"), when nothing urgent is said of now: a worry ("do
        # I have a clot?") says something urgent of now, so it is not explained away.
        normal = not urgent and self._read_as_normal(found.hits, tokens, triggers)
        explain = (
            found.past
            or not found.present
            or normal
            or (not urgent and (bool(asked.kinds) or len(tokens) > NAME_ALONE))
        )
        if topic.urgent and page == 0 and explain and not asked_for_action and len(topic.pages) > 1:
            # An urgent topic named in a question, or over and done with, and nothing urgent
            # said of now: explain, without the alarm of the urgent first page.
            later = scores[1:]
            if max(later, default=0.0) > 0:
                page = 1 + later.index(max(later))
            else:
                # A reading that needs no call is answered with the signs that would.
                wanted = SIGNS_KIND if normal else GENERAL_KIND
                explains = [i for i, p in enumerate(topic.pages) if i and wanted in p.answers]
                page = explains[0] if explains else 1
        elif topic.urgent and page == 0 and explain:
            # "Who do I ring if she ever gets a high temperature?": a later page of the signs
            # and the action that answers as well tells the same action for "if", without the
            # alarm of the first.
            # It need only answer the kinds asked as well; the first page's echo of a sign's
            # word ("confused") does not make its alarm the better answer to "if".
            kinds = {k: w for k, w in asked.kinds.items() if k != GENERAL_KIND}
            told_for_if = [
                i
                for i, p in enumerate(topic.pages)
                if i
                and ACTION_KINDS | {SIGNS_KIND} <= set(p.answers)
                and _answering(kinds, p.answers) >= _answering(kinds, topic.pages[0].answers)
            ]
            page = told_for_if[0] if told_for_if else page
        part = _best([_answering(asked.kinds, p.answers) for p in topic.speech_parts], default=0)
        # "What is xgeva?" wants the first page alone; any other question that two pages
        # answer about as well gets both.
        overview = page == 0 and not asked.said and asked.kinds.keys() <= {GENERAL_KIND}
        meaning = Meaning(
            urgent=urgent,
            topic=topic.id,
            page=page,
            part=part,
            also_page=None if overview else _close(scores, page, urgent=topic.urgent),
            name=self._name(topic, tokens, found),
            corrected=found.corrected,
            topic_words=found.positions,
        )
        return self._second_opinion(meaning, tokens, asked, found.likened)

    def _sharer(
        self,
        topic: Topic,
        places: Places,
        asked: Asked,
        tokens: Sequence[Token],
        found: _Found,
    ) -> tuple[Topic, list[float]]:
        """The topic to answer from, with its page scores: the one chosen, or a topic naming
        the same drugs whose page the message's own words point to, when that answers better
        ("can bone-strengthening drugs affect your ears?" asks about their side effects,
        whose page on the ear says what to do), unless it was named only as a likeness ("is
        Xgeva a drip like Zometa?" asks about Xgeva)."""
        hits = found.hits
        best_scores = self._page_scores(topic, places, asked, tokens, hits)
        pointed = (
            {topic_id for topic_id, _ in asked.about} & self.sharing[topic.id]
        ) - found.likened
        if topic.urgent or not pointed:
            return topic, best_scores
        best, top = topic, max(best_scores, default=0.0)
        # On a tie, the page the message's words point to answers better than one they do not.
        own_pointed = (topic.id, _best(best_scores, default=0)) in asked.about
        for topic_id in sorted(pointed):
            other = self.catalog.topic(topic_id)
            scores = self._page_scores(other, places, asked, tokens, hits)
            score = max(scores, default=0.0)
            better = score > top or (score == top > 0 and not own_pointed)
            if better and (topic_id, scores.index(score)) in asked.about:
                best, top, best_scores = other, score, scores
                own_pointed = True
        return best, best_scores

    def asks(self, text: str) -> bool:
        """Whether a message asks some kind of question ("how often?", "can I...")."""
        return bool(self._question(text)[2].kinds)

    def follow_up(self, text: str, topic_id: str) -> int | None:
        """The page of a topic the person was just reading that answers a question naming no
        topic ("so I can't have tea with it?"), if the question asks something one of its
        pages answers (for an urgent topic, its action page answers what it is as well)."""
        tokens, places, asked = self._question(text)
        if not asked.kinds:
            return None
        topic = self.catalog.topic(topic_id)
        scores = self._page_scores(topic, places, asked, tokens, [])
        page = _best(scores, default=-1)
        return page if page >= 0 else None

    def _read_question(self, text: str) -> tuple[tuple[Token, ...], Places, Asked]:
        """A message's words and the kinds of question it asks, read once for both asks()
        and follow_up(), which the text line calls one after the other."""
        tokens = self._spelt(tokenize(text, self.owned))
        places = Places(tokens)
        return tokens, places, self._asked(places)

    def _pointed_flags(self, tokens: tuple[Token, ...]) -> list[tuple[Phrase, list[list[Hit]]]]:
        """Red flags told of a part of the body by "it" or "they" standing for it: "the
        swelling in her leg is nothing to worry about, it's much worse today and hot". Each is
        found with the part's word in the pointer's place, starts there, and is judged as
        written."""
        body = self.context.body_parts
        if not any(t.word in POINTERS for t in tokens) or not any(t.word in body for t in tokens):
            return []
        pointed = list(tokens)
        at: set[int] = set()
        last: int | None = None
        for i, token in enumerate(tokens):
            if token.word in body:
                last = i
            elif (
                token.word in POINTERS
                and last is not None
                and i - last <= POINT_BACK_REACH
                and i + 2 < len(tokens)
                and tokens[i + 1].word in POINTED_BEING
                and tokens[i + 1].clause == token.clause
                and tokens[i + 2].word not in SKIPPED_BEFORE  # "it was the car that was hot"
            ):
                pointed[i] = token._replace(word=tokens[last].word)
                at.add(i)
        if not at:
            return []
        places = Places(tuple(pointed))
        found: list[tuple[Phrase, list[list[Hit]]]] = []
        for phrase in self.flag_index.candidates(places):
            parts = places.find(phrase)
            if parts and len(parts) == 1 and (hits := [h for h in parts[0] if h.start in at]):
                found.append((phrase, [hits]))
        return found

    def _spelt(self, written: Sequence[Token]) -> tuple[Token, ...]:
        """The words as meant: slips of the finger corrected, numbers as written."""
        return tuple(
            t
            if t.number is not None or (word := self.speller.correct(t.word)) == t.word
            else t._replace(word=word)
            for t in written
        )

    def _second_opinion(
        self,
        meaning: Meaning,
        tokens: Sequence[Token],
        asked: Asked,
        likened: frozenset[str] = frozenset(),
    ) -> Meaning:
        """Another page, of any topic, when it shares far more of the message's telling words
        than the page chosen (retrieval.py); never for a message with something urgent now or
        with no topic named (chatter would get a page at random), never away from an urgent
        topic, never to an urgent topic's alarm page, and never from a page that answers what
        is asked in words that leave no doubt ("is xgeva a drip, or given a different way?")."""
        if meaning.urgent or meaning.topic is None or meaning.topic in self.urgent_topics:
            return meaning
        chosen = self.catalog.topic(meaning.topic).pages[meaning.page]
        if _answering(asked.kinds, chosen.answers) >= ANSWERED_SURELY:
            return meaning
        ranking = self.retrieval.rank(_stem(w) for w in self._content(t.word for t in tokens))
        # Never to what the topic asked about was only likened to ("is Xgeva a drip like Zometa?").
        skip = self.alarms | {
            (topic_id, page)
            for topic_id in likened
            for page in range(len(self.catalog.topic(topic_id).pages))
        }
        top = ranking.best(skip=skip)
        if (
            top.shared < RETRIEVED_WORDS
            or top.score < RETRIEVED_LEAST
            or ranking.score(meaning.topic, meaning.page) >= RETRIEVED_SHARE * top.score
        ):
            return meaning
        # A page of the topic asked about that retrieval ranks about as high as the top.
        own = ranking.best(skip=skip, within=meaning.topic)
        if own.score >= RETRIEVED_OWN_SHARE * top.score:
            top = own
        topic = self.catalog.topic(top.topic)
        part = _best([_answering(asked.kinds, p.answers) for p in topic.speech_parts], default=0)
        names = {name for name, _ in self.name_forms[topic.id]}
        return replace(
            meaning,
            topic=topic.id,
            page=top.page,
            part=part,
            also_page=None,
            name=meaning.name if meaning.name in names else None,
        )

    def _urgent(
        self,
        tokens: Sequence[Token],
        places: Places,
        found: list[tuple[Phrase, list[list[Hit]]]],
        triggers: Triggers,
    ) -> tuple[str, ...]:
        """Urgent topics whose red flags (`found`, with their hits) are there now, fastest
        action first."""
        owners: dict[int, set[str]] = {}  # the urgent topics each word is a sign of
        for phrase, parts in found:
            for i in (i for hits in parts for h in hits for i in h.positions):
                owners.setdefault(i, set()).add(phrase.owner)
        signs = {i: frozenset(o) for i, o in owners.items()}
        protected = frozenset(signs)
        # "Not constipated, thirsty or weak": a word of a problem's signs, found in no red flag
        # of its own, still belongs in a list of them.
        listable = {
            i: signs.get(i) or self.sign_words[t.word]
            for i, t in enumerate(tokens)
            if i in signs or t.word in self.sign_words
        }
        calm: set[int] = set()
        present: set[str] = set()
        evidence: dict[str, set[int]] = {}  # the words that showed each urgent topic
        read: set[str] = set()  # shown by a temperature reading
        rule = self.catalog.service.temperature
        # Whole phrases, so "the" and "my" of "under the arm" never make a number a reading.
        for reading in readings(tokens, triggers.words[TEMPERATURE_CLASS]):
            hit = Hit(Phrase("", rule.topic, ()), 0, reading.positions, reading.clause)
            said = self.context.judge(hit, tokens, triggers, protected, reading=True)
            # "Her temp is 36.8, which is normal" reads as denied, and is calm all the same.
            calm_anyway = said is Assertion.NEGATED and not rule.urgent(reading.celsius)
            if said is not Assertion.PRESENT and not calm_anyway:
                continue
            if rule.urgent(reading.celsius):
                present.add(rule.topic)
                read.add(rule.topic)
                evidence.setdefault(rule.topic, set()).update(reading.positions)
            else:
                calm.add(reading.clause)
                first = min(reading.positions)
                if first and tokens[first - 1].clause != reading.clause:
                    calm.add(reading.clause - 1)  # "took my temperature as asked: 36.7"
        calm |= rooms(tokens, triggers.words[TEMPERATURE_CLASS])
        kept: list[tuple[str, Hit]] = []
        # A problem's name inside a longer name of it ("cord compression" in "spinal cord
        # compression") is read as the longer one is, not again on its own.
        names = [
            (phrase.owner, h.positions)
            for phrase, parts in found
            if _literal(phrase)
            for h in parts[0]
        ]
        # "Back pain is a sign of spinal cord compression": "spinal" belongs to the name, so
        # it is no back for "pain" to be felt in.
        named = [span for span in triggers.spans["condition_name"] if len(span) > 1]
        ruled_out: set[str] = set()  # problems a test has shown not to be there
        tested = bool(triggers.words["tested"])
        for phrase, parts in found:
            judged: list[list[tuple[Hit, Assertion]]] = []
            for hits in parts:
                alive = [
                    h
                    for h in hits
                    if not (self._only_temperature(h, tokens) and h.clause in calm)
                    and not any(
                        h.positions & span and h.positions - span and not span <= h.positions
                        for span in named
                    )
                    and not (
                        _literal(phrase)
                        and any(h.positions < at for owner, at in names if owner == phrase.owner)
                    )
                    and not _unable_to_do_else(tokens, h)
                    and not self._went_to_a_state(tokens, h)
                    and not self._felt_all_over(tokens, h)
                ]  # "temp 37.2": the number says the word "temp" is not a fever
                judged.append(
                    [
                        (h, self.context.judge(h, tokens, triggers, protected, signs=listable))
                        for h in alive
                    ]
                )
            # "The swelling was checked at A&E, the scan showed no clot": a test ruled it out,
            # unless a "but" or a word of now follows, or the test is dated ("no clot on the
            # scan last month, my calf is swollen today").
            if tested and _literal(phrase):
                ruled_out.update(phrase.owner for h, a in judged[-1] if _ruled_out(h, a, triggers))
            # The last part is the symptom; parts before it set the scene ("{line} + {swollen}"),
            # and may be denied ("my port has been fine, but tonight it is swollen"), unless
            # they are signs too ("{nausea} & {tired}": "not sick, just tired" shows nothing).
            # A scene is told in words of its own: the "new" of "new pain in my arm" is no
            # scene of severity for the pain it is part of.
            scenes = [
                (part, self._scene_said(phrase, phrase.classes[n] in PLACE_CLASSES))
                for n, part in enumerate(judged[:-1])
            ]
            symptom = [
                h
                for h, a in judged[-1]
                if a is Assertion.PRESENT
                and all(
                    any(said in told and not scene.positions <= h.positions for scene, said in part)
                    for part, told in scenes
                )
            ]
            if phrase.classes and phrase.classes[-1] in FALL_CLASSES:
                # "Bumped my arm on the door, no pain at all": a knock whose hurt is denied
                # after it shows no break; any other sign of one still warns on its own.
                symptom = [h for h in symptom if not self._hurt_denied(h, tokens, triggers)]
            if symptom:
                kept += [(phrase.owner, h) for h in symptom]
                words = evidence.setdefault(phrase.owner, set())
                # A scene said not to have happened ("I haven't fallen") shows nothing.
                words.update(
                    i
                    for part in judged
                    for h, said in part
                    if said is not Assertion.NEGATED
                    for i in h.positions
                )
        # A sign after a scene ("{fall} + {pain}") reads only part of what showed it, so it
        # may be outdone but outdoes nothing: "pain" alone is no tighter reading of "chest pain".
        kept = [(owner, hit) for owner, hit in kept if owner not in ruled_out]
        whole = [(owner, hit) for owner, hit in kept if len(hit.phrase.parts) == 1]
        present |= {owner for owner, hit in kept if not _outdone(owner, hit, whole)}
        # A lead ("an injury explains the rest") leads only when the message tells of the
        # injury: legs that "won't hold her" or "won't bend" tell of none, so the usual order
        # holds and the nerve topic comes first.
        leading: set[str] = set()
        if present & self.leads:
            spans = [
                span
                for phrase in self.injury_index.candidates(places)
                for span in places.every(phrase)
                if not (min(span) and tokens[min(span) - 1].word in HABITUAL)
                and not _aggravates(tokens, span)
                and not self._fell_from_weakness(tokens, span)
                and not self._only_lifted(tokens, span)
            ]
            told = {i for span in spans for i in span}
            # An injury told as happening ("I think something's cracked") explains the rest
            # even when the lead's own signs are other words ("sudden pain in my arm").
            injured = any(
                self.context.judge(
                    Hit(Phrase("", INJURY_CLASS, ()), 0, span, tokens[min(span)].clause),
                    tokens,
                    triggers,
                    protected,
                )
                is Assertion.PRESENT
                for span in spans
            )
            leading = {t for t in present & self.leads if injured or evidence.get(t, set()) & told}
        # Feeling unwell is a sign of many problems: a topic it alone showed ("most poorly,
        # a raging thirst, weeing all the time") comes after one shown by its own signs.
        shown = read | {o for o, h in kept if h.phrase.text != GENERAL_SIGN}

        def rank(topic: str) -> tuple[bool, bool, int]:
            return topic not in leading, topic not in shown, self.order.get(topic, len(self.order))

        return tuple(sorted(present, key=rank))

    def _only_lifted(self, tokens: Sequence[Token], span: frozenset[int]) -> bool:
        """Whether an injury is only a lifting, with nothing heard or felt to give ("my arm
        swelled after lifting heavy shopping"): lifting explains a break only when something
        cracked, snapped or broke."""
        if not all(tokens[i].word in LIFTING for i in span):
            return False
        return not any(t.word in self.giving_words for t in tokens)

    def _fell_from_weakness(self, tokens: Sequence[Token], span: frozenset[int]) -> bool:
        """Whether a fall is put down to legs that gave out ("I fell because my knees didn't do
        what I told them"): weakness explains the fall, so no injury explains the rest."""
        end = max(span) + 1
        clause = tokens[end - 1].clause
        because = next(
            (
                i
                for i in range(end, min(end + FELL_BECAUSE_REACH, len(tokens)))
                if tokens[i].clause == clause and tokens[i].word in BECAUSE
            ),
            None,
        )
        if because is None:
            return False
        return any(
            tokens[i].word in self.leg_words or tokens[i].word in self.state_words
            for i in range(because + 1, min(because + 1 + FELL_BECAUSE_REACH, len(tokens)))
            if tokens[i].clause == clause
        )

    def _went_to_a_state(self, tokens: Sequence[Token], hit: Hit) -> bool:
        """Whether the hit ends on "went" that goes on to a state ("my legs just went weak"):
        the legs became weak, nothing gave way."""
        last = max(hit.positions)
        return (
            tokens[last].word == "went"
            and last + 1 < len(tokens)
            and tokens[last + 1].clause == tokens[last].clause
            and tokens[last + 1].word in self.state_words
        )

    def _felt_all_over(self, tokens: Sequence[Token], hit: Hit) -> bool:
        """Whether a part of the body and a state far from it are joined across someone
        feeling the state ("bruises on my legs and arms, and I feel hot"): the person feels
        it, not the part."""
        first, last = min(hit.positions), max(hit.positions)
        return (
            last - first > FELT_GAP
            and tokens[first].word in self.part_words
            and tokens[last - 1].word in FEELING
            and tokens[last - 2].word in FEELERS
        )

    def _hurt_denied(self, hit: Hit, tokens: Sequence[Token], triggers: Triggers) -> bool:
        """Whether a word of pain after a fall or knock, in its sentence or the next, is denied
        ("no pain at all", "doesn't hurt"), and none is told as there."""
        said = [
            self.context.judge(
                Hit(Phrase("", "", ()), 0, frozenset({i}), tokens[i].clause),
                tokens,
                triggers,
                frozenset(),
            )
            for i in range(hit.end, min(len(tokens), hit.end + HURT_REACH))
            if tokens[i].word in self.pain_words and tokens[i].clause <= hit.clause + 1
        ]
        if said:
            return all(a is Assertion.NEGATED for a in said)
        # "Tripped on the kerb and my hip is fine": the bone itself said to be unhurt.
        return any(
            tokens[i].word in self.bone_words
            and any(
                tokens[j].word in UNHURT
                for j in range(i + 1, min(len(tokens), i + 1 + UNHURT_REACH))
            )
            for i in range(hit.start, min(len(tokens), hit.end + HURT_REACH))
            if tokens[i].clause <= hit.clause + 1
        )

    @staticmethod
    def _scene_said(phrase: Phrase, place: bool) -> frozenset[Assertion]:
        """How a part before a red flag's sign may be said: signs that count together must
        be there; a scene may be denied; a place on the body may be told of in the past too
        ("my arm swelled years ago and stayed so, but today it is hot and much bigger"), or
        asked about before a sign that is no mere accident (a bone only asked about is no
        setting for a fall: "which bones break most easily? I'm careful picking up the kids")."""
        if phrase.together:
            return SIGNS_SAID
        if not place:
            return SCENE_SAID
        return PLACE_SAID if phrase.classes[-1] in FALL_CLASSES else PLACE_ASKED

    def _content(self, words: Iterable[str]) -> frozenset[str]:
        """The words that carry meaning, for comparing a question with a page."""
        # "her2" is a word; "37.5" and "3" are not.
        return frozenset(
            w
            for w in words
            if len(w) > 2 and w not in self.common and w.isalnum() and not w.isdigit()
        )

    def _asked(self, places: Places) -> Asked:
        """The kinds of question a message asks (how often, how long, side effects...), each
        weighed by the words that ask it: "how do I take" says more than "tablets"."""
        kinds, words, clauses = self._kinds(places)

        def also(other: Places) -> None:
            """Read the message again as `other`, keeping each kind's weightier reading."""
            more, more_words, more_clauses = self._kinds(other)
            for kind, weight in more.items():
                kinds[kind] = max(kinds.get(kind, 0.0), weight)
            words.update(more_words)
            clauses.update(more_clauses)

        if not FILLERS.isdisjoint(places.at):
            # "Who actually benefits?", "how do they usually treat it?": asked as without them.
            also(Places(tuple(t for t in places.tokens if t.word not in FILLERS)))
        if not NEGATIVE_ASKING.keys().isdisjoint(places.at):
            # "Won't it be weeks of radiotherapy?", "isn't surgery offered?": asked as "will it",
            # "is surgery"; only the kinds asked are read so, never the symptoms.
            tokens = places.tokens
            plain = tuple(
                t._replace(word=NEGATIVE_ASKING[t.word])
                if t.word in NEGATIVE_ASKING and (i == 0 or tokens[i - 1].clause != t.clause)
                else t
                for i, t in enumerate(tokens)
            )
            if plain != tokens:
                also(Places(plain))
        if kinds.keys() - {GENERAL_KIND} and GENERAL_KIND in kinds:
            kinds[GENERAL_KIND] *= GENERAL_SHARE
        about: dict[tuple[str, int], int] = {}
        for phrase in self.about_index.candidates(places):
            if places.find(phrase):
                for where in self.about_page[id(phrase)]:
                    about[where] = about.get(where, 0) + 1
        said = self._content(t.word for t in places.tokens) - words - self.topic_words
        said_words = tuple((w, _stem(w)) for w in said)
        return Asked(kinds, frozenset(words), about, said_words, frozenset(clauses))

    def _kinds(self, places: Places) -> tuple[dict[str, float], set[str], set[int]]:
        """Each kind of question the message's words ask, weighed, the words asking, and the
        clauses they ask in."""
        kinds: dict[str, float] = {}
        words: set[str] = set()
        weights: dict[int, float] = {}
        for question in self.question_index.candidates(places):
            parts = places.find(question)
            if parts:
                # "Not an emergency, but...", "nothing urgent": a kind denied is not asked.
                kept = [
                    h
                    for h in parts[0]
                    if not _denied_ask(places.tokens, h) and not self._describes(places.tokens, h)
                ]
                parts = [kept, *parts[1:]] if kept else []
            if parts:
                kinds[question.owner] = kinds.get(question.owner, 0.0) + question.size
                words |= {places.tokens[i].word for hit in parts[0] for i in hit.positions}
                for clause in {hit.clause for hit in parts[0]}:
                    weights[clause] = weights.get(clause, 0.0) + question.size
        # The clauses that ask most: a word of asking in the background ("since last month")
        # does not make it a question.
        most = max(weights.values(), default=0.0)
        clauses = {c for c, weight in weights.items() if weight >= ASKING_SHARE * most}
        return kinds, words, clauses

    def _describes(self, tokens: Sequence[Token], hit: Hit) -> bool:
        """Whether a one-word question hit is a treatment's description, between whose it is
        and the treatment's name ("her monthly bone injection"), not a question about it."""
        if len(hit.positions) != 1 or hit.start == 0 or hit.end >= len(tokens):
            return False
        before, after = tokens[hit.start - 1], tokens[hit.end]
        return (
            before.word in OWNERS
            and after.word in self.topic_words
            and before.clause == after.clause == hit.clause
        )

    def _read_as_normal(self, hits: list[Hit], tokens: Sequence[Token], triggers: Triggers) -> bool:
        """Whether the topic was named only by temperature words beside a reading that needs
        no call ("temp 36.8, all good"): the reading answers them."""
        if not hits or not all(self._only_temperature(h, tokens) for h in hits):
            return False
        rule = self.catalog.service.temperature
        found = readings(tokens, triggers.words[TEMPERATURE_CLASS])
        return bool(found) and not any(rule.urgent(r.celsius) for r in found)

    def _only_temperature(self, hit: Hit, tokens: Sequence[Token]) -> bool:
        """A hit on temperature words alone, which a normal reading beside it answers."""
        words = {tokens[i].word for i in hit.positions} - {"a"}
        return bool(words) and words <= self.temperature_words

    def _topic(
        self,
        tokens: Sequence[Token],
        places: Places,
        triggers: Triggers,
        changed: frozenset[int],
        asked: Asked,
    ) -> tuple[Topic | None, _Found]:
        """The topic asked about: most words matched, then a page that answers, then first."""
        hits_by_topic: dict[str, list[Hit]] = {}
        said: dict[int, float] = {}
        now: set[int] = set()
        named_in: dict[str, set[int]] = {}  # the clauses naming each topic
        for phrase in self.phrase_index.candidates(places):
            parts = places.find(phrase)
            if not parts:
                continue
            named_in.setdefault(phrase.owner, set()).update(h.clause for h in parts[0])
            # The occurrence said most plainly: "chemo years ago ... what does chemo do?"
            judged, hit = max(
                ((self.context.judge(h, tokens, triggers, frozenset(), symptom=False), h)
                 for h in parts[0]),
                key=lambda pair: WEIGHT.get(pair[0], 0.0),
            )  # fmt: skip
            weight = WEIGHT.get(judged, 0.0)
            if triggers.before("excepting", hit.start, EXCEPTING_REACH):
                continue  # "apart from pain, what else...": not what is asked about
            if _obliged(tokens, hit):
                continue  # "how long do I have to sit up?" is not "how long do I have?"
            if judged is Assertion.NEGATED and _negative_question(tokens, triggers, hit):
                weight = WEIGHT[Assertion.PRESENT]  # "can't they operate on it?" asks of it
            elif judged is Assertion.NEGATED and phrase.owner in self.treatments:
                weight = WEIGHT[Assertion.PAST]  # "never had radiotherapy: what happens?"
            if not weight:
                continue
            hits_by_topic.setdefault(phrase.owner, []).append(hit)
            for i in hit.positions:
                said[i] = min(said.get(i, 1.0), weight)
            if judged is Assertion.PRESENT:
                now.update(hit.positions)
        if asked.kinds.keys() & SIGN_ASKING and self._backdrop_only(hits_by_topic):
            # "Is being really thirsty a sign of something with bone mets?": a sign asked
            # about names the urgent problem it is a sign of.
            for phrase, hit in self._signs_asked(tokens, places, triggers):
                hits_by_topic.setdefault(phrase.owner, []).append(hit)
                named_in.setdefault(phrase.owner, set()).add(hit.clause)
                for i in hit.positions:
                    said[i] = min(said.get(i, 1.0), WEIGHT[Assertion.HYPOTHETICAL])
        if not hits_by_topic:
            topic = self._asked_only(places, asked)
            return topic, _Found([], frozenset(), False)
        # "Is Xgeva a drip like the zometa?": a topic named in both halves (the bone drugs'
        # side effects name both drugs) is not asked about by the half it is likened to.
        named = frozenset(i for hits in hits_by_topic.values() for h in hits for i in h.positions)
        for topic_id, hits in hits_by_topic.items():
            unlikened = [h for h in hits if not _likened_to(tokens, h, named)]
            if unlikened and len(unlikened) < len(hits):
                hits_by_topic[topic_id] = unlikened
        scores: dict[str, float] = {}
        first: dict[str, int] = {}
        # "Radiotherapy for bone mets": the topic after "for" is the setting, not the ask;
        # when every topic named is in a setting ("what happens with cyberknife?"), none is.
        settings = {
            topic_id: (
                self.catalog.topic(topic_id).kind != TREATMENT_KIND
                and _in_setting(
                    tokens,
                    min(hits, key=lambda h: h.start),
                    self.people,
                    asked.words - self.topic_words,
                )
            )
            # "Does Xgeva go into a vein like the bone drip does?": what it is likened to.
            or all(_likened_to(tokens, h, named) for h in hits)
            for topic_id, hits in hits_by_topic.items()
        }
        # "The nurse used the word...": a treatment "used for" pain is still what is asked.
        tellers = {
            topic_id
            for topic_id, hits in hits_by_topic.items()
            if topic_id not in self.treatments and all(_reporting(tokens, h) for h in hits)
        }
        settings.update(dict.fromkeys(tellers, True))
        # "Could my calcium supplements give me hypercalcaemia?": what may cause a named
        # problem is its setting; the problem named after "give me" is what is asked about.
        # "Can zometa lower the chance of a break?": what may prevent one is asked about.
        # A treatment is never what is caused: "does a clot make the skin change colour?"
        for span in triggers.spans["causing"]:
            causes, caused = _named_around(span, hits_by_topic, tokens)
            if causes & self.treatments and not caused & (self.treatments | self.urgent_topics):
                # "Could the Xgeva be causing the ache in my knees?": a treatment's side effect.
                settings.update(dict.fromkeys(caused, True))
            elif caused - self.treatments:
                settings.update(dict.fromkeys(causes, True))
        for span in triggers.spans["preventing"]:
            settings.update(dict.fromkeys(_named_around(span, hits_by_topic, tokens)[1], True))
        if all(settings.values()):
            settings = dict.fromkeys(settings, False)
        # "Would surgery help my bone mets?": a backdrop beside another topic, named in words
        # of its own ("spinal mets" names the spine within the backdrop's words), is a setting;
        # beside only the one who told ("the nurse said ... bone cancer?") it is what is asked.
        no_stage = self.backdrop | tellers
        for topic_id in hits_by_topic.keys() & self.backdrop:
            own = _covered(hits_by_topic[topic_id])
            if any(
                _covered(hits) - own
                for other, hits in hits_by_topic.items()
                if other not in no_stage
            ):
                settings[topic_id] = True
        # "The chemo they use in electrochemotherapy": a topic named beside one of its own
        # kinds, in words of that kind's own, is the setting of the kind that is asked about.
        for topic_id, hits in hits_by_topic.items():
            broad = self.catalog.topic(topic_id).within
            if broad in hits_by_topic and _covered(hits) - _covered(hits_by_topic[broad]):
                settings[broad] = True
        for topic_id, hits in hits_by_topic.items():
            covered = _covered(hits)
            keyword = any(
                (topic_id, " ".join(tokens[i].word for i in sorted(h.positions))) in self.keywords
                for h in hits
            )
            setting = SETTING if settings[topic_id] else 1.0
            score = sum(said[i] for i in covered) * setting + (KEYWORD_BONUS if keyword else 0)
            topic = self.catalog.topic(topic_id)
            best_page = max(self._page_scores(topic, places, asked, tokens, hits), default=0.0)
            scores[topic_id] = score + ANSWERED_WEIGHT * best_page * setting
            first[topic_id] = min(h.start for h in hits)
        # "I had radiotherapy last month. How often is denosumab given?": when the clauses that
        # ask name a topic, one named only in the background is not what is asked about.
        # A clause opened by a word that asks ("is Bonefos a chemo?") asks, of whatever kind.
        opened = {tokens[min(s)].clause for s in triggers.spans["asking"]}
        asking = {t for t in scores if named_in.get(t, set()) & (asked.clauses | opened)}
        if asking and len(asking) < len(scores):
            for topic_id in scores.keys() - asking:
                scores[topic_id] *= BACKGROUND
        # On a tie, a topic that is not urgent: urgent words only asked about, or in the
        # past, should not outweigh the question itself.
        best = max(
            scores,
            key=lambda t: (scores[t], not self.catalog.topic(t).urgent, -first[t]),
        )
        hits = hits_by_topic[best]
        covered = _covered(hits)
        present = any(i in now for i in covered)
        past = all(said[i] < 1.0 for i in covered)
        treated = self.catalog.topic(best).urgent and any(
            all(said[i] == 1.0 for i in hit.positions)
            for topic_id, others in hits_by_topic.items()
            if topic_id in self.treatments and not settings[topic_id]
            for hit in others
        )
        likened = frozenset(
            topic_id
            for topic_id, topic_hits in hits_by_topic.items()
            if all(_likened_to(tokens, h, named) for h in topic_hits)
        )
        found = _Found(hits, covered, bool(covered & changed), present, past, treated, likened)
        return self.catalog.topic(best), found

    def _backdrop_only(self, hits_by_topic: dict[str, list[Hit]]) -> bool:
        """Whether every topic named is a backdrop, or named only inside a backdrop's words
        ("spine" in "mets in my spine")."""
        backdrop = frozenset().union(
            *(
                _covered(hits)
                for topic_id, hits in hits_by_topic.items()
                if topic_id in self.backdrop
            )
        )
        return all(
            _covered(hits) <= backdrop
            for topic_id, hits in hits_by_topic.items()
            if topic_id not in self.backdrop
        )

    def _signs_asked(
        self, tokens: Sequence[Token], places: Places, triggers: Triggers
    ) -> list[tuple[Phrase, Hit]]:
        """Urgent signs a message asks about, not says of now: each with its red flag."""
        asked: list[tuple[Phrase, Hit]] = []
        for phrase in self.flag_index.candidates(places):
            parts = places.find(phrase)
            if not parts or len(parts) > 1:
                continue
            for hit in parts[0]:
                said = self.context.judge(hit, tokens, triggers, frozenset())
                if said is Assertion.HYPOTHETICAL:
                    asked.append((phrase, hit))
        return asked

    def _asked_only(self, places: Places, asked: Asked) -> Topic | None:
        """With no topic named, a question one topic answers clearly best, or the home of
        its kind ("are you open on Saturdays?" goes to the nurses), goes to that topic."""
        if not asked.kinds:
            return None
        answering = {t for kind in asked.kinds for t in self.answering.get(kind, ())}
        answering |= {topic_id for topic_id, _ in asked.about}
        scores = {
            topic_id: max(
                self._page_scores(
                    self.catalog.topic(topic_id), places, asked, (), [], about=ASKED_ONLY_ABOUT
                ),
                default=0.0,
            )
            for topic_id in answering
        }
        for kind, weight in asked.kinds.items():
            home = self.homes.get(kind)
            if home is not None and home in scores:
                scores[home] += ASKED_ONLY_MARGIN * weight
        ranked = [*sorted(scores.items(), key=lambda item: -item[1]), ("", 0.0), ("", 0.0)]
        (best, top), (_, second) = ranked[0], ranked[1]
        if top > 0 and top - second >= ASKED_ONLY_MARGIN:
            return self.catalog.topic(best)
        return None

    def _page_scores(
        self,
        topic: Topic,
        places: Places,
        asked: Asked,
        tokens: Sequence[Token],
        hits: list[Hit],
        *,
        about: float = ABOUT_WORD,
    ) -> list[float]:
        """How well each page answers: the kinds of question asked, the words it is about,
        and, among pages that answer, naming what the person named ("what is HER2?")."""
        used = {" ".join(tokens[i].word for i in sorted(h.positions)): h.positions for h in hits}
        own = self.own_words[topic.id]
        said = frozenset(stem for word, stem in asked.said if word not in own)
        scores = []
        pages = zip(topic.pages, self.page_words[topic.id], strict=True)
        for number, (page, words) in enumerate(pages):
            score = _answering(asked.kinds, page.answers)
            score += about * asked.about.get((topic.id, number), 0)
            answers = score > 0
            # Words the question shares with the page ("morning", "kidney", "skull").
            score += SHARED_WORD * len(said & words)
            if answers:
                written = self.page_text[topic.id][number]
                named = [at for name, at in used.items() if f" {name} " in written]
                # Each name once, as the page writes it in full: "spinal cord compression",
                # not also "cord" and "compression".
                score += 0.5 * sum(1 for at in named if not any(at < other for other in named))
            scores.append(score)
        return scores

    def _name(self, topic: Topic, tokens: Sequence[Token], found: _Found) -> str | None:
        """The topic's name for the drug or brand the person wrote, if they wrote one."""
        used = {" ".join(tokens[i].word for i in sorted(h.positions)) for h in found.hits}
        return next((name for name, forms in self.name_forms[topic.id] if forms & used), None)


def _unable_to_do_else(tokens: Sequence[Token], hit: Hit) -> bool:
    """Whether the hit ends on "can't" that goes on to another doing: "weeing all night, feel
    sick and can't think straight" tells of no wee that cannot come."""
    last = max(hit.positions)
    after = last + 1
    return (
        tokens[last].word in _UNABLE
        and after < len(tokens)
        and tokens[after].clause == tokens[last].clause
        and tokens[after].word in _OTHER_DOINGS
    )


_UNABLE = frozenset({"cant", "cannot", "couldnt", "unable", "wont", "wouldnt"})
_OTHER_DOINGS = frozenset(
    words_of(
        "think concentrate remember focus sleep settle relax rest eat talk speak read see hear "
        "cope believe wait understand be"
    )
)
"""What someone may be unable to do that tells of no sign the hit is made of."""


def _aggravates(tokens: Sequence[Token], span: frozenset[int]) -> bool:
    """Whether a movement is told as what makes a pain worse ("lifting the kettle makes it
    shoot through me"), not as an injury."""
    end = max(span) + 1
    return any(
        tokens[i].word in AGGRAVATING and tokens[i].clause == tokens[end - 1].clause
        for i in range(end, min(end + AGGRAVATING_REACH, len(tokens)))
    )


def _outdone(owner: str, hit: Hit, kept: list[tuple[str, Hit]]) -> bool:
    """Whether another urgent topic's hit on the same words fits them more tightly ("red
    spots on my legs" is bleeding under the skin, not a red leg), or reads every word of the
    same stretch ("can't stop weeing" is weeing too much, not being unable to wee), or reads
    on past it unbroken ("can't stand on that leg" is no weight on a leg, not weak legs)."""
    return any(
        other != owner and theirs.positions & hit.positions and _reads_better(theirs, hit)
        for other, theirs in kept
    )


def _reads_better(theirs: Hit, hit: Hit) -> bool:
    """Whether one hit is the better reading of words another hit shares with it."""
    if hit.positions > theirs.positions and (_unbroken(hit) or _reads_on(hit, theirs)):
        return False
    if theirs.positions > hit.positions and (_unbroken(theirs) or _reads_on(theirs, hit)):
        return True
    span = hit.end - hit.start
    return theirs.end - theirs.start < span or (
        theirs.end - theirs.start == span and theirs.positions > hit.positions
    )


def _unbroken(hit: Hit) -> bool:
    return len(hit.positions) == hit.end - hit.start


def _reads_on(longer: Hit, shorter: Hit) -> bool:
    """Whether the longer hit goes on from where the shorter stops, word after word ("not able
    to stand" then "on it"), or leads straight into it, whatever gaps the shorter has."""
    extra = longer.positions - shorter.positions
    return extra == frozenset(range(shorter.end, longer.end)) or extra == frozenset(
        range(longer.start, shorter.start)
    )


def _named_around(
    span: frozenset[int], hits_by_topic: Mapping[str, list[Hit]], tokens: Sequence[Token]
) -> tuple[set[str], set[str]]:
    """The topics named only before a span, and those named after it in its clause, when
    both are named (else neither): which of them is asked about depends on the span."""
    clause = tokens[max(span)].clause
    after = {
        topic_id
        for topic_id, hits in hits_by_topic.items()
        if any(h.start > max(span) and h.clause == clause for h in hits)
    }
    before = {
        topic_id
        for topic_id, hits in hits_by_topic.items()
        if topic_id not in after and all(h.end <= min(span) for h in hits)
    }
    return (before, after) if before and after else (set(), set())


def _in_setting(
    tokens: Sequence[Token], hit: Hit, people: frozenset[str], asking: frozenset[str]
) -> bool:
    """Whether a topic's words follow "for", "with", "in"...: the setting, not the ask; but
    after words that ask ("what treatments are there for pain?") they are what is asked."""

    def skipped(i: int) -> bool:
        word = tokens[i].word
        # "for my wife's bone mets" reads "wife is": a possessive, not a verb.
        owner = word == "is" and i > 0 and tokens[i - 1].word in people
        return word in SKIPPED_BEFORE or word in people or owner

    i = word_before(tokens, hit.start, skipped)
    if i is None or tokens[i].word not in SETTING_WORDS:
        return False
    return not (
        tokens[i].word == "for"
        and i > 0
        and tokens[i - 1].word in asking
        and tokens[i - 1].clause == tokens[i].clause
    )


def _likened_to(tokens: Sequence[Token], hit: Hit, named: frozenset[int]) -> bool:
    """Whether a topic's words follow "like" or "than", or end "is X a Y?" after another
    topic's words (`named`): what is asked about is compared with them."""
    i = word_before(tokens, hit.start, lambda i: tokens[i].word in SKIPPED_BEFORE)
    if i is None:
        return False
    word = tokens[i].word
    if i in named and i not in hit.positions:
        # "Is denosumab a bisphosphonate?": asks what denosumab is.
        while i > 0 and i - 1 in named and tokens[i - 1].clause == tokens[i].clause:
            i -= 1
        return i > 0 and tokens[i - 1].word in COPULAS and tokens[i - 1].clause == tokens[i].clause
    # "The same thing as the bone drip", "similar to", "different from"; but "what kind of
    # pain" asks about the pain.
    if word in LIKENING:
        return True
    if word not in LIKENED_BY or i == 0:
        return False
    if tokens[i - 1].word in LIKENED_BY[word]:
        return not (i > 1 and tokens[i - 2].word in NAMING_THE_SORT)
    # "The same way as", "a different way from": one word of manner between.
    return (
        i > 1
        and tokens[i - 1].word in MANNER
        and tokens[i - 2].word in LIKENED_BY[word]
        and tokens[i - 2].clause == tokens[i].clause
    )


def _obliged(tokens: Sequence[Token], hit: Hit) -> bool:
    """Whether a phrase ending in "have" or "got" goes on with "to" or "been": having to do
    something ("how long have I got to wait?") or how long something has gone on ("how long
    she has been on it"), not having something ("how long have I got?")."""
    if tokens[hit.end - 1].word not in _HAVING or _word_after(tokens, hit) not in _GOING_ON:
        return False
    # "How long have I got to live?" is still how long.
    return not (hit.end + 1 < len(tokens) and tokens[hit.end + 1].word in _LIVING)


_HAVING = frozenset({"have", "has", "got"})
_LIVING = frozenset({"live", "survive", "left"})
_GOING_ON = frozenset({"to", "been", "had"})
"""After "how long I have": having to do something, or how long something has gone on."""


def _reporting(tokens: Sequence[Token], hit: Hit) -> bool:
    """Whether a topic's words are followed by telling: "my nurse said", "the doctor told"."""
    return _word_after(tokens, hit) in REPORTING


_DENYING = frozenset({"not", "no", "nothing", "isnt", "never"})
_BEFORE_THE_ASK = frozenset({"a", "an", "really", "very", "that", "too"})
"""Words between a denial and the question's words it denies: "not really urgent"."""


def _denied_ask(tokens: Sequence[Token], hit: Hit) -> bool:
    """Whether a question's words are denied straight before them: "not an emergency"."""
    i = word_before(tokens, hit.start, lambda i: tokens[i].word in _BEFORE_THE_ASK)
    return i is not None and tokens[i].word in _DENYING


_ASKED_OF = frozenset(words_of("they it you i she he we there that this the my her his"))


def _negative_question(tokens: Sequence[Token], triggers: Triggers, hit: Hit) -> bool:
    """Whether the hit is in a question opened by a negative and whom it asks of ("can't
    they operate?", "isn't surgery an option?"), which asks what the positive one asks; "can't
    walk", "haven't fallen" and "don't have a temperature" open with a verb and tell."""
    first = min(triggers.clause(hit.clause))
    return (
        first < hit.start
        and tokens[first].word in NEGATIVE_ASKING
        and (
            tokens[first + 1].word in _ASKED_OF
            or (first + 1 == hit.start and tokens[first].word in COPULAS)
        )
    )


def _word_after(tokens: Sequence[Token], hit: Hit) -> str | None:
    """The word straight after a hit, in its clause, if there is one."""
    after = hit.end
    if after < len(tokens) and tokens[after].clause == hit.clause:
        return tokens[after].word
    return None


def _answering(asked: dict[str, float], answers: tuple[str, ...]) -> float:
    """How well a page or part answers what was asked: the weight of the kinds it answers."""
    return sum(1.0 + asked[a] for a in answers if a in asked)


def _compiled(flag: str, owner: str, vocabulary: reuse.Vocabulary) -> Phrase | None:
    try:
        return reuse.phrase(flag, owner, vocabulary)
    except UnknownClass:
        return None  # reported by `check` (KEY008); the other flags still work


def _pointing(text: str, lexicon: dict[str, tuple[str, ...]]) -> str:
    """A question phrase's "it" as any word pointing back ("what is that for", "is this a
    drip"), when the lexicon has them."""
    if POINTER_CLASS not in lexicon:
        return text
    return " ".join(f"{{{POINTER_CLASS}}}" if w == "it" else w for w in text.split())


def _literal_words(text: str) -> tuple[str, ...]:
    """A phrase's own words, leaving out its word classes: "how long has {someone} got"."""
    return words_of(_CLASS_SLOT.sub(" ", text))


_CLASS_SLOT = re.compile(r"\{[a-z][a-z0-9_]*\}")


def _name_forms(names: Iterable[str]) -> list[str]:
    return [form for name in names for form in name_forms(name)]


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def _stems(words: Iterable[str]) -> frozenset[str]:
    """Words cut to their stems, so "operate" meets "operation" and "breaking" meets "break"."""
    return frozenset(_stem(w) for w in words)


def _ruled_out(hit: Hit, said: Assertion, triggers: Triggers) -> bool:
    """Whether a problem's name denied beside a test ("the scan showed no clot") rules it out:
    nothing after it turns to something new, and no time dates it."""
    if said is not Assertion.NEGATED:
        return False
    turning = any(i >= hit.end for kind in ("termination", "current") for i in triggers.words[kind])
    dated = any(span & triggers.clause(hit.clause) for span in triggers.spans["history"])
    return not turning and not dated


def _literal(phrase: Phrase) -> bool:
    """Whether a red flag is words only, a problem's name ("cord compression"), no class."""
    return len(phrase.parts) == 1 and "{" not in phrase.text


def _covered(hits: list[Hit]) -> frozenset[int]:
    return frozenset(i for h in hits for i in h.positions)


def _close(scores: list[float], page: int, *, urgent: bool) -> int | None:
    """The best other page scoring nearly as well as the chosen one (CLOSE_SECOND of it), if
    it scored at all, the first on a tie; never an urgent topic's alarm page (its first)."""
    if page >= len(scores) or scores[page] <= 0:
        return None
    others = [
        (score, -i)
        for i, score in enumerate(scores)
        if i != page and score >= CLOSE_SECOND * scores[page] and not (urgent and i == 0)
    ]
    return -max(others)[1] if others else None


def _best(scores: list[float], default: int) -> int:
    """The index of the highest score, the earliest on a tie; `default` when all are zero."""
    if not scores or max(scores) <= 0:
        return default
    return scores.index(max(scores))
