// The task list of the current view: loading (with the view's query), grouping by day,
// selection, paging, live refresh, and an honest state when the data may be stale.
import { api, describeError } from "./api.js";
import { addDays, dayKey, formatDate, formatDay, formatMoment, formatReminder, formatRule, isOverdue, toRfc3339 } from "./dates.js";
import { $, debounce, h } from "./dom.js";
import { icon } from "./icons.js";
import { titleOf } from "./router.js";
import { isOnline, on, onSignOut, session } from "./session.js";
import { toggleTask } from "./taskops.js";

const PAGE = 50;
const PRIORITY_LABEL = { urgent: "Urgent", high: "High", medium: "Medium", low: "Low", none: "" };
// The order each sort starts in when the user has not picked one (as the server defaults).
export const DEFAULT_ORDER = { relevance: "desc", due: "asc", priority: "asc", created: "desc", updated: "desc", title: "asc" };

const state = {
  view: null,
  items: [],
  cursor: null,
  selected: null,
  error: null,
  controller: null,
  generation: 0,
  onOpen: () => {},
};

/** The user's zone (settings), falling back to UTC. */
export function zone() {
  return session.settings?.timezone || "UTC";
}

/** The sort a view uses: the URL's, else relevance when searching, else its default. */
export function sortOf(view) {
  if (view.sort) return view.sort;
  if (view.q) return "relevance";
  return view.name === "completed" ? "updated" : "due";
}

/** The order in force for a view. */
export function orderOf(view) {
  return view.order || DEFAULT_ORDER[sortOf(view)] || "asc";
}

function bounds() {
  const today = dayKey(new Date(), zone());
  return {
    today,
    todayStart: toRfc3339(today, "00:00", zone()),
    tomorrowStart: toRfc3339(addDays(today, 1), "00:00", zone()),
    horizon: toRfc3339(addDays(today, 14), "00:00", zone()),
  };
}

/** The GET /api/tasks query string of a view. */
export function queryOf(view, { cursor = null, limit = PAGE } = {}) {
  const params = new URLSearchParams({ limit: String(limit) });
  const b = bounds();
  params.set("status", view.name === "completed" ? "completed" : "open");
  if (view.name === "today") params.set("due_before", b.tomorrowStart);
  if (view.name === "upcoming") {
    params.set("due_after", b.todayStart);
    params.set("due_before", b.horizon);
  }
  if (view.name === "tag") params.append("tag", view.tag);
  if (view.q) params.set("q", view.q);
  const sort = sortOf(view);
  if (sort !== "relevance" || view.q) params.set("sort", sort);
  if (view.order) params.set("order", view.order);
  if (cursor) params.set("cursor", cursor);
  return `/api/tasks?${params}`;
}

/** Show `view` (a route): load its first page. */
export function showView(view) {
  const changedView = !state.view || state.view.name !== view.name || state.view.tag !== view.tag || state.view.q !== view.q;
  state.view = view;
  if (changedView) state.selected = null;
  return load({ fresh: changedView });
}

/** The view on screen. */
export function currentView() {
  return state.view;
}

/** Load (or reload) the current view; keeps the selection and as many rows as shown. */
export async function load({ fresh = false } = {}) {
  if (!state.view || !session.token) return;
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  const generation = ++state.generation;
  const limit = fresh ? PAGE : Math.min(200, Math.max(PAGE, state.items.length));
  $("task-list").setAttribute("aria-busy", "true");
  try {
    const page = await api(queryOf(state.view, { limit }), { signal: controller.signal });
    if (generation !== state.generation) return;
    state.items = page.items;
    state.cursor = page.next_cursor;
    state.error = null;
    render();
    document.documentElement.dataset.ready = "1";
  } catch (error) {
    if (error?.name === "AbortError" || generation !== state.generation) return;
    state.error = error;
    renderStatus();
  } finally {
    if (generation === state.generation) $("task-list").removeAttribute("aria-busy");
  }
}

async function loadMore() {
  if (!state.cursor) return;
  const button = $("more");
  button.disabled = true;
  try {
    const page = await api(queryOf(state.view, { cursor: state.cursor }));
    state.items = [...state.items, ...page.items.filter((t) => !state.items.some((o) => o.id === t.id))];
    state.cursor = page.next_cursor;
    render();
  } catch (error) {
    state.error = error;
    renderStatus();
  } finally {
    button.disabled = false;
  }
}

/** Re-render (e.g. after the zone changed). */
export function rerender() {
  if (state.view) render();
}

function groupsOf(view, items) {
  const z = zone();
  if (view.name === "upcoming" && sortOf(view) === "due") {
    const groups = new Map();
    for (const task of items) {
      const key = task.due ? dayKey(task.due, z) : "none";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(task);
    }
    return [...groups].map(([key, tasks]) => ({ key, title: key === "none" ? "No date" : dayTitle(key), tasks }));
  }
  if (view.name === "today") {
    const overdue = items.filter((t) => isOverdue(t.due, z) && dayKey(t.due, z) < dayKey(new Date(), z));
    const today = items.filter((t) => !overdue.includes(t));
    if (overdue.length) {
      return [
        { key: "overdue", title: "Overdue", tasks: overdue, overdue: true },
        { key: "today", title: dayTitle(dayKey(new Date(), z)), tasks: today },
      ].filter((g) => g.tasks.length);
    }
  }
  return [{ key: "all", title: null, tasks: items }];
}

function dayTitle(key) {
  const word = formatDay(key, zone());
  const date = formatDate(key, zone());
  return word === date ? word : `${word} · ${date}`;
}

function render() {
  const list = $("task-list");
  const view = state.view;
  const groups = groupsOf(view, state.items);
  const nodes = [];
  for (const group of groups) {
    const ul = h("ul", { class: "tasks", attrs: { "aria-label": group.title || titleOf(view) } },
      group.tasks.map((task) => row(task, group)));
    if (group.title) {
      nodes.push(h("section", { class: `group${group.overdue ? " group-overdue" : ""}` },
        h("h2", { class: "day-header", testid: "day-header", text: group.title }), ul));
    } else {
      nodes.push(ul);
    }
  }
  const hadFocus = list.contains(document.activeElement);
  list.replaceChildren(...nodes);
  $("more").hidden = !state.cursor;
  const empty = $("empty");
  empty.hidden = state.items.length > 0;
  if (!state.items.length) empty.replaceChildren(...emptyText(view));
  if (state.selected && !state.items.some((t) => t.id === state.selected)) state.selected = null;
  markSelected(hadFocus);
  renderStatus();
}

function emptyText(view) {
  const [title, text] = view.q
    ? ["No matches", `No task matches “${view.q}”.`]
    : {
        inbox: ["All clear", "Add a task above, or ask the assistant."],
        today: ["Nothing due today", "Enjoy the day, or plan something above."],
        upcoming: ["Nothing planned", "No task is due in the next 14 days."],
        completed: ["Nothing completed yet", "Tasks you complete show up here."],
        tag: ["No open tasks", `No open task is tagged #${view.tag}.`],
      }[view.name];
  return [icon(view.name === "completed" ? "done" : "check", { size: 40 }), h("p", { class: "empty-title", text: title }), h("p", { text })];
}

function row(task, group) {
  const z = zone();
  const overdue = !task.completed && isOverdue(task.due, z);
  const meta = h("div", { class: "task-meta" });
  if (task.due) {
    meta.append(h("span", { class: `meta due${overdue ? " overdue" : ""}`, testid: "task-due" },
      icon("calendar", { size: 14 }), formatMoment(task.due, z), overdue ? h("span", { class: "visually-hidden", text: " (overdue)" }) : null));
  }
  if (task.recurrence) {
    meta.append(h("span", { class: "meta", testid: "task-recurrence" }, icon("repeat", { size: 14 }), formatRule(task.recurrence)));
  }
  if (task.reminders?.length) {
    const words = task.reminders.map((r) => formatReminder(r, z));
    meta.append(h("span", { class: "meta", testid: "task-reminders", attrs: { title: words.join(", ") } },
      icon("bell", { size: 14 }), h("span", { class: "visually-hidden", text: "Reminder: " }),
      words.length === 1 ? words[0] : `${words[0]} +${words.length - 1}`));
  }
  for (const tag of task.tags) {
    meta.append(h("span", { class: "meta tag", testid: "task-tag", text: `#${tag}` }));
  }
  if (task.priority !== "none") {
    meta.append(h("span", { class: `meta prio prio-${task.priority}`, testid: "task-priority" },
      icon("flag", { size: 14 }), PRIORITY_LABEL[task.priority]));
  }
  if (task.description) {
    meta.prepend(h("span", { class: "meta desc", text: task.description.split("\n")[0].slice(0, 120) }));
  }
  const box = h("input", {
    type: "checkbox", class: `check prio-ring-${task.priority}`, testid: "complete", checked: task.completed,
    attrs: { "aria-label": `Complete ${task.title}` },
    onchange: async () => {
      box.disabled = true;
      const result = await toggleTask(task);
      if (!result) box.checked = task.completed;
      box.disabled = false;
    },
  });
  const li = h("li", {
    class: `task${task.completed ? " done" : ""}${overdue ? " is-overdue" : ""}`,
    testid: "task", dataset: { id: task.id }, attrs: { tabindex: "-1" },
    onclick: (event) => {
      if (event.target.closest("input, button, a")) return;
      select(task.id);
    },
  },
  box,
  h("div", { class: "task-body" },
    h("button", {
      type: "button", class: "task-title", testid: "task-title", text: task.title,
      onclick: () => { select(task.id); state.onOpen(task); },
    }),
    meta.childElementCount ? meta : null),
  h("button", {
    type: "button", class: "icon-btn task-edit", attrs: { "aria-label": `Edit ${task.title}` },
    onclick: () => { select(task.id); state.onOpen(task); },
  }, icon("edit", { size: 18 })));
  li._task = task;
  void group;
  return li;
}

function rows() {
  return [...$("task-list").querySelectorAll("li.task")];
}

function markSelected(focus = false) {
  for (const li of rows()) {
    const on = li.dataset.id === state.selected;
    li.classList.toggle("selected", on);
    if (on && focus) li.focus({ preventScroll: false });
  }
}

/** Select a task (by id); the keyboard acts on it. */
export function select(id, { focus = false } = {}) {
  state.selected = id;
  markSelected(focus);
  const li = rows().find((r) => r.dataset.id === id);
  li?.scrollIntoView({ block: "nearest" });
}

/** Move the selection by `step` rows (j/k, arrows). */
export function moveSelection(step) {
  const all = rows();
  if (!all.length) return;
  const index = all.findIndex((li) => li.dataset.id === state.selected);
  const next = index < 0 ? (step > 0 ? 0 : all.length - 1) : Math.max(0, Math.min(all.length - 1, index + step));
  select(all[next].dataset.id, { focus: true });
}

/** The task with `id` in the list on screen (or null). */
export function findItem(id) {
  return state.items.find((t) => t.id === id) || null;
}

/** The selected task (or null). */
export function selectedTask() {
  return state.items.find((t) => t.id === state.selected) || null;
}

/** Replace a task in place (after an edit) without waiting for the reload. */
export function patchItem(task) {
  const index = state.items.findIndex((t) => t.id === task.id);
  if (index >= 0) {
    state.items[index] = task;
    render();
  }
}

function renderStatus() {
  const status = $("list-status");
  const list = $("task-list");
  const stale = Boolean(state.error) || !isOnline();
  list.classList.toggle("stale", stale);
  list.toggleAttribute("data-stale", stale);
  if (state.error) {
    status.replaceChildren(h("div", { class: "inline-error", testid: "error", attrs: { role: "alert" } },
      icon("alert", { size: 18 }),
      h("span", { text: `Could not load ${titleOf(state.view)}: ${describeError(state.error)}.${state.items.length ? " The list below may be out of date." : ""}` }),
      h("button", { type: "button", class: "btn btn-quiet", testid: "retry", onclick: () => load() }, icon("retry", { size: 16 }), "Retry")));
  } else if (!isOnline() && state.items.length) {
    status.replaceChildren(h("div", { class: "inline-note", testid: "stale-note" },
      icon("offline", { size: 16 }), "Offline: this list may be out of date."));
  } else {
    status.replaceChildren();
  }
}

/** Set what opening a task does (the editor). */
export function onOpenTask(fn) {
  state.onOpen = fn;
}

const reloadSoon = debounce(() => load(), 250);

/** Wire the list: paging, live refresh, offline marking. */
export function setupTasks() {
  $("more").addEventListener("click", loadMore);
  on("task", reloadSoon);
  on("tasks-changed", reloadSoon);
  on("offline", renderStatus);
  on("online", () => {
    renderStatus();
    load();
  });
  on("settings", rerender);
  onSignOut(() => {
    state.controller?.abort();
    state.generation++;
    state.items = [];
    state.cursor = null;
    state.selected = null;
    state.error = null;
    state.view = null;
    $("task-list").replaceChildren();
    $("list-status").replaceChildren();
    $("empty").hidden = true;
    $("more").hidden = true;
    delete document.documentElement.dataset.ready;
  });
}
