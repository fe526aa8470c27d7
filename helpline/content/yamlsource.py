"""YAML read once, safely, keeping the line of every value for error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

Path_ = tuple[str | int, ...]
Span = tuple[int, int]
# What YAML counts as a line break, so lines found in the text agree with the parser's marks.
_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Plain Python data from one file, and where each part of it was written."""

    file: str
    data: Any
    lines: dict[Path_, int]
    source: str = ""
    written: dict[Path_, Span] = field(default_factory=dict)

    def line(self, *path: str | int) -> int | None:
        """The line of the deepest part of `path` that exists, for pointing at a problem."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def lines_holding(self, path: Path_, char: str) -> list[int]:
        """The line of each `char` written in the scalar at `path`, to point inside long texts."""
        start, end = self.written.get(path, (0, 0))
        found: list[int] = []
        at = self.source.find(char, start, end)
        while at != -1:
            found.append(len(_BREAK.findall(self.source, 0, at)) + 1)
            at = self.source.find(char, at + len(char), end)
        return found


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
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise YamlError(str(exc.problem or exc), mark.line + 1 if mark else None) from exc
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise YamlError(f"character {exc.character!r} is not allowed in YAML", line) from exc
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), None) from exc
    lines: dict[Path_, int] = {}
    written: dict[Path_, Span] = {}
    build = SafeConstructor()
    data = _convert(node, (), lines, written, build, text) if node is not None else None
    return YamlDocument(name, data, lines, text, written)


@lru_cache(maxsize=128)
def _compose(text: str) -> yaml.Node | None:
    """The document's nodes: by libyaml when it is there (three times quicker, so a worker
    takes up a release sooner), by PyYAML for a file libyaml refuses, whose messages and
    positions are the ones reported. Kept for the files a new release leaves unchanged (most
    of them): conversion only reads the nodes, and a file that fails raises, so it is not kept."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            node: yaml.Node | None = yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
        else:
            return node
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _convert(
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    written: dict[Path_, Span],
    build: SafeConstructor,
    text: str,
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = build.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool | float) and key is not None:
                raise YamlError("a key must be a plain word", key_node.start_mark.line + 1)
            if key in result:
                raise YamlError(f"the key {key!r} appears twice", key_node.start_mark.line + 1)
            result[key] = _convert(value_node, (*path, str(key)), lines, written, build, text)
            lines[(*path, str(key))] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*path, i), lines, written, build, text)
            for i, item in enumerate(node.value)
        ]
    written[path] = _scalar_span(node, text)
    return build.construct_object(node, deep=True)


def _scalar_span(node: yaml.Node, text: str) -> Span:
    """Where a scalar's text is written, leaving out a block scalar's header and its comment."""
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        header_end = _BREAK.search(text, start, end)
        start = header_end.end() if header_end else end
    return start, end
