// What the assistant's tool calls did, in words: "Added 'Buy milk', Tomorrow 17:00",
// "Completed 'Call mom'", "Found 3 tasks". Built from the call's name and arguments and the
// tool's output (task JSON), with the same date formatter as the task list.
import { formatMoment, formatRule } from "./dates.js";

const TOOLS = [
  "add_task", "list_tasks", "get_task", "update_task", "complete_task", "reopen_task",
  "skip_task", "delete_task", "task_activity",
];

/** Our name for a tool, also when a server prefixed it ("todo_add_task" -> "add_task"). */
export function canonicalTool(name) {
  return TOOLS.find((known) => name === known || String(name).endsWith(`_${known}`)) || name;
}

/** JSON text as a value; other text (or a value already parsed) as it is. */
export function parseJson(value) {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const quote = (text) => `'${text}'`;
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function when(task, zone) {
  return task?.due ? formatMoment(task.due, zone) : "";
}

function joined(first, details) {
  const parts = details.filter(Boolean);
  return parts.length ? `${first}, ${parts.join(", ")}` : first;
}

function updated(task, args, zone) {
  const details = [];
  if (args.title) details.push(`renamed to ${quote(task.title)}`);
  if (args.due) details.push(task.due ? `due ${when(task, zone)}` : "");
  if (args.clear_due) details.push("no due date");
  if (args.priority) details.push(task.priority === "none" ? "no priority" : `${task.priority} priority`);
  if (args.tags) details.push(task.tags.length ? task.tags.map((t) => `#${t}`).join(" ") : "no tags");
  if (args.recurrence || args.anchor) details.push(formatRule(task.recurrence));
  if (args.clear_recurrence) details.push("no longer repeats");
  if (args.reminders) details.push(plural(task.reminders?.length ?? 0, "reminder"));
  if (args.description !== undefined && args.description !== null) details.push("description changed");
  return joined(`Updated ${quote(task.title)}`, details);
}

const PENDING = {
  add_task: (a) => `Adding ${quote(a.title ?? "a task")}`,
  list_tasks: (a) => (a.q ? `Searching for ${quote(a.q)}` : "Looking at your tasks"),
  get_task: () => "Looking up a task",
  update_task: () => "Updating a task",
  complete_task: () => "Completing a task",
  reopen_task: () => "Reopening a task",
  skip_task: () => "Skipping an occurrence",
  delete_task: (a) => (a.confirm ? "Deleting a task" : "Checking a task before deleting"),
  task_activity: () => "Reading the activity log",
};

const FAILED = {
  add_task: (a) => `Could not add ${quote(a.title ?? "the task")}`,
  list_tasks: () => "Could not list tasks",
  get_task: () => "Could not find the task",
  update_task: () => "Could not update the task",
  complete_task: () => "Could not complete the task",
  reopen_task: () => "Could not reopen the task",
  skip_task: () => "Could not skip the task",
  delete_task: () => "Could not delete the task",
  task_activity: () => "Could not read the activity log",
};

const DONE = {
  add_task: (t, a, zone) => joined(`Added ${quote(t.title)}`, [when(t, zone), formatRule(t.recurrence)]),
  list_tasks: (page, a) => {
    const n = page.items?.length ?? 0;
    const found = n ? `Found ${plural(n, "task")}` : "Found no tasks";
    return (a.q ? `${found} for ${quote(a.q)}` : found) + (page.next_cursor ? " (more exist)" : "");
  },
  get_task: (t, a, zone) => joined(`Looked up ${quote(t.title)}`, [when(t, zone)]),
  update_task: (t, a, zone) => updated(t, a, zone),
  complete_task: (t) => `Completed ${quote(t.title)}`,
  reopen_task: (t) => `Reopened ${quote(t.title)}`,
  skip_task: (t, a, zone) => joined(`Skipped ${quote(t.title)}`, [when(t, zone)]),
  delete_task: (r) =>
    r.deleted ? `Deleted ${quote(r.task?.title)}` : `Asked before deleting ${quote(r.task?.title)}`,
  task_activity: (page) => {
    const n = page.items?.length ?? 0;
    return n === 1 ? "Read 1 activity entry" : `Read ${n} activity entries`;
  },
};

const ICONS = {
  add_task: "plus", list_tasks: "search", get_task: "list", update_task: "edit",
  complete_task: "check", reopen_task: "undo", skip_task: "skip", delete_task: "trash",
  task_activity: "clock",
};

/**
 * A tool call in words: {text, icon, state: "pending"|"done"|"failed"}.
 * `output` undefined means the call has not answered yet; "Error: ..." text means it failed.
 */
export function describeTool(name, rawArgs, output, zone) {
  const tool = canonicalTool(name);
  const args = parseJson(rawArgs);
  const a = args && typeof args === "object" ? args : {};
  const known = tool in DONE;
  if (output === undefined) {
    return { text: `${known ? PENDING[tool](a) : `Using ${name}`}…`, icon: ICONS[tool] || "more", state: "pending" };
  }
  const result = parseJson(output);
  if (typeof result === "string" || result === null || typeof result !== "object") {
    const message = String(result ?? "").replace(/^Error:\s*/, "");
    const failed = /^Error:/.test(String(result ?? ""));
    if (failed) {
      const first = known ? FAILED[tool](a) : `${name} failed`;
      return { text: message ? `${first}: ${message}` : first, icon: "alert", state: "failed" };
    }
    return { text: known ? PENDING[tool](a).replace(/…$/, "") : `Used ${name}`, icon: ICONS[tool] || "more", state: "done" };
  }
  try {
    const text = known ? DONE[tool](result, a, zone) : `Used ${name}`;
    return { text, icon: ICONS[tool] || "more", state: "done" };
  } catch {
    return { text: `Used ${name}`, icon: ICONS[tool] || "more", state: "done" };
  }
}

/** Pretty JSON of a tool's arguments or output, for the expanded details. */
export function prettyJson(value) {
  const parsed = parseJson(value);
  return typeof parsed === "string" ? parsed : JSON.stringify(parsed, null, 2);
}
