"""What changed between two releases, readably: per topic and field, with SMS pages and spoken
parts as the text people get, and other files as line differences."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

from helpline.content.model import Catalog, Topic
from helpline.releases.snapshot import Snapshot

LIST_FIELDS = ("keywords", "synonyms", "names", "red_flags")
TEXT_FIELDS = ("title", "kind", "within")


def differences(old: Catalog, new: Catalog, before: Snapshot, after: Snapshot) -> list[str]:
    """Every difference, one line each, topics first; empty when the content is the same."""
    lines = list(_topics(old, new))
    for path in sorted(set(before.files) | set(after.files)):
        if path.startswith("topics/"):
            continue
        lines.extend(_file(path, before.files.get(path), after.files.get(path)))
    return lines


def _topics(old: Catalog, new: Catalog) -> Iterator[str]:
    was = {topic.id: topic for topic in old.topics}
    now = {topic.id: topic for topic in new.topics}
    for topic_id in sorted(was.keys() - now.keys()):
        yield f"- topic {topic_id} removed ({was[topic_id].title})"
    for topic_id in sorted(now.keys() - was.keys()):
        yield f"+ topic {topic_id} added ({now[topic_id].title})"
        for number, page in enumerate(now[topic_id].pages, 1):
            yield f"  SMS page {number}: {page.text}"
    for topic_id in sorted(was.keys() & now.keys()):
        yield from _topic(was[topic_id], now[topic_id])


def _topic(old: Topic, new: Topic) -> Iterator[str]:
    where = f"topic {old.id}"
    for name in TEXT_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            yield f"{where}: {name}: {a!r} -> {b!r}"
    for name in LIST_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            gone = [item for item in a if item not in b]
            came = [item for item in b if item not in a]
            said = ", ".join([*(f"- {x}" for x in gone), *(f"+ {x}" for x in came)])
            yield f"{where}: {name}: {said or 'reordered'}"
    if [s.title for s in old.sources] != [s.title for s in new.sources]:
        yield f"{where}: sources: {_names(old)} -> {_names(new)}"
    yield from _texts(where, "SMS page", [p.text for p in old.pages], [p.text for p in new.pages])
    for number, (a, b) in enumerate(zip(old.pages, new.pages, strict=False), 1):
        if a.answers != b.answers or a.about != b.about:
            yield f"{where}: SMS page {number} answers {list(b.answers)}, about {list(b.about)}"
    old_parts = [p.text for p in old.speech_parts]
    new_parts = [p.text for p in new.speech_parts]
    yield from _texts(where, "spoken part", old_parts, new_parts)


def _texts(where: str, what: str, old: Sequence[str], new: Sequence[str]) -> Iterator[str]:
    for number in range(1, max(len(old), len(new)) + 1):
        a = old[number - 1] if number <= len(old) else None
        b = new[number - 1] if number <= len(new) else None
        if a == b:
            continue
        yield f"{where}: {what} {number}:"
        if a is not None:
            yield f"  - {a}"
        if b is not None:
            yield f"  + {b}"


def _names(topic: Topic) -> str:
    return ", ".join(source.title for source in topic.sources)


def _file(path: str, old: str | None, new: str | None) -> Iterator[str]:
    if old == new:
        return
    if old is None:
        yield f"+ {path} added"
        return
    if new is None:
        yield f"- {path} removed"
        return
    if path.startswith("fingerprints/"):
        yield f"{path}: changed"
        return
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), f"{path} before", f"{path} after", n=1, lineterm=""
    )
    yield from lines
