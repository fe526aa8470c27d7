"""Reading the content folder into a Catalog, collecting every schema problem on the way."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpline.content import codes
from helpline.content.loading_language import (
    read_cases,
    read_glossary,
    read_lexicon,
    read_questions,
)
from helpline.content.loading_voice import read_voice
from helpline.content.model import (
    TOPIC_KINDS,
    Catalog,
    Helpline,
    OpeningHours,
    Page,
    Replies,
    Service,
    Source,
    SpeechPart,
    TemperatureRule,
    Topic,
    TopicKind,
)
from helpline.content.problems import Location, Problem
from helpline.content.yamlreader import TOPIC_ID, Locator, Reader, describe
from helpline.content.yamlsource import YamlDocument, YamlError, read_yaml

PACKAGED_CONTENT = Path(__file__).resolve().parent.parent / "packaged_content"
TOPIC_FIELDS = (
    "id",
    "title",
    "kind",
    "keywords",
    "synonyms",
    "names",
    "within",
    "red_flags",
    "sms",
    "speech",
    "source",
)
TOPIC_REQUIRED = tuple(f for f in TOPIC_FIELDS if f not in ("names", "within"))
PAGE_FIELDS = ("text", "answers", "about")
PART_FIELDS = ("text", "answers")
SERVICE_FIELDS = (
    "name",
    "helpline",
    "emergency_number",
    "relay",
    "disclaimer",
    "temperature",
    "urgent_order",
    "urgent_leads",
    "backdrop",
    "menu",
    "replies",
)
TEMPERATURE_FIELDS = ("at_or_above", "below", "topic", "source")
HELPLINE_FIELDS = (
    "number",
    "spoken_number",
    "hours",
    "spoken_hours",
    "timezone",
    "opening",
    "source",
)
REPLY_FIELDS = tuple(Replies.__dataclass_fields__)
SOURCE_FIELDS = (
    "file",
    "title",
    "kind",
    "approved_by",
    "statements",
    "last_reviewed",
    "next_review",
)
SOURCE_REQUIRED = ("file", "title", "last_reviewed", "next_review")
SOURCE_KINDS = ("document", "policy")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class LoadResult:
    """A catalog (None when the content cannot be used at all) and what was wrong."""

    catalog: Catalog | None
    problems: list[Problem]
    locator: Locator
    root: Path = PACKAGED_CONTENT
    """The folder it was read from, for files the rules read beside it (fingerprints)."""


def load_catalog(content_dir: Path | None = None) -> LoadResult:
    """Read and type-check every content file; build what can be built."""
    root = content_dir or PACKAGED_CONTENT
    problems: list[Problem] = []
    locator = Locator()
    digest = hashlib.sha256()

    def document(relative: str) -> YamlDocument | None:
        path = root / relative
        if not path.is_file():
            problems.append(codes.FILE_MISSING.at(Location(relative), "file is missing"))
            return None
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
        try:
            doc = read_yaml(path, relative)
        except YamlError as exc:
            problems.append(
                codes.NOT_YAML.at(Location(relative, exc.line), f"not valid YAML: {exc}")
            )
            return None
        locator.documents[relative] = doc
        return doc

    sources_doc = document("sources.yaml")
    sources = _read_sources(sources_doc, problems) if sources_doc else {}
    service_doc = document("service.yaml")
    topic_files = sorted((root / "topics").glob("*.yaml")) if (root / "topics").is_dir() else []
    if not topic_files:
        problems.append(codes.FILE_MISSING.at(Location("topics/"), "no topic files found"))
    topics: dict[str, Topic] = {}
    for path in topic_files:
        doc = document(f"topics/{path.name}")
        if doc is not None:
            _read_topic(doc, path.stem, sources, topics, locator, problems)
    if service_doc is None:
        return LoadResult(None, problems, locator, root)
    declared = {path.stem for path in topic_files}
    built = _read_service(service_doc, sources, topics, declared, problems)
    if built is None:
        return LoadResult(None, problems, locator, root)
    service, menu = built
    ordered = tuple(topics[i] for i in menu if i in topics)
    voice_doc = document("voice.yaml")
    voice = (
        read_voice(voice_doc, service, topics, declared, locator, problems) if voice_doc else None
    )
    questions_doc, lexicon_doc = document("questions.yaml"), document("lexicon.yaml")
    glossary_doc = document("glossary.yaml")
    cases_doc = document("cases.yaml") if (root / "cases.yaml").exists() else None
    if questions_doc is None or lexicon_doc is None:
        # Topics, pages and red flags are read through these: without them nothing can match.
        return LoadResult(None, problems, locator, root)
    catalog = Catalog(
        service,
        ordered,
        tuple(sources.values()),
        digest.hexdigest()[:12],
        voice,
        questions=read_questions(questions_doc, problems),
        lexicon=read_lexicon(lexicon_doc, problems),
        glossary=read_glossary(glossary_doc, problems) if glossary_doc else (),
        cases=read_cases(cases_doc, problems) if cases_doc else (),
    )
    return LoadResult(catalog, problems, locator, root)


def _read_sources(doc: YamlDocument, problems: list[Problem]) -> dict[str, Source]:
    reader = Reader(doc, problems, None)
    if not isinstance(doc.data, list) or not doc.data:
        reader.problem(codes.WRONG_TYPE, (), "expected a list of source documents")
        return {}
    sources: dict[str, Source] = {}
    for i, entry in enumerate(doc.data):
        if not reader.mapping(entry, (i,), SOURCE_FIELDS, SOURCE_REQUIRED):
            continue
        parts = (
            reader.text(entry["file"], (i, "file")),
            reader.text(entry["title"], (i, "title")),
            reader.month(entry["last_reviewed"], (i, "last_reviewed")),
            reader.month(entry["next_review"], (i, "next_review")),
        )
        file, title, reviewed, next_review = parts
        kind = entry.get("kind", "document")
        if kind not in SOURCE_KINDS:
            reader.problem(
                codes.WRONG_TYPE,
                (i, "kind"),
                f"kind must be one of {', '.join(SOURCE_KINDS)}, found {describe(kind)}",
            )
            continue
        approved_by = (
            reader.text(entry["approved_by"], (i, "approved_by"))
            if ("approved_by" in entry)
            else ""
        )
        statements = (
            reader.texts(entry["statements"], (i, "statements"), empty_ok=False)
            if "statements" in entry
            else ()
        )
        if file and file in sources:
            reader.problem(codes.DUPLICATE, (i, "file"), f"source '{file}' is listed twice")
        elif file and title and reviewed and next_review and approved_by is not None:
            sources[file] = Source(
                file,
                title,
                reviewed,
                next_review,
                kind="policy" if kind == "policy" else "document",
                approved_by=approved_by,
                statements=statements or (),
            )
    return sources


def _source(
    reader: Reader, data: Any, path: tuple[str | int, ...], sources: dict[str, Source]
) -> Source | None:
    name = reader.text(data, path)
    if name is None:
        return None
    if name not in sources:
        known = ", ".join(sources) or "none"
        reader.problem(
            codes.UNKNOWN_REFERENCE, path, f"unknown source '{name}' (sources.yaml lists: {known})"
        )
        return None
    return sources[name]


def _topic_sources(
    reader: Reader, data: Any, path: tuple[str | int, ...], sources: dict[str, Source]
) -> tuple[Source, ...] | None:
    """A topic's source documents: one file name, or a list when it draws on several."""
    if not isinstance(data, list):
        one = _source(reader, data, path, sources)
        return (one,) if one else None
    if not data:
        reader.problem(codes.WRONG_TYPE, path, "expected at least one source document")
        return None
    found = [_source(reader, item, (*path, i), sources) for i, item in enumerate(data)]
    named = [f for f in found if f is not None]
    for i, item in enumerate(found):
        if item is not None and named.index(item) != i:
            reader.problem(codes.DUPLICATE, (*path, i), f"source '{item.file}' is listed twice")
            return None
    return tuple(named) if len(named) == len(found) else None


def _read_topic(
    doc: YamlDocument,
    stem: str,
    sources: dict[str, Source],
    topics: dict[str, Topic],
    locator: Locator,
    problems: list[Problem],
) -> None:
    data = doc.data
    topic_id = data.get("id") if isinstance(data, dict) else None
    reader = Reader(doc, problems, topic_id if isinstance(topic_id, str) else stem)
    if not reader.mapping(data, (), TOPIC_FIELDS, TOPIC_REQUIRED):
        return
    if not isinstance(topic_id, str) or not TOPIC_ID.match(topic_id):
        reader.problem(
            codes.BAD_ID, ("id",), "an id is lowercase letters, digits and single hyphens"
        )
        return
    if topic_id != stem:
        reader.problem(
            codes.BAD_ID, ("id",), f"the id '{topic_id}' must match the file name '{stem}.yaml'"
        )
    if topic_id in topics:
        earlier = locator.topic_files[topic_id]
        if topic_id != stem or Path(earlier).stem == topic_id:
            reader.problem(
                codes.DUPLICATE, ("id",), f"duplicate topic id '{topic_id}' (also in {earlier})"
            )
            return
        # The file named after the id is the real one: the copy read first is the duplicate.
        at = Location(earlier, locator.documents[earlier].line("id"), topic_id, "id")
        message = f"duplicate topic id '{topic_id}' (also in {doc.file})"
        problems.append(codes.DUPLICATE.at(at, message))
    kind = data["kind"]
    if kind not in TOPIC_KINDS:
        reader.problem(
            codes.WRONG_TYPE,
            ("kind",),
            f"kind must be one of {', '.join(TOPIC_KINDS)}, found {describe(kind)}",
        )
    title = reader.text(data["title"], ("title",))
    keywords = reader.texts(data["keywords"], ("keywords",), empty_ok=False)
    synonyms = reader.texts(data["synonyms"], ("synonyms",), empty_ok=True)
    red_flags = reader.texts(data["red_flags"], ("red_flags",), empty_ok=True)
    names = reader.texts(data.get("names", []), ("names",), empty_ok=True)
    within = reader.text(data["within"], ("within",)) if "within" in data else None
    sms = _read_pages(reader, data["sms"])
    speech = _read_speech(reader, data["speech"])
    topic_sources = _topic_sources(reader, data["source"], ("source",), sources)
    for i, word in enumerate(keywords or ()):
        if not re.fullmatch(r"[A-Za-z0-9]+", word):
            reader.problem(
                codes.WRONG_TYPE,
                ("keywords", i),
                f"a keyword is one word of letters or digits: '{word}'",
            )
    if (
        title is None
        or keywords is None
        or synonyms is None
        or names is None
        or red_flags is None
        or sms is None
        or speech is None
        or topic_sources is None
        or kind not in TOPIC_KINDS
    ):
        return
    locator.topic_files[topic_id] = doc.file
    topics[topic_id] = Topic(
        id=topic_id,
        title=title,
        kind=_kind(kind),
        keywords=tuple(k.upper() for k in keywords),
        synonyms=synonyms,
        red_flags=red_flags,
        pages=sms,
        speech_parts=speech,
        sources=topic_sources,
        names=names,
        within=within,
    )


def _read_pages(reader: Reader, data: Any) -> tuple[Page, ...] | None:
    """SMS pages: each a text, or a text with the questions it answers and words about it."""
    if not isinstance(data, list):
        reader.problem(
            codes.WRONG_TYPE, ("sms",), f"expected a list of SMS pages, found {describe(data)}"
        )
        return None
    if not data:
        reader.problem(codes.WRONG_TYPE, ("sms",), "expected at least one SMS page")
        return None
    pages: list[Page] = []
    for i, item in enumerate(data):
        path: tuple[str | int, ...] = ("sms", i)
        if not isinstance(item, dict):
            text = reader.text(item, path)
            if text is not None:
                pages.append(Page(text))
            continue
        if not reader.mapping(item, path, PAGE_FIELDS, ("text",)):
            continue
        text = reader.text(item["text"], (*path, "text"))
        answers = reader.texts(item.get("answers", []), (*path, "answers"), empty_ok=True)
        about = reader.texts(item.get("about", []), (*path, "about"), empty_ok=True)
        if text is not None and answers is not None and about is not None:
            pages.append(Page(text, answers, about))
    return tuple(pages) if len(pages) == len(data) else None


def _read_speech(reader: Reader, data: Any) -> tuple[SpeechPart, ...] | None:
    """The spoken script: one text, or parts, each with the questions it answers."""
    if not isinstance(data, list):
        text = reader.text(data, ("speech",))
        return (SpeechPart(" ".join(text.split())),) if text is not None else None
    if not data:
        reader.problem(codes.WRONG_TYPE, ("speech",), "expected a script or a list of parts")
        return None
    parts: list[SpeechPart] = []
    for i, item in enumerate(data):
        path: tuple[str | int, ...] = ("speech", i)
        if not isinstance(item, dict):
            text = reader.text(item, path)
            if text is not None:
                parts.append(SpeechPart(" ".join(text.split())))
            continue
        if not reader.mapping(item, path, PART_FIELDS, ("text",)):
            continue
        text = reader.text(item["text"], (*path, "text"))
        answers = reader.texts(item.get("answers", []), (*path, "answers"), empty_ok=True)
        if text is not None and answers is not None:
            parts.append(SpeechPart(" ".join(text.split()), answers))
    return tuple(parts) if len(parts) == len(data) else None


def _kind(value: str) -> TopicKind:
    return next(k for k in TOPIC_KINDS if k == value)


def _read_service(
    doc: YamlDocument,
    sources: dict[str, Source],
    topics: dict[str, Topic],
    declared: set[str],
    problems: list[Problem],
) -> tuple[Service, tuple[str, ...]] | None:
    reader = Reader(doc, problems, None)
    data = doc.data
    if not reader.mapping(data, (), SERVICE_FIELDS):
        return None
    helpline = _read_helpline(reader, data["helpline"], sources)
    texts = {
        k: reader.text(data[k], (k,)) for k in ("name", "emergency_number", "relay", "disclaimer")
    }
    menu = _read_menu(reader, data["menu"], topics, declared)
    said = {k: v for k, v in texts.items() if v is not None}
    if helpline is None or len(said) != len(texts):
        return None
    values = {  # the placeholders a reply may use
        "name": said["name"],
        "helpline_number": helpline.number,
        "helpline_hours": helpline.hours,
        "emergency_number": said["emergency_number"],
    }
    replies = _read_replies(reader, data["replies"], values)
    temperature = _read_temperature(reader, data["temperature"], sources)
    urgent_order = reader.texts(data["urgent_order"], ("urgent_order",), empty_ok=False)
    leads = reader.texts(data.get("urgent_leads", []), ("urgent_leads",), empty_ok=True)
    backdrop = reader.texts(data.get("backdrop", []), ("backdrop",), empty_ok=True)
    if (
        replies is None
        or temperature is None
        or urgent_order is None
        or leads is None
        or backdrop is None
    ):
        return None
    service = Service(
        name=said["name"],
        helpline=helpline,
        emergency_number=said["emergency_number"],
        relay=said["relay"],
        disclaimer=said["disclaimer"],
        replies=replies,
        temperature=temperature,
        urgent_order=urgent_order,
        urgent_leads=leads,
        backdrop=backdrop,
    )
    return service, menu


def _read_temperature(
    reader: Reader, data: Any, sources: dict[str, Source]
) -> TemperatureRule | None:
    """The band outside which a reported temperature needs a call now, and its source."""
    path = ("temperature",)
    if not reader.mapping(data, path, TEMPERATURE_FIELDS):
        return None
    bounds: list[float] = []
    for name in ("at_or_above", "below"):
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 30 < value < 45:
            reader.problem(
                codes.WRONG_TYPE,
                (*path, name),
                f"expected degrees Celsius between 30 and 45, found {describe(value)}",
            )
        else:
            bounds.append(float(value))
    source = _source(reader, data["source"], (*path, "source"), sources)
    topic = reader.text(data["topic"], (*path, "topic"))
    if len(bounds) != 2 or source is None or topic is None:
        return None
    high, low = bounds
    if low >= high:
        reader.problem(codes.WRONG_TYPE, (*path, "below"), "must be lower than at_or_above")
        return None
    return TemperatureRule(high, low, topic)


def _read_helpline(reader: Reader, data: Any, sources: dict[str, Source]) -> Helpline | None:
    path = ("helpline",)
    if not reader.mapping(data, path, HELPLINE_FIELDS):
        return None
    texts = {
        k: reader.text(data[k], (*path, k))
        for k in HELPLINE_FIELDS
        if k not in ("opening", "source")
    }
    zone = texts["timezone"]
    if zone is not None:
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(zone)
        except (KeyError, ValueError):
            reader.problem(
                codes.WRONG_TYPE,
                (*path, "timezone"),
                f"unknown time zone '{zone}' (e.g. Europe/London)",
            )
            texts["timezone"] = None
    opening = _read_opening(reader, data["opening"], (*path, "opening"))
    source = _source(reader, data["source"], (*path, "source"), sources)
    if None in texts.values() or opening is None or source is None:
        return None
    return Helpline(opening=opening, source=source, **texts)  # type: ignore[arg-type]


def _read_opening(
    reader: Reader, data: Any, path: tuple[str | int, ...]
) -> tuple[OpeningHours, ...] | None:
    if not isinstance(data, list) or not data:
        reader.problem(codes.WRONG_TYPE, path, "expected a list of opening times")
        return None
    result: list[OpeningHours] = []
    for i, entry in enumerate(data):
        if not reader.mapping(entry, (*path, i), ("days", "from", "to")):
            return None
        days = entry["days"]
        if not isinstance(days, list) or not days or any(d not in WEEKDAYS for d in days):
            reader.problem(
                codes.WRONG_TYPE, (*path, i, "days"), f"days are a list of {', '.join(WEEKDAYS)}"
            )
            return None
        opens = reader.clock(entry["from"], (*path, i, "from"))
        closes = reader.clock(entry["to"], (*path, i, "to"))
        if opens is None or closes is None:
            return None
        if closes <= opens:
            reader.problem(
                codes.WRONG_TYPE, (*path, i, "to"), "closing time must be after opening time"
            )
            return None
        result.append(OpeningHours(tuple(WEEKDAYS.index(d) for d in days), opens, closes))
    return tuple(result)


def _read_menu(
    reader: Reader, data: Any, topics: dict[str, Topic], declared: set[str]
) -> tuple[str, ...]:
    """The SMS menu order; a topic with errors of its own is not reported missing again."""
    ids = reader.texts(data, ("menu",), empty_ok=False) or ()
    seen: set[str] = set()
    for i, topic_id in enumerate(ids):
        if topic_id in seen:
            reader.problem(
                codes.DUPLICATE, ("menu", i), f"topic '{topic_id}' is listed twice in the menu"
            )
        elif topic_id not in topics and topic_id not in declared:
            reader.problem(
                codes.UNKNOWN_REFERENCE,
                ("menu", i),
                f"the menu lists '{topic_id}', but no topic has that id",
            )
        seen.add(topic_id)
    for topic_id in topics:
        if topic_id not in seen:
            reader.problem(
                codes.MENU_ORDER,
                ("menu",),
                f"topic '{topic_id}' is missing from the menu, so no one can find it",
            )
    return tuple(dict.fromkeys(ids)) + tuple(t for t in topics if t not in seen)


def _read_replies(reader: Reader, data: Any, values: dict[str, str]) -> Replies | None:
    if not reader.mapping(data, ("replies",), REPLY_FIELDS):
        return None
    filled: dict[str, str] = {}
    for name in REPLY_FIELDS:
        text = reader.text(data[name], ("replies", name))
        if text is not None:
            filled[name] = reader.filled(text, ("replies", name), values)
    if len(filled) != len(REPLY_FIELDS):
        return None
    return Replies(**filled)
