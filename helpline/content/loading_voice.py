"""Reading voice.yaml: the phone line's own words and its menus."""

from __future__ import annotations

from typing import Any

from helpline.content import codes
from helpline.content.model import Menu, MenuOption, Service, Topic, Voice, VoiceWords
from helpline.content.problems import Problem
from helpline.content.yamlreader import TOPIC_ID, Locator, Reader, describe
from helpline.content.yamlsource import YamlDocument
from helpline.text.numbers import spoken_digits

VOICE_FIELDS = ("words", "menus")
VOICE_WORD_FIELDS = tuple(VoiceWords.__dataclass_fields__)
MENU_FIELDS = ("id", "label", "intro", "options")
MENU_REQUIRED = ("id", "label", "options")
OPTION_FIELDS = ("key", "label", "topic", "menu")


def read_voice(
    doc: YamlDocument,
    service: Service,
    topics: dict[str, Topic],
    declared: set[str],
    locator: Locator,
    problems: list[Problem],
) -> Voice | None:
    """voice.yaml: the phone line's words and menus; None while it has errors."""
    reader = Reader(doc, problems, None)
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


def _read_voice_words(reader: Reader, data: Any, values: dict[str, str]) -> VoiceWords | None:
    if not reader.mapping(data, ("words",), VOICE_WORD_FIELDS):
        return None
    filled: dict[str, str] = {}
    for name in VOICE_WORD_FIELDS:
        text = reader.text(data[name], ("words", name))
        if text is None:
            continue
        filled[name] = reader.filled(text, ("words", name), values)
    if len(filled) != len(VOICE_WORD_FIELDS):
        return None
    return VoiceWords(**filled)


def _read_menus(
    reader: Reader,
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
    reader: Reader,
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
                codes.WRONG_TYPE, (*where, "key"), f"a key is one phone key, found {describe(key)}"
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
    reader: Reader,
    topic_id: Any,
    path: tuple[str | int, ...],
    topics: dict[str, Topic],
    declared: set[str],
) -> bool:
    if isinstance(topic_id, str) and topic_id in topics:
        return True
    if not (isinstance(topic_id, str) and topic_id in declared):
        reader.problem(
            codes.UNKNOWN_REFERENCE, path, f"no topic has the id {describe(topic_id)}: a dead end"
        )
    return False
