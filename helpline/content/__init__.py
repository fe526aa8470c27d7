"""Content as data: the typed model, reading YAML into it, and every rule it must pass."""
