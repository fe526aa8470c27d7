"""Alembic migrations of the service database, oldest first; see helpline/store/schema.py."""
