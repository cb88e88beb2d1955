"""Each owner's number of tasks, kept by triggers, so the task quota is checked without a count.

The quota used to take a per-user advisory lock and count the user's tasks (O(n) in their
tasks) before the write, holding the lock through three client round trips and the commit: one
user's parallel creates went one at a time at the speed of the gateway's event loop.

Now `task_counts` holds the number. Statement triggers with transition tables keep it: a
statement that adds or removes tasks moves each owner's count once, by its number of rows (a
bulk insert of 100,000 tasks is one counter update, not 100,000), at the end of the statement.
The counter row stays locked from then until the commit; a create without reminders is one
statement committing on its own (core.services), so for it that is the commit itself. When the
transaction has set `todo.max_tasks` (core.quotas does, for creates through
core.services.create_task) the insert's trigger refuses a count beyond it with SQLSTATE TQ001:
two parallel creates cannot both take the last place, as the second waits for the first's row
lock and then sees its count. Without the setting (the recur function's next occurrence, other
processes) the count is only kept. Owners are locked in name order, so two statements touching
several owners cannot deadlock on the counters.

Revision ID: 0018
Revises: 0017
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_ADDED = """
CREATE FUNCTION task_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    limit_setting text := current_setting('todo.max_tasks', true);
    over text;
BEGIN
    WITH added AS (
        INSERT INTO task_counts AS c (owner, tasks)
        SELECT owner, count(*) FROM new_rows GROUP BY owner ORDER BY owner
        ON CONFLICT (owner) DO UPDATE SET tasks = c.tasks + excluded.tasks
        RETURNING c.owner, c.tasks
    )
    SELECT min(owner) INTO over FROM added
    WHERE limit_setting <> '' AND tasks > limit_setting::integer;
    IF over IS NOT NULL THEN
        RAISE EXCEPTION 'task limit reached: % tasks per user', limit_setting
            USING ERRCODE = 'TQ001';
    END IF;
    RETURN NULL;
END $$
"""
_REMOVED = """
CREATE FUNCTION task_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE task_counts AS c SET tasks = c.tasks - gone.n
    FROM (SELECT owner, count(*) AS n FROM old_rows GROUP BY owner ORDER BY owner) AS gone
    WHERE c.owner = gone.owner;
    RETURN NULL;
END $$
"""
# An owner change (none of the code makes one) moves the task between the two counts.
_MOVED = """
CREATE FUNCTION task_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH moves AS (
        SELECT o.owner AS old_owner, n.owner AS new_owner
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.owner IS DISTINCT FROM n.owner
    ),
    deltas AS (
        SELECT owner, sum(d) AS d FROM (
            SELECT old_owner AS owner, -1 AS d FROM moves
            UNION ALL SELECT new_owner, 1 FROM moves
        ) AS each_move GROUP BY owner
    )
    INSERT INTO task_counts AS c (owner, tasks)
    SELECT owner, d FROM deltas ORDER BY owner
    ON CONFLICT (owner) DO UPDATE SET tasks = c.tasks + excluded.tasks;
    RETURN NULL;
END $$
"""
_TRUNCATED = """
CREATE FUNCTION task_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_counts;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.execute("CREATE TABLE task_counts (owner text PRIMARY KEY, tasks integer NOT NULL)")
    for function in (_ADDED, _REMOVED, _MOVED, _TRUNCATED):
        op.execute(function)
    op.execute(
        "CREATE TRIGGER tasks_counted_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS "
        "new_rows FOR EACH STATEMENT EXECUTE FUNCTION task_counts_added()"
    )
    op.execute(
        "CREATE TRIGGER tasks_counted_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS "
        "old_rows FOR EACH STATEMENT EXECUTE FUNCTION task_counts_removed()"
    )
    # Transition tables rule out a column list (UPDATE OF owner): the function compares owners.
    op.execute(
        "CREATE TRIGGER tasks_counted_move AFTER UPDATE ON tasks REFERENCING OLD TABLE AS "
        "old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION task_counts_moved()"
    )
    op.execute(
        "CREATE TRIGGER tasks_counted_truncate AFTER TRUNCATE ON tasks "
        "FOR EACH STATEMENT EXECUTE FUNCTION task_counts_truncated()"
    )
    op.execute(
        "INSERT INTO task_counts (owner, tasks) SELECT owner, count(*) FROM tasks GROUP BY owner"
    )


def downgrade() -> None:
    for trigger in ("truncate", "move", "delete", "insert"):
        op.execute(f"DROP TRIGGER tasks_counted_{trigger} ON tasks")
    for function in ("truncated", "moved", "removed", "added"):
        op.execute(f"DROP FUNCTION task_counts_{function}()")
    op.execute("DROP TABLE task_counts")
