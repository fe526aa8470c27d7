"""How a process runs: configuration, the runtime every request reads, gunicorn, logs."""
