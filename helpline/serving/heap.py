"""A serving worker's long-lived heap, kept out of the garbage collector's full passes.

A worker holds a release (content, compiled books, the matcher's indexes): about two hundred
thousand Python objects that live as long as the worker. Every full pass of the cyclic collector
walks all of them, 60 to 150 ms under load on this project's machines, and a worker answers no
request meanwhile, so each pass was a stall that showed in the bench's p99. Freezing the heap
once it is loaded moves those objects to a generation the collector never walks; objects made
later, by requests, are collected as before. A release swap unfreezes, collects once (freeing the
old release's cycles) and freezes again.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)


def freeze_loaded() -> int:
    """Keep everything a worker has loaded out of later full collections; how many objects."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.info("worker ready: %d long-lived objects kept out of the collector's passes", frozen)
    return frozen


def refreeze() -> None:
    """After a release swap in a frozen worker: free what it let go, freeze what it took up."""
    if gc.get_freeze_count() == 0:
        return  # not a serving worker (tests, the CLI): leave the collector as it is
    gc.unfreeze()
    gc.collect()
    gc.freeze()
