// A confirmation dialog (for destructive actions such as deleting a whole series).
import { $ } from "./dom.js";

let pending = null;

/** Ask; resolves true when the user confirms, false on Cancel or Esc. */
export function confirmDialog({ title, text, yes = "Delete" }) {
  const overlay = $("confirm");
  $("confirm-heading").textContent = title;
  $("confirm-text").textContent = text;
  $("confirm-yes").textContent = yes;
  const opener = document.activeElement;
  overlay.hidden = false;
  $("confirm-no").focus();
  return new Promise((resolve) => {
    pending = (answer) => {
      pending = null;
      overlay.hidden = true;
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(answer);
    };
  });
}

/** Whether the dialog is open (Esc closes it first). */
export function confirmOpen() {
  return pending !== null;
}

/** Close it as if Cancel was pressed. */
export function cancelConfirm() {
  if (pending) pending(false);
}

export function setupConfirm() {
  $("confirm-yes").addEventListener("click", () => pending?.(true));
  $("confirm-no").addEventListener("click", () => pending?.(false));
  $("confirm").addEventListener("click", (event) => {
    if (event.target === $("confirm")) pending?.(false);
  });
}
