// Small DOM helpers: build elements without innerHTML (text never becomes markup).
import { icon } from "./icons.js";

/** document.getElementById. */
export const $ = (id) => document.getElementById(id);

/**
 * h("button", {class: "btn", testid: "save", onclick: fn, attrs: {...}}, "Save"):
 * an element with properties, attributes (aria-*, role, attrs), listeners and children
 * (strings become text).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") element.className = value;
    else if (key === "testid") element.setAttribute("data-testid", value);
    else if (key === "text") element.textContent = value;
    else if (key === "for") element.htmlFor = value;
    else if (key.startsWith("aria-") || key === "role") element.setAttribute(key, value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key === "attrs") for (const [name, v] of Object.entries(value)) {
      if (v !== undefined && v !== null && v !== false) element.setAttribute(name, v === true ? "" : String(v));
    }
    else if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
    else element[key] = value;
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replace `<span data-icon="name">` placeholders under `root` by inline SVG icons. */
export function hydrateIcons(root = document) {
  for (const slot of root.querySelectorAll("[data-icon]")) {
    if (slot.firstElementChild) continue;
    slot.append(icon(slot.dataset.icon));
  }
}

/** Call `fn` once `wait` ms after the last call. */
export function debounce(fn, wait) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** Whether a key event comes from a place where the user types. */
export function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
}

/** The phone layout is on (same breakpoint as the CSS). */
export function isPhone() {
  return window.matchMedia("(max-width: 700px)").matches;
}
