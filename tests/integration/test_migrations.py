"""The migrations build the schema the code expects, on a real PostgreSQL."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


async def test_tasks_table_has_search_vector_and_trigram(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        ext = await conn.scalar(text("SELECT count(*) FROM pg_extension WHERE extname='pg_trgm'"))
        assert ext == 1
        version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        assert version is not None
