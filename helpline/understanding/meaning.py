"""What a message means, worked out in one pass: urgent symptoms there now, then the question.

1. The words are tokenised and misspellings of known words put right (tokens.py, spelling.py).
2. Red flags (phrases of urgent topics) and temperatures are found, and each is judged in its
   context: there now, denied, past, hypothetical, or another sense (context.py). Only those
   there now are urgent; when unsure, the judgement is "there now".
3. Keywords, synonyms and names are found the same way, so "I had a clot years ago" does not
   pull in the blood-clots topic. The topic with most matched words wins, helped by having a
   page that answers the kind of question asked (how often, how long...), and that page is
   chosen, with the name the person used to echo back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from helpline.catalog import Catalog, Topic
from helpline.sms_render import name_forms
from helpline.understanding.context import Assertion, Context, Triggers
from helpline.understanding.patterns import Hit, Phrase, Places, UnknownClass, compile_phrase
from helpline.understanding.spelling import Speller
from helpline.understanding.temperature import readings
from helpline.understanding.tokens import Token, tokenize

ANSWERED_BONUS = 1.5
"""What it is worth to a topic to have a page answering the kind of question asked."""
KEYWORD_BONUS = 0.25
"""A topic's own keyword outweighs a synonym or a name another topic shares."""
TEMPERATURE_CLASS = "temperature"
"""The lexicon class of words that make a nearby number a temperature."""
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
    name: str | None = None
    """A drug or brand name the person used, as the topic shows it."""
    corrected: bool = False
    """The topic was only found after putting a misspelling right."""
    topic_words: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class _Found:
    hits: list[Hit]
    positions: frozenset[int]
    corrected: bool


class Understanding:
    """Everything the matcher looks for, compiled once per catalog."""

    def __init__(self, catalog: Catalog, never_correct: Iterable[str] = ()) -> None:
        self.catalog = catalog
        lexicon = catalog.lexicon
        self.context = Context(lexicon)
        self.flags = tuple(
            phrase
            for topic in catalog.topics
            if topic.urgent
            for flag in topic.red_flags
            if (phrase := _compiled(flag, topic.id, lexicon)) is not None
        )
        self.phrases = tuple(
            compile_phrase(text, topic.id, lexicon, exact=True)
            for topic in catalog.topics
            for text in (*topic.keywords, *topic.synonyms, *_name_forms(topic.names))
        )
        self.keywords = {(t.id, k.lower()) for t in catalog.topics for k in t.keywords}
        self.questions = tuple(
            compile_phrase(text, question.id, lexicon, exact=True)
            for question in catalog.questions
            for text in question.phrases
        )
        self.about = {
            topic.id: tuple(
                tuple(compile_phrase(text, topic.id, lexicon, exact=True) for text in page.about)
                for page in topic.pages
            )
            for topic in catalog.topics
        }
        self.temperature_words = frozenset(
            w for text in lexicon.get(TEMPERATURE_CLASS, ()) for w in _words(text)
        )
        targets = {
            word
            for phrase in (*self.flags, *self.phrases, *self.questions)
            for part in phrase.parts
            for term in part
            for alternative in term
            for word in alternative
        }
        targets |= {w for members in lexicon.values() for text in members for w in _words(text)}
        self.speller = Speller(targets, never_correct)
        self.order = {topic_id: i for i, topic_id in enumerate(catalog.service.urgent_order)}

    def read(self, text: str) -> Meaning:
        """Read one message: urgent symptoms there now, and the topic and page asked about."""
        written = tokenize(text)
        tokens = tuple(
            t if t.number is not None else replace(t, word=self.speller.correct(t.word))
            for t in written
        )
        changed = frozenset(i for i, (a, b) in enumerate(zip(written, tokens, strict=True))
                            if a.word != b.word)  # fmt: skip
        places = Places(tokens)
        triggers = self.context.triggers(places)
        urgent = self._urgent(tokens, places, triggers)
        topic, found = self._topic(tokens, places, triggers, changed)
        if topic is None:
            return Meaning(urgent=urgent)
        asked = {q.owner for q in self.questions if places.find(q)}
        page = self._page(topic, places, asked, tokens, found)
        part = _best([len(asked & set(p.answers)) * 2.0 for p in topic.speech_parts], default=0)
        return Meaning(
            urgent=urgent,
            topic=topic.id,
            page=page,
            part=part,
            name=self._name(topic, tokens, found),
            corrected=found.corrected,
            topic_words=found.positions,
        )

    def _urgent(
        self, tokens: Sequence[Token], places: Places, triggers: Triggers
    ) -> tuple[str, ...]:
        """Urgent topics whose red flags are there now, fastest action first."""
        found = [(p, parts) for p in self.flags if (parts := places.find(p))]
        protected = frozenset(
            i for _, parts in found for hits in parts for h in hits for i in h.positions
        )
        calm: set[int] = set()
        present: set[str] = set()
        rule = self.catalog.service.temperature
        for reading in readings(tokens, self.temperature_words):
            hit = Hit(Phrase("", rule.topic, ()), 0, reading.positions, reading.clause)
            if self.context.judge(hit, tokens, triggers, protected) is not Assertion.PRESENT:
                continue
            if rule.urgent(reading.celsius):
                present.add(rule.topic)
            else:
                calm.add(reading.clause)
        kept: list[tuple[str, Hit]] = []
        for phrase, parts in found:
            judged: list[list[tuple[Hit, Assertion]]] = []
            for hits in parts:
                alive = [
                    h for h in hits if not (self._only_temperature(h, tokens) and h.clause in calm)
                ]  # "temp 37.2": the number says the word "temp" is not a fever
                judged.append(
                    [(h, self.context.judge(h, tokens, triggers, protected)) for h in alive]
                )
            # The last part is the symptom; parts before it set the scene ("{line} + {swollen}"),
            # and may be denied ("my port has been fine, but tonight it is swollen").
            symptom = [h for h, a in judged[-1] if a is Assertion.PRESENT]
            scene = all(
                any(a in (Assertion.PRESENT, Assertion.NEGATED) for _, a in part)
                for part in judged[:-1]
            )
            if symptom and scene:
                kept += [(phrase.owner, h) for h in symptom]
        present |= {owner for owner, hit in kept if not _outdone(owner, hit, kept)}
        return tuple(sorted(present, key=lambda t: (self.order.get(t, len(self.order)), t)))

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
    ) -> tuple[Topic | None, _Found]:
        """The topic asked about: most words matched, then a page that answers, then first."""
        scores: dict[str, float] = {}
        hits_by_topic: dict[str, list[Hit]] = {}
        weights: dict[int, float] = {}
        first: dict[str, int] = {}
        for phrase in self.phrases:
            parts = places.find(phrase)
            if not parts:
                continue
            # The occurrence said most plainly: "chemo years ago ... what does chemo do?"
            weight, hit = max(
                ((WEIGHT.get(self.context.judge(
                    h, tokens, triggers, frozenset(), symptom=False), 0.0), h)
                 for h in parts[0]),
                key=lambda pair: pair[0],
            )  # fmt: skip
            if not weight:
                continue
            hits_by_topic.setdefault(phrase.owner, []).append(hit)
            for i in hit.positions:
                weights[i] = min(weights.get(i, 1.0), weight)
        for topic_id, hits in hits_by_topic.items():
            keyword = any(
                (topic_id, " ".join(tokens[i].word for i in sorted(h.positions))) in self.keywords
                for h in hits
            )
            bonus = KEYWORD_BONUS if keyword else 0.0
            scores[topic_id] = sum(weights[i] for i in _covered(hits)) + bonus
            first[topic_id] = min(h.start for h in hits)
        if not scores:
            return None, _Found([], frozenset(), False)
        asked = {q.owner for q in self.questions if places.find(q)}
        for topic_id in scores:
            topic = self.catalog.topic(topic_id)
            if asked & {a for page in topic.pages for a in page.answers}:
                scores[topic_id] += ANSWERED_BONUS
        # On a tie, a topic that is not urgent: urgent words only asked about, or in the
        # past, should not outweigh the question itself.
        best = max(
            scores,
            key=lambda t: (scores[t], not self.catalog.topic(t).urgent, -first[t]),
        )
        hits = hits_by_topic[best]
        covered = _covered(hits)
        return self.catalog.topic(best), _Found(hits, covered, bool(covered & changed))

    def _page(
        self,
        topic: Topic,
        places: Places,
        asked: set[str],
        tokens: Sequence[Token],
        found: _Found,
    ) -> int:
        """The page that answers: the kind of question asked, the words it is about."""
        used = {" ".join(tokens[i].word for i in sorted(h.positions)) for h in found.hits}
        scores = []
        for page, about in zip(topic.pages, self.about[topic.id], strict=True):
            score = 2.0 * len(asked & set(page.answers))
            score += sum(1.0 for phrase in about if places.find(phrase))
            if score:
                # Among pages that answer, the one naming the drug the person named.
                page_words = f" {' '.join(_words(page.text))} "
                score += 0.5 * sum(1 for name in used if f" {name} " in page_words)
            scores.append(score)
        return _best(scores, default=0)

    def _name(self, topic: Topic, tokens: Sequence[Token], found: _Found) -> str | None:
        """The topic's name for the drug or brand the person wrote, if they wrote one."""
        used = {" ".join(tokens[i].word for i in sorted(h.positions)) for h in found.hits}
        for name in topic.names:
            if any(" ".join(_words(form)) in used for form in _name_forms((name,))):
                return name
        return None


def _outdone(owner: str, hit: Hit, kept: list[tuple[str, Hit]]) -> bool:
    """Whether another urgent topic's hit on the same words fits them more tightly:
    "red spots on my legs" is bleeding under the skin, not a red leg."""
    span = hit.end - hit.start
    return any(
        other != owner and theirs.positions & hit.positions and theirs.end - theirs.start < span
        for other, theirs in kept
    )


def _compiled(flag: str, owner: str, lexicon: dict[str, tuple[str, ...]]) -> Phrase | None:
    try:
        return compile_phrase(flag, owner, lexicon)
    except UnknownClass:
        return None  # reported by `check` (KEY008); the other flags still work


def _name_forms(names: Iterable[str]) -> list[str]:
    return [form for name in names for form in name_forms(name)]


def _words(text: str) -> tuple[str, ...]:
    return tuple(t.word for t in tokenize(text))


def _covered(hits: list[Hit]) -> frozenset[int]:
    return frozenset(i for h in hits for i in h.positions)


def _best(scores: list[float], default: int) -> int:
    """The index of the highest score, the earliest on a tie; `default` when all are zero."""
    if not scores or max(scores) <= 0:
        return default
    return scores.index(max(scores))
