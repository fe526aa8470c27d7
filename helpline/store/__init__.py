"""The database and what lives in it: opt-outs, MORE positions, usage, background writes."""
