"""Each owner's number of tasks, kept by triggers, so the task quota is checked without a count.

The quota used to take a per-user advisory lock and count the user's tasks (O(n) in their
tasks) before the write, holding the lock through three client round trips and the commit: one
user's parallel creates went one at a time at the speed of the gateway's event loop.

Now `task_counts` holds the number, and deferred constraint triggers keep it: they run inside
COMMIT, so the counter row's lock is held only for the commit itself, never across a round trip
to the client. When the transaction has set `todo.max_tasks` (core.quotas does, for creates
through core.services.create_task) the insert's trigger refuses a count beyond it with SQLSTATE
TQ001 and the commit fails: two parallel creates cannot both take the last place, as the second
waits for the first's row lock and then sees its count. Without the setting (the recur
function's next occurrence, other processes) the count is only kept.

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
    counted integer;
    limit_setting text := current_setting('todo.max_tasks', true);
BEGIN
    INSERT INTO task_counts AS c (owner, tasks) VALUES (NEW.owner, 1)
    ON CONFLICT (owner) DO UPDATE SET tasks = c.tasks + 1
    RETURNING c.tasks INTO counted;
    IF limit_setting <> '' AND counted > limit_setting::integer THEN
        RAISE EXCEPTION 'task limit reached: % tasks per user', limit_setting
            USING ERRCODE = 'TQ001';
    END IF;
    RETURN NULL;
END $$
"""
_REMOVED = """
CREATE FUNCTION task_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE task_counts SET tasks = tasks - 1 WHERE owner = OLD.owner;
    RETURN NULL;
END $$
"""
# An owner change (none of the code makes one) moves the task between the two counts.
_MOVED = """
CREATE FUNCTION task_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE task_counts SET tasks = tasks - 1 WHERE owner = OLD.owner;
    INSERT INTO task_counts AS c (owner, tasks) VALUES (NEW.owner, 1)
    ON CONFLICT (owner) DO UPDATE SET tasks = c.tasks + 1;
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
    # Constraint triggers are per row; deferred, they fire at COMMIT (see the docstring).
    op.execute(
        "CREATE CONSTRAINT TRIGGER tasks_counted_insert AFTER INSERT ON tasks "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION task_counts_added()"
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER tasks_counted_delete AFTER DELETE ON tasks "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION task_counts_removed()"
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER tasks_counted_move AFTER UPDATE OF owner ON tasks "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "WHEN (OLD.owner IS DISTINCT FROM NEW.owner) EXECUTE FUNCTION task_counts_moved()"
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
