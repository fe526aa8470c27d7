"""Telephone recordings of the spoken scripts: built offline, served by content hash."""
