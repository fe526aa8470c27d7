"""Problems found in content: data with a place and a stable code, collected, never raised."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is; errors stop a publish, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem sits: a file, a line if known, and the topic and field inside it."""

    file: str
    line: int | None = None
    topic: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        inside = " → ".join(part for part in (self.topic, self.field) if part)
        return f"{place} ({inside})" if inside else place


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, said so an operator can find and fix it."""

    severity: Severity
    location: Location
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value} {self.code}: {self.message}"


@dataclass(frozen=True, slots=True)
class Rule:
    """One content rule: a stable code that reports and tests name, and how bad a breach is."""

    code: str
    summary: str
    severity: Severity = Severity.ERROR

    def at(self, location: Location, message: str) -> Problem:
        """A breach of this rule at one place."""
        return Problem(self.severity, location, message, self.code)


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that must block publishing."""
    return [p for p in problems if p.severity is Severity.ERROR]


def codes(problems: list[Problem]) -> list[str]:
    """The codes of some problems, in order: what tests and scripts compare."""
    return [p.code for p in problems]
