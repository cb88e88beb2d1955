// The bell and its panel: reminders that fired, in friendly times, each linking to its task.
// The unread count shows on the bell (hidden at 0) and in the tab title ("(3) todo"); read
// state follows the live `notifications_read` event, so every open tab of the user agrees.
// New `notification` events prepend the item and, once the user allowed it from the panel,
// raise a browser notification while the page is not in front.
import { api, describeError } from "./api.js";
import { browserZone, formatMoment } from "./dates.js";
import { h as el } from "./dom.js";
import { icon } from "./icons.js";
import { emit, on, onSignOut, session } from "./session.js";

const LIMIT = 50;
let ui = null;
let items = [];  // newest first
let unread = 0;
let cleanup = [];  // functions that undo what mount attached
let generation = 0;
let registered = false;


function zone(note) {
  return session.settings?.timezone || note?.timezone || browserZone();
}

/** "Due Today 09:00" from the due time (fresh on every draw), else the server's sentence. */
function dueText(note) {
  return note.due ? `Due ${formatMoment(note.due, zone(note))}` : note.body;
}

// ---- unread count: badge, bell name, tab title ---------------------------------------------

function titleWithCount(title) {
  const base = title.replace(/^\(\d+\+?\)\s+/, "");
  return unread > 0 ? `(${unread}) ${base}` : base;
}

function applyTitle() {
  const next = titleWithCount(document.title);
  if (document.title !== next) document.title = next;
}

function setUnread(count) {
  unread = Math.max(0, Number(count) || 0);
  if (!ui) return;
  ui.badge.textContent = unread > 99 ? "99+" : String(unread);
  ui.badge.hidden = unread === 0;
  ui.button.setAttribute("aria-label", unread ? `Notifications, ${unread} unread` : "Notifications");
  ui.readAll.disabled = unread === 0;
  applyTitle();
}

// ---- the list -----------------------------------------------------------------------------

function item(note) {
  const when = `${formatMoment(note.fire_at, zone(note))}${note.late ? ", late" : ""}`;
  const content = [
    el("span", { class: "note-title" }, note.title),
    el("span", { class: "note-body" }, dueText(note)),
    el("span", { class: "note-time" }, icon("bell", { size: 14 }), `Reminded ${when}`),
  ];
  const main = note.task_id
    ? el("a", { class: "note-link", href: `/?task=${encodeURIComponent(note.task_id)}` }, ...content)
    : el("div", { class: "note-link" }, ...content);
  if (note.task_id) {
    main.addEventListener("click", (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      if (!note.read) markRead(note);
      closePanel(false);
      emit("open-task", { id: note.task_id });
    });
  }
  const li = el("li", { class: `note${note.read ? "" : " unread"}`, testid: "notification" });
  li.dataset.id = note.id;
  li.dataset.read = note.read ? "1" : "0";
  if (!note.read) li.append(el("span", { class: "note-dot" }, el("span", { class: "visually-hidden" }, "Unread: ")));
  li.append(main);
  if (!note.read) {
    const read = el("button", {
      type: "button", class: "note-read icon-btn", testid: "mark-read", "aria-label": `Mark “${note.title}” read`,
    }, icon("check", { size: 18 }));
    read.addEventListener("click", () => markRead(note));
    li.append(read);
  }
  return li;
}

function render() {
  if (!ui) return;
  ui.list.replaceChildren(...items.map(item));
  ui.empty.hidden = items.length > 0;
  ui.readAll.parentElement.hidden = items.length === 0;  // nothing to mark yet
}

function showError(message, retry) {
  if (!ui) return;
  const button = el("button", { type: "button", class: "notes-retry", testid: "retry" }, icon("retry", { size: 16 }), "Retry");
  button.addEventListener("click", () => {
    ui.error.hidden = true;
    retry();
  });
  ui.error.replaceChildren(icon("alert", { size: 16 }), el("span", {}, message), button);
  ui.error.hidden = false;
}

async function load() {
  const gen = generation;
  try {
    const data = await api(`/api/notifications?limit=${LIMIT}`);
    if (gen !== generation || !ui) return;
    items = data.items || [];
    ui.error.hidden = true;
    render();
    setUnread(data.unread);
  } catch (error) {
    if (gen !== generation || error?.status === 401) return;
    showError(`Could not load notifications: ${describeError(error)}.`, load);
  }
}

function applyRead(ids) {
  for (const note of items) if (ids === null || ids.includes(note.id)) note.read = true;
  render();
}

async function markRead(note) {
  const gen = generation;
  note.read = true;
  render();
  setUnread(unread - 1);
  try {
    const answer = await api(`/api/notifications/${encodeURIComponent(note.id)}/read`, { method: "POST" });
    if (gen === generation && answer && answer.read === false) load();
  } catch (error) {
    if (gen !== generation || error?.status === 401) return;
    note.read = false;
    render();
    setUnread(unread + 1);
    showError(`Could not mark “${note.title}” read: ${describeError(error)}.`, () => markRead(note));
  }
}

async function markAllRead() {
  const gen = generation;
  const before = items.filter((note) => !note.read);
  applyRead(null);
  setUnread(0);
  try {
    await api("/api/notifications/read-all", { method: "POST" });
  } catch (error) {
    if (gen !== generation || error?.status === 401) return;
    for (const note of before) note.read = false;
    render();
    setUnread(before.length);
    showError(`Could not mark notifications read: ${describeError(error)}.`, markAllRead);
  }
}

// ---- live events --------------------------------------------------------------------------

function announce(text) {
  if (!ui) return;
  ui.announcer.textContent = "";
  setTimeout(() => ui && (ui.announcer.textContent = text), 50);
}

function raiseBrowserNotification(note) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  if (document.visibilityState === "visible" && document.hasFocus()) return;  // the bell says it
  try {
    const shown = new Notification(note.title, { body: dueText(note), tag: String(note.id) });
    shown.addEventListener("click", () => {
      window.focus();
      if (note.task_id) emit("open-task", { id: note.task_id });
      shown.close();
    });
  } catch {
    // Some browsers only allow notifications from a service worker: the bell still shows it.
  }
}

function arrived(detail) {
  const note = detail?.notification ?? detail;
  if (!note?.id || !ui) return;
  if (items.some((known) => known.id === note.id)) return;
  items.unshift(note);
  items = items.slice(0, LIMIT);
  render();
  if (!note.read) setUnread(unread + 1);
  announce(`Reminder: ${note.title}. ${dueText(note)}`);
  raiseBrowserNotification(note);
}

function readElsewhere(detail) {
  if (!ui) return;
  applyRead(Array.isArray(detail?.ids) ? detail.ids.map(String) : null);
  if (typeof detail?.unread === "number") setUnread(detail.unread);
  else load();
}

// ---- the panel ----------------------------------------------------------------------------

function permissionControl() {
  if (!ui) return;
  const box = ui.permission;
  if (!("Notification" in window)) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const state = Notification.permission;
  if (state === "granted") {
    box.replaceChildren(el("p", { class: "notes-hint" }, "Browser notifications are on for this site."));
  } else if (state === "denied") {
    box.replaceChildren(el("p", { class: "notes-hint" }, "Browser notifications are blocked in this browser's site settings."));
  } else {
    const ask = el("button", { type: "button", class: "notes-permission", testid: "notify-permission" },
      icon("bell", { size: 16 }), "Also notify me outside this tab");
    ask.addEventListener("click", async () => {
      try {
        await Notification.requestPermission();
      } finally {
        permissionControl();
      }
    });
    box.replaceChildren(ask);
  }
}

function isOpen() {
  return Boolean(ui && !ui.panel.hidden);
}

function place() {
  if (!isOpen()) return;
  const rect = ui.button.getBoundingClientRect();
  ui.panel.style.setProperty("--notes-top", `${Math.round(rect.bottom + 8)}px`);
  ui.panel.style.setProperty("--notes-right", `${Math.max(8, Math.round(window.innerWidth - rect.right))}px`);
}

function openPanel() {
  if (!ui) return;
  ui.panel.hidden = false;
  ui.button.setAttribute("aria-expanded", "true");
  place();
  permissionControl();
  ui.heading.focus();
  load();  // fresh friendly times and anything missed
}

function closePanel(returnFocus = true) {
  if (!isOpen()) return;
  ui.panel.hidden = true;
  ui.button.setAttribute("aria-expanded", "false");
  if (returnFocus) ui.button.focus();
}

function listen(target, name, handler, options) {
  target.addEventListener(name, handler, options);
  cleanup.push(() => target.removeEventListener(name, handler, options));
}

/** Wire the bell `button` (with its #unread badge) and fill `panel`; loads the notifications. */
export function mountNotifications(button, panel) {
  resetNotifications();
  unmount();
  if (!registered) {
    onSignOut(resetNotifications);
    registered = true;
  }
  const badge = button.querySelector("#unread") || button.appendChild(el("span", { id: "unread" }));
  badge.dataset.testid = "unread";
  badge.classList.add("badge");
  badge.setAttribute("aria-hidden", "true");  // the button's name carries the count
  const heading = el("h2", { id: "notes-title", class: "notes-title", tabIndex: -1 }, "Notifications");
  const close = el("button", { type: "button", class: "icon-btn notes-close", "aria-label": "Close notifications" }, icon("close"));
  const readAll = el("button", { type: "button", class: "notes-read-all", testid: "read-all" }, icon("check", { size: 16 }), "Mark all read");
  const list = el("ul", { class: "notes-list", testid: "notification-list", "aria-labelledby": "notes-title" });
  const empty = el("p", { class: "notes-empty" }, "No notifications yet. Reminders of your tasks appear here when they fire.");
  const error = el("p", { class: "notes-error", role: "alert", hidden: true });
  const permission = el("div", { class: "notes-permission-box" });
  const content = el("div", { class: "notes", role: "dialog", "aria-labelledby": "notes-title" },
    el("div", { class: "notes-head" }, heading, close),
    el("div", { class: "notes-actions" }, readAll),
    error, list, empty, permission);
  const announcer = el("div", { class: "visually-hidden", "aria-live": "polite", testid: "notes-announcer" });
  panel.replaceChildren(content);
  panel.hidden = true;
  panel.classList.add("notes-panel");
  document.body.append(announcer);
  button.setAttribute("aria-expanded", "false");
  if (panel.id) button.setAttribute("aria-controls", panel.id);
  ui = { button, panel, badge, heading, readAll, list, empty, error, permission, announcer };
  setUnread(0);

  listen(button, "click", () => (isOpen() ? closePanel() : openPanel()));
  listen(close, "click", () => closePanel());
  listen(readAll, "click", markAllRead);
  listen(document, "keydown", (event) => {
    if (isOpen() && event.key === "Escape") {
      event.stopPropagation();
      closePanel();
    }
  }, true);
  listen(document, "pointerdown", (event) => {
    if (isOpen() && !panel.contains(event.target) && !button.contains(event.target)) closePanel(false);
  });
  listen(window, "resize", place);
  const titleNode = document.querySelector("title");
  if (titleNode) {
    const observer = new MutationObserver(applyTitle);  // the shell renames the tab per view
    observer.observe(titleNode, { childList: true, characterData: true, subtree: true });
    cleanup.push(() => observer.disconnect());
  }
  cleanup.push(
    on("notification", arrived),
    on("notifications_read", readElsewhere),
    on("online", load),
    on("settings", render),
    on("signin", load),  // the shell mounts once per page: a later sign-in loads from here
  );
  load();
}

/** Sign-out: empty the panel, hide the badge, drop the count from the title. */
export function resetNotifications() {
  generation += 1;
  items = [];
  setUnread(0);
  if (ui) {
    closePanel(false);
    ui.list.replaceChildren();
    ui.empty.hidden = false;
    ui.error.hidden = true;
    ui.announcer.textContent = "";
  }
  document.title = titleWithCount(document.title);
}

function unmount() {
  for (const undo of cleanup.splice(0)) undo();
  if (!ui) return;
  ui.panel.replaceChildren();
  ui.announcer.remove();
  ui = null;
}
