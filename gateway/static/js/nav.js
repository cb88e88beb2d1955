// The side navigation: the four views and every tag, each with its count of open tasks.
// The API has no facet endpoint, so the counts come from reading the open tasks a page at a
// time (200 per request) and counting here.
import { api } from "./api.js";
import { addDays, dayKey, toRfc3339 } from "./dates.js";
import { $, debounce, h } from "./dom.js";
import { icon } from "./icons.js";
import { on, onSignOut, session } from "./session.js";

let generation = 0;
const MAX_PAGES = 50;  // 10 000 open tasks; beyond that the counts say "+"

function zone() {
  return session.settings?.timezone || "UTC";
}

/** Count the open tasks per view and per tag. */
async function countOpen() {
  const z = zone();
  const today = dayKey(new Date(), z);
  const tomorrow = new Date(toRfc3339(addDays(today, 1), "00:00", z));
  const todayStart = new Date(toRfc3339(today, "00:00", z));
  const horizon = new Date(toRfc3339(addDays(today, 14), "00:00", z));
  const counts = { inbox: 0, today: 0, upcoming: 0, tags: new Map(), partial: false };
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const params = new URLSearchParams({ status: "open", limit: "200", sort: "created" });
    if (cursor) params.set("cursor", cursor);
    const data = await api(`/api/tasks?${params}`);
    for (const task of data.items) {
      counts.inbox++;
      if (task.due) {
        const due = new Date(task.due);
        if (due < tomorrow) counts.today++;
        if (due >= todayStart && due < horizon) counts.upcoming++;
      }
      for (const tag of task.tags) counts.tags.set(tag, (counts.tags.get(tag) || 0) + 1);
    }
    cursor = data.next_cursor;
    if (!cursor) return counts;
  }
  counts.partial = true;
  return counts;
}

function setCount(link, n, partial) {
  const slot = link.querySelector("[data-testid=count]");
  slot.textContent = n ? `${n}${partial ? "+" : ""}` : "";
}

/** Read the counts again and redraw the navigation. */
export async function refreshNav() {
  if (!session.token) return;
  const mine = ++generation;
  let counts;
  try {
    counts = await countOpen();
  } catch {
    return;  // the list shows the error; the counts keep their last values
  }
  if (mine !== generation) return;
  setCount($("nav").querySelector("[data-view=inbox]"), counts.inbox, counts.partial);
  setCount($("nav").querySelector("[data-view=today]"), counts.today, counts.partial);
  setCount($("nav").querySelector("[data-view=upcoming]"), counts.upcoming, counts.partial);
  const tags = [...counts.tags].sort(([a], [b]) => a.localeCompare(b));
  const current = currentTag();
  if (current && !counts.tags.has(current)) tags.push([current, 0]);
  $("tag-list").replaceChildren(...tags.map(([tag, n]) => {
    const link = h("a", { href: `/tag/${encodeURIComponent(tag)}`, dataset: { link: "", view: "tag", tag }, testid: `nav-tag-${tag}` },
      icon("tag", { size: 18 }), h("span", { class: "nav-label", text: tag }), " ", h("span", { class: "count", testid: "count" }));
    setCount(link, n, counts.partial);
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
    for (const slot of $("nav").querySelectorAll("[data-testid=count]")) slot.textContent = "";
  });
}
