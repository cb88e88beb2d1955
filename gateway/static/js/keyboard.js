// Keyboard shortcuts: q quick add, / search, j/k and arrows move, e or Enter edit, c complete,
// g then i/t/u/d switch views, Esc closes, ? shows the help overlay.
import { cancelConfirm, confirmOpen } from "./confirm.js";
import { $, isTyping } from "./dom.js";
import { closeEditor, editorOpen, openEditor } from "./editor.js";
import { navigate, parseLocation } from "./router.js";
import { session } from "./session.js";
import { toggleTask } from "./taskops.js";
import { moveSelection, selectedTask } from "./tasks.js";

let helpOpener = null;
let pendingG = 0;

/** Show the shortcuts overlay. */
export function openHelp() {
  helpOpener = document.activeElement;
  $("help").hidden = false;
  $("help").querySelector("[data-close]").focus();
}

/** Hide the shortcuts overlay. */
export function closeHelp() {
  if ($("help").hidden) return false;
  $("help").hidden = true;
  if (helpOpener instanceof HTMLElement && helpOpener.isConnected) helpOpener.focus();
  return true;
}

/** Close the topmost thing that is open; true when something was. */
export function closeTopmost() {
  if (confirmOpen()) {
    cancelConfirm();
    return true;
  }
  if (closeHelp()) return true;
  const notes = $("notifications-panel");
  if (notes && !notes.hidden) return true;  // notifications.js closes its own panel on Esc
  if (editorOpen()) {
    closeEditor();
    return true;
  }
  if (document.body.classList.contains("nav-open")) {
    document.dispatchEvent(new CustomEvent("close-nav"));
    return true;
  }
  return false;
}

const GO = { i: "inbox", t: "today", u: "upcoming", d: "completed" };

function onKey(event) {
  if (!session.token) return;
  if (event.key === "Escape") {
    if (closeTopmost()) {
      event.preventDefault();
      return;
    }
    if (isTyping(event.target)) event.target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
  if (!$("help").hidden || confirmOpen()) return;
  if (pendingG && Date.now() - pendingG < 1500 && GO[event.key]) {
    pendingG = 0;
    event.preventDefault();
    navigate({ ...parseLocation(), name: GO[event.key], tag: null, q: "" });
    return;
  }
  pendingG = 0;
  const task = selectedTask();
  const inList = !editorOpen();
  switch (event.key) {
    case "q":
      event.preventDefault();
      if (editorOpen()) closeEditor();
      showTasksTab();
      $("quick-add").focus();
      break;
    case "/":
      event.preventDefault();
      $("search").focus();
      $("search").select();
      break;
    case "?":
      event.preventDefault();
      openHelp();
      break;
    case "g":
      pendingG = Date.now();
      break;
    case "j":
    case "ArrowDown":
      if (!inList) return;
      event.preventDefault();
      moveSelection(1);
      break;
    case "k":
    case "ArrowUp":
      if (!inList) return;
      event.preventDefault();
      moveSelection(-1);
      break;
    case "e":
    case "Enter":
      if (!task || !inList) return;
      if (event.key === "Enter" && !(event.target instanceof HTMLLIElement)) return;
      event.preventDefault();
      openEditor(task);
      break;
    case "c":
      if (!task) return;
      event.preventDefault();
      toggleTask(task);
      break;
    default:
  }
}

function showTasksTab() {
  document.dispatchEvent(new CustomEvent("show-tab", { detail: "tasks" }));
}

/** Wire the shortcuts and the help overlay. */
export function setupKeyboard() {
  document.addEventListener("keydown", onKey);
  $("help").querySelector("[data-close]").addEventListener("click", closeHelp);
  $("help").addEventListener("click", (event) => {
    if (event.target === $("help")) closeHelp();
  });
  $("help-button").addEventListener("click", openHelp);
}
