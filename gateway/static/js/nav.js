// The side navigation: the four views and every tag, each with its count of open tasks, read
// in one request from GET /api/tasks/counts (the same queries as the views) and refreshed,
// debounced, when tasks change here or live.
import { api } from "./api.js";
import { $, debounce, h } from "./dom.js";
import { icon } from "./icons.js";
import { on, onSignOut, session } from "./session.js";

let generation = 0;

function zone() {
  return session.settings?.timezone || "UTC";
}

/** The open tasks per view and per tag, in the user's zone. */
async function readCounts() {
  const data = await api(`/api/tasks/counts?${new URLSearchParams({ timezone: zone() })}`);
  return { ...data, tags: new Map(data.tags.map(({ tag, count }) => [tag, count])) };
}

function setCount(link, n, { overdue = 0 } = {}) {
  const slot = link.querySelector("[data-testid=count]");
  slot.textContent = n ? String(n) : "";
  // Today's count turns red while some of it is overdue; a screen reader hears how many.
  slot.classList.toggle("count-overdue", overdue > 0);
  if (overdue > 0) slot.setAttribute("title", `${overdue} overdue`);
  else slot.removeAttribute("title");
  let note = link.querySelector(".count-note");
  if (overdue > 0) {
    if (!note) link.append(note = h("span", { class: "visually-hidden count-note" }));
    note.textContent = `, ${overdue} overdue`;
  } else {
    note?.remove();
  }
}

/** Read the counts again and redraw the navigation. */
export async function refreshNav() {
  if (!session.token) return;
  const mine = ++generation;
  let counts;
  try {
    counts = await readCounts();
  } catch {
    return;  // the list shows the error; the counts keep their last values
  }
  if (mine !== generation) return;
  setCount($("nav").querySelector("[data-view=inbox]"), counts.inbox);
  setCount($("nav").querySelector("[data-view=today]"), counts.today, { overdue: counts.overdue });
  setCount($("nav").querySelector("[data-view=upcoming]"), counts.upcoming);
  const tags = [...counts.tags].sort(([a], [b]) => a.localeCompare(b));
  const current = currentTag();
  if (current && !counts.tags.has(current)) tags.push([current, 0]);
  $("tag-list").replaceChildren(...tags.map(([tag, n]) => {
    const link = h("a", { href: `/tag/${encodeURIComponent(tag)}`, dataset: { link: "", view: "tag", tag }, testid: `nav-tag-${tag}` },
      icon("tag", { size: 18 }), h("span", { class: "nav-label", text: tag }), " ", h("span", { class: "count", testid: "count" }));
    setCount(link, n);
    return h("li", {}, link);
  }));
  $("no-tags").hidden = tags.length > 0;
  markCurrent();
}

let currentView = null;

function currentTag() {
  return currentView?.name === "tag" ? currentView.tag : null;
}

/** Highlight the link of `view`. */
export function markCurrent(view = currentView) {
  currentView = view;
  if (!view) return;
  for (const link of $("nav").querySelectorAll("a[data-view]")) {
    const on = link.dataset.view === view.name && (view.name !== "tag" || link.dataset.tag === view.tag);
    if (on) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Wire the navigation: counts follow live updates and local changes. */
export function setupNav() {
  const soon = debounce(refreshNav, 400);
  on("task", soon);
  on("tasks-changed", soon);
  on("online", soon);
  on("settings", soon);
  onSignOut(() => {
    generation++;
    $("tag-list").replaceChildren();
    for (const link of $("nav").querySelectorAll("a[data-view]")) setCount(link, 0);
  });
}
