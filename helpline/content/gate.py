"""The one gate content passes before anyone can receive it: `check`, `serve` and every worker.

Loading, every rule in rules.py and the operators' must-pass cases, in one call. Whatever
this calls an error is never served.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from helpline.content.loading import PACKAGED_CONTENT, load_catalog
from helpline.content.model import Catalog
from helpline.content.problems import Problem, errors
from helpline.content.rules import check


@dataclass(frozen=True, slots=True)
class Inspection:
    """What the gate found in one content folder."""

    folder: Path
    catalog: Catalog | None
    """None when the content could not be loaded at all."""
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        """The problems that keep this content from being served."""
        return errors(list(self.problems))

    @property
    def passed(self) -> Catalog | None:
        """The catalog, only when it may be served: loaded, with no error of any rule."""
        return self.catalog if self.catalog is not None and not self.errors else None

    def report(self) -> str:
        """Every problem on its own line, as `helpline check` prints them."""
        return "\n".join(str(p) for p in self.problems)


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A hash of all the code that judges content (rules, loading, the matcher the cases run
    through): the same code gives the same verdict on the same content, so a verdict recorded
    with this hash need not be worked out again."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def inspect(folder: Path | None = None, today: date | None = None) -> Inspection:
    """Load a content folder and apply every rule to it."""
    root = folder or PACKAGED_CONTENT
    loaded = load_catalog(root)
    problems = check(loaded, today or date.today())
    return Inspection(root, loaded.catalog, tuple(problems))
