"""Bulk-insert realistic tasks for benchmarks: one INSERT ... SELECT over generate_series.

Titles are three of 34 everyday words (TITLE_WORDS), so one word ("groceries", "dentist",
"garden") is in about 9 % of the titles, as in issue #15's search figures; descriptions 4 to 16
words of another list, 0 to 3 of 20 tags, skewed
priorities, due dates over a year either side of now with about 20% none, about 30% completed,
and creation times over the past 400 days.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

TITLE_WORDS = [
    "groceries", "dentist", "garden", "quarterly", "report", "invoice", "taxes", "kitchen",
    "garage", "budget", "newsletter", "meeting", "slides", "contract", "passport", "plants",
    "landlord", "laptop", "flight", "hotel", "birthday", "gift", "car", "mom", "bill", "gym",
    "photos", "books", "bike", "doctor", "forms", "presentation", "vacation", "dog",
]  # fmt: skip
WORDS = [
    "before", "after", "friday", "monday", "weekend", "tomorrow", "urgent", "remember", "ask",
    "about", "the", "new", "old", "price", "list", "milk", "eggs", "bread", "coffee", "apples",
    "team", "project", "deadline", "numbers", "sales", "marketing", "client", "follow", "up",
    "with", "john", "sarah", "office", "home", "online", "store", "receipt", "account",
    "password", "backup", "schedule", "agenda", "notes", "draft", "final", "version", "review",
    "comments", "budget", "quarter", "annual", "plan", "travel", "tickets", "train", "station",
    "appointment", "tooth", "cleaning", "checkup", "insurance", "form", "documents", "scan",
    "print", "mail", "package", "delivery", "garden", "paint", "fence", "repair", "plumber",
    "electrician", "kids", "school", "teacher", "meeting", "call", "zoom", "slides", "chart",
    "figures", "estimate", "quote", "vendor", "contract", "renewal", "subscription", "cancel",
    "refund", "warranty", "laptop", "phone", "charger", "cable", "printer", "ink", "paper",
]  # fmt: skip
TAGS = [
    "work", "home", "errands", "personal", "health", "finance", "family", "shopping", "travel",
    "urgent", "someday", "reading", "admin", "car", "garden", "kids", "school", "fitness",
    "projects", "calls",
]  # fmt: skip

_SEED_SQL = text(
    """
    INSERT INTO tasks (id, owner, title, description, priority, tags, due, timezone, reminders,
                       completed, completed_at, created_at, updated_at)
    SELECT gen_random_uuid(), :owner, s.title, s.description, s.priority, s.tags, s.due, 'UTC',
           '[]'::jsonb, s.completed,
           CASE WHEN s.completed THEN s.created_at + (now() - s.created_at) * random() END,
           s.created_at, s.created_at + (now() - s.created_at) * random()
    FROM (
        SELECT
            initcap(l.titles[1 + floor(random() * cardinality(l.titles))::int]) || ' '
                || l.titles[1 + floor(random() * cardinality(l.titles))::int] || ' '
                || l.titles[1 + floor(random() * cardinality(l.titles))::int] AS title,
            (SELECT string_agg(w.word, ' ')
               FROM (SELECT l.words[1 + floor(random() * cardinality(l.words))::int] AS word
                       FROM generate_series(1, 4 + (g.i * 7919) % 13)) AS w) AS description,
            (ARRAY[0, 0, 1, 1, 2, 2, 2, 3, 3, 4])[1 + floor(random() * 10)::int] AS priority,
            (SELECT coalesce(array_agg(DISTINCT t.tag), '{}')
               FROM (SELECT l.tags[1 + floor(random() * cardinality(l.tags))::int] AS tag
                       FROM generate_series(1, (g.i * 31) % 4)) AS t) AS tags,
            CASE WHEN random() < 0.2 THEN NULL
                 ELSE now() + (random() * 730 - 365) * interval '1 day' END AS due,
            random() < 0.3 AS completed,
            now() - random() * interval '400 days' AS created_at
        FROM generate_series(1, :n) AS g(i),
             (SELECT CAST(:titles AS text[]) AS titles,
                     CAST(:words AS text[]) AS words, CAST(:tags AS text[]) AS tags) AS l
    ) AS s
    """
)


async def seed_tasks(engine: AsyncEngine, owner: str, n: int) -> None:
    """Insert `n` varied tasks owned by `owner` in one statement."""
    async with engine.begin() as conn:
        await conn.execute(
            _SEED_SQL,
            {
                "owner": owner,
                "n": n,
                "titles": TITLE_WORDS,
                "words": WORDS,
                "tags": TAGS,
            },
        )
