// The task editor: a side panel on desktop, a full-screen overlay on a phone. Every field of a
// task: title, description, due (date and time inputs, or words read by the parser), priority,
// tags, recurrence (presets in words, or a custom RRULE) and its anchor, reminders.
import { api, ApiError, describeError, NetworkError } from "./api.js";
import { dayKey, formatMoment, formatReminder, formatRule, parseRule, timeKey, toRfc3339, weekdayName } from "./dates.js";
import { $, debounce, h } from "./dom.js";
import { icon } from "./icons.js";
import { parseText } from "./quickadd.js";
import { setTaskParam } from "./router.js";
import { emit, on, onSignOut } from "./session.js";
import { completeTask, deleteSeries, deleteTask, reopenTask, skipTask } from "./taskops.js";
import { patchItem, zone } from "./tasks.js";
import { toast } from "./toast.js";

const PRIORITIES = [["none", "No priority"], ["low", "Low (P4)"], ["medium", "Medium (P3)"], ["high", "High (P2)"], ["urgent", "Urgent (P1)"]];
const REMINDER_PRESETS = [["PT0S", "At due time"], ["PT10M", "10 min before"], ["PT30M", "30 min before"], ["PT1H", "1 hour before"], ["P1D", "1 day before"]];
const WEEKDAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
const ORDINAL = (n) => n + ((n % 100 >= 11 && n % 100 <= 13) ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th"));

let task = null;       // the task as loaded
let reminders = [];    // the reminders being edited
let opener = null;     // what had focus before the editor opened

const field = (id) => $(id);

/** Whether the editor is open. */
export function editorOpen() {
  return !$("editor").hidden;
}

/** The id of the task in the editor (or null). */
export function editingId() {
  return editorOpen() ? task?.id : null;
}

function build() {
  const labelled = (id, text, control, hint) => h("div", { class: "field" }, h("label", { for: id, text }), control, hint || null);
  const form = h("form", { id: "editor-form", class: "editor-form", novalidate: true, onsubmit: save },
    labelled("editor-title", "Title", h("textarea", { id: "editor-title", testid: "editor-title", class: "editor-title", rows: 1, required: true, maxLength: 500, autocomplete: "off" })),
    labelled("editor-description", "Description", h("textarea", { id: "editor-description", testid: "editor-description", rows: 3, maxLength: 20000 })),
    h("fieldset", { class: "group-box" },
      h("legend", {}, icon("calendar", { size: 16 }), "Due"),
      labelled("editor-due-text", "Type a date", h("input", {
        id: "editor-due-text", testid: "editor-due-text", autocomplete: "off", placeholder: "e.g. next friday 5pm",
        attrs: { "aria-describedby": "editor-due-preview" },
      })),
      h("p", { id: "editor-due-preview", class: "hint", testid: "editor-due-preview", attrs: { "aria-live": "polite" } }),
      h("div", { class: "field-row due-row" },
        labelled("editor-due", "Date", h("input", { id: "editor-due", testid: "editor-due", type: "date" })),
        labelled("editor-due-time", "Time", h("input", { id: "editor-due-time", testid: "editor-due-time", type: "time" })),
        h("button", { type: "button", class: "icon-btn clear-due", id: "editor-due-clear", testid: "editor-due-clear", attrs: { "aria-label": "Clear the due date" } }, icon("close", { size: 18 }))),
      h("p", { id: "editor-zone", class: "hint" })),
    h("div", { class: "field-row" },
      labelled("editor-priority", "Priority", h("select", { id: "editor-priority", testid: "editor-priority" },
        PRIORITIES.map(([value, text]) => h("option", { value, text })))),
      labelled("editor-tags", "Tags", h("input", { id: "editor-tags", testid: "editor-tags", autocomplete: "off", placeholder: "home, errands" }))),
    h("fieldset", { class: "group-box" },
      h("legend", {}, icon("repeat", { size: 16 }), "Repeat"),
      labelled("editor-recurrence", "Repeats", h("select", { id: "editor-recurrence", testid: "editor-recurrence" })),
      h("div", { id: "editor-custom-row", class: "field", hidden: true },
        h("label", { for: "editor-recurrence-custom", text: "Custom rule (RFC 5545 RRULE)" }),
        h("input", { id: "editor-recurrence-custom", testid: "editor-recurrence-custom", autocomplete: "off", spellcheck: false, placeholder: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH" })),
      labelled("editor-anchor", "Next one counts from", h("select", { id: "editor-anchor", testid: "editor-anchor" },
        h("option", { value: "due", text: "the due date" }), h("option", { value: "completion", text: "the day it is completed" }))),
      h("p", { id: "editor-recurrence-text", class: "hint", attrs: { "aria-live": "polite" } })),
    h("fieldset", { class: "group-box" },
      h("legend", {}, icon("bell", { size: 16 }), "Reminders"),
      h("ul", { id: "editor-reminders", testid: "editor-reminders", class: "reminder-list" }),
      h("div", { class: "field-row" },
        labelled("editor-reminder-add", "Add a reminder", h("select", { id: "editor-reminder-add", testid: "editor-reminder-add" },
          h("option", { value: "", text: "Choose…" }),
          REMINDER_PRESETS.map(([value, text]) => h("option", { value, text })),
          h("option", { value: "custom", text: "Custom…" })))),
      h("div", { id: "editor-reminder-custom", class: "field-row", hidden: true },
        labelled("editor-reminder-amount", "How long before", h("input", { id: "editor-reminder-amount", testid: "editor-reminder-amount", type: "number", min: 1, max: 525600, value: "15" })),
        labelled("editor-reminder-unit", "Unit", h("select", { id: "editor-reminder-unit", testid: "editor-reminder-unit" },
          h("option", { value: "M", text: "minutes" }), h("option", { value: "H", text: "hours" }), h("option", { value: "D", text: "days" }))),
        h("button", { type: "button", class: "btn", id: "editor-reminder-custom-add", testid: "editor-reminder-custom-add" }, icon("plus", { size: 16 }), "Add"))),
    h("div", { id: "editor-error", class: "editor-error" }),
    h("div", { class: "editor-actions" },
      h("button", { type: "submit", class: "btn btn-primary", testid: "editor-save" }, icon("check", { size: 18 }), "Save"),
      h("button", { type: "button", class: "btn", id: "editor-toggle", testid: "editor-complete" }),
      h("span", { class: "spacer" }),
      h("button", { type: "button", class: "btn btn-danger-quiet", testid: "delete", id: "editor-delete" }, icon("trash", { size: 18 }), "Delete")),
    h("div", { id: "editor-series", class: "editor-actions series-actions", hidden: true },
      h("button", { type: "button", class: "btn", testid: "skip", id: "editor-skip" }, icon("skip", { size: 18 }), "Skip this one"),
      h("button", { type: "button", class: "btn btn-danger-quiet", testid: "delete-series", id: "editor-delete-series" }, icon("trash", { size: 18 }), "Delete the whole series")));
  $("editor").replaceChildren(
    h("div", { class: "editor-head" },
      h("h2", { id: "editor-heading", text: "Edit task" }),
      h("button", { type: "button", class: "icon-btn", testid: "editor-close", attrs: { "aria-label": "Close the editor" }, onclick: () => closeEditor() }, icon("close"))),
    form);
}

// ---- recurrence presets -------------------------------------------------------------------

function dueDay() {
  return field("editor-due").value || dayKey(new Date(), zone());
}

function presets() {
  const day = dueDay();
  const own = task?.recurrence?.rule;
  const weekdayIndex = new Date(`${day}T12:00:00Z`).getUTCDay();
  const date = Number(day.slice(8, 10));
  const wd = weekdayName(day, "UTC");
  const monthDay = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
  const list = [
    ["none", "Does not repeat", null],
    ["daily", "Every day", "FREQ=DAILY"],
    ["weekdays", "Every weekday (Monday to Friday)", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
    ["weekly", `Every week on ${wd}`, `FREQ=WEEKLY;BYDAY=${WEEKDAY_CODES[weekdayIndex]}`],
    ["monthly", `Every month on the ${ORDINAL(date)}`, `FREQ=MONTHLY;BYMONTHDAY=${date}`],
    ["yearly", `Every year on ${monthDay}`, "FREQ=YEARLY"],
  ];
  // The task's own rule, when no preset says it, is offered in words too.
  if (own && !list.some(([, , rule]) => rule && sameRule(own, rule))) {
    list.push(["current", capitalise(formatRule({ ...task.recurrence, anchor: "due" })), own]);
  }
  list.push(["custom", "Custom…", null]);
  return list;
}

function capitalise(text) {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

function sameRule(a, b) {
  const x = parseRule(a);
  const y = parseRule(b);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)].filter((k) => !(k === "INTERVAL" && (x[k] || "1") === "1" && (y[k] || "1") === "1")));
  for (const key of keys) {
    const norm = (v) => (v || "").split(",").sort().join(",");
    if (norm(x[key]) !== norm(y[key])) return false;
  }
  return true;
}

function presetOf(rule) {
  if (!rule) return "none";
  for (const [kind, , presetRule] of presets()) if (presetRule && sameRule(rule, presetRule)) return kind;
  return "custom";
}

function fillPresets(kind) {
  const select = field("editor-recurrence");
  select.replaceChildren(...presets().map(([value, text]) => h("option", { value, text })));
  select.value = kind;
  showCustom();
}

function showCustom() {
  const kind = field("editor-recurrence").value;
  field("editor-custom-row").hidden = kind !== "custom";
  field("editor-anchor").disabled = kind === "none";
  const rule = currentRule();
  const unchanged = task?.recurrence && rule && sameRule(rule, task.recurrence.rule) && field("editor-anchor").value === task.recurrence.anchor;
  field("editor-recurrence-text").textContent = rule
    ? `Repeats ${formatRule(unchanged ? task.recurrence : { rule, anchor: field("editor-anchor").value })}`
    : "";
}

function currentRule() {
  const kind = field("editor-recurrence").value;
  if (kind === "none") return null;
  if (kind === "custom") return field("editor-recurrence-custom").value.trim().replace(/^RRULE:/i, "") || null;
  return presets().find(([k]) => k === kind)[2];
}

// ---- reminders ----------------------------------------------------------------------------

function renderReminders() {
  const list = field("editor-reminders");
  list.replaceChildren(...reminders.map((reminder, index) => {
    const words = formatReminder(reminder, zone());
    return h("li", { class: "reminder", testid: "editor-reminder" },
      icon("bell", { size: 16 }), h("span", { text: words }),
      h("button", {
        type: "button", class: "icon-btn icon-btn-small", attrs: { "aria-label": `Remove the reminder ${words}` },
        onclick: () => {
          reminders.splice(index, 1);
          renderReminders();
          field("editor-reminder-add").focus();
        },
      }, icon("close", { size: 16 })));
  }));
  if (!reminders.length) list.append(h("li", { class: "hint", text: "No reminders." }));
}

function addReminder(before) {
  if (!reminders.some((r) => r.before === before)) {
    reminders.push({ before });
  }
  renderReminders();
}

// ---- due date in words ----------------------------------------------------------------------

async function readDueText({ apply = true } = {}) {
  const text = field("editor-due-text").value.trim();
  const preview = field("editor-due-preview");
  if (!text) {
    preview.textContent = "";
    return;
  }
  const result = await parseText(text, { mode: "date" }).catch(() => null);
  if (field("editor-due-text").value.trim() !== text) return;
  preview.classList.toggle("hint-error", !result?.due);
  if (!result || result.invalid || !result.due) {
    const why = result?.invalid || (result ? "No date found in these words." : "Could not read the date: try again.");
    preview.textContent = capitalise(why);
    return;
  }
  preview.textContent = `Due ${formatMoment(result.due, zone())}${result.recurrence ? `, repeats ${formatRule(result.recurrence)}` : ""}`;
  if (!apply) return;
  field("editor-due").value = dayKey(result.due, zone());
  const time = timeKey(result.due, zone());
  field("editor-due-time").value = time === "00:00" ? "" : time;
  if (result.recurrence) {
    const kind = presetOf(result.recurrence.rule);
    fillPresets(kind);
    if (kind === "custom") field("editor-recurrence-custom").value = result.recurrence.rule;
    field("editor-anchor").value = result.recurrence.anchor || "due";
    showCustom();
  } else {
    fillPresets(field("editor-recurrence").value);
  }
}

const readDueSoon = debounce(() => readDueText(), 350);

// ---- open, fill, save -----------------------------------------------------------------------

function fill(t) {
  const z = zone();
  field("editor-title").value = t.title;
  field("editor-description").value = t.description || "";
  field("editor-due-text").value = "";
  field("editor-due-preview").textContent = "";
  field("editor-due-preview").classList.remove("hint-error");
  field("editor-due").value = t.due ? dayKey(t.due, z) : "";
  const time = t.due ? timeKey(t.due, z) : "";
  field("editor-due-time").value = time === "00:00" ? "" : time;
  field("editor-zone").textContent = `Times are in ${z}.`;
  field("editor-priority").value = t.priority;
  field("editor-tags").value = t.tags.join(", ");
  field("editor-recurrence-custom").value = t.recurrence?.rule || "";
  field("editor-anchor").value = t.recurrence?.anchor || "due";
  fillPresets(presetOf(t.recurrence?.rule));
  reminders = (t.reminders || []).map((r) => ({ ...r }));
  renderReminders();
  field("editor-error").replaceChildren();
  const toggle = field("editor-toggle");
  toggle.replaceChildren(icon(t.completed ? "reopen" : "done", { size: 18 }), t.completed ? "Reopen" : "Complete");
  field("editor-series").hidden = !t.recurrence && !t.series_id;
  field("editor-skip").hidden = !t.recurrence || t.completed;
}

/** Open the editor on `t` (a task). */
export function openEditor(t) {
  if (!$("editor").firstChild) build();
  if (!editorOpen()) opener = document.activeElement;
  task = t;
  fill(t);
  setTaskParam(t.id);
  $("editor").hidden = false;
  document.body.classList.add("editing");
  field("editor-title").focus();
}

/** Close the editor (unsaved changes are dropped) and give focus back. */
export function closeEditor() {
  if (!editorOpen()) return;
  $("editor").hidden = true;
  document.body.classList.remove("editing");
  setTaskParam(null);
  const id = task?.id;
  task = null;
  const row = id && document.querySelector(`#task-list li[data-id="${CSS.escape(id)}"]`);
  const target = row || (opener instanceof HTMLElement && opener.isConnected ? opener : null);
  target?.focus();
}

// The title wraps over as many lines as it needs, but it is one line of text: Enter saves.
function titleText() {
  return field("editor-title").value.replace(/\s*\n\s*/g, " ").trim();
}

function tagsOf(text) {
  return [...new Set(text.split(/[\s,]+/).map((t) => t.replace(/^#/, "").trim().toLowerCase()).filter(Boolean))];
}

/** The PATCH body: only what differs from the task as loaded. */
function changes() {
  const z = zone();
  const body = {};
  const title = titleText();
  if (title !== task.title) body.title = title;
  const description = field("editor-description").value;
  if (description !== (task.description || "")) body.description = description;
  const day = field("editor-due").value;
  const time = field("editor-due-time").value || "00:00";
  const due = day ? toRfc3339(day, time, z) : null;
  const sameDue = (task.due && due) ? new Date(task.due).getTime() === new Date(due).getTime() : task.due === due;
  if (!sameDue) {
    body.due = due;
    if (due) body.timezone = z;
  }
  if (field("editor-priority").value !== task.priority) body.priority = field("editor-priority").value;
  const tags = tagsOf(field("editor-tags").value);
  if (tags.join(",") !== task.tags.join(",")) body.tags = tags;
  const rule = currentRule();
  const anchor = field("editor-anchor").value;
  const before = task.recurrence;
  if (!rule && before) body.recurrence = null;
  else if (rule && (!before || !sameRule(rule, before.rule) || anchor !== before.anchor)) body.recurrence = { rule, anchor };
  const plain = (list) => list.map((r) => (r.before ? { before: r.before } : { at: r.at }));
  if (JSON.stringify(plain(reminders)) !== JSON.stringify(plain(task.reminders || []))) body.reminders = plain(reminders);
  return body;
}

function showError(what, error, retry) {
  const box = field("editor-error");
  const transient = error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
  box.replaceChildren(h("div", { class: "inline-error", testid: "error", attrs: { role: "alert" } },
    icon("alert", { size: 18 }), h("span", { text: `${what}: ${describeError(error)}.` }),
    transient && retry ? h("button", { type: "button", class: "btn btn-quiet", testid: "retry", onclick: retry }, icon("retry", { size: 16 }), "Retry") : null));
}

async function save(event) {
  event?.preventDefault();
  if (!task) return;
  field("editor-error").replaceChildren();
  if (!titleText()) {
    showError("Could not save", new Error("the title must not be empty"));
    field("editor-title").focus();
    return;
  }
  if (field("editor-recurrence").value !== "none" && !field("editor-due").value) {
    showError("Could not save", new Error("a repeating task needs a due date"));
    field("editor-due").focus();
    return;
  }
  const body = changes();
  if (!Object.keys(body).length) {
    closeEditor();
    return;
  }
  const saveButton = $("editor").querySelector("[data-testid=editor-save]");
  saveButton.disabled = true;
  try {
    const updated = await api(`/api/tasks/${task.id}`, { method: "PATCH", body });
    patchItem(updated);
    emit("tasks-changed", { id: updated.id, op: "updated" });
    toast(`Saved “${updated.title}”`);
    closeEditor();
  } catch (error) {
    if (error?.status === 401) return;
    showError(`Could not save “${task.title}”`, error, () => save());
  } finally {
    saveButton.disabled = false;
  }
}

async function act(action) {
  const current = task;
  if (!current) return;
  const result = await action(current);
  if (result) closeEditor();
}

/** Wire the editor. */
export function setupEditor() {
  build();
  field("editor-title").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("editor-form").requestSubmit();
    }
  });
  field("editor-due-text").addEventListener("input", readDueSoon);
  field("editor-due-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      readDueSoon.cancel();
      readDueText();
    }
  });
  field("editor-due").addEventListener("change", () => fillPresets(field("editor-recurrence").value));
  field("editor-due-clear").addEventListener("click", () => {
    field("editor-due").value = "";
    field("editor-due-time").value = "";
    fillPresets("none");
  });
  field("editor-recurrence").addEventListener("change", () => {
    showCustom();
    if (field("editor-recurrence").value === "custom") field("editor-recurrence-custom").focus();
  });
  field("editor-recurrence-custom").addEventListener("input", showCustom);
  field("editor-anchor").addEventListener("change", showCustom);
  field("editor-reminder-add").addEventListener("change", () => {
    const value = field("editor-reminder-add").value;
    field("editor-reminder-custom").hidden = value !== "custom";
    if (value && value !== "custom") {
      addReminder(value);
      field("editor-reminder-add").value = "";
    } else if (value === "custom") {
      field("editor-reminder-amount").focus();
    }
  });
  field("editor-reminder-custom-add").addEventListener("click", () => {
    const amount = Math.round(Number(field("editor-reminder-amount").value));
    if (!(amount > 0)) return;
    const unit = field("editor-reminder-unit").value;
    addReminder(unit === "D" ? `P${amount}D` : `PT${amount}${unit}`);
    field("editor-reminder-custom").hidden = true;
    field("editor-reminder-add").value = "";
  });
  field("editor-toggle").addEventListener("click", () => act((t) => (t.completed ? reopenTask(t) : completeTask(t))));
  field("editor-delete").addEventListener("click", () => act(deleteTask));
  field("editor-skip").addEventListener("click", () => act(skipTask));
  field("editor-delete-series").addEventListener("click", () => act(deleteSeries));
  on("task", (update) => {
    if (!task || update?.task?.id !== task.id) return;
    if (update.op === "delete") {
      closeEditor();
      toast("This task was deleted elsewhere");
    } else if (!Object.keys(changes()).length) {
      const id = task.id;
      api(`/api/tasks/${id}`).then((fresh) => {
        if (task?.id === id && !Object.keys(changes()).length) {
          task = fresh;
          fill(fresh);
        }
      }).catch(() => {});
    }
  });
  onSignOut(() => {
    task = null;
    reminders = [];
    $("editor").hidden = true;
    document.body.classList.remove("editing");
    build();
  });
}
