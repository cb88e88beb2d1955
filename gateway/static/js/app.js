// The web app shell: sign-in, the layout (navigation, task list, chat, notifications), the
// views and their URLs, the time-zone offer and the offline banner. Plain ES modules.
import { api, ApiError } from "./api.js";
import { setupConfirm } from "./confirm.js";
import { browserZone } from "./dates.js";
import { $, h, hydrateIcons, isPhone } from "./dom.js";
import { closeEditor, editingId, openEditor, setupEditor } from "./editor.js";
import { icon } from "./icons.js";
import { setupKeyboard } from "./keyboard.js";
import { startLive, stopLive } from "./live.js";
import { markCurrent, refreshNav, setupNav } from "./nav.js";
import { refreshChips, setupQuickAdd } from "./quickadd.js";
import { navigate, parseLocation, setTaskParam, startRouter, titleOf } from "./router.js";
import { emit, on, onSignOut, session, signIn, signOut, storedToken } from "./session.js";
import { DEFAULT_ORDER, findItem, onOpenTask, orderOf, setupTasks, showView, sortOf } from "./tasks.js";
import { attempt, failure, toast } from "./toast.js";

const TZ_DECLINED = "todo-tz-declined";
let mounted = false;

// ---- sign-in ---------------------------------------------------------------------------------

function showSignIn(message = "") {
  $("app").hidden = true;
  $("signin").hidden = false;
  $("signin-message").textContent = message;
  $("signin-message").hidden = !message;
  document.title = "Sign in · todo";
  $("token-input").value = "";
  $("token-input").focus();
}

let starting = false;

async function start(token, { fromForm = false } = {}) {
  signIn(token);
  let settings;
  starting = true;
  try {
    settings = await api("/api/settings");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut(fromForm
        ? "This token was not accepted: it may be mistyped or expired. Get a new one with todo token yourname."
        : "Your session has expired. Sign in again to continue.");
      return;
    }
    settings = { timezone: "UTC" };  // unreachable: show the app, the banner says why
  } finally {
    starting = false;
  }
  session.settings = settings;
  $("signin").hidden = true;
  $("app").hidden = false;
  for (const who of document.querySelectorAll("[data-testid=who], [data-testid=who-phone]")) who.textContent = session.user || "";
  if (fromForm) $("main").focus();
  startLive();
  await mountPanels();
  route(parseLocation());
  refreshNav();
  checkZone();
}

async function mountPanels() {
  if (mounted) return;
  mounted = true;
  try {
    const { mountChat } = await import("./chat.js");
    mountChat($("chat-panel"));
  } catch (error) {
    console.warn("chat is not available", error);
  }
  try {
    const { mountNotifications } = await import("./notifications.js");
    mountNotifications($("bell"), $("notifications-panel"));
  } catch (error) {
    console.warn("notifications are not available", error);
  }
}

// ---- views -----------------------------------------------------------------------------------

function route(view) {
  if (!session.token) return;
  document.title = `${titleOf(view)}${view.q ? ` · “${view.q}”` : ""} · todo`;
  $("view-title").textContent = view.q ? `${titleOf(view)}: “${view.q}”` : titleOf(view);
  if (document.activeElement !== $("search")) $("search").value = view.q;
  const sort = sortOf(view);
  $("sort").querySelector("option[value=relevance]").hidden = !view.q;
  $("sort").value = sort;
  const order = orderOf(view);
  const button = $("order");
  button.replaceChildren(icon(order === "asc" ? "arrow-up" : "arrow-down"));
  button.setAttribute("aria-label", `Sort order: ${order === "asc" ? "ascending" : "descending"}`);
  button.dataset.order = order;
  markCurrent(view);
  closeNav();
  refreshChips();
  showView(view);
  if (view.task && view.task !== editingId()) openTask(view.task);
  else if (!view.task && editingId()) closeEditor();  // Back, or another view
}

// ---- a task by id: notifications, ?task=<id> links ---------------------------------------------

let opening = 0;

/** Open the editor on the task `id`: from the list on screen, else fetched from the server. */
async function openTask(id) {
  const mine = ++opening;
  let task = findItem(id);
  if (!task) {
    try {
      task = await api(`/api/tasks/${encodeURIComponent(id)}`);
    } catch (error) {
      if (mine !== opening || !session.token || error?.status === 401) return;
      if (parseLocation().task === id) setTaskParam(null);
      if (error instanceof ApiError && error.status < 500) {
        toast("That task no longer exists: it was deleted.");
      } else {
        failure("Could not open the task", error, () => openTask(id));
      }
      return;
    }
  }
  if (mine !== opening || !session.token) return;
  showTab("tasks");
  openEditor(task);
}

function setupViewControls() {
  $("sort").addEventListener("change", () => {
    navigate({ ...parseLocation(), sort: $("sort").value, order: "" }, { replace: true });
  });
  $("order").addEventListener("click", () => {
    const view = parseLocation();
    const order = orderOf(view) === "asc" ? "desc" : "asc";
    navigate({ ...view, order: order === DEFAULT_ORDER[sortOf(view)] && !view.order ? "" : order }, { replace: true });
  });
  let searchTimer = null;
  const search = () => {
    const q = $("search").value.trim();
    const view = parseLocation();
    if (q === view.q) return;
    navigate({ ...view, q, sort: "", order: "" }, { replace: Boolean(view.q) && Boolean(q) });
  };
  $("search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 300);
  });
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(searchTimer);
    search();
    $("task-list").querySelector("li.task")?.focus();
  });
  $("search").addEventListener("keydown", (event) => {
    if (event.key === "Escape" && $("search").value) {
      event.stopPropagation();
      $("search").value = "";
      search();
    }
  });
}

// ---- phone layout: tabs and the navigation drawer ---------------------------------------------

function showTab(tab) {
  $("app").dataset.tab = tab;
  $("tab-tasks").setAttribute("aria-pressed", String(tab === "tasks"));
  $("tab-chat").setAttribute("aria-pressed", String(tab === "chat"));
  if (tab === "chat" && isPhone()) $("chat-panel").querySelector("textarea, input")?.focus();
}

function openNav() {
  document.body.classList.add("nav-open");
  $("nav-backdrop").hidden = false;
  $("menu").setAttribute("aria-expanded", "true");
  $("nav").querySelector("a")?.focus();
}

function closeNav() {
  if (!document.body.classList.contains("nav-open")) return;
  document.body.classList.remove("nav-open");
  $("nav-backdrop").hidden = true;
  $("menu").setAttribute("aria-expanded", "false");
}

function setupLayout() {
  $("tab-tasks").addEventListener("click", () => showTab("tasks"));
  $("tab-chat").addEventListener("click", () => showTab("chat"));
  document.addEventListener("show-tab", (event) => showTab(event.detail));
  $("menu").addEventListener("click", () => (document.body.classList.contains("nav-open") ? closeNav() : openNav()));
  $("nav-backdrop").addEventListener("click", closeNav);
  document.addEventListener("close-nav", () => {
    closeNav();
    $("menu").focus();
  });
}

// ---- time zone -------------------------------------------------------------------------------

async function saveZone(zone) {
  const saved = await api("/api/settings", { method: "PATCH", body: { timezone: zone } });
  session.settings = { ...session.settings, ...saved, timezone: saved?.timezone || zone };
  emit("settings", session.settings);
  return saved;
}

async function checkZone() {
  const browser = browserZone();
  const saved = session.settings?.timezone || "UTC";
  if (browser === saved) return;
  if (saved === "UTC" && !localStorage.getItem(TZ_DECLINED)) {
    // First sign-in: the zone was never set, so take the browser's.
    await attempt(`Could not save your time zone ${browser}`, () => saveZone(browser));
    return;
  }
  if (localStorage.getItem(TZ_DECLINED) === `${saved}|${browser}`) return;
  const offer = h("div", { class: "tz-offer", testid: "tz-offer", attrs: { role: "region", "aria-label": "Time zone" } },
    icon("globe", { size: 20 }),
    h("p", {}, "Your tasks use ", h("strong", { text: saved }), ", but this browser is in ", h("strong", { text: browser }), "."),
    h("div", { class: "tz-actions" },
      h("button", {
        type: "button", class: "btn btn-primary", testid: "tz-switch",
        onclick: async () => {
          const ok = await attempt(`Could not switch to ${browser}`, () => saveZone(browser));
          if (ok) offer.remove();
        },
      }, `Switch to ${browser}`),
      h("button", {
        type: "button", class: "btn", testid: "tz-keep",
        onclick: () => {
          localStorage.setItem(TZ_DECLINED, `${saved}|${browser}`);
          offer.remove();
        },
      }, `Keep ${saved}`)));
  $("tz-offer-slot").replaceChildren(offer);
}

// ---- offline banner and expired sessions -------------------------------------------------------

function setupConnectivity() {
  on("offline", () => {
    $("offline-banner").hidden = false;
  });
  on("online", () => {
    $("offline-banner").hidden = true;
  });
  const live = $("live");
  new MutationObserver(() => {
    const on_ = document.documentElement.dataset.live === "on";
    live.classList.toggle("on", on_);
    live.setAttribute("aria-label", on_ ? "Live updates on" : "Live updates off");
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-live"] });
  on("unauthorized", () => {
    if (session.token && !starting) signOut("Your session has expired. Sign in again to continue.");
  });
}

// ---- wiring ----------------------------------------------------------------------------------

function setup() {
  hydrateIcons();
  setupConfirm();
  setupTasks();
  setupNav();
  setupQuickAdd();
  setupEditor();
  setupKeyboard();
  setupViewControls();
  setupLayout();
  setupConnectivity();
  startRouter();
  onOpenTask((task) => {
    opening++;  // a task picked in the list wins over one still being fetched
    showTab("tasks");
    openEditor(task);
  });
  on("route", route);
  on("open-task", (detail) => {
    if (detail?.id) openTask(String(detail.id));
  });
  onSignOut(() => {
    stopLive();
    closeEditor();
    closeNav();
    showTab("tasks");
    $("tz-offer-slot").replaceChildren();
    $("offline-banner").hidden = true;
    $("search").value = "";
    for (const who of document.querySelectorAll("[data-testid=who], [data-testid=who-phone]")) who.textContent = "";
  });
  on("signout", (detail) => showSignIn(detail?.message || ""));
  $("signout").addEventListener("click", () => signOut());
  $("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = $("token-input").value.trim();
    if (token) start(token, { fromForm: true });
  });
  // A sign-in link opened in a tab that is already showing the app.
  window.addEventListener("hashchange", () => {
    if (!new URLSearchParams(window.location.hash.slice(1)).has("token")) return;
    const fresh = storedToken();
    if (!fresh || fresh === session.token) return;
    if (session.token) signOut();
    start(fresh);
  });
  const token = storedToken();
  if (token) start(token);
  else showSignIn();
}

setup();
