// Views have URLs: /, /today, /upcoming, /completed, /tag/<name>, each with ?q= (search) and
// optional ?sort=&order=, and ?task=<id> while the editor shows that task. Reload, share, back
// and forward keep the view (and the open task).
import { emit } from "./session.js";

export const VIEWS = {
  inbox: { path: "/", title: "Inbox" },
  today: { path: "/today", title: "Today" },
  upcoming: { path: "/upcoming", title: "Upcoming" },
  completed: { path: "/completed", title: "Completed" },
};

/** The view the address bar names: {name, tag, q, sort, order, task}. */
export function parseLocation(loc = window.location) {
  let path = loc.pathname.replace(/\/+$/, "") || "/";
  try {
    path = decodeURIComponent(path);
  } catch {
    /* keep it raw */
  }
  const params = new URLSearchParams(loc.search);
  const view = { name: "inbox", tag: null, q: params.get("q") || "", sort: params.get("sort") || "", order: params.get("order") || "", task: params.get("task") || "" };
  if (path.startsWith("/tag/") && path.length > 5) {
    view.name = "tag";
    view.tag = path.slice(5).toLowerCase();
  } else {
    for (const [name, spec] of Object.entries(VIEWS)) if (spec.path === path) view.name = name;
  }
  if (!["asc", "desc"].includes(view.order)) view.order = "";
  return view;
}

/** The URL of a view. */
export function urlOf(view) {
  const path = view.name === "tag" ? `/tag/${encodeURIComponent(view.tag)}` : VIEWS[view.name].path;
  const params = new URLSearchParams();
  if (view.q) params.set("q", view.q);
  if (view.sort) params.set("sort", view.sort);
  if (view.order) params.set("order", view.order);
  if (view.task) params.set("task", view.task);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The heading of a view. */
export function titleOf(view) {
  return view.name === "tag" ? `#${view.tag}` : VIEWS[view.name].title;
}

/** Name the open task in the address bar (`?task=<id>`), or drop it (null). Opening a task
 * adds a history entry, so Back (a phone's back button too) closes the editor; closing it
 * goes back over that entry, or just drops the parameter when the page was opened with it. */
export function setTaskParam(id) {
  const view = parseLocation();
  if ((view.task || null) === (id || null)) return;
  const url = urlOf({ ...view, task: id || "" }) + window.location.hash;
  if (id && !view.task) window.history.pushState({ editor: id }, "", url);
  else if (!id && window.history.state?.editor === view.task) window.history.back();
  else window.history.replaceState(id ? { editor: id } : null, "", url);
}

/** Go to `view` (a new history entry, or replace the current one); emits "route". */
export function navigate(view, { replace = false } = {}) {
  const url = urlOf(view);
  if (url !== window.location.pathname + window.location.search) {
    window.history[replace ? "replaceState" : "pushState"](null, "", url);
  }
  emit("route", parseLocation());
}

/** Follow back/forward and clicks on `a[data-link]` without reloading the page. */
export function startRouter() {
  window.addEventListener("popstate", () => emit("route", parseLocation()));
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-link]") : null;
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const target = new URL(link.href);
    window.history.pushState(null, "", target.pathname + target.search);
    emit("route", parseLocation());
  });
}
