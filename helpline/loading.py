"""Reading the content folder into a Catalog, collecting every schema problem on the way."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, time
from pathlib import Path
from typing import Any

from helpline import codes
from helpline.catalog import (
    TOPIC_KINDS,
    Catalog,
    Helpline,
    Menu,
    MenuOption,
    OpeningHours,
    Replies,
    Service,
    Source,
    Topic,
    TopicKind,
    Voice,
    VoiceWords,
)
from helpline.problems import Location, Problem, Rule
from helpline.yamlsource import YamlDocument, YamlError, read_yaml

PACKAGED_CONTENT = Path(__file__).parent / "content"
TOPIC_FIELDS = (
    "id",
    "title",
    "kind",
    "keywords",
    "synonyms",
    "red_flags",
    "sms",
    "speech",
    "source",
)
SERVICE_FIELDS = ("name", "helpline", "emergency_number", "relay", "disclaimer", "menu", "replies")
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
SOURCE_FIELDS = ("file", "title", "last_reviewed", "next_review")
PLACEHOLDERS = ("name", "helpline_number", "helpline_hours", "emergency_number")
VOICE_FIELDS = ("words", "menus")
VOICE_WORD_FIELDS = tuple(VoiceWords.__dataclass_fields__)
VOICE_PLACEHOLDERS = (*PLACEHOLDERS, "disclaimer")
MENU_FIELDS = ("id", "label", "intro", "options")
MENU_REQUIRED = ("id", "label", "options")
OPTION_FIELDS = ("key", "label", "topic", "menu")
DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TOPIC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass
class Locator:
    """Finds the file and line of any part of the content, for problems found later."""

    documents: dict[str, YamlDocument] = field(default_factory=dict)
    topic_files: dict[str, str] = field(default_factory=dict)
    menu_index: dict[str, int] = field(default_factory=dict)

    def topic(self, topic_id: str, *path: str | int) -> Location:
        """Where a topic's field (and item) was written."""
        file = self.topic_files.get(topic_id, f"topics/{topic_id}.yaml")
        return self._at(file, path, topic=topic_id)

    def service(self, *path: str | int) -> Location:
        """Where a part of service.yaml was written."""
        return self._at("service.yaml", path, topic=None)

    def menu(self, menu_id: str, *path: str | int) -> Location:
        """Where a phone menu (or a part of it) was written in voice.yaml."""
        return self._at("voice.yaml", ("menus", self.menu_index.get(menu_id, 0), *path), None)

    def voice(self, *path: str | int) -> Location:
        """Where a part of voice.yaml was written."""
        return self._at("voice.yaml", path, topic=None)

    def character(self, at: Location, text: str, index: int) -> Location:
        """The line of `text[index]` in the field at `at`, as texts often span several lines."""
        document = self.documents.get(at.file)
        if document is None:
            return at
        path = next((p for p in document.lines if field_name(p) == at.field), None)
        char = text[index]
        lines = document.lines_holding(path, char) if path is not None else []
        # A count that differs (an escape such as \u2019, a filled-in placeholder, stripped
        # space) means the written ones cannot be matched to these: keep the field's line.
        if len(lines) != text.count(char):
            return at
        return replace(at, line=lines[text.count(char, 0, index)])

    def _at(self, file: str, path: tuple[str | int, ...], topic: str | None) -> Location:
        document = self.documents.get(file)
        line = document.line(*path) if document else None
        return Location(file, line, topic, field_name(path))


@dataclass
class LoadResult:
    """A catalog (None when the content cannot be used at all) and what was wrong."""

    catalog: Catalog | None
    problems: list[Problem]
    locator: Locator


def field_name(path: tuple[str | int, ...]) -> str | None:
    """A path inside a file as an operator reads it: replies.help, sms[1]."""
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return name or None


class _Reader:
    """Type checks over one YAML document that record problems instead of raising."""

    def __init__(self, document: YamlDocument, problems: list[Problem], topic: str | None) -> None:
        self.document = document
        self.problems = problems
        self.topic = topic

    def problem(self, rule: Rule, path: tuple[str | int, ...], message: str) -> None:
        location = Location(
            self.document.file, self.document.line(*path), self.topic, field_name(path)
        )
        self.problems.append(rule.at(location, message))

    def mapping(
        self,
        data: Any,
        path: tuple[str | int, ...],
        names: tuple[str, ...],
        required: tuple[str, ...] | None = None,
    ) -> bool:
        """Check a mapping has the named keys and no others; True when it can be read further."""
        if not isinstance(data, dict):
            self.problem(codes.WRONG_TYPE, path, f"expected a mapping with keys {', '.join(names)}")
            return False
        missing = [n for n in (names if required is None else required) if n not in data]
        for name in missing:
            self.problem(codes.FIELD_MISSING, (*path, name), f"missing field '{name}'")
        for key in data:
            if key not in names:
                self.problem(
                    codes.FIELD_UNKNOWN,
                    (*path, str(key)),
                    f"unknown field '{key}' (allowed: {', '.join(names)})",
                )
        return not missing

    def text(self, data: Any, path: tuple[str | int, ...]) -> str | None:
        if isinstance(data, str) and data.strip():
            return data.strip()
        self.problem(codes.WRONG_TYPE, path, f"expected non-empty text, found {_describe(data)}")
        return None

    def texts(
        self, data: Any, path: tuple[str | int, ...], *, empty_ok: bool
    ) -> tuple[str, ...] | None:
        if not isinstance(data, list):
            self.problem(
                codes.WRONG_TYPE, path, f"expected a list of texts, found {_describe(data)}"
            )
            return None
        if not data and not empty_ok:
            self.problem(codes.WRONG_TYPE, path, "expected at least one entry")
            return None
        items = [self.text(item, (*path, i)) for i, item in enumerate(data)]
        return tuple(i for i in items if i is not None) if all(items) else None

    def month(self, data: Any, path: tuple[str | int, ...]) -> date | None:
        if isinstance(data, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", data):
            return date(int(data[:4]), int(data[5:]), 1)
        if isinstance(data, date):
            return data
        self.problem(
            codes.WRONG_TYPE,
            path,
            f'expected a month written as "YYYY-MM", found {_describe(data)}',
        )
        return None

    def clock(self, data: Any, path: tuple[str | int, ...]) -> time | None:
        if isinstance(data, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", data):
            return time(int(data[:2]), int(data[3:]))
        self.problem(
            codes.WRONG_TYPE, path, f'expected a time written as "HH:MM", found {_describe(data)}'
        )
        return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "empty text" if not value.strip() else f"text {value[:30]!r}"
    if isinstance(value, bool):
        return f"{value} (YAML reads yes/no/on/off as true or false: put the word in quotes)"
    kinds = {int: "a number", float: "a number", dict: "a mapping", list: "a list"}
    return f"{kinds.get(type(value), type(value).__name__)} ({str(value)[:30]})"


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
        return LoadResult(None, problems, locator)
    declared = {path.stem for path in topic_files}
    built = _read_service(service_doc, sources, topics, declared, problems)
    if built is None:
        return LoadResult(None, problems, locator)
    service, menu = built
    ordered = tuple(topics[i] for i in menu if i in topics)
    voice_doc = document("voice.yaml")
    voice = (
        _read_voice(voice_doc, service, topics, declared, locator, problems) if voice_doc else None
    )
    catalog = Catalog(service, ordered, tuple(sources.values()), digest.hexdigest()[:12], voice)
    return LoadResult(catalog, problems, locator)


def _read_sources(doc: YamlDocument, problems: list[Problem]) -> dict[str, Source]:
    reader = _Reader(doc, problems, None)
    if not isinstance(doc.data, list) or not doc.data:
        reader.problem(codes.WRONG_TYPE, (), "expected a list of source documents")
        return {}
    sources: dict[str, Source] = {}
    for i, entry in enumerate(doc.data):
        if not reader.mapping(entry, (i,), SOURCE_FIELDS):
            continue
        parts = (
            reader.text(entry["file"], (i, "file")),
            reader.text(entry["title"], (i, "title")),
            reader.month(entry["last_reviewed"], (i, "last_reviewed")),
            reader.month(entry["next_review"], (i, "next_review")),
        )
        file, title, reviewed, next_review = parts
        if file and file in sources:
            reader.problem(codes.DUPLICATE, (i, "file"), f"source '{file}' is listed twice")
        elif file and title and reviewed and next_review:
            sources[file] = Source(file, title, reviewed, next_review)
    return sources


def _source(
    reader: _Reader, data: Any, path: tuple[str | int, ...], sources: dict[str, Source]
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
    reader: _Reader, data: Any, path: tuple[str | int, ...], sources: dict[str, Source]
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
    reader = _Reader(doc, problems, topic_id if isinstance(topic_id, str) else stem)
    if not reader.mapping(data, (), TOPIC_FIELDS):
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
            f"kind must be one of {', '.join(TOPIC_KINDS)}, found {_describe(kind)}",
        )
    title = reader.text(data["title"], ("title",))
    keywords = reader.texts(data["keywords"], ("keywords",), empty_ok=False)
    synonyms = reader.texts(data["synonyms"], ("synonyms",), empty_ok=True)
    red_flags = reader.texts(data["red_flags"], ("red_flags",), empty_ok=True)
    sms = reader.texts(data["sms"], ("sms",), empty_ok=False)
    speech = reader.text(data["speech"], ("speech",))
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
        sms=sms,
        speech=" ".join(speech.split()),
        sources=topic_sources,
    )


def _kind(value: str) -> TopicKind:
    return next(k for k in TOPIC_KINDS if k == value)


def _read_service(
    doc: YamlDocument,
    sources: dict[str, Source],
    topics: dict[str, Topic],
    declared: set[str],
    problems: list[Problem],
) -> tuple[Service, tuple[str, ...]] | None:
    reader = _Reader(doc, problems, None)
    data = doc.data
    if not reader.mapping(data, (), SERVICE_FIELDS):
        return None
    helpline = _read_helpline(reader, data["helpline"], sources)
    texts = {
        k: reader.text(data[k], (k,)) for k in ("name", "emergency_number", "relay", "disclaimer")
    }
    menu = _read_menu(reader, data["menu"], topics, declared)
    if helpline is None or None in texts.values():
        return None
    values = {
        "name": texts["name"],
        "helpline_number": helpline.number,
        "helpline_hours": helpline.hours,
        "emergency_number": texts["emergency_number"],
    }
    replies = _read_replies(reader, data["replies"], values)
    if replies is None:
        return None
    service = Service(
        name=texts["name"],  # type: ignore[arg-type]
        helpline=helpline,
        emergency_number=texts["emergency_number"],  # type: ignore[arg-type]
        relay=texts["relay"],  # type: ignore[arg-type]
        disclaimer=texts["disclaimer"],  # type: ignore[arg-type]
        replies=replies,
    )
    return service, menu


def _read_helpline(reader: _Reader, data: Any, sources: dict[str, Source]) -> Helpline | None:
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
    reader: _Reader, data: Any, path: tuple[str | int, ...]
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
    reader: _Reader, data: Any, topics: dict[str, Topic], declared: set[str]
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


def _read_replies(reader: _Reader, data: Any, values: dict[str, str | None]) -> Replies | None:
    if not reader.mapping(data, ("replies",), REPLY_FIELDS):
        return None
    filled: dict[str, str] = {}
    for name in REPLY_FIELDS:
        text = reader.text(data[name], ("replies", name))
        if text is None:
            continue
        unknown = [p for p in PLACEHOLDER.findall(text) if p not in PLACEHOLDERS]
        for placeholder in unknown:
            reader.problem(
                codes.UNKNOWN_REFERENCE,
                ("replies", name),
                f"unknown placeholder {{{placeholder}}} (allowed: {', '.join(PLACEHOLDERS)})",
            )
        # An unknown placeholder is left as written, so every other check can still run.
        filled[name] = PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)
    if len(filled) != len(REPLY_FIELDS):
        return None
    return Replies(**filled)


def spoken_digits(number: str) -> str:
    """A number said digit by digit, as people read out 999 or a phone number."""
    return " ".join(DIGIT_NAMES[int(c)] for c in number if c.isdigit())


def _read_voice(
    doc: YamlDocument,
    service: Service,
    topics: dict[str, Topic],
    declared: set[str],
    locator: Locator,
    problems: list[Problem],
) -> Voice | None:
    """voice.yaml: the phone line's words and menus; None while it has errors."""
    reader = _Reader(doc, problems, None)
    data = doc.data
    if not reader.mapping(data, (), VOICE_FIELDS):
        return None
    before = len(problems)
    values = {
        "name": service.name,
        "disclaimer": service.disclaimer,
        "helpline_number": service.helpline.spoken_number,
        "helpline_hours": service.helpline.spoken_hours,
        "emergency_number": spoken_digits(service.emergency_number),
    }
    words = _read_voice_words(reader, data["words"], values)
    menus = _read_menus(reader, data["menus"], topics, declared, locator)
    if words is None or menus is None or len(problems) > before:
        return None
    return Voice(words, menus)


def _read_voice_words(reader: _Reader, data: Any, values: dict[str, str]) -> VoiceWords | None:
    if not reader.mapping(data, ("words",), VOICE_WORD_FIELDS):
        return None
    filled: dict[str, str] = {}
    for name in VOICE_WORD_FIELDS:
        text = reader.text(data[name], ("words", name))
        if text is None:
            continue
        for placeholder in PLACEHOLDER.findall(text):
            if placeholder not in VOICE_PLACEHOLDERS:
                allowed = ", ".join(VOICE_PLACEHOLDERS)
                reader.problem(
                    codes.UNKNOWN_REFERENCE,
                    ("words", name),
                    f"unknown placeholder {{{placeholder}}} (allowed: {allowed})",
                )
        filled[name] = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    if len(filled) != len(VOICE_WORD_FIELDS):
        return None
    return VoiceWords(**filled)


def _read_menus(
    reader: _Reader,
    data: Any,
    topics: dict[str, Topic],
    declared: set[str],
    locator: Locator,
) -> tuple[Menu, ...] | None:
    """The menus as written; the rules in rules.py judge their shape and reach."""
    if not isinstance(data, list) or not data:
        reader.problem(
            codes.WRONG_TYPE, ("menus",), "expected a list of menus, the main menu first"
        )
        return None
    ids = [m.get("id") if isinstance(m, dict) else None for m in data]
    known = {i for i in ids if isinstance(i, str)}
    menus: list[Menu] = []
    for i, entry in enumerate(data):
        path: tuple[str | int, ...] = ("menus", i)
        if not reader.mapping(entry, path, MENU_FIELDS, MENU_REQUIRED):
            continue
        menu_id = entry["id"]
        if not isinstance(menu_id, str) or not TOPIC_ID.match(menu_id):
            reader.problem(
                codes.BAD_ID, (*path, "id"), "a menu id is lowercase letters, digits and hyphens"
            )
            continue
        if menu_id in locator.menu_index:
            reader.problem(codes.DUPLICATE, (*path, "id"), f"menu '{menu_id}' is defined twice")
            continue
        locator.menu_index[menu_id] = i
        label = reader.text(entry["label"], (*path, "label"))
        intro = entry.get("intro")
        if intro is not None and not _topic_exists(
            reader, intro, (*path, "intro"), topics, declared
        ):
            intro = None
        options = _read_options(reader, entry["options"], path, topics, declared, known)
        if label is not None and options is not None:
            menus.append(Menu(menu_id, label, intro, options))
    return tuple(menus) if len(menus) == len(data) else None


def _read_options(
    reader: _Reader,
    data: Any,
    path: tuple[str | int, ...],
    topics: dict[str, Topic],
    declared: set[str],
    menus: set[str],
) -> tuple[MenuOption, ...] | None:
    if not isinstance(data, list) or not data:
        reader.problem(
            codes.WRONG_TYPE,
            (*path, "options"),
            "a menu needs at least one option, or it is a dead end",
        )
        return None
    options: list[MenuOption] = []
    for j, entry in enumerate(data):
        where: tuple[str | int, ...] = (*path, "options", j)
        if not reader.mapping(entry, where, OPTION_FIELDS, ("key",)):
            continue
        key = entry["key"]
        if isinstance(key, int) and not isinstance(key, bool):
            key = str(key)
        if not isinstance(key, str) or len(key) != 1:
            reader.problem(
                codes.WRONG_TYPE, (*where, "key"), f"a key is one phone key, found {_describe(key)}"
            )
            continue
        topic_id, menu_id = entry.get("topic"), entry.get("menu")
        if (topic_id is None) == (menu_id is None):
            reader.problem(
                codes.WRONG_TYPE, where, "an option leads to exactly one topic or one menu"
            )
            continue
        if topic_id is not None:
            if not _topic_exists(reader, topic_id, (*where, "topic"), topics, declared):
                continue
            if "label" not in entry:
                reader.problem(
                    codes.FIELD_MISSING,
                    (*where, "label"),
                    "an option for a topic needs a spoken label",
                )
                continue
        elif menu_id not in menus:
            reader.problem(
                codes.UNKNOWN_REFERENCE,
                (*where, "menu"),
                f"no menu has the id '{menu_id}': a dead end",
            )
            continue
        label = reader.text(entry["label"], (*where, "label")) if "label" in entry else ""
        if label is None:
            continue
        options.append(MenuOption(key, label, topic_id, menu_id))
    return tuple(options) if len(options) == len(data) else None


def _topic_exists(
    reader: _Reader,
    topic_id: Any,
    path: tuple[str | int, ...],
    topics: dict[str, Topic],
    declared: set[str],
) -> bool:
    if isinstance(topic_id, str) and topic_id in topics:
        return True
    if not (isinstance(topic_id, str) and topic_id in declared):
        reader.problem(
            codes.UNKNOWN_REFERENCE, path, f"no topic has the id {_describe(topic_id)}: a dead end"
        )
    return False
