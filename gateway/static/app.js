// The chat UI: plain JavaScript, no build step. Talks to the REST API, streams the assistant's
// answers from POST /api/chat, and keeps the task list live with server-sent events.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { token: null, cursor: null, order: "asc", conversation: null, live: null, lastEventId: null };

function readToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    localStorage.setItem("todo-token", fromHash);
    history.replaceState(null, "", location.pathname);  // keep the token out of the address bar
  }
  return localStorage.getItem("todo-token");
}

function claims(token) {
  try {
    return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return {};
  }
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${state.token}`, ...(options.headers || {}) },
  });
  if (response.status === 401) {
    signOut("Your session expired: sign in again.");
    throw new Error("unauthorized");
  }
  if (response.status === 204) return null;
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message || response.statusText);
  return body;
}

// ---- tasks ---------------------------------------------------------------------------------

function query(cursor) {
  const params = new URLSearchParams({ status: $("status").value, sort: $("sort").value, order: state.order, limit: "50" });
  const q = $("q").value.trim();
  if (q) { params.set("q", q); params.delete("sort"); params.delete("order"); }
  if ($("priority").value) params.append("priority", $("priority").value);
  const tag = $("tag").value.trim().replace(/^#/, "");
  if (tag) params.append("tag", tag);
  if (cursor) params.set("cursor", cursor);
  return `/api/tasks?${params}`;
}

function formatDue(task) {
  if (!task.due) return "";
  const due = new Date(task.due);
  const text = due.toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  return { text, overdue: !task.completed && due < new Date() };
}

function taskItem(task) {
  const li = document.createElement("li");
  li.className = "task" + (task.completed ? " done" : "");
  li.dataset.id = task.id;
  li.dataset.testid = "task";
  li.setAttribute("data-testid", "task");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.checked = task.completed;
  box.title = task.completed ? "reopen" : "complete";
  box.setAttribute("data-testid", "complete");
  box.addEventListener("change", async () => {
    box.disabled = true;
    try {
      await api(`/api/tasks/${task.id}/${box.checked ? "complete" : "reopen"}`, { method: "POST" });
      await loadTasks();
    } catch (error) {
      box.checked = !box.checked;
      say("assistant", `Could not update “${task.title}”: ${error.message}`);
    } finally {
      box.disabled = false;
    }
  });
  const body = document.createElement("div");
  const title = document.createElement("div");
  title.className = "title";
  title.textContent = task.title;
  title.setAttribute("data-testid", "task-title");
  const meta = document.createElement("div");
  meta.className = "meta";
  const due = formatDue(task);
  if (due) {
    const span = document.createElement("span");
    span.textContent = `📅 ${due.text}`;
    if (due.overdue) span.className = "overdue";
    meta.append(span);
  }
  if (task.recurrence) {
    const span = document.createElement("span");
    span.textContent = "🔁";
    span.title = task.recurrence.rule;
    meta.append(span);
  }
  if (task.reminders.length) meta.append(Object.assign(document.createElement("span"), { textContent: "⏰" }));
  for (const tag of task.tags) meta.append(Object.assign(document.createElement("span"), { className: "tag", textContent: `#${tag}` }));
  body.append(title, meta);
  const prio = document.createElement("span");
  prio.className = `prio ${task.priority}`;
  prio.textContent = task.priority === "none" ? "" : task.priority;
  li.append(box, body, prio);
  return li;
}

async function loadTasks(more = false) {
  const page = await api(query(more ? state.cursor : null));
  const list = $("task-list");
  if (!more) list.replaceChildren();
  for (const task of page.items) list.append(taskItem(task));
  state.cursor = page.next_cursor;
  $("more").hidden = !page.next_cursor;
  $("empty").hidden = list.children.length > 0;
}

let reloadTimer = null;
function reloadSoon() {  // many updates in a burst cause one reload
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => loadTasks().catch(() => {}), 150);
}

// ---- notifications -------------------------------------------------------------------------

async function loadNotifications() {
  const data = await api("/api/notifications?limit=30");
  $("unread").textContent = data.unread;
  const list = $("notification-list");
  list.replaceChildren();
  for (const note of data.items) {
    const li = document.createElement("li");
    li.className = note.read ? "" : "unread";
    li.textContent = note.body;
    li.title = new Date(note.fire_at).toLocaleString();
    if (!note.read) {
      li.addEventListener("click", async () => { await api(`/api/notifications/${note.id}/read`, { method: "POST" }); loadNotifications(); });
    }
    list.append(li);
  }
}

// ---- live updates ----------------------------------------------------------------------------

function connectLive() {
  if (state.live) state.live.close();
  const params = new URLSearchParams({ access_token: state.token });
  if (state.lastEventId) params.set("last_event_id", state.lastEventId);
  const source = new EventSource(`/api/updates?${params}`);
  state.live = source;
  source.onopen = () => $("live").classList.add("on");
  source.onerror = () => $("live").classList.remove("on");  // EventSource reconnects by itself
  source.addEventListener("task", (event) => { state.lastEventId = event.lastEventId; reloadSoon(); });
  source.addEventListener("notification", (event) => {
    state.lastEventId = event.lastEventId;
    const note = JSON.parse(event.data).notification;
    say("assistant", `🔔 ${note.body}`);
    loadNotifications();
  });
}

// ---- chat ------------------------------------------------------------------------------------

function say(role, text) {
  const div = document.createElement("div");
  div.className = `msg ${role}`;
  div.textContent = text;
  div.setAttribute("data-testid", `msg-${role}`);
  $("messages").append(div);
  div.scrollIntoView({ block: "end" });
  return div;
}

async function chat(message) {
  say("user", message);
  const answer = say("assistant", "…");
  answer.setAttribute("data-testid", "msg-assistant-pending");
  const response = await fetch("/api/chat", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${state.token}` },
    body: JSON.stringify({ message, conversation_id: state.conversation }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    answer.textContent = body?.error?.message || "Something went wrong.";
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "", text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0 || (cut = buffer.indexOf("\r\n\r\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut).replace(/^(\r?\n){2}/, "");
      const name = (block.match(/^event: ?(.*)$/m) || [])[1] || "message";
      const dataLine = (block.match(/^data: ?(.*)$/m) || [])[1];
      if (!dataLine) continue;
      const data = JSON.parse(dataLine);
      if (name === "conversation") state.conversation = data.conversation_id;
      else if (name === "delta") { text += data.text; answer.textContent = text; }
      else if (name === "tool_call") answer.before(say("tool", `⚙ ${data.name}`));
      else if (name === "done") { answer.textContent = data.text || text; }
      else if (name === "error") { answer.textContent = data.message; }
    }
  }
  answer.setAttribute("data-testid", "msg-assistant");
  reloadSoon();
}

// ---- wiring ----------------------------------------------------------------------------------

function signOut(message) {
  localStorage.removeItem("todo-token");
  if (state.live) state.live.close();
  state.token = null;
  $("app").hidden = true;
  $("signin").hidden = false;
  if (message) $("signin").querySelector("p").textContent = message;
}

async function start() {
  state.token = readToken();
  if (!state.token) { signOut(); return; }
  $("who").textContent = claims(state.token).sub || "";
  $("signin").hidden = true;
  $("app").hidden = false;
  connectLive();
  await Promise.all([loadTasks(), loadNotifications()]);
  say("assistant", "Hi! Tell me what to do, e.g. “remind me to call mom tomorrow 6pm #family”.");
}

document.addEventListener("DOMContentLoaded", () => {
  $("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    localStorage.setItem("todo-token", $("token-input").value.trim());
    start();
  });
  $("chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const message = $("chat-input").value.trim();
    if (!message) return;
    $("chat-input").value = "";
    chat(message).catch((error) => say("assistant", error.message));
  });
  for (const id of ["status", "priority", "sort"]) $(id).addEventListener("change", () => loadTasks());
  for (const id of ["q", "tag"]) $(id).addEventListener("input", reloadSoon);
  $("filters").addEventListener("submit", (event) => event.preventDefault());
  $("order").addEventListener("click", () => {
    state.order = state.order === "asc" ? "desc" : "asc";
    $("order").textContent = state.order === "asc" ? "↑" : "↓";
    loadTasks();
  });
  $("more").addEventListener("click", () => loadTasks(true));
  $("bell").addEventListener("click", () => {
    $("notifications").hidden = !$("notifications").hidden;
    $("app").classList.toggle("with-notes", !$("notifications").hidden);
  });
  $("read-all").addEventListener("click", async () => { await api("/api/notifications/read-all", { method: "POST" }); loadNotifications(); });
  $("signout").addEventListener("click", () => signOut());
  start();
});
