"""Each owner's title words, so a typo is looked up among words instead of tested on every title.

A search word of four letters or more that is a typo of a title word (one or two edits, a swap
of neighbouring letters counting as one) matches the tasks with that word in the title. Finding
those words with pg_trgm against every title cost a similarity test per candidate row (150 ms
and more at 100,000 tasks); this vocabulary holds a few hundred to a few thousand words per
owner, is read in a millisecond, and the words found are then looked up in the GIN index of
`search_vector` like any other word.

The trigram index on titles served only that test, and every insert and title change paid for
it: it goes (the pg_trgm extension stays).

Triggers keep it up to date on insert and on a title change, per statement (a bulk insert adds
its words once). Words stay when their last task goes: a stale word only expands a typo into a
lexeme that matches nothing.

Revision ID: 0017
Revises: 0016
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# The words as the 'simple' configuration indexes them in `search_vector` (weight A = title).
_WORDS_OF_NEW_ROWS = """
    INSERT INTO task_title_words (owner, word)
    SELECT DISTINCT n.owner, w.word
    FROM {source}, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, n.title))) AS w(word)
    {where}
    ON CONFLICT DO NOTHING
"""


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE task_title_words (
            owner text NOT NULL,
            word text NOT NULL,
            PRIMARY KEY (owner, word)
        )
        """
    )
    inserted = _WORDS_OF_NEW_ROWS.format(source="new_rows AS n", where="")
    retitled = _WORDS_OF_NEW_ROWS.format(
        source="new_rows AS n JOIN old_rows AS o ON o.id = n.id",
        where="WHERE n.title IS DISTINCT FROM o.title OR n.owner IS DISTINCT FROM o.owner",
    )
    for name, statement in (("insert", inserted), ("update", retitled)):
        op.execute(
            f"CREATE FUNCTION task_title_words_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {statement}; RETURN NULL; END $$"
        )
    # Transition tables rule out a column list (UPDATE OF title): the function compares titles.
    op.execute(
        "CREATE TRIGGER tasks_title_words_insert AFTER INSERT ON tasks "
        "REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION task_title_words_insert()"
    )
    op.execute(
        "CREATE TRIGGER tasks_title_words_update AFTER UPDATE ON tasks "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION task_title_words_update()"
    )
    op.execute(_WORDS_OF_NEW_ROWS.format(source="tasks AS n", where=""))
    op.execute("DROP INDEX ix_tasks_title_trgm")


def downgrade() -> None:
    op.execute("CREATE INDEX ix_tasks_title_trgm ON tasks USING gin (lower(title) gin_trgm_ops)")
    op.execute("DROP TRIGGER tasks_title_words_update ON tasks")
    op.execute("DROP TRIGGER tasks_title_words_insert ON tasks")
    op.execute("DROP FUNCTION task_title_words_update()")
    op.execute("DROP FUNCTION task_title_words_insert()")
    op.execute("DROP TABLE task_title_words")
