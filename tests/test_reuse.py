"""A worker's next matcher takes over the parts of the last one that the new release left
unchanged, and compiles again whatever changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpline.content.loading import load_catalog
from helpline.content.model import Catalog
from helpline.understanding import reuse
from helpline.understanding.matching import Matcher, MatchKind
from helpline.understanding.patterns import compile_phrase

PACKAGED = Path(__file__).resolve().parent.parent / "helpline" / "packaged_content"


def catalog_of(folder: Path) -> Catalog:
    """The catalog of a content folder, which must load."""
    catalog = load_catalog(folder).catalog
    assert catalog is not None
    return catalog


def edited(tmp_path: Path, file: str, old: str, new: str) -> Catalog:
    """The packaged content with one change in one file."""
    folder = tmp_path / "content"
    shutil.copytree(PACKAGED, folder)
    path = folder / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return catalog_of(folder)


def test_a_release_that_changes_a_page_reuses_the_compiled_vocabulary(tmp_path: Path) -> None:
    before = Matcher(catalog_of(PACKAGED)).understanding
    after = Matcher(
        edited(tmp_path, "topics/pain.yaml", "gnawing ache", "gnawing, nagging ache")
    ).understanding
    assert after.context is before.context
    assert after.speller is before.speller
    assert after.flag_index is before.flag_index
    assert after.phrase_index is before.phrase_index
    assert after.question_index is before.question_index
    assert after.page_text != before.page_text


def test_a_release_that_changes_the_lexicon_is_compiled_again_and_reads_the_new_word(
    tmp_path: Path,
) -> None:
    before = Matcher(catalog_of(PACKAGED))
    message = "my toes have gone all blorpy since this morning"
    assert before.match(message).kind is not MatchKind.RED_FLAG
    catalog = edited(tmp_path, "lexicon.yaml", "numb: [", "numb: [blorpy, ")
    after = Matcher(catalog)
    assert after.understanding.context is not before.understanding.context
    assert after.understanding.flag_index is not before.understanding.flag_index
    match = after.match(message)
    assert match.kind is MatchKind.RED_FLAG and match.topic is not None
    assert match.topic.id == "spinal-cord-compression"


def test_words_on_two_pages_of_a_topic_point_to_both() -> None:
    understanding = Matcher(catalog_of(PACKAGED)).understanding
    pages = [where for where in understanding.about_page.values() if len(where) > 1]
    assert pages, "the packaged content has words that two pages of a topic are about"
    assert all(len({topic for topic, _ in where}) == 1 for where in pages)


def test_an_index_is_built_again_for_phrases_compiled_again() -> None:
    """A kept index holds the very phrase objects it was given; equal phrases compiled anew
    (after the phrase cache let the old ones go) get an index of their own."""
    lexicon = {"pain": ("pain", "ache")}
    vocabulary = reuse.Vocabulary.of(lexicon)
    first = (compile_phrase("{pain} in my toes", "t", lexicon, exact=True),)
    again = (compile_phrase("{pain} in my toes", "t", lexicon, exact=True),)
    assert first[0] == again[0] and first[0] is not again[0]
    assert reuse.index(first, vocabulary) is reuse.index(first, vocabulary)
    rebuilt = reuse.index(again, vocabulary)
    assert rebuilt.phrases[0] is again[0]
