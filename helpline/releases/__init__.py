"""Content releases: immutable snapshots in the database, one live, one staged, and the
operations on them (publish, stage, diff, rollback, export, testers, audit) that the CLI and a
future console call alike."""
