// Toasts: confirmations with Undo, and errors that say what failed with a Retry button.
import { describeError } from "./api.js";
import { $, h } from "./dom.js";
import { icon } from "./icons.js";
import { onSignOut } from "./session.js";

const UNDO_MS = 8000;

function remove(element) {
  clearTimeout(element._timer);
  element.remove();
}

/** Show `message`; `undo` adds an Undo button that runs it. Returns the toast element. */
export function toast(message, { undo = null, timeout = UNDO_MS } = {}) {
  const element = h("div", { class: "toast", testid: "toast", attrs: { role: "status" } },
    h("span", { class: "toast-text", text: message }));
  if (undo) {
    element.append(h("button", {
      class: "btn btn-quiet", type: "button", testid: "undo",
      onclick: async () => {
        remove(element);
        await undo();
      },
    }, icon("undo", { size: 16 }), "Undo"));
  }
  element.append(closeButton(element));
  $("toasts").append(element);
  element._timer = setTimeout(() => remove(element), timeout);
  return element;
}

function closeButton(element) {
  return h("button", {
    class: "icon-btn icon-btn-small", type: "button", attrs: { "aria-label": "Dismiss" },
    onclick: () => remove(element),
  }, icon("close", { size: 16 }));
}

/** Say that `what` failed (and why); Retry runs `retry` again. Stays until dismissed. */
export function failure(what, error, retry = null) {
  const element = h("div", { class: "toast toast-error", testid: "error", attrs: { role: "alert" } },
    icon("alert", { size: 18 }),
    h("span", { class: "toast-text", text: `${what}: ${describeError(error)}.` }));
  if (retry) {
    element.append(h("button", {
      class: "btn btn-quiet", type: "button", testid: "retry",
      onclick: async () => {
        remove(element);
        await retry();
      },
    }, icon("retry", { size: 16 }), "Retry"));
  }
  element.append(closeButton(element));
  $("toasts").append(element);
  return element;
}

/** Run `action`; on failure show a failure toast for `what` whose Retry runs it again. */
export async function attempt(what, action) {
  try {
    return await action();
  } catch (error) {
    if (error?.status === 401) return undefined;  // sign-in takes over
    failure(what, error, () => attempt(what, action));
    return undefined;
  }
}

onSignOut(() => $("toasts")?.replaceChildren());
