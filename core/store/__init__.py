"""Persistence: SQLAlchemy models, engine, unit of work and Alembic migrations."""
