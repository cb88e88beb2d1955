// What a user does to a task (complete, reopen, delete, skip, delete a series), each with an
// Undo where one makes sense and a Retry when it fails.
import { api } from "./api.js";
import { confirmDialog } from "./confirm.js";
import { emit } from "./session.js";
import { attempt, toast } from "./toast.js";

const quote = (task) => `“${task.title}”`;

/** The fields that re-create `task` as it was (read-only `text` fields dropped). */
export function taskFields(task) {
  return {
    title: task.title,
    description: task.description || "",
    priority: task.priority,
    tags: [...task.tags],
    due: task.due,
    timezone: task.timezone,
    recurrence: task.recurrence ? { rule: task.recurrence.rule, anchor: task.recurrence.anchor || "due" } : null,
    reminders: (task.reminders || []).map((r) => (r.before ? { before: r.before } : { at: r.at })),
  };
}

function changed(task, op) {
  emit("tasks-changed", { id: task?.id, op });
}

/** Mark done, with Undo (reopen). */
export async function completeTask(task) {
  const done = await attempt(`Could not complete ${quote(task)}`, () => api(`/api/tasks/${task.id}/complete`, { method: "POST" }));
  if (!done) return null;
  changed(done, "completed");
  toast(`Completed ${quote(task)}`, { undo: () => reopenTask(done, { offerUndo: false }) });
  return done;
}

/** Mark open again, with Undo (complete). */
export async function reopenTask(task, { offerUndo = true } = {}) {
  const open = await attempt(`Could not reopen ${quote(task)}`, () => api(`/api/tasks/${task.id}/reopen`, { method: "POST" }));
  if (!open) return null;
  changed(open, "reopened");
  if (offerUndo) toast(`Reopened ${quote(task)}`, { undo: () => completeTask(open) });
  return open;
}

/** Complete an open task, reopen a done one. */
export function toggleTask(task) {
  return task.completed ? reopenTask(task) : completeTask(task);
}

/** Delete, with Undo (the task is added again with the same fields). */
export async function deleteTask(task) {
  const ok = await attempt(`Could not delete ${quote(task)}`, async () => {
    await api(`/api/tasks/${task.id}`, { method: "DELETE" });
    return true;
  });
  if (!ok) return false;
  changed(task, "deleted");
  toast(`Deleted ${quote(task)}`, { undo: () => restoreTask(task) });
  return true;
}

/** Add a deleted task again with its fields (and its done state). */
export async function restoreTask(task) {
  const again = await attempt(`Could not restore ${quote(task)}`, async () => {
    const created = await api("/api/tasks", { method: "POST", body: taskFields(task) });
    return task.completed ? api(`/api/tasks/${created.id}/complete`, { method: "POST" }) : created;
  });
  if (again) changed(again, "restored");
  return again;
}

/** Skip this occurrence of a recurring task; the next one follows. */
export async function skipTask(task) {
  const skipped = await attempt(`Could not skip ${quote(task)}`, () => api(`/api/tasks/${task.id}/skip`, { method: "POST" }));
  if (!skipped) return null;
  changed(skipped, "skipped");
  toast(`Skipped this ${quote(task)}; the next one is on its way`);
  return skipped;
}

/** Delete every occurrence of the series, after a confirmation. */
export async function deleteSeries(task) {
  const sure = await confirmDialog({
    title: "Delete the whole series?",
    text: `Every occurrence of ${quote(task)}, past and future, will be deleted. This cannot be undone.`,
    yes: "Delete series",
  });
  if (!sure) return false;
  const ok = await attempt(`Could not delete the series ${quote(task)}`, async () => {
    await api(`/api/tasks/${task.id}?scope=series`, { method: "DELETE" });
    return true;
  });
  if (!ok) return false;
  changed(task, "deleted");
  toast(`Deleted the series ${quote(task)}`);
  return true;
}
