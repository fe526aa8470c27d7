"""Rules about sources: every fact traces to a named source, in the content's own words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from helpline.content import codes, fingerprints
from helpline.content.fingerprints import Fingerprint
from helpline.content.model import Catalog, Source, Topic
from helpline.content.problems import Location, Problem
from helpline.content.yamlreader import Locator

# The service's own clinical additions: a page using one must name the clinical policy.
_POLICY_FACTS = re.compile(
    r"24[- ]hour|twenty four hour|\b999\b|nine nine nine|A ?& ?E\b|A and E\b|37\.5|"
    r"thirty seven point five|Relay UK|18000|one eight zero zero zero|emergencySMS",
    re.IGNORECASE,
)


_PHONE = re.compile(r"(?<!\d)0\d{3}[ -]?\d{3}[ -]?\d{3,4}(?!\d)")


def source_problems(catalog: Catalog, where: Locator, root: Path) -> Iterator[Problem]:
    """Policies approved and stated, documents fingerprinted, facts named, wording our own."""
    prints: dict[str, Fingerprint] = {}
    for i, source in enumerate(catalog.sources):
        at = Location("sources.yaml", where.documents["sources.yaml"].line(i), None, None)
        if source.kind == "policy":
            if not source.approved_by or not source.statements:
                yield codes.POLICY_UNAPPROVED.at(
                    at,
                    f"the policy '{source.file}' needs approved_by (who approved it) and "
                    "statements (its rules, in words), so its facts can be traced",
                )
            continue
        file = fingerprints.path_for(root, source.file)
        if not file.is_file():
            yield codes.NO_FINGERPRINTS.at(
                at,
                f"no fingerprint for '{source.file}' at {fingerprints.FOLDER}/{file.name}: "
                f"run `helpline fingerprint <the document>` so copied wording can be caught",
            )
            continue
        prints[source.file] = fingerprints.read(file)
    for topic in catalog.topics:
        for field, text in _texts(topic):
            at = where.topic(topic.id, *field)
            yield from _copied(text, at, prints)
            yield from _unnamed(topic, text, at, prints, catalog.sources)
            yield from _same_number(catalog, text, at)


def _same_number(catalog: Catalog, text: str, at: Location) -> Iterator[Problem]:
    """The helpline number, wherever it is written, is written one way."""
    number = catalog.service.helpline.number
    digits = re.sub(r"\D", "", number)
    for found in _PHONE.finditer(text):
        written = found.group(0).strip()
        if re.sub(r"\D", "", written) == digits and written != number:
            yield codes.NUMBER_DIFFERS.at(
                at, f"the helpline number is written '{written}' here; write it '{number}'"
            )


def _texts(topic: Topic) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for i, page in enumerate(topic.pages):
        yield ("sms", i), page.text
    if len(topic.speech_parts) == 1:
        yield ("speech",), topic.speech
    else:
        for i, part in enumerate(topic.speech_parts):
            yield ("speech", i), part.text


def _copied(text: str, at: Location, prints: dict[str, Fingerprint]) -> Iterator[Problem]:
    """Each run of words the text shares with a source document, said once."""
    words = fingerprints.comparable(text)
    reported_until = -1
    for start, run in fingerprints.runs(words):
        if start <= reported_until:
            continue
        shared = [name for name, fp in prints.items() if fingerprints.digest(run) in fp.runs]
        if shared:
            end = start + fingerprints.RUN
            while end < len(words) and any(
                fingerprints.digest(" ".join(words[end - fingerprints.RUN + 1 : end + 1]))
                in prints[name].runs
                for name in shared
            ):
                end += 1
            reported_until = end - 1
            yield codes.COPIED_WORDING.at(
                at,
                f"'{' '.join(words[start:end])}' is {end - start} words in a row from "
                f"'{shared[0]}'; say it in your own words",
            )


def _unnamed(
    topic: Topic,
    text: str,
    at: Location,
    prints: dict[str, Fingerprint],
    sources: tuple[Source, ...],
) -> Iterator[Problem]:
    """Facts from a source the topic does not name: the clinical policy, or a document."""
    named = {s.file for s in topic.sources}
    policies = [s.file for s in sources if s.kind == "policy"]
    found = _POLICY_FACTS.search(text)
    if found and policies and not named & set(policies):
        yield codes.FACT_WITHOUT_SOURCE.at(
            at,
            f"'{found.group(0)}' comes from the service's clinical policy: add "
            f"'{policies[0]}' to this topic's source",
        )
    words = fingerprints.rare_words(fingerprints.comparable(text))
    for word in sorted(words):
        hashed = fingerprints.digest(word)
        holders = [name for name, fp in prints.items() if hashed in fp.rare]
        if holders and not named & set(holders):
            yield codes.FACT_WITHOUT_SOURCE.at(
                at,
                f"'{word}' comes from '{holders[0]}', which this topic does not name as a source",
            )
