"""Apply the Alembic migrations programmatically (on start, by `todo migrate`, in tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at this package's migrations and at `database_url`."""
    config = Config()
    config.set_main_option("script_location", "core.store:migrations")
    # '%' is ConfigParser interpolation syntax; URL-encoded passwords contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database at `database_url` to `revision`. Must run outside an event loop."""
    command.upgrade(alembic_config(database_url), revision)
