"""A serving worker freezes its loaded heap, so the collector's full passes skip the release,
and a release swap frees the old release's cycles before freezing again."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from helpline.serving.heap import freeze_loaded, refreeze


class Node:
    """An object in a reference cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    """Each test starts and ends with nothing frozen, as a test process should be."""
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.collect()


def is_frozen(thing: object) -> bool:
    """Whether the collector's passes skip `thing`: frozen objects are in no generation."""
    return gc.is_tracked(thing) and not any(o is thing for o in gc.get_objects())


def test_freezing_a_loaded_heap_moves_what_lives_out_of_the_collectors_passes() -> None:
    loaded = [Node() for _ in range(10)]
    assert freeze_loaded() > 0
    assert gc.get_freeze_count() > 0  # less any frozen object freed since, as objects are
    assert all(is_frozen(node) for node in loaded)
    later = Node()
    assert not is_frozen(later)  # what requests make later is collected as before


def test_freezing_first_collects_garbage_so_none_is_kept_for_good() -> None:
    garbage = weakref.ref(Node())  # already unreachable, in a cycle
    freeze_loaded()
    assert garbage() is None


def test_a_refreeze_after_a_swap_frees_the_old_release_and_freezes_the_new() -> None:
    old = [Node()]
    freeze_loaded()
    gone = weakref.ref(old[0])
    del old  # the swap lets the old release go; its cycle is frozen with it
    gc.collect()
    assert gone() is not None, "a frozen cycle outlives a plain collection"
    new = [Node()]
    refreeze()
    assert gone() is None
    assert is_frozen(new[0])


def test_a_refreeze_in_a_process_that_never_froze_leaves_the_collector_alone() -> None:
    node = Node()
    refreeze()
    assert gc.get_freeze_count() == 0
    assert not is_frozen(node)
