"""YAML read once, safely, keeping the line of every value for error messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Plain Python data from one file, and where each part of it was written."""

    file: str
    data: Any
    lines: dict[Path_, int]

    def line(self, *path: str | int) -> int | None:
        """The line of the deepest part of `path` that exists, for pointing at a problem."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


class YamlError(Exception):
    """A file that is not valid YAML, with the line the parser stopped at."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def read_yaml(path: Path, name: str) -> YamlDocument:
    """Parse a YAML file with the safe loader, recording lines as it goes."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        raise YamlError(message, line) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise YamlError(str(exc.problem or exc), mark.line + 1 if mark else None) from exc
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise YamlError(f"character {exc.character!r} is not allowed in YAML", line) from exc
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), None) from exc
    lines: dict[Path_, int] = {}
    data = _convert(node, (), lines, SafeConstructor()) if node is not None else None
    return YamlDocument(name, data, lines)


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int], build: SafeConstructor) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = build.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool | float) and key is not None:
                raise YamlError("a key must be a plain word", key_node.start_mark.line + 1)
            if key in result:
                raise YamlError(f"the key {key!r} appears twice", key_node.start_mark.line + 1)
            result[key] = _convert(value_node, (*path, str(key)), lines, build)
            lines[(*path, str(key))] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), lines, build) for i, item in enumerate(node.value)]
    return build.construct_object(node, deep=True)
